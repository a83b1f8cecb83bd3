import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZPortfolioView, ZSettingsView, defaultSettings } from '@pulse/shared';
import { buildOwner } from '../../factories';
import { buildSnapshot } from '../store/snapshot-factory';
import { buildHarness, installPortal, PORTAL_A, signedRequest, type Harness } from './harness';

let h: Harness;
const OWNERS = [
  buildOwner({
    id: 'o1',
    userId: 42,
    firstName: 'Ada',
    lastName: 'Lovelace',
    teams: [{ id: 't1', name: 'Enterprise', primary: true }],
  }),
  buildOwner({
    id: 'o2',
    userId: 43,
    firstName: 'Bo',
    lastName: 'Diddley',
    teams: [{ id: 't2', name: 'SMB', primary: true }],
  }),
];

/** 30 companies; health repeats every 5 (ties on purpose), owners alternate, a third has no score. */
const seedPortfolio = async () => {
  const snapshots = Array.from({ length: 30 }, (_, i) => {
    const id = String(1000 + i);
    const score = i % 3 === 2 ? null : 20 + (i % 5) * 15;
    return {
      ...buildSnapshot(id, { score, name: `Company ${String.fromCharCode(65 + (i % 26))}${i}` }),
      ownerId: i % 2 === 0 ? 'o1' : 'o2',
    };
  });
  await h.store.forPortal(PORTAL_A).snapshots.put(snapshots, { syncedAt: Date.now() });
  await h.store.forPortal(PORTAL_A).owners.replace(OWNERS);
  return snapshots;
};

beforeEach(async () => {
  h = await buildHarness();
  await installPortal(h.store, PORTAL_A, { installerUserId: 42 });
});
afterEach(() => h.close());

const portfolio = async (query: string, userId = 42) => {
  const res = await signedRequest(h.app, 'GET', `/api/v1/portfolio?${query}`, { userId }).req;
  expect(res.status).toBe(200);
  return ZPortfolioView.parse(res.body);
};

describe('GET /portfolio', () => {
  it('filters by owner ("me" = the caller’s owner), team and band, with KPIs over the filtered set', async () => {
    await seedPortfolio();
    const mine = await portfolio('owner=me&limit=100');
    expect(mine.myOwnerId).toBe('o1');
    expect(mine.total).toBe(15);
    expect(mine.rows.every((r) => r.ownerId === 'o1')).toBe(true);
    expect(
      mine.kpis.health.bands.healthy +
        mine.kpis.health.bands.monitor +
        mine.kpis.health.bands.at_risk +
        mine.kpis.health.bands.no_data,
    ).toBe(15);

    const smb = await portfolio('team=t2&limit=100');
    expect(smb.rows.every((r) => r.ownerId === 'o2')).toBe(true);
    expect(smb.total).toBe(15);

    const noData = await portfolio('band=no_data&limit=100');
    expect(noData.total).toBe(10);
    expect(noData.rows.every((r) => r.health === null)).toBe(true);
    expect(mine.owners.map((o) => o.name)).toEqual(['Ada Lovelace', 'Bo Diddley']);
  });

  it('pages with an opaque cursor: stable under ties, no row twice or skipped, nulls last', async () => {
    await seedPortfolio();
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await portfolio(
          `sort=health&order=${order}&limit=7${cursor === null ? '' : `&cursor=${cursor}`}`,
        );
        seen.push(...page.rows.map((r) => r.companyId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(pages).toBe(5);
      expect(seen).toHaveLength(30);
      expect(new Set(seen).size).toBe(30);
      const all = await portfolio(`sort=health&order=${order}&limit=100`);
      expect(all.rows.map((r) => r.companyId)).toEqual(seen);
      const scores = all.rows.map((r) => r.health);
      expect(scores.slice(-10).every((s) => s === null)).toBe(true);
      const scored = scores.filter((s): s is number => s !== null);
      expect(scored).toEqual([...scored].sort((a, b) => (order === 'asc' ? a - b : b - a)));
    }
  });

  it('sorts on every column and refuses a cursor from another sort', async () => {
    await seedPortfolio();
    for (const sort of [
      'name',
      'owner',
      'health',
      'trend',
      'renewalDate',
      'renewalAmount',
      'risk',
      'nps',
      'arr',
    ]) {
      const view = await portfolio(`sort=${sort}&limit=5`);
      expect(view.rows).toHaveLength(5);
    }
    const byName = await portfolio('sort=name&limit=3');
    expect(byName.rows.map((r) => r.name)).toEqual(['Company A0', 'Company A26', 'Company B1']);
    const res = await signedRequest(h.app, 'GET', `/api/v1/portfolio?sort=health&cursor=${byName.nextCursor}`)
      .req;
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad_request');
  });

  it('counts the same companies in the renewal KPIs and the renewal filters; overdue ones apart', async () => {
    const DAY = 86_400_000;
    const renewal = (id: string, days: number, amount: number) => ({
      dealId: `d${id}`,
      name: `Renewal ${id}`,
      closeDate: new Date(Date.now() + days * DAY + DAY / 2).toISOString(),
      amount,
      daysToRenewal: days,
      isOverdue: days < 0,
      stageLabel: 'Negotiation',
      daysInStage: 3,
    });
    // days to the renewal per company; "o" = an overdue renewal (and maybe a next one too)
    const plan: [string, { next?: number; overdue?: number }][] = [
      ['1', { next: 0 }],
      ['2', { next: 12 }],
      ['3', { next: 30 }],
      ['4', { next: 31 }],
      ['5', { next: 75 }],
      ['6', { overdue: -10 }],
      ['7', { overdue: -40, next: 20 }],
      ['8', { next: -2 }], // the "next" renewal passed since the snapshot was taken: overdue now
      ['9', {}],
    ];
    const snapshots = plan.map(([id, p]) => {
      const base = buildSnapshot(id);
      return {
        ...base,
        renewal: {
          ...base.renewal,
          next: p.next === undefined ? null : renewal(id, p.next, 1000 * Number(id)),
          overdue: p.overdue === undefined ? [] : [renewal(`${id}o`, p.overdue, 100 * Number(id))],
        },
      };
    });
    await h.store.forPortal(PORTAL_A).snapshots.put(snapshots, { syncedAt: Date.now() });
    const ids = (view: { rows: { companyId: string }[] }) => view.rows.map((r) => r.companyId).sort();

    const all = await portfolio('limit=100');
    const due30 = await portfolio('renewalWithinDays=30&limit=100');
    const due90 = await portfolio('renewalWithinDays=90&limit=100');
    const overdue = await portfolio('renewalOverdue=true&limit=100');
    expect(ids(due30)).toEqual(['1', '2', '3', '7']);
    expect(all.kpis.financial.renewalsDue30).toEqual({
      count: due30.total,
      amount: 1000 + 2000 + 3000 + 7000,
    });
    expect(ids(due90)).toEqual(['1', '2', '3', '4', '5', '7']);
    expect(all.kpis.financial.renewalsDue90.count).toBe(due90.total);
    expect(ids(overdue)).toEqual(['6', '7', '8']);
    expect(all.kpis.financial.renewalsOverdue).toEqual({ count: overdue.total, amount: 600 + 700 + 8000 });
    // the KPIs of a filtered selection agree with it too
    expect(due30.kpis.financial.renewalsDue30.count).toBe(due30.total);
    expect(overdue.kpis.financial.renewalsOverdue.count).toBe(overdue.total);
    const notOverdue = await portfolio('renewalOverdue=false&limit=100');
    expect(ids(notOverdue)).toEqual(['1', '2', '3', '4', '5', '9']);
  });

  it('rejects an unknown sort with the field named', async () => {
    const res = await signedRequest(h.app, 'GET', '/api/v1/portfolio?sort=vibes&limit=500').req;
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['limit', 'sort']);
  });
});

