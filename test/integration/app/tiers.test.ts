import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { unavailableSourceMessage, ZCompanyHealthView, ZPortfolioView, ZSettingsView } from '@pulse/shared';
import { loadManifest } from '../../../server/src/services/manifest';
import { buildHarness, PORTAL_A, PUBLIC_URL, signedRequest, type Harness } from './harness';

/**
 * Every HubSpot tier: an account that cannot grant an optional scope (no Service Hub Professional: no feedback
 * surveys; no Service Hub: no tickets) installs through the sandbox's consent step, syncs and shows what it has.
 */
let h: Harness;
afterEach(() => h.close());

const manifest = loadManifest();
const SURVEYS = 'crm.objects.feedback_submissions.read';

/** Our install link → HubSpot's consent for PORTAL_A → HubSpot's redirect back (which runs the first full sync). */
const installThroughConsent = async () => {
  const start = await request(h.app).get('/oauth/install');
  const outcome = h.sandbox.oauth.authorize(start.headers.location ?? '', { portalId: PORTAL_A });
  if (!outcome.ok) throw new Error(outcome.message);
  const back = new URL(outcome.location);
  const res = await request(h.app).get(back.pathname + back.search);
  return { res, granted: outcome.grantedScopes };
};

const installer = () => h.sandbox.dataset(PORTAL_A).owners[0]?.userId ?? 0;
const companies = () => h.sandbox.dataset(PORTAL_A).objects.companies.filter((c) => !c.archived);

/** The signed card of every company of the portal, parsed with the shared contract. */
const cards = async () =>
  Promise.all(
    companies().map(async (company) => {
      const res = await signedRequest(h.app, 'GET', `/api/v1/companies/${company.id}/health`, {
        userId: installer(),
      }).req;
      expect(res.status).toBe(200);
      const view = ZCompanyHealthView.parse(res.body);
      if (view.status !== 'ready') throw new Error(`company ${company.id} is still syncing`);
      return view;
    }),
  );

describe('accounts on every HubSpot tier', () => {
  it('an account without feedback surveys: install and sync succeed, cards show support and renewals, NPS/CSAT unavailable', async () => {
    h = await buildHarness({ realSync: true, ungrantableScopes: { [PORTAL_A]: [SURVEYS] } });
    const { res, granted } = await installThroughConsent();
    expect(res.status).toBe(200);
    expect(res.text).toContain('Pulse is installed');
    expect(granted).not.toContain(SURVEYS);
    expect(granted).toEqual(expect.arrayContaining([...manifest.auth.requiredScopes, 'tickets']));
    const stored = await h.store.forPortal(PORTAL_A).installation.get();
    expect(stored?.scopes).not.toContain(SURVEYS);
    expect((await h.store.forPortal(PORTAL_A).syncRuns.list(1))[0]?.status).toBe('succeeded');
    // the sync never asked HubSpot for what the account cannot give
    const calls = Object.keys(h.sandbox.stats().byEndpoint);
    expect(calls.filter((endpoint) => endpoint.includes('feedback_submissions'))).toEqual([]);
    expect(h.sandbox.stats().forbidden).toBe(0);

    const views = await cards();
    expect(views.flatMap((v) => v.unavailableSources ?? [])).toEqual(
      views.map(() => ({ source: 'surveys', reason: 'not_granted', scopes: [SURVEYS] })),
    );
    // support and renewal numbers are there; NPS and CSAT have no responses
    expect(
      views.reduce((sum, v) => sum + v.snapshot.support.createdLast30 + v.snapshot.support.open, 0),
    ).toBeGreaterThan(0);
    expect(views.some((v) => v.snapshot.renewal.next !== null || v.snapshot.financial.arr !== null)).toBe(
      true,
    );
    expect(views.every((v) => v.snapshot.nps.responses === 0 && v.snapshot.csat.responses === 0)).toBe(true);
    const message = unavailableSourceMessage({ source: 'surveys', reason: 'not_granted', scopes: [SURVEYS] });
    expect(message).toContain('NPS and CSAT need HubSpot feedback surveys (Service Hub Professional)');

    // the portfolio and the settings say the same; the settings offer admins the re-authorize link
    const portfolio = await signedRequest(h.app, 'GET', '/api/v1/portfolio', { userId: installer() }).req;
    expect(ZPortfolioView.parse(portfolio.body).unavailableSources).toEqual([
      { source: 'surveys', reason: 'not_granted', scopes: [SURVEYS] },
    ]);
    const settings = await signedRequest(h.app, 'GET', '/api/v1/settings', { userId: installer() }).req;
    const view = ZSettingsView.parse(settings.body);
    expect(view.unavailableSources?.map((u) => u.source)).toEqual(['surveys']);
    expect(view.reauthorizeUrl).toBe(`${PUBLIC_URL}/oauth/install`);
  });

  it('an account without tickets: install and sync succeed, support is unavailable, surveys still count', async () => {
    h = await buildHarness({ realSync: true, ungrantableScopes: { [PORTAL_A]: ['tickets'] } });
    const { res } = await installThroughConsent();
    expect(res.status).toBe(200);
    expect((await h.store.forPortal(PORTAL_A).syncRuns.list(1))[0]?.status).toBe('succeeded');
    expect(Object.keys(h.sandbox.stats().byEndpoint).filter((e) => /tickets/.test(e))).toEqual([]);
    const views = await cards();
    for (const v of views)
      expect(v.unavailableSources).toEqual([
        { source: 'tickets', reason: 'not_granted', scopes: ['tickets'] },
      ]);
    expect(views.every((v) => v.snapshot.support.open === 0 && v.snapshot.support.createdLast30 === 0)).toBe(
      true,
    );
    expect(views.reduce((sum, v) => sum + v.snapshot.nps.responses, 0)).toBeGreaterThan(0);
  });

  it('a 403 MISSING_SCOPES while reading marks that source refused instead of failing the sync', async () => {
    h = await buildHarness({ realSync: true });
    // granted at install, then taken away in HubSpot (the sandbox refuses feedback reads from now on)
    const { res } = await installThroughConsent();
    expect(res.status).toBe(200);
    h.sandbox.oauth.revoke(PORTAL_A);
    const second = h.sandbox.oauth.issueCode(PORTAL_A, [
      ...manifest.auth.requiredScopes,
      'tickets',
      'crm.objects.contacts.read',
    ]);
    const start = await request(h.app).get('/oauth/install');
    const state = new URL(start.headers.location ?? '').searchParams.get('state') ?? '';
    // the install records what the token grants; pretend our records still say surveys were granted
    expect(
      (await request(h.app).get(`/oauth/callback?code=${second}&state=${encodeURIComponent(state)}`)).status,
    ).toBe(200);
    const portal = h.store.forPortal(PORTAL_A);
    const installation = await portal.installation.get();
    if (installation === null) throw new Error('not installed');
    await portal.installation.upsert({ ...installation, scopes: [...installation.scopes, SURVEYS] });
    const sync = await signedRequest(h.app, 'POST', '/api/v1/sync', {
      userId: installer(),
      body: { full: true },
    }).req;
    expect(sync.status).toBe(202);
    expect((await portal.syncRuns.list(1))[0]?.status).toBe('succeeded');
    expect(h.sandbox.stats().forbidden).toBeGreaterThan(0);
    const [view] = await cards();
    expect(view?.unavailableSources).toEqual([{ source: 'surveys', reason: 'refused', scopes: [SURVEYS] }]);
  });
});
