import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ZRecomputeStatus,
  ZSettingsPreview,
  ZSettingsView,
  defaultSettings,
  type Settings,
  type SettingsPreview,
} from '@pulse/shared';
import { mapAdoptionProperty } from '../../../extension/views/settings/adoption-mapping';
import { loadManifest } from '../../../server/src/services/manifest';
import { startRecomputeStatus } from '../../../server/src/services/settings-recompute';
import { buildHarness, installPortal, PORTAL_A, signedRequest, type Harness } from './harness';

let h: Harness;
/** the installing user, an admin */
let admin = 0;
afterEach(() => h.close());

/** Installs PORTAL_A through OAuth and runs its first full sync for real (records, snapshots). */
const installAndSync = async () => {
  h = await buildHarness({ realSync: true });
  const res = await request(h.app).get('/oauth/install');
  const state = new URL(res.headers.location ?? '').searchParams.get('state') ?? '';
  const manifest = loadManifest();
  const code = h.sandbox.oauth.issueCode(PORTAL_A, [
    ...manifest.auth.requiredScopes,
    ...manifest.auth.optionalScopes,
  ]);
  const callback = await request(h.app).get(
    `/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`,
  );
  expect(callback.status).toBe(200);
  admin = h.sandbox.dataset(PORTAL_A).owners[0]?.userId ?? 0;
  await h.app.background.idle();
  expect(await h.store.forPortal(PORTAL_A).snapshots.status()).toMatchObject({ count: 6 });
};

const preview = async (settings: Settings): Promise<SettingsPreview> => {
  const res = await signedRequest(h.app, 'POST', '/api/v1/settings/preview', {
    userId: admin,
    body: { settings },
  }).req;
  expect(res.status).toBe(200);
  return ZSettingsPreview.parse(res.body);
};

/** Saves, waits for the recompute the save started, and answers with what each company shows afterwards. */
const saveAndRecompute = async (settings: Settings) => {
  const current = ZSettingsView.parse(
    (await signedRequest(h.app, 'GET', '/api/v1/settings', { userId: admin }).req).body,
  );
  const saved = await signedRequest(h.app, 'PUT', '/api/v1/settings', {
    userId: admin,
    body: { settings, expectedVersion: current.version },
  }).req;
  expect(saved.status).toBe(200);
  await h.app.background.idle();
  const status = ZRecomputeStatus.parse(
    (await signedRequest(h.app, 'GET', '/api/v1/settings/recompute', { userId: admin }).req).body,
  );
  const shown = new Map(
    (await h.store.forPortal(PORTAL_A).snapshots.list()).map((s) => [
      s.companyId,
      { band: s.health.band, score: s.health.score, risk: s.renewal.risk.level },
    ]),
  );
  return { status, shown };
};

/** The preview's promise, company by company: each listed company shows exactly the previewed band and level. */
const expectPreviewKept = (p: SettingsPreview, shown: Map<string, { band: unknown; risk: unknown }>) => {
  for (const change of p.changes)
    expect(shown.get(change.companyId), change.companyName).toMatchObject({
      band: change.band.to,
      risk: change.risk.to,
    });
  const bands = { healthy: 0, monitor: 0, at_risk: 0, no_data: 0 };
  for (const s of shown.values()) bands[(s.band as keyof typeof bands | null) ?? 'no_data'] += 1;
  expect(bands).toEqual(p.proposed);
};

