// HubSpot's legacy OAuth endpoints (/oauth/v1/token, /oauth/v1/access-tokens/{t}, /oauth/v1/refresh-tokens/{t}),
// still served until their sunset so that a stray call works but is counted.
import { json } from '../hubspot-responses';
import { ACCESS_TOKEN_TTL_S, type SandboxOAuthOptions, type TokenStore } from './token-store';

export type PortalInfo = { user: string; userId: number; hubDomain: string };

export type OAuthEnv = {
  store: TokenStore;
  app: SandboxOAuthOptions | undefined;
  appId: number;
  correlationId: () => string;
  portalInfo: (portalId: number) => PortalInfo;
  clock: () => number;
};

const oauthError = (env: OAuthEnv, status: string, message: string) =>
  json(400, { status, message, correlationId: env.correlationId() });

const notFound = (env: OAuthEnv, message: string) =>
  json(404, { status: 'error', message, correlationId: env.correlationId() });

/** POST /oauth/v1/token (form-encoded): authorization_code and refresh_token grants. */
export async function v1Token(env: OAuthEnv, request: Request): Promise<Response> {
  const form = new URLSearchParams(await request.text());
  const { app, store } = env;
  const grantType = form.get('grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return oauthError(
      env,
      'BAD_GRANT_TYPE',
      `grant_type must be authorization_code or refresh_token (got ${grantType ?? 'nothing'})`,
    );
  }
  if (!app || form.get('client_id') !== app.clientId)
    return oauthError(env, 'BAD_CLIENT_ID', 'missing or unknown client id');
  if (form.get('client_secret') !== app.clientSecret)
    return oauthError(env, 'BAD_CLIENT_SECRET', 'missing or invalid client secret');
  let grant: { portalId: number; scopes: string[]; refreshToken: string };
  if (grantType === 'authorization_code') {
    if (app.redirectUri !== undefined && form.get('redirect_uri') !== app.redirectUri)
      return oauthError(
        env,
        'BAD_REDIRECT_URI',
        'redirect_uri does not match the one the app was authorized with',
      );
    const code = store.redeemCode(form.get('code') ?? '');
    if (!code) return oauthError(env, 'BAD_AUTH_CODE', 'missing or unknown auth code');
    grant = { ...code, refreshToken: store.issueRefreshToken(code.portalId, code.scopes) };
  } else {
    const refreshToken = form.get('refresh_token') ?? '';
    const info = store.liveRefreshToken(refreshToken);
    if (!info) return oauthError(env, 'BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    grant = { portalId: info.portalId, scopes: info.scopes, refreshToken };
  }
  return json(200, {
    token_type: 'bearer',
    refresh_token: grant.refreshToken,
    access_token: store.issueAccessToken(grant.portalId, grant.scopes),
    expires_in: ACCESS_TOKEN_TTL_S,
  });
}

/** GET /oauth/v1/access-tokens/{token} */
export function v1AccessTokenInfo(env: OAuthEnv, token: string): Response {
  const info = env.store.liveAccessToken(token);
  if (!info) return notFound(env, 'The access token was not found or has expired.');
  const portal = env.portalInfo(info.portalId);
  return json(200, {
    token,
    user: portal.user,
    hub_domain: portal.hubDomain,
    scopes: info.scopes,
    hub_id: info.portalId,
    app_id: env.appId,
    expires_in: info.expiresAt === null ? 0 : Math.floor((info.expiresAt - env.clock()) / 1000),
    user_id: portal.userId,
    token_type: 'access',
  });
}

/** GET /oauth/v1/refresh-tokens/{token} */
export function v1RefreshTokenInfo(env: OAuthEnv, token: string): Response {
  const info = env.store.liveRefreshToken(token);
  if (!info) return notFound(env, 'The refresh token was not found.');
  const portal = env.portalInfo(info.portalId);
  return json(200, {
    token,
    user: portal.user,
    hub_domain: portal.hubDomain,
    scopes: info.scopes,
    hub_id: info.portalId,
    client_id: env.app?.clientId ?? '',
    user_id: portal.userId,
    token_type: 'refresh',
  });
}

/** DELETE /oauth/v1/refresh-tokens/{token} */
export function v1DeleteRefreshToken(env: OAuthEnv, token: string): Response {
  const info = env.store.liveRefreshToken(token);
  if (!info) return notFound(env, 'The refresh token was not found.');
  info.revoked = true;
  return new Response(null, { status: 204 });
}

/** Routes /oauth/v1/* (and the same token grant at /oauth/v3/token); null when the path is not one of them. */
export async function handleV1OAuth(
  env: OAuthEnv,
  method: string,
  path: string,
  request: Request,
): Promise<Response | null> {
  if (method === 'POST' && (path === '/oauth/v1/token' || path === '/oauth/v3/token'))
    return v1Token(env, request);
  const tokenInfo = /^\/oauth\/v1\/(access|refresh)-tokens\/([^/]+)$/.exec(path);
  if (!tokenInfo) return null;
  const token = decodeURIComponent(tokenInfo[2] as string);
  if (method === 'GET')
    return tokenInfo[1] === 'access' ? v1AccessTokenInfo(env, token) : v1RefreshTokenInfo(env, token);
  if (method === 'DELETE' && tokenInfo[1] === 'refresh') return v1DeleteRefreshToken(env, token);
  return null;
}
