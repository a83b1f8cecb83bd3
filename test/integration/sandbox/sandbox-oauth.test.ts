/* eslint-disable no-restricted-imports -- the sandbox is checked against the real SDK */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSandbox,
  generateDataset,
  type Sandbox,
  type SandboxServer,
} from '../../../server/src/sandbox';
import { DAY, NOW } from '../../factories';

// The 2026-03 OAuth API, HubSpot's consent step and account-info, over loopback HTTP through the SDK's raw
// transport (the SDK has no wrapper for the 2026-03 endpoints; Pulse calls them the same way).

const PORTAL = 5_100_001;
const STARTER = 5_100_002; // an account without Service Hub Professional and without ticket access
const REDIRECT = 'https://pulse.test/oauth/callback';
const APP = {
  clientId: 'client-1',
  clientSecret: 'secret-1',
  redirectUri: REDIRECT,
  requiredScopes: ['oauth', 'crm.objects.companies.read', 'crm.objects.deals.read'],
  optionalScopes: ['tickets', 'crm.objects.feedback_submissions.read'],
};
const STATIC_TOKEN = 'pat-na1-static-token';

const authorizeUrl = (params: Record<string, string>) =>
  `https://app.hubspot.com/oauth/authorize?${new URLSearchParams(params).toString()}`;
const fullInstall = {
  client_id: APP.clientId,
  redirect_uri: REDIRECT,
  scope: APP.requiredScopes.join(' '),
  optional_scope: APP.optionalScopes.join(' '),
  state: 'pulse-state-1',
};

