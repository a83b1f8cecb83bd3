// Every OAuth endpoint the sandbox serves, reached without a bearer token: the consent step, the legacy v1
// endpoints and the 2026-03 API. Each call is counted under its path (tokens masked), so a test can assert
// which OAuth API a client used.
import { authorizeOverHttp } from './authorize';
import type { OAuthEnv } from './oauth-env';
import { handle2026OAuth } from './v2026-endpoints';
import { handleV1OAuth } from './v1-endpoints';

export type OAuthCall = { key: string; response: Response };

export async function handleOAuth(
  env: OAuthEnv,
  request: Request,
  url: URL,
  path: string,
  portals: readonly number[],
): Promise<OAuthCall | null> {
  const method = request.method.toUpperCase();
  const key = `${method} ${path.replace(/-tokens\/.+$/, '-tokens/{token}')}`;
  if (method === 'GET' && path === '/oauth/authorize')
    return { key, response: authorizeOverHttp(env, url, portals) };
  const response =
    (await handle2026OAuth(env, method, path, request, url)) ??
    (await handleV1OAuth(env, method, path, request));
  return response ? { key, response } : null;
}
