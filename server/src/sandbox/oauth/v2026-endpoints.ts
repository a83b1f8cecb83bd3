// HubSpot's date-versioned OAuth API (2026-03): token, introspect, revoke. Form-encoded bodies only; shapes
// from HubSpot's API reference and its generated SDK (hubspot-sdk-typescript, `auth/oauth.ts`), errors per
// RFC 6749 with HubSpot's `status`/`message` alongside. Where HubSpot documents nothing, RFC 7662 (inactive
// tokens: 200 `{ active: false }`) and RFC 7009 (an unknown token revokes as a success) decide; decision 003.
import { json } from '../hubspot-responses';
import { checkClient, grantTokens, oauthError, type OAuthEnv } from './oauth-env';

export const OAUTH_2026_PATHS = {
  token: '/oauth/2026-03/token',
  introspect: '/oauth/2026-03/token/introspect',
  revoke: '/oauth/2026-03/token/revoke',
} as const;

const FORM = 'application/x-www-form-urlencoded';

/** The form body; credentials or tokens in the query string are refused, as the migration guide requires. */
async function formOf(env: OAuthEnv, request: Request, url: URL): Promise<URLSearchParams | Response> {
  const secrets = ['client_secret', 'code', 'refresh_token', 'token'];
  if (secrets.some((name) => url.searchParams.has(name)))
    return oauthError(
      env,
      'invalid_request',
      'BAD_REQUEST',
      'OAuth parameters must be sent form-encoded in the request body, not in the URL',
    );
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith(FORM))
    return oauthError(
      env,
      'invalid_request',
      'BAD_REQUEST',
      `the request body must be ${FORM} (got ${type || 'none'})`,
    );
  return new URLSearchParams(await request.text());
}

/** The signed token details HubSpot attaches to an access token's introspection (its own format, informational). */
function signedAccessToken(env: OAuthEnv, portalId: number, scopes: string[], expiresAt: number) {
  const userId = env.portalInfo(portalId).userId;
  return {
    appId: env.appId,
    expiresAt,
    hubId: portalId,
    hublet: 'na1',
    installingUserId: userId,
    isPrivateDistribution: false,
    isServiceAccount: false,
    isUserLevel: false,
    newSignature: '',
    scopes: scopes.join(','),
    scopeToScopeGroupPks: '',
    signature: '',
    trialScopes: '',
    trialScopeToScopeGroupPks: '',
    userId,
  };
}

/** What the introspection answers for a token the sandbox knows: access first unless the hint says refresh. */
function introspection(env: OAuthEnv, token: string, hint: string | null): Response {
  const fromAccess = () => {
    const info = env.store.liveAccessToken(token);
    if (!info) return null;
    if (info.expiresAt === null)
      return json(404, {
        status: 'error',
        message: 'This is not an OAuth token: introspection knows OAuth access and refresh tokens only.',
        correlationId: env.correlationId(),
        category: 'OBJECT_NOT_FOUND',
      });
    const portal = env.portalInfo(info.portalId);
    return json(200, {
      token_use: 'access_token',
      active: true,
      token,
      hub_id: info.portalId,
      user_id: portal.userId,
      client_id: env.app?.clientId ?? '',
      app_id: env.appId,
      scopes: info.scopes,
      signed_access_token: signedAccessToken(env, info.portalId, info.scopes, info.expiresAt),
      expires_in: Math.floor((info.expiresAt - env.clock()) / 1000),
      is_private_distribution: false,
      token_type: 'bearer',
      user: portal.user,
      hub_domain: portal.hubDomain,
    });
  };
  const fromRefresh = () => {
    const info = env.store.liveRefreshToken(token);
    if (!info) return null;
    const portal = env.portalInfo(info.portalId);
    return json(200, {
      token_use: 'refresh_token',
      active: true,
      token,
      hub_id: info.portalId,
      user_id: portal.userId,
      client_id: env.app?.clientId ?? '',
      app_id: env.appId,
      scopes: info.scopes,
      token_type: 'refresh',
      user: portal.user,
      hub_domain: portal.hubDomain,
    });
  };
  const order = hint === 'refresh_token' ? [fromRefresh, fromAccess] : [fromAccess, fromRefresh];
  for (const lookup of order) {
    const answer = lookup();
    if (answer) return answer;
  }
  return json(200, { active: false });
}

/** POST /oauth/2026-03/token/introspect (form: client_id, client_secret, token, token_type_hint). */
async function introspect(env: OAuthEnv, request: Request, url: URL): Promise<Response> {
  const form = await formOf(env, request, url);
  if (form instanceof Response) return form;
  const refused = checkClient(env, form);
  if (refused) return refused;
  const token = form.get('token');
  if (!token) return oauthError(env, 'invalid_request', 'BAD_REQUEST', 'token is required');
  return introspection(env, token, form.get('token_type_hint'));
}

/**
 * POST /oauth/2026-03/token/revoke: revokes a refresh token (HubSpot documents this endpoint for refresh tokens;
 * an access token gets RFC 7009's `unsupported_token_type`). Access tokens already issued with the refresh token
 * keep working until they expire, as HubSpot documents for the v1 delete it replaces. An unknown or
 * already-revoked token is a success (RFC 7009 §2.2).
 */
async function revoke(env: OAuthEnv, request: Request, url: URL): Promise<Response> {
  const form = await formOf(env, request, url);
  if (form instanceof Response) return form;
  const refused = checkClient(env, form);
  if (refused) return refused;
  const token = form.get('token');
  if (!token) return oauthError(env, 'invalid_request', 'BAD_REQUEST', 'token is required');
  const refresh = env.store.liveRefreshToken(token);
  if (refresh) refresh.revoked = true;
  else if (env.store.accessToken(token))
    return oauthError(
      env,
      'unsupported_token_type',
      'BAD_TOKEN_TYPE',
      'only refresh tokens can be revoked; an access token expires on its own',
    );
  return new Response(null, { status: 200 });
}

/** Routes /oauth/2026-03/*; null when the path is not one of them. */
export async function handle2026OAuth(
  env: OAuthEnv,
  method: string,
  path: string,
  request: Request,
  url: URL,
): Promise<Response | null> {
  if (method !== 'POST') return null;
  if (path === OAUTH_2026_PATHS.token) {
    const form = await formOf(env, request, url);
    return form instanceof Response ? form : grantTokens(env, form);
  }
  if (path === OAUTH_2026_PATHS.introspect) return introspect(env, request, url);
  if (path === OAUTH_2026_PATHS.revoke) return revoke(env, request, url);
  return null;
}
