import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createOAuthClient,
  isGrantRefused,
  OAuthRefusedError,
} from '../../../server/src/hubspot/oauth-client';

/**
 * The 2026-03 OAuth API as HubSpot documents it (API reference "OAuth tokens", migration guide from v1):
 * form-encoded POSTs, RFC 6749 errors with HubSpot's `status` / `message` alongside.
 */
const BASE = 'https://hubspot.test';
const TOKEN = `${BASE}/oauth/2026-03/token`;
const INTROSPECT = `${BASE}/oauth/2026-03/token/introspect`;
const REVOKE = `${BASE}/oauth/2026-03/token/revoke`;
const SECRET = 'client-secret-value';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const oauth = () =>
  createOAuthClient({
    baseUrl: BASE,
    clientId: 'client-id',
    clientSecret: SECRET,
    now: () => 1_000_000,
    retry: { baseDelayMs: 1, maxDelayMs: 2, rateLimitFloorMs: 1 },
  });

/** Records each request's URL, content type and form, and answers from a script. */
const recorder = (answers: Array<() => Response>) => {
  const seen: Array<{ url: string; contentType: string | null; form: URLSearchParams }> = [];
  const handler = async ({ request }: { request: Request }) => {
    seen.push({
      url: request.url,
      contentType: request.headers.get('content-type'),
      form: new URLSearchParams(await request.text()),
    });
    const next = answers[Math.min(seen.length - 1, answers.length - 1)];
    return next ? next() : new HttpResponse(null, { status: 500 });
  };
  return { seen, handler };
};

const rfcError = (status: number, error: string, description: string, legacy = 'BAD_REQUEST') =>
  HttpResponse.json(
    { error, error_description: description, status: legacy, message: description },
    { status },
  );

const tokenAnswer = (extra: Record<string, unknown> = {}) =>
  HttpResponse.json({
    token_use: 'access_token',
    token_type: 'bearer',
    access_token: 'access-1',
    refresh_token: 'refresh-1',
    expires_in: 1800,
    hub_id: 42,
    user_id: 7,
    scopes: ['oauth', 'crm.objects.companies.read'],
    ...extra,
  });

