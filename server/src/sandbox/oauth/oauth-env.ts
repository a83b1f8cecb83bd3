// What the OAuth endpoints share: the token store, the app registered with the sandbox, the portals it can be
// installed in, and the error shape HubSpot answers every OAuth endpoint with.
import { json } from '../hubspot-responses';
import type { TokenStore } from './token-store';

/** The app as registered with HubSpot; scopes and redirect URL are what its project declares. */
export type SandboxOAuthOptions = {
  clientId: string;
  clientSecret: string;
  /** When set, a code is only exchanged with this redirect URI, and authorize refuses any other. */
  redirectUri?: string;
  /** The app's declared required scopes: when set, the authorize URL's `scope` must equal them. */
  requiredScopes?: string[];
  /** The app's declared optional scopes: when set, `optional_scope` may only name these. */
  optionalScopes?: string[];
};

export type PortalInfo = { user: string; userId: number; hubDomain: string };

export type OAuthEnv = {
  store: TokenStore;
  app: SandboxOAuthOptions | undefined;
  appId: number;
  correlationId: () => string;
  clock: () => number;
  hasPortal: (portalId: number) => boolean;
  /** the installing user and domain reported for the portal's tokens */
  portalInfo: (portalId: number) => PortalInfo;
  /** scopes the portal's account cannot grant (its products lack them) */
  ungrantable: (portalId: number) => ReadonlySet<string>;
};

/** RFC 6749 §5.2 error codes the sandbox answers with. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'unsupported_token_type';

/**
 * HubSpot's OAuth error: RFC 6749's `error` and `error_description`, plus its own `status` and `message`
 * (kept for clients written before the standard fields; HubSpot sends both on v1 and 2026-03 alike).
 */
export function oauthError(
  env: OAuthEnv,
  error: OAuthErrorCode,
  status: string,
  message: string,
  httpStatus = 400,
): Response {
  return json(httpStatus, {
    status,
    message,
    correlationId: env.correlationId(),
    error,
    error_description: message,
  });
}

/** `client_id` and `client_secret` from the form, checked against the registered app; an error response if not. */
export function checkClient(env: OAuthEnv, form: URLSearchParams): Response | null {
  const app = env.app;
  if (!app || form.get('client_id') !== app.clientId)
    return oauthError(env, 'invalid_client', 'BAD_CLIENT_ID', 'missing or unknown client id');
  if (form.get('client_secret') !== app.clientSecret)
    return oauthError(env, 'invalid_client', 'BAD_CLIENT_SECRET', 'missing or invalid client secret');
  return null;
}

/** The token endpoint's answer: the same on v1 and 2026-03. */
export function tokenResponse(
  env: OAuthEnv,
  grant: { portalId: number; scopes: string[]; refreshToken: string },
): Response {
  return json(200, {
    token_type: 'bearer',
    refresh_token: grant.refreshToken,
    access_token: env.store.issueAccessToken(grant.portalId, grant.scopes, grant.refreshToken),
    expires_in: env.store.accessTokenTtlSeconds,
    hub_id: grant.portalId,
    user_id: env.portalInfo(grant.portalId).userId,
    scopes: grant.scopes,
    token_use: 'access_token',
  });
}

/**
 * The `authorization_code` and `refresh_token` grants, for both token endpoints: a code works once, with the
 * redirect URI it was issued for; a refresh token works until it is revoked or the app is uninstalled.
 */
export function grantTokens(env: OAuthEnv, form: URLSearchParams): Response {
  const grantType = form.get('grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    const got = grantType ?? 'nothing';
    return oauthError(
      env,
      'unsupported_grant_type',
      'BAD_GRANT_TYPE',
      `grant_type must be authorization_code or refresh_token (got ${got})`,
    );
  }
  const refused = checkClient(env, form);
  if (refused) return refused;
  if (grantType === 'refresh_token') {
    const refreshToken = form.get('refresh_token') ?? '';
    const info = env.store.liveRefreshToken(refreshToken);
    if (!info)
      return oauthError(env, 'invalid_grant', 'BAD_REFRESH_TOKEN', 'missing or invalid refresh token');
    return tokenResponse(env, { portalId: info.portalId, scopes: info.scopes, refreshToken });
  }
  const codeText = form.get('code') ?? '';
  const code = env.store.pendingCode(codeText);
  if (!code) return oauthError(env, 'invalid_grant', 'BAD_AUTH_CODE', 'missing or unknown auth code');
  const expectedRedirect = code.redirectUri ?? env.app?.redirectUri;
  if (expectedRedirect !== undefined && form.get('redirect_uri') !== expectedRedirect)
    return oauthError(
      env,
      'invalid_grant',
      'BAD_REDIRECT_URI',
      'redirect_uri does not match the one the app was authorized with',
    );
  env.store.useCode(codeText);
  const refreshToken = env.store.issueRefreshToken(code.portalId, code.scopes);
  return tokenResponse(env, { portalId: code.portalId, scopes: code.scopes, refreshToken });
}
