import { DatabaseSync } from 'node:sqlite';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ZCompanyHealthView, ZAdminsView, ZDisconnectResult } from '@pulse/shared';
import { loadManifest } from '../../../server/src/services/manifest';
import { runSync } from '../../../server/src/sync';
import {
  buildHarness,
  CLIENT_ID,
  CLIENT_SECRET,
  HUBSPOT_BASE,
  PORTAL_A,
  PUBLIC_URL,
  signedRequest,
  type Harness,
} from './harness';

let h: Harness;
afterEach(() => h.close());

const manifest = loadManifest();

/** Walks the browser part of an install: our redirect to HubSpot, HubSpot's consent, HubSpot's redirect back. */
const startInstall = async () => {
  const res = await request(h.app).get('/oauth/install');
  expect(res.status).toBe(302);
  const location = new URL(res.headers.location ?? '');
  return { location, state: location.searchParams.get('state') ?? '' };
};

/** The whole browser round trip: our install link, HubSpot's consent for `portalId`, HubSpot's redirect back. */
const consentInstall = async (portalId: number) => {
  const { location } = await startInstall();
  const outcome = h.sandbox.oauth.authorize(location.toString(), { portalId });
  if (!outcome.ok) throw new Error(`the sandbox refused the install: ${outcome.message}`);
  const back = new URL(outcome.location);
  return { res: await request(h.app).get(back.pathname + back.search), granted: outcome.grantedScopes };
};

const oauthV1Calls = () =>
  Object.entries(h.sandbox.stats().byEndpoint)
    .filter(([endpoint]) => endpoint.includes('/oauth/v1/'))
    .reduce((sum, [, n]) => sum + n, 0);