describe('the 2026-03 OAuth API, consent and account-info over HTTP', () => {
  const dataset = generateDataset({ seed: 21, now: NOW, companies: 8 });
  let clock = NOW;
  let sandbox: Sandbox;
  let server: SandboxServer;
  let raw: Client;

  const post = async (path: string, form: Record<string, string>) => {
    const response = await raw.apiRequest({
      method: 'POST',
      path,
      body: new URLSearchParams(form).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      defaultJson: false,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>),
    };
  };
  const credentials = { client_id: APP.clientId, client_secret: APP.clientSecret };
  const exchange = (code: string, redirectUri = REDIRECT) =>
    post('/oauth/2026-03/token', {
      grant_type: 'authorization_code',
      ...credentials,
      redirect_uri: redirectUri,
      code,
    });
  const refresh = (refreshToken: string) =>
    post('/oauth/2026-03/token', {
      grant_type: 'refresh_token',
      ...credentials,
      refresh_token: refreshToken,
    });
  const introspect = (token: string, hint = 'access_token') =>
    post('/oauth/2026-03/token/introspect', { ...credentials, token, token_type_hint: hint });
  const revoke = (token: string, hint = 'refresh_token') =>
    post('/oauth/2026-03/token/revoke', { ...credentials, token, token_type_hint: hint });
  const codeOf = (location: string) => new URL(location).searchParams.get('code') ?? '';
  const install = async (portalId = PORTAL) => {
    const outcome = sandbox.oauth.authorize(authorizeUrl(fullInstall), { portalId });
    if (!outcome.ok) throw new Error(outcome.message);
    const tokens = await exchange(codeOf(outcome.location));
    return tokens.body as { access_token: string; refresh_token: string; scopes: string[] };
  };

  beforeAll(async () => {
    sandbox = createSandbox({
      portals: [
        { portalId: PORTAL, dataset, accessTokens: [STATIC_TOKEN] },
        {
          portalId: STARTER,
          dataset,
          ungrantableScopes: ['crm.objects.feedback_submissions.read', 'tickets'],
          account: {
            companyCurrency: 'EUR',
            additionalCurrencies: ['USD', 'GBP'],
            timeZone: 'Europe/Berlin',
          },
        },
      ],
      rateLimit: false,
      clock: () => clock,
      oauth: APP,
    });
    server = await sandbox.listen();
    raw = new Client({ basePath: server.url });
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    clock = NOW;
    sandbox.resetStats();
  });

  it('exchanges a code once for tokens carrying the granted scopes, and refreshes them', async () => {
    const outcome = sandbox.oauth.authorize(authorizeUrl(fullInstall), { portalId: PORTAL });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(new URL(outcome.location).origin + new URL(outcome.location).pathname).toBe(REDIRECT);
    expect(new URL(outcome.location).searchParams.get('state')).toBe('pulse-state-1');

    const first = await exchange(codeOf(outcome.location));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'bearer', expires_in: 1800, hub_id: PORTAL });
    expect(first.body?.scopes).toEqual([...APP.requiredScopes, ...APP.optionalScopes]);
    expect(String(first.body?.access_token).length).toBeGreaterThan(150);

    const replay = await exchange(codeOf(outcome.location));
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ error: 'invalid_grant', status: 'BAD_AUTH_CODE' });
    expect(typeof replay.body?.error_description).toBe('string');
    expect(replay.body?.message).toBe(replay.body?.error_description);

    clock += 1801 * 1000;
    const api = new Client({ accessToken: String(first.body?.access_token), basePath: server.url });
    await expect(api.crm.companies.basicApi.getPage(1)).rejects.toMatchObject({ code: 401 });
    const renewed = await refresh(String(first.body?.refresh_token));
    expect(renewed.status).toBe(200);
    expect(renewed.body?.refresh_token).toBe(first.body?.refresh_token);
    api.setAccessToken(String(renewed.body?.access_token));
    expect((await api.crm.companies.basicApi.getPage(1)).results).toHaveLength(1);
  });

  it('refuses a code sent with another redirect URI, a wrong secret and credentials in the URL', async () => {
    const outcome = sandbox.oauth.authorize(authorizeUrl(fullInstall), { portalId: PORTAL });
    if (!outcome.ok) throw new Error(outcome.message);
    const wrongRedirect = await exchange(codeOf(outcome.location), 'https://evil.test/callback');
    expect(wrongRedirect.body).toMatchObject({ error: 'invalid_grant', status: 'BAD_REDIRECT_URI' });
    expect((await exchange(codeOf(outcome.location))).status).toBe(200); // the code was not spent by the refusal

    const badSecret = await post('/oauth/2026-03/token', {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: 'guess',
      refresh_token: 'anything',
    });
    expect(badSecret.status).toBe(400);
    expect(badSecret.body).toMatchObject({ error: 'invalid_client', status: 'BAD_CLIENT_SECRET' });

    const inQuery = await raw.apiRequest({
      method: 'POST',
      path: `/oauth/2026-03/token?grant_type=refresh_token&client_id=${APP.clientId}&client_secret=${APP.clientSecret}&refresh_token=x`,
      body: '',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      defaultJson: false,
    });
    expect(inQuery.status).toBe(400);
    expect(await inQuery.json()).toMatchObject({ error: 'invalid_request' });

    const asJson = await raw.apiRequest({
      method: 'POST',
      path: '/oauth/2026-03/token',
      body: { grant_type: 'refresh_token', ...credentials, refresh_token: 'x' },
    });
    expect(asJson.status).toBe(400);
    expect(await asJson.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('introspects access and refresh tokens; an unknown one is inactive, a private-app token is not found', async () => {
    const tokens = await install();
    const access = await introspect(tokens.access_token);
    expect(access.status).toBe(200);
    expect(access.body).toMatchObject({
      active: true,
      token_use: 'access_token',
      hub_id: PORTAL,
      client_id: APP.clientId,
      scopes: tokens.scopes,
      expires_in: 1800,
      is_private_distribution: false,
    });
    expect(access.body?.signed_access_token).toMatchObject({ hubId: PORTAL, expiresAt: NOW + 1_800_000 });
    const refreshInfo = await introspect(tokens.refresh_token, 'refresh_token');
    expect(refreshInfo.body).toMatchObject({ active: true, token_use: 'refresh_token', hub_id: PORTAL });
    expect(refreshInfo.body).not.toHaveProperty('expires_in');

    expect((await introspect('never-issued')).body).toEqual({ active: false });
    clock += 1801 * 1000;
    expect((await introspect(tokens.access_token)).body).toEqual({ active: false });
    expect((await introspect(STATIC_TOKEN)).status).toBe(404);
  });

  it('revokes a refresh token for good; its access token lives until it expires', async () => {
    const tokens = await install();
    const revoked = await revoke(tokens.refresh_token);
    expect(revoked).toEqual({ status: 200, body: null });
    expect((await refresh(tokens.refresh_token)).body).toMatchObject({ error: 'invalid_grant' });
    expect((await introspect(tokens.refresh_token, 'refresh_token')).body).toEqual({ active: false });
    // HubSpot documents that deleting a refresh token leaves the access tokens issued with it working.
    const api = new Client({ accessToken: tokens.access_token, basePath: server.url });
    expect((await api.crm.companies.basicApi.getPage(1)).results).toHaveLength(1);

    expect(await revoke(tokens.refresh_token)).toEqual({ status: 200, body: null }); // RFC 7009: still a success
    expect((await revoke(tokens.access_token, 'access_token')).body).toMatchObject({
      error: 'unsupported_token_type',
    });
  });

  it('counts every OAuth call by path, so a client that strays onto v1 shows', async () => {
    const tokens = await install();
    await refresh(tokens.refresh_token);
    await introspect(tokens.access_token);
    await revoke(tokens.refresh_token);
    let calls = sandbox.stats().byEndpoint;
    expect(Object.keys(calls).filter((k) => k.includes('/oauth/v1/'))).toEqual([]);
    expect(calls).toMatchObject({
      'POST /oauth/2026-03/token': 2,
      'POST /oauth/2026-03/token/introspect': 1,
      'POST /oauth/2026-03/token/revoke': 1,
    });

    // v1 still answers until its sunset, and is counted
    const legacy = await install();
    const info = await raw.apiRequest({
      method: 'GET',
      path: `/oauth/v1/access-tokens/${legacy.access_token}`,
    });
    expect(info.status).toBe(200);
    calls = sandbox.stats().byEndpoint;
    expect(calls['GET /oauth/v1/access-tokens/{token}']).toBe(1);
  });

  it('grants optional scopes the account can give, leaves out those it cannot, and fails on required ones', async () => {
    const starter = sandbox.oauth.authorize(authorizeUrl(fullInstall), { portalId: STARTER });
    expect(starter.ok && starter.grantedScopes).toEqual(APP.requiredScopes);
    const needsTickets = sandbox.oauth.authorize(
      authorizeUrl({
        ...fullInstall,
        scope: [...APP.requiredScopes, 'tickets'].join(' '),
        optional_scope: '',
      }),
      { portalId: STARTER },
    );
    // the app declares tickets as optional, so asking for it as required is a scope mismatch first
    expect(needsTickets).toMatchObject({ ok: false, reason: 'scopes_mismatch' });

    const strict = createSandbox({
      portals: [{ portalId: STARTER, dataset, ungrantableScopes: ['tickets'] }],
      oauth: { ...APP, requiredScopes: [...APP.requiredScopes, 'tickets'] },
    });
    const refused = strict.oauth.authorize(
      authorizeUrl({ ...fullInstall, scope: [...APP.requiredScopes, 'tickets'].join(' ') }),
      { portalId: STARTER },
    );
    expect(refused).toMatchObject({ ok: false, reason: 'account_cannot_grant' });
    expect(!refused.ok && refused.message).toContain("doesn't have access to some HubSpot features");
  });

  it('refuses an authorize URL whose scopes differ from the app, or whose redirect is not the app’s', () => {
    const fewer = sandbox.oauth.authorize(authorizeUrl({ ...fullInstall, scope: 'oauth' }), {
      portalId: PORTAL,
    });
    expect(fewer).toMatchObject({ ok: false, reason: 'scopes_insufficient' });
    const more = sandbox.oauth.authorize(
      authorizeUrl({ ...fullInstall, optional_scope: 'crm.objects.contacts.write' }),
      { portalId: PORTAL },
    );
    expect(more).toMatchObject({ ok: false, reason: 'scopes_mismatch' });
    const elsewhere = sandbox.oauth.authorize(
      authorizeUrl({ ...fullInstall, redirect_uri: 'https://evil.test/cb' }),
      { portalId: PORTAL },
    );
    expect(elsewhere).toMatchObject({ ok: false, reason: 'redirect_uri_mismatch' });
  });

  it('simulates an install started from HubSpot: a code and no state, over HTTP too', async () => {
    const fromHubSpot = sandbox.oauth.installFromHubSpot(STARTER);
    expect(fromHubSpot.ok).toBe(true);
    if (!fromHubSpot.ok) return;
    const callback = new URL(fromHubSpot.location);
    expect(callback.searchParams.has('state')).toBe(false);
    expect((await exchange(callback.searchParams.get('code') ?? '')).body?.scopes).toEqual(
      APP.requiredScopes,
    );

    const overHttp = await fetch(
      `${server.url}/oauth/authorize?${new URLSearchParams({ ...fullInstall, portal_id: String(PORTAL) }).toString()}`,
      { redirect: 'manual' },
    );
    expect(overHttp.status).toBe(302);
    expect(new URL(overHttp.headers.get('location') ?? '').searchParams.get('state')).toBe('pulse-state-1');
    const refusedPage = await fetch(
      `${server.url}/oauth/authorize?${new URLSearchParams({ ...fullInstall, scope: 'oauth', portal_id: String(PORTAL) }).toString()}`,
      { redirect: 'manual' },
    );
    expect(refusedPage.status).toBe(400);
    expect(await refusedPage.text()).toContain('scopes are insufficient');
  });

  it('answers account-info for an OAuth token and a private-app token alike, without any scope', async () => {
    const api = new Client({ accessToken: STATIC_TOKEN, basePath: server.url });
    const details = await api.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    expect(await details.json()).toEqual({
      portalId: PORTAL,
      accountType: 'STANDARD',
      timeZone: 'US/Eastern',
      companyCurrency: 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00', // NOW is 2 March: US standard time, before daylight saving starts on 8 March
      utcOffsetMilliseconds: -5 * 3_600_000,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
    clock = NOW + 30 * DAY; // early April: daylight saving time
    const summer = await api.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    expect(await summer.json()).toMatchObject({ utcOffset: '-04:00', utcOffsetMilliseconds: -4 * 3_600_000 });
    clock = NOW;
    const code = sandbox.oauth.issueCode(STARTER, ['oauth']); // no CRM scope at all
    const tokens = await exchange(code);
    api.setAccessToken(String(tokens.body?.access_token));
    const starter = (await (
      await api.apiRequest({ method: 'GET', path: '/account-info/v3/details' })
    ).json()) as Record<string, unknown>;
    expect(starter).toMatchObject({
      portalId: STARTER,
      companyCurrency: 'EUR',
      additionalCurrencies: ['USD', 'GBP'],
      timeZone: 'Europe/Berlin',
      utcOffset: '+01:00', // 2 March: CET; Europe's summer time starts on 29 March
    });
  });
});
