// HubSpot's consent step (app.hubspot.com/oauth/authorize), played for one chosen portal: the checks HubSpot
// makes before it redirects back with a code, and the install HubSpot starts itself (the listing's button or
// the app's install URL), which reaches the redirect URL with a code and no `state`.
import type { OAuthEnv } from './oauth-env';

export type AuthorizeRequest = {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  optionalScopes: string[];
  state: string | null;
};

export type AuthorizeRefusal =
  | 'unknown_client'
  | 'redirect_uri_mismatch'
  | 'scopes_insufficient'
  | 'scopes_mismatch'
  | 'account_cannot_grant'
  | 'unknown_portal';

export type AuthorizeOutcome =
  | { ok: true; location: string; code: string; grantedScopes: string[] }
  | { ok: false; reason: AuthorizeRefusal; message: string };

const split = (value: string | null): string[] =>
  (value ?? '')
    .split(/[\s,+]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The authorize URL's parameters (any host: Pulse builds it for app.hubspot.com). */
export function parseAuthorizeUrl(authorizeUrl: string): AuthorizeRequest {
  const url = new URL(authorizeUrl);
  const q = url.searchParams;
  return {
    clientId: q.get('client_id') ?? '',
    redirectUri: q.get('redirect_uri') ?? '',
    scopes: split(q.get('scope')),
    optionalScopes: split(q.get('optional_scope')),
    state: q.get('state'),
  };
}

const refuse = (reason: AuthorizeRefusal, message: string): AuthorizeOutcome => ({
  ok: false,
  reason,
  message,
});

/** HubSpot's checks of the request against the registered app, before the account is looked at. */
function checkAgainstApp(env: OAuthEnv, req: AuthorizeRequest): AuthorizeOutcome | null {
  const app = env.app;
  if (!app || req.clientId !== app.clientId)
    return refuse('unknown_client', "Couldn't complete the connection: the app's client ID is not valid.");
  if (app.redirectUri !== undefined && req.redirectUri !== app.redirectUri)
    return refuse(
      'redirect_uri_mismatch',
      "Couldn't complete the connection: the redirect URL does not match the app's redirect URLs.",
    );
  if (req.redirectUri === '')
    return refuse('redirect_uri_mismatch', "Couldn't complete the connection: no redirect URL.");
  const declared = app.requiredScopes;
  if (declared !== undefined && declared.some((s) => !req.scopes.includes(s)))
    return refuse(
      'scopes_insufficient',
      'Authorization failed because the provided scopes are insufficient. Please contact the app developer.',
    );
  const declaredOptional = app.optionalScopes;
  const undeclared =
    (declared !== undefined && req.scopes.some((s) => !declared.includes(s))) ||
    (declaredOptional !== undefined && req.optionalScopes.some((s) => !declaredOptional.includes(s)));
  if (undeclared)
    return refuse(
      'scopes_mismatch',
      "Authorization failed because there is a mismatch between the scopes in the install URL and the app's configured scopes.",
    );
  return null;
}

/**
 * One authorize request, answered as HubSpot would for a user installing into `portalId`: a required scope the
 * account cannot grant fails the install; an optional one it cannot grant is silently left out of the grant.
 */
export function authorize(env: OAuthEnv, req: AuthorizeRequest, portalId: number): AuthorizeOutcome {
  const refused = checkAgainstApp(env, req);
  if (refused) return refused;
  if (!env.hasPortal(portalId)) return refuse('unknown_portal', `The sandbox has no portal ${portalId}.`);
  const cannot = env.ungrantable(portalId);
  if (req.scopes.some((s) => cannot.has(s)))
    return refuse(
      'account_cannot_grant',
      "This account doesn't have access to some HubSpot features that are required by this app. Please contact the app developer.",
    );
  const granted = [...new Set([...req.scopes, ...req.optionalScopes.filter((s) => !cannot.has(s))])];
  const code = env.store.issueCode(portalId, granted, req.redirectUri);
  const location = new URL(req.redirectUri);
  location.searchParams.set('code', code);
  if (req.state !== null) location.searchParams.set('state', req.state);
  return { ok: true, location: location.toString(), code, grantedScopes: granted };
}

/** The install HubSpot starts itself: the app's declared scopes, its redirect URL, and no `state`. */
export function installFromHubSpot(env: OAuthEnv, portalId: number): AuthorizeOutcome {
  const app = env.app;
  if (!app?.redirectUri || !app.requiredScopes)
    throw new Error(
      'sandbox oauth: a HubSpot-initiated install needs the app registered with redirectUri and requiredScopes',
    );
  const req: AuthorizeRequest = {
    clientId: app.clientId,
    redirectUri: app.redirectUri,
    scopes: app.requiredScopes,
    optionalScopes: app.optionalScopes ?? [],
    state: null,
  };
  return authorize(env, req, portalId);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * GET /oauth/authorize over HTTP: a 302 to the redirect URL, or HubSpot's error page. `portal_id` (a sandbox-only
 * parameter) names the account the simulated user installs into; without it, the only portal.
 */
export function authorizeOverHttp(env: OAuthEnv, url: URL, portals: readonly number[]): Response {
  const chosen = url.searchParams.get('portal_id');
  const portalId = chosen !== null ? Number(chosen) : portals.length === 1 ? (portals[0] as number) : NaN;
  const outcome = authorize(env, parseAuthorizeUrl(url.toString()), portalId);
  if (outcome.ok) return new Response(null, { status: 302, headers: { location: outcome.location } });
  return new Response(
    `<!doctype html><title>Couldn't complete the connection</title><h1>Couldn't complete the connection</h1><p>${escapeHtml(outcome.message)}</p>`,
    { status: 400, headers: { 'content-type': 'text/html;charset=utf-8' } },
  );
}