describe('2026-03 token endpoint', () => {
  it('exchanges a code with a form-encoded body (nothing secret in the URL) and reads what was granted', async () => {
    const { seen, handler } = recorder([() => tokenAnswer()]);
    server.use(http.post(TOKEN, handler));
    const grant = await oauth().exchangeCode({
      code: 'code-1',
      redirectUri: 'https://pulse.test/oauth/callback',
    });
    expect(grant).toEqual({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      expiresAt: 1_000_000 + 1_800_000,
      hubId: 42,
      userId: 7,
      scopes: ['oauth', 'crm.objects.companies.read'],
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(TOKEN);
    expect(seen[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(seen[0]?.form ?? [])).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client-id',
      client_secret: SECRET,
      redirect_uri: 'https://pulse.test/oauth/callback',
      code: 'code-1',
    });
  });

  it('refreshes, keeping the refresh token we sent when HubSpot does not send a new one', async () => {
    const { seen, handler } = recorder([
      () =>
        tokenAnswer({ refresh_token: undefined, hub_id: undefined, scopes: undefined, user_id: undefined }),
    ]);
    server.use(http.post(TOKEN, handler));
    const grant = await oauth().refresh('refresh-0');
    expect(grant).toMatchObject({
      accessToken: 'access-1',
      refreshToken: 'refresh-0',
      hubId: null,
      scopes: null,
    });
    expect(seen[0]?.form.get('grant_type')).toBe('refresh_token');
    expect(seen[0]?.form.get('refresh_token')).toBe('refresh-0');
  });

  it('reports a refused refresh token (invalid_grant) as hubspot_auth_failed, once, without echoing it', async () => {
    const { seen, handler } = recorder([
      () => rfcError(400, 'invalid_grant', 'refresh token refresh-secret-7 is revoked', 'BAD_REFRESH_TOKEN'),
    ]);
    server.use(http.post(TOKEN, handler));
    const error = await oauth()
      .refresh('refresh-secret-7')
      .catch((e: unknown) => e);
    expect(isGrantRefused(error)).toBe(true);
    expect(error).toMatchObject({ code: 'hubspot_auth_failed', status: 400, oauthError: 'invalid_grant' });
    expect(String(error)).toContain('uninstalled');
    expect(String(error)).not.toContain('refresh-secret-7');
    expect(seen).toHaveLength(1);
  });

  it('recognises the refusal from HubSpot`s legacy status when the RFC 6749 field is absent', async () => {
    server.use(
      http.post(TOKEN, () =>
        HttpResponse.json(
          { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' },
          { status: 400 },
        ),
      ),
    );
    const error = await oauth()
      .refresh('r')
      .catch((e: unknown) => e);
    expect(isGrantRefused(error)).toBe(true);
  });

  it('treats a refused client (invalid_client) as our configuration problem, not a disconnect', async () => {
    server.use(http.post(TOKEN, () => rfcError(401, 'invalid_client', `bad secret ${SECRET}`)));
    const error = await oauth()
      .refresh('refresh-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthRefusedError);
    expect(error).toMatchObject({ code: 'internal', reason: 'client_refused' });
    expect(String(error)).toContain('HUBSPOT_CLIENT_SECRET');
    expect(String(error)).not.toContain(SECRET);
  });

  it('any other 4xx (invalid_request) is a request problem, not a refused grant', async () => {
    server.use(http.post(TOKEN, () => rfcError(400, 'invalid_request', 'grant_type is missing')));
    const error = await oauth()
      .refresh('refresh-1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'internal',
      reason: 'request_refused',
      oauthError: 'invalid_request',
    });
    expect(String(error)).toContain('grant_type is missing');
  });

  it('retries a refresh after a 5xx and a 429, and answers with the eventual grant', async () => {
    const { seen, handler } = recorder([
      () => HttpResponse.json({ status: 'error', message: 'boom' }, { status: 502 }),
      () =>
        HttpResponse.json(
          { status: 'error', errorType: 'RATE_LIMIT' },
          { status: 429, headers: { 'Retry-After': '0' } },
        ),
      () => tokenAnswer(),
    ]);
    server.use(http.post(TOKEN, handler));
    await expect(oauth().refresh('refresh-1')).resolves.toMatchObject({ accessToken: 'access-1' });
    expect(seen).toHaveLength(3);
  });

  it('does not replay a single-use code after a 5xx: one attempt, hubspot_unavailable', async () => {
    const { seen, handler } = recorder([() => new HttpResponse('<html>bad gateway</html>', { status: 502 })]);
    server.use(http.post(TOKEN, handler));
    const error = await oauth()
      .exchangeCode({ code: 'c', redirectUri: 'https://pulse.test/cb' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'hubspot_unavailable' });
    expect(seen).toHaveLength(1);
  });

  it('names what a 200 answer lacks, never the values', async () => {
    server.use(http.post(TOKEN, () => HttpResponse.json({ refresh_token: 'refresh-x', expires_in: 'soon' })));
    const error = await oauth()
      .refresh('refresh-1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'hubspot_unavailable' });
    expect(String(error)).toMatch(/access_token/);
    expect(String(error)).toMatch(/expires_in/);
    expect(String(error)).not.toContain('refresh-x');
  });
});

describe('2026-03 introspection', () => {
  it('reads the portal, the user and the granted scopes of an access token', async () => {
    const { seen, handler } = recorder([
      () =>
        HttpResponse.json({
          token_use: 'access_token',
          active: true,
          token: 'access-1',
          hub_id: 42,
          user_id: 7,
          client_id: 'client-id',
          app_id: 3,
          scopes: ['oauth', 'tickets'],
          expires_in: 1200,
          is_private_distribution: false,
          token_type: 'bearer',
          user: 'admin@example.com',
          hub_domain: 'example.com',
        }),
    ]);
    server.use(http.post(INTROSPECT, handler));
    await expect(oauth().introspect('access-1', 'access_token')).resolves.toEqual({
      active: true,
      tokenUse: 'access_token',
      hubId: 42,
      userId: 7,
      user: 'admin@example.com',
      hubDomain: 'example.com',
      scopes: ['oauth', 'tickets'],
      expiresAt: 1_000_000 + 1_200_000,
    });
    expect(Object.fromEntries(seen[0]?.form ?? [])).toEqual({
      client_id: 'client-id',
      client_secret: SECRET,
      token: 'access-1',
      token_type_hint: 'access_token',
    });
  });

  it('reads a refresh token (no expiry) and answers { active: false } for a dead one', async () => {
    server.use(
      http.post(INTROSPECT, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        if (form.get('token') === 'dead') return HttpResponse.json({ active: false });
        if (form.get('token') === 'unknown') return rfcError(400, 'invalid_grant', 'Token is invalid');
        return HttpResponse.json({
          token_use: 'refresh_token',
          active: true,
          token: 'refresh-1',
          hub_id: 42,
          user_id: 7,
          client_id: 'client-id',
          app_id: 3,
          scopes: ['oauth'],
          token_type: 'refresh',
        });
      }),
    );
    await expect(oauth().introspect('refresh-1', 'refresh_token')).resolves.toMatchObject({
      active: true,
      tokenUse: 'refresh_token',
      hubId: 42,
      expiresAt: null,
      hubDomain: null,
    });
    await expect(oauth().introspect('dead', 'refresh_token')).resolves.toEqual({ active: false });
    await expect(oauth().introspect('unknown', 'refresh_token')).resolves.toEqual({ active: false });
  });
});

describe('2026-03 revocation', () => {
  it('revokes a refresh token with a form body; one HubSpot no longer knows counts as revoked', async () => {
    const { seen, handler } = recorder([
      () => new HttpResponse(null, { status: 200 }),
      () => rfcError(400, 'invalid_grant', 'unknown refresh token'),
    ]);
    server.use(http.post(REVOKE, handler));
    await expect(oauth().revoke('refresh-1')).resolves.toBeUndefined();
    await expect(oauth().revoke('refresh-1')).resolves.toBeUndefined();
    expect(Object.fromEntries(seen[0]?.form ?? [])).toEqual({
      client_id: 'client-id',
      client_secret: SECRET,
      token: 'refresh-1',
      token_type_hint: 'refresh_token',
    });
  });

  it('fails loudly when HubSpot refuses our client', async () => {
    server.use(http.post(REVOKE, () => rfcError(401, 'invalid_client', 'unknown client')));
    await expect(oauth().revoke('refresh-1')).rejects.toMatchObject({
      code: 'internal',
      reason: 'client_refused',
    });
  });
});