describe('settings API', () => {
  const getSettings = async (userId = 42) =>
    ZSettingsView.parse((await signedRequest(h.app, 'GET', '/api/v1/settings', { userId }).req).body);

  it('shows defaults at version 0, editable only by admins', async () => {
    const view = await getSettings();
    expect(view).toMatchObject({ version: 0, canEdit: true, updatedAt: null });
    expect(view.settings).toEqual(defaultSettings);
    expect((await getSettings(7)).canEdit).toBe(false);
  });

  it('saves with optimistic concurrency, recomputes everything in the background, and refuses a stale version', async () => {
    const settings = structuredClone(defaultSettings);
    settings.scoring.bands.healthy = 75;
    const saved = await signedRequest(h.app, 'PUT', '/api/v1/settings', {
      body: { settings, expectedVersion: 0 },
    }).req;
    expect(saved.status).toBe(200);
    expect(ZSettingsView.parse(saved.body)).toMatchObject({ version: 1, updatedBy: 'csm@example.com' });
    await h.app.background.idle();
    expect(h.recomputes).toEqual([{ portalId: PORTAL_A, companyIds: 'all' }]);

    const stale = await signedRequest(h.app, 'PUT', '/api/v1/settings', {
      body: { settings, expectedVersion: 0 },
    }).req;
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('conflict');
  });

  it('names each invalid field, and refuses non-admins', async () => {
    const settings = structuredClone(defaultSettings);
    settings.scoring.bands = { healthy: 30, monitor: 60 };
    (settings.risk as { healthFactor: unknown }).healthFactor = 'lots';
    const res = await signedRequest(h.app, 'PUT', '/api/v1/settings', {
      body: { settings, expectedVersion: 0 },
    }).req;
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.fields.map((f: { path: string }) => f.path)).toContain('settings.risk.healthFactor');

    const forbidden = await signedRequest(h.app, 'PUT', '/api/v1/settings', {
      userId: 7,
      body: { settings: defaultSettings, expectedVersion: 0 },
    }).req;
    expect(forbidden.status).toBe(403);
  });
});

describe('sync status', () => {
  it('reports never before a sync and the last run after one', async () => {
    const never = await signedRequest(h.app, 'GET', '/api/v1/sync').req;
    expect(never.body).toMatchObject({ state: 'never', lastRun: null });
    const portal = h.store.forPortal(PORTAL_A);
    const run = await portal.syncRuns.start('full', Date.now() - 5000);
    const running = await signedRequest(h.app, 'GET', '/api/v1/sync').req;
    expect(running.body.state).toBe('running');
    await portal.syncRuns.finish(run, { status: 'succeeded', error: null });
    const idle = await signedRequest(h.app, 'GET', '/api/v1/sync').req;
    expect(idle.body).toMatchObject({ state: 'idle', lastRun: { status: 'succeeded', kind: 'full' } });
    expect(idle.body.nextRunAt).not.toBeNull();
  });

  it('shows "syncing" on the card for a company before the first sync finishes', async () => {
    const res = await signedRequest(h.app, 'GET', '/api/v1/companies/123/health').req;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'syncing', sync: { state: 'never' } });
  });
});