describe('settings preview = what a save recomputes', () => {
  it('maps an adoption property never synced: the preview reads its values, the save stores and scores them', async () => {
    await installAndSync();
    const before = new Map(
      (await h.store.forPortal(PORTAL_A).snapshots.list()).map((s) => [s.companyId, s.health.band]),
    );
    const mapped = mapAdoptionProperty(structuredClone(defaultSettings), {
      name: 'pulse_license_utilization',
      label: 'Licence utilisation (%)',
    });
    // heavy on adoption, so licence utilisation decides bands
    mapped.scoring.groups = mapped.scoring.groups.map((g) =>
      g.key === 'adoption' ? { ...g, weight: 80 } : g,
    );

    const p = await preview(mapped);
    expect(p.propertiesRead).toEqual(['pulse_license_utilization']);
    expect(p.changed).toBeGreaterThan(0);
    expect(p.changes.filter((c) => c.band.from !== c.band.to)).toHaveLength(p.changed);
    for (const change of p.changes) expect(before.get(change.companyId)).toBe(change.band.from);

    const { status, shown } = await saveAndRecompute(mapped);
    expectPreviewKept(p, shown);
    const moved = [...shown].filter(([id, s]) => before.get(id) !== s.band).map(([id]) => id);
    expect(moved.sort()).toEqual(
      p.changes
        .filter((c) => c.band.from !== c.band.to)
        .map((c) => c.companyId)
        .sort(),
    );
    expect(status).toMatchObject({ state: 'done', version: 1, done: 6, total: 6, bandChanged: p.changed });
    // the values were stored: a second preview of the same settings reads nothing and changes nothing
    const again = await preview(mapped);
    expect(again).toMatchObject({ propertiesRead: [], changed: 0, riskChanged: 0, changes: [] });
  });

  it('previews renewal-risk levels: the companies listed are the ones whose level moves after saving', async () => {
    await installAndSync();
    const strict = structuredClone(defaultSettings);
    strict.risk.levels = { medium: 1, high: 2, critical: 3 };
    strict.risk.healthFactor = 1;

    const p = await preview(strict);
    expect(p.riskChanged).toBeGreaterThan(0);
    expect(p.changed).toBe(0);
    expect(p.changes).toHaveLength(p.riskChanged);

    const { status, shown } = await saveAndRecompute(strict);
    expectPreviewKept(p, shown);
    expect(status).toMatchObject({ state: 'done', bandChanged: 0, riskChanged: p.riskChanged });
  });

  it('previews band thresholds: counts per band before and after, and every company that moves', async () => {
    await installAndSync();
    const strict = structuredClone(defaultSettings);
    strict.scoring.bands = { healthy: 100, monitor: 99 };
    const p = await preview(strict);
    const sum = (c: SettingsPreview['current']) => c.healthy + c.monitor + c.at_risk + c.no_data;
    expect([p.companies, sum(p.current), sum(p.proposed)]).toEqual([6, 6, 6]);
    expect(p.proposed.healthy).toBeLessThan(p.current.healthy);
    expect(p.changed).toBeGreaterThan(0);
    expect(p.changes.filter((c) => c.band.from !== c.band.to)).toHaveLength(p.changed);
    const { shown } = await saveAndRecompute(strict);
    expectPreviewKept(p, shown);
  });

  it('reports a recompute that stopped reporting (its process died) as failed, not running forever', async () => {
    let clock = Date.now();
    h = await buildHarness({ now: () => clock });
    await installPortal(h.store, PORTAL_A, { installerUserId: 42 });
    // a save's recompute started, and its process died before the first progress report
    await startRecomputeStatus(h.store.forPortal(PORTAL_A), 1, clock);
    const status = async () =>
      ZRecomputeStatus.parse(
        (await signedRequest(h.app, 'GET', '/api/v1/settings/recompute', { timestamp: clock }).req).body,
      );
    expect(await status()).toMatchObject({ state: 'running', version: 1 });
    clock += 16 * 60_000;
    expect(await status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/next sync/) });
  });

  it('refuses invalid candidate settings with the field named, and non-admins', async () => {
    h = await buildHarness();
    await installPortal(h.store, PORTAL_A, { installerUserId: 42 });
    const bad = structuredClone(defaultSettings) as unknown as { risk: { levels: unknown } };
    bad.risk.levels = { medium: 60, high: 50, critical: 75 };
    const res = await signedRequest(h.app, 'POST', '/api/v1/settings/preview', { body: { settings: bad } })
      .req;
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { path: string }) => f.path).join(' ')).toContain('settings.risk.levels');
    // a preview can read from HubSpot (newly mapped properties): admins only, like saving
    const forbidden = await signedRequest(h.app, 'POST', '/api/v1/settings/preview', {
      userId: 7,
      body: { settings: defaultSettings },
    }).req;
    expect(forbidden.status).toBe(403);
  });
});