describe('install (OAuth)', () => {
  it('redirects to HubSpot with exactly the declared required scopes and a signed state', async () => {
    h = await buildHarness();
    const { location, state } = await startInstall();
    expect(location.origin + location.pathname).toBe('https://app.hubspot.com/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/oauth/callback`);
    expect(location.searchParams.get('scope')?.split(' ')).toEqual(manifest.auth.requiredScopes);
    expect(location.searchParams.has('optional_scope')).toBe(manifest.auth.optionalScopes.length > 0);
    expect(state.split('.')).toHaveLength(3);
  });

  it('install → first sync → card → uninstall deletes the data', async () => {
    h = await buildHarness({ realSync: true, fileDatabase: true });
    const { state } = await startInstall();
    // an account that has every product grants the optional scopes (tickets, feedback surveys, contacts) too
    const grants = [...manifest.auth.requiredScopes, ...manifest.auth.optionalScopes];
    const code = h.sandbox.oauth.issueCode(PORTAL_A, grants);
    const callback = await request(h.app).get(
      `/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`,
    );
    expect(callback.status).toBe(200);
    expect(callback.text).toContain('Pulse is installed');
    expect(callback.text).toMatch(/Customize record/);
    expect(h.syncRequests).toEqual([{ portalId: PORTAL_A, full: true }]);

    // tokens are stored encrypted, never as plaintext
    const installation = await h.store.forPortal(PORTAL_A).installation.get();
    expect(installation?.status).toBe('active');
    const raw = await rawInstallationRow(h, PORTAL_A);
    expect(raw).not.toContain(installation?.accessToken ?? 'missing');
    expect(raw).not.toContain(installation?.refreshToken ?? 'missing');

    // the write-back properties were created in the portal
    expect(h.sandbox.dataset(PORTAL_A).companyProperties.some((p) => p.name === 'pulse_health_score')).toBe(
      true,
    );

    const companyId = h.sandbox.dataset(PORTAL_A).objects.companies.find((c) => !c.archived)?.id ?? '';
    const installer = h.sandbox.dataset(PORTAL_A).owners[0]?.userId ?? 0;
    const card = await signedRequest(h.app, 'GET', `/api/v1/companies/${companyId}/health`, {
      userId: installer,
    }).req;
    expect(card.status).toBe(200);
    const view = ZCompanyHealthView.parse(card.body);
    expect(view.status).toBe('ready');

    // the admin list answers in the shared contract the settings page reads
    const listed = await signedRequest(h.app, 'PUT', '/api/v1/admins', {
      userId: installer,
      body: { userIds: [installer + 5] },
    }).req;
    expect(ZAdminsView.parse(listed.body)).toEqual({
      installerUserId: installer,
      userIds: [installer + 5],
      isAdmin: true,
    });
    const seen = await signedRequest(h.app, 'GET', '/api/v1/admins', { userId: installer + 999 }).req;
    expect(ZAdminsView.parse(seen.body)).toMatchObject({ userIds: [installer + 5], isAdmin: false });

    // someone who is not the installer cannot disconnect
    const notAdmin = await signedRequest(h.app, 'POST', '/api/v1/disconnect', {
      userId: installer + 999,
      body: {},
    }).req;
    expect(notAdmin.status).toBe(403);

    const disconnect = await signedRequest(h.app, 'POST', '/api/v1/disconnect', {
      userId: installer,
      body: {},
    }).req;
    expect(disconnect.status).toBe(200);
    expect(ZDisconnectResult.parse(disconnect.body)).toEqual({ disconnected: true, portalId: PORTAL_A });
    expect(await h.store.forPortal(PORTAL_A).installation.get()).toBeNull();
    expect(await h.store.forPortal(PORTAL_A).snapshots.list()).toEqual([]);
    expect(h.sandbox.stats().byEndpoint['DELETE /appinstalls/v3/external-install']).toBe(1);
    const after = await signedRequest(h.app, 'GET', `/api/v1/companies/${companyId}/health`, {
      userId: installer,
    }).req;
    expect(after.status).toBe(403);
    expect(after.body.code).toBe('not_installed');
  });

  it('a whole run (install, refresh after expiry, sync, disconnect) uses only the 2026-03 OAuth API', async () => {
    h = await buildHarness({ realSync: true });
    const { res } = await consentInstall(PORTAL_A);
    expect(res.status).toBe(200);
    const portal = h.store.forPortal(PORTAL_A);
    const installed = await portal.installation.get();
    // the access token expired: the next sync refreshes it first
    await portal.installation.updateTokens({ ...(await tokensOf(h)), accessTokenExpiresAt: Date.now() });
    const installer = h.sandbox.dataset(PORTAL_A).owners[0]?.userId ?? 0;
    const sync = await signedRequest(h.app, 'POST', '/api/v1/sync', {
      userId: installer,
      body: { full: false },
    }).req;
    expect(sync.status).toBe(202);
    const refreshed = await portal.installation.get();
    expect(refreshed?.accessToken).not.toBe(installed?.accessToken);
    expect((await portal.syncRuns.list(1))[0]).toMatchObject({ status: 'succeeded', kind: 'incremental' });
    const disconnect = await signedRequest(h.app, 'POST', '/api/v1/disconnect', {
      userId: installer,
      body: {},
    }).req;
    expect(disconnect.status).toBe(200);

    const calls = h.sandbox.stats().byEndpoint;
    expect(calls['POST /oauth/2026-03/token']).toBe(2); // the code exchange and the refresh
    expect(calls['POST /oauth/2026-03/token/introspect']).toBe(1);
    expect(calls['POST /oauth/2026-03/token/revoke']).toBe(1);
    expect(oauthV1Calls()).toBe(0);
    // the revoked refresh token no longer refreshes anything
    const revoked = await h.sandbox
      .handle(
        new Request(`${HUBSPOT_BASE}/oauth/2026-03/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            refresh_token: refreshed?.refreshToken ?? '',
          }).toString(),
        }),
      )
      .then((r) => r.json() as Promise<{ error?: string }>);
    expect(revoked.error).toBe('invalid_grant');
  });

  it('accepts an install HubSpot started (no state) and stores the scopes it granted', async () => {
    h = await buildHarness();
    const outcome = h.sandbox.oauth.installFromHubSpot(PORTAL_A);
    if (!outcome.ok) throw new Error(outcome.message);
    const back = new URL(outcome.location);
    expect(back.searchParams.has('state')).toBe(false);
    const res = await request(h.app).get(back.pathname + back.search);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Pulse is installed');
    const installation = await h.store.forPortal(PORTAL_A).installation.get();
    expect(installation?.status).toBe('active');
    expect([...(installation?.scopes ?? [])].sort()).toEqual([...outcome.grantedScopes].sort());
    // an empty state is not "no state": it is refused
    const again = h.sandbox.oauth.installFromHubSpot(PORTAL_A);
    if (!again.ok) throw new Error(again.message);
    const code = new URL(again.location).searchParams.get('code') ?? '';
    const empty = await request(h.app).get(`/oauth/callback?code=${code}&state=`);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('This install link cannot be used');
  });

  it('refuses forged, expired and replayed states, and a replayed code', async () => {
    let now = Date.now();
    h = await buildHarness({ now: () => now });
    const code = () => h.sandbox.oauth.issueCode(PORTAL_A, manifest.auth.requiredScopes);

    const { state } = await startInstall();
    const forged = `${state.split('.').slice(0, 2).join('.')}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    const forgedRes = await request(h.app).get(`/oauth/callback?code=${code()}&state=${forged}`);
    expect(forgedRes.status).toBe(400);
    expect(forgedRes.text).toContain('not issued by this Pulse server');

    const ok = await request(h.app).get(`/oauth/callback?code=${code()}&state=${state}`);
    expect(ok.status).toBe(200);
    const replayed = await request(h.app).get(`/oauth/callback?code=${code()}&state=${state}`);
    expect(replayed.status).toBe(400);
    expect(replayed.text).toContain('already used');

    const fresh = await startInstall();
    now += 11 * 60_000;
    const expired = await request(h.app).get(`/oauth/callback?code=${code()}&state=${fresh.state}`);
    expect(expired.status).toBe(400);
    expect(expired.text).toContain('expired');

    // a code HubSpot already redeemed fails at the exchange, with a page and no stack trace
    const usedCode = code();
    const first = await startInstall();
    expect((await request(h.app).get(`/oauth/callback?code=${usedCode}&state=${first.state}`)).status).toBe(
      200,
    );
    const second = await startInstall();
    const codeReplay = await request(h.app).get(`/oauth/callback?code=${usedCode}&state=${second.state}`);
    expect(codeReplay.status).toBe(400);
    expect(codeReplay.text).toContain('did not accept the authorization code');
    expect(codeReplay.text).not.toMatch(/at .*\.ts|Error:/);
  });

  it('explains a denied consent', async () => {
    h = await buildHarness();
    const { state } = await startInstall();
    const res = await request(h.app).get(`/oauth/callback?error=access_denied&state=${state}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Install cancelled');
  });

  it('keeps tokens, codes and the client secret out of the logs', async () => {
    h = await buildHarness();
    const { state } = await startInstall();
    const code = h.sandbox.oauth.issueCode(PORTAL_A, manifest.auth.requiredScopes);
    await request(h.app)
      .get(`/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`)
      .set('Authorization', 'Bearer leaked-bearer-token');
    await h.store
      .forPortal(PORTAL_A)
      .installation.updateTokens({ ...(await tokensOf(h)), accessTokenExpiresAt: Date.now() });
    await h.tokens.getAccessToken(PORTAL_A); // a refresh
    const signed = signedRequest(h.app, 'GET', '/api/v1/sync', { userId: 1 });
    await signed.req;
    const installation = await h.store.forPortal(PORTAL_A).installation.get();
    const logs = h.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [
      code,
      state,
      CLIENT_SECRET,
      'leaked-bearer-token',
      signed.signature,
      installation?.accessToken,
      installation?.refreshToken,
    ]) {
      expect(secret).toBeTruthy();
      expect(logs).not.toContain(secret);
    }
  });
});

describe('token provider', () => {
  it('refreshes once for 100 concurrent callers and persists the new tokens', async () => {
    h = await buildHarness();
    const { state } = await startInstall();
    const code = h.sandbox.oauth.issueCode(PORTAL_A, manifest.auth.requiredScopes);
    await request(h.app).get(`/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`);
    const before = await tokensOf(h);
    // 4 minutes left: inside the 5-minute margin
    await h.store
      .forPortal(PORTAL_A)
      .installation.updateTokens({ ...before, accessTokenExpiresAt: Date.now() + 4 * 60_000 });
    h.sandbox.resetStats();

    const results = await Promise.all(Array.from({ length: 100 }, () => h.tokens.getAccessToken(PORTAL_A)));
    expect(h.sandbox.stats().byEndpoint['POST /oauth/2026-03/token']).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).not.toBe(before.accessToken);
    const after = await h.store.forPortal(PORTAL_A).installation.get();
    expect(after?.accessToken).toBe(results[0]);
    expect(after?.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 25 * 60_000);
  });

  it('marks the installation disconnected when HubSpot refuses the refresh token', async () => {
    h = await buildHarness();
    const { state } = await startInstall();
    await request(h.app).get(
      `/oauth/callback?code=${h.sandbox.oauth.issueCode(PORTAL_A, manifest.auth.requiredScopes)}&state=${encodeURIComponent(state)}`,
    );
    await h.store
      .forPortal(PORTAL_A)
      .installation.updateTokens({ ...(await tokensOf(h)), accessTokenExpiresAt: Date.now() });
    h.sandbox.oauth.revoke(PORTAL_A);
    await expect(h.tokens.getAccessToken(PORTAL_A)).rejects.toMatchObject({ code: 'hubspot_auth_failed' });
    expect((await h.store.forPortal(PORTAL_A).installation.get())?.status).toBe('disconnected');
  });
});

describe('a 401 from HubSpot (issue 12)', () => {
  const syncNow = () =>
    runSync({
      store: h.store,
      client: h.clients.for(PORTAL_A),
      portalId: PORTAL_A,
      kind: 'full',
      now: Date.now,
    });

  it('refreshes once when HubSpot refuses a token that looks fresh, and the sync goes on', async () => {
    h = await buildHarness();
    expect((await consentInstall(PORTAL_A)).res.status).toBe(200);
    const portal = h.store.forPortal(PORTAL_A);
    // HubSpot revoked this access token early: our stored expiry still says 25 minutes
    await portal.installation.updateTokens({
      ...(await tokensOf(h)),
      accessToken: 'revoked-before-its-expiry',
      accessTokenExpiresAt: Date.now() + 25 * 60_000,
    });
    h.sandbox.resetStats();
    const report = await syncNow();
    expect(report.status).toBe('succeeded');
    expect(h.sandbox.stats().byEndpoint['POST /oauth/2026-03/token']).toBe(1);
    const after = await portal.installation.get();
    expect(after?.status).toBe('active');
    expect(after?.accessToken).not.toBe('revoked-before-its-expiry');
  });

  it('marks the installation disconnected at once when the refresh after a 401 is refused', async () => {
    h = await buildHarness();
    expect((await consentInstall(PORTAL_A)).res.status).toBe(200);
    h.sandbox.oauth.revoke(PORTAL_A); // uninstalled in HubSpot: every token of the portal stops working
    h.sandbox.resetStats();
    await expect(syncNow()).rejects.toMatchObject({ code: 'hubspot_auth_failed' });
    expect(h.sandbox.stats().byEndpoint['POST /oauth/2026-03/token']).toBe(1); // one refresh, not a loop
    expect((await h.store.forPortal(PORTAL_A).installation.get())?.status).toBe('disconnected');
  });
});

const tokensOf = async (harness: Harness) => {
  const installation = await harness.store.forPortal(PORTAL_A).installation.get();
  if (installation === null) throw new Error('not installed');
  return {
    accessToken: installation.accessToken,
    refreshToken: installation.refreshToken,
    accessTokenExpiresAt: installation.accessTokenExpiresAt,
  };
};

/** The installation row exactly as the SQLite file holds it, read around the store. */
const rawInstallationRow = async (harness: Harness, portalId: number): Promise<string> => {
  const path = harness.databasePath;
  if (path === null) throw new Error('this test needs a file database');
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return JSON.stringify(db.prepare('SELECT * FROM installations WHERE portal_id = ?').get(portalId));
  } finally {
    db.close();
  }
};
