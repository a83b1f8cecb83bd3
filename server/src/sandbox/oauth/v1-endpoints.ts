// HubSpot's legacy OAuth endpoints (/oauth/v1/token, /oauth/v1/access-tokens/{t}, /oauth/v1/refresh-tokens/{t}),
// retired on 2027-02-16 and served until then, so that a stray call works but shows in the call counts.
import { json } from '../hubspot-responses';
import { grantTokens, type OAuthEnv } from './oauth-env';

const notFound = (env: OAuthEnv, message: string) =>
  json(404, { status: 'error', message, correlationId: env.correlationId() });

/** GET /oauth/v1/access-tokens/{token}: OAuth access tokens only (a private app's token is unknown here: 404). */
function accessTokenInfo(env: OAuthEnv, token: string): Response {
  const info = env.store.liveAccessToken(token);
  if (!info || info.expiresAt === null)
    return notFound(env, 'The access token was not found or has expired.');
  const portal = env.portalInfo(info.portalId);
  return json(200, {
    token,
    user: portal.user,
    hub_domain: portal.hubDomain,
    scopes: info.scopes,
    hub_id: info.portalId,
    app_id: env.appId,
    expires_in: Math.floor((info.expiresAt - env.clock()) / 1000),
    user_id: portal.userId,
    token_type: 'access',
  });
}

/** GET /oauth/v1/refresh-tokens/{token} */
function refreshTokenInfo(env: OAuthEnv, token: string): Response {
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

/** DELETE /oauth/v1/refresh-tokens/{token}: the refresh token only; access tokens issued with it keep working. */
function deleteRefreshToken(env: OAuthEnv, token: string): Response {
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
    return grantTokens(env, new URLSearchParams(await request.text()));
  const tokenInfo = /^\/oauth\/v1\/(access|refresh)-tokens\/([^/]+)$/.exec(path);
  if (!tokenInfo) return null;
  const token = decodeURIComponent(tokenInfo[2] as string);
  if (method === 'GET')
    return tokenInfo[1] === 'access' ? accessTokenInfo(env, token) : refreshTokenInfo(env, token);
  if (method === 'DELETE' && tokenInfo[1] === 'refresh') return deleteRefreshToken(env, token);
  return null;
}
