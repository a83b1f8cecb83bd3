import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '@pulse/shared';
import {
  StoreConflictError,
  StoreDataError,
  type Installation,
  type Store,
} from '../../../server/src/store/store';
import { testCipher } from './test-store';
import {
  buildCompany,
  buildContact,
  buildDeal,
  buildOwner,
  buildPipelines,
  buildResponse,
  buildTicket,
  NOW,
} from '../../factories';
import { buildSnapshot, buildVerbatim } from './snapshot-factory';

export type OpenedStore = {
  /** a store on a fresh, NOT yet migrated database */
  store: Store;
  /** the URL it was opened with (for a child process) */
  url: string;
  /** runs raw SQL on the same database (to look at encrypted columns, to corrupt rows) */
  raw(sqlText: string): Promise<Record<string, unknown>[]>;
};
export type StoreHarness = { open(): Promise<OpenedStore>; cleanup(): Promise<void> };

let portalSeq = 100;
/** Each test works in its own portals, so tests share one database without seeing each other. */
const newPortal = () => ++portalSeq;

export function defineStoreSuite(harness: () => StoreHarness): void {
  let h: StoreHarness;
  let opened: OpenedStore;
  let store: Store;

  beforeAll(async () => {
    h = harness();
    opened = await h.open();
    store = opened.store;
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    await h?.cleanup();
  });

  describe('migrations', () => {
    it('reports pending migrations on a fresh database, applies them, and is idempotent', async () => {
      const fresh = await h.open();
      try {
        expect(await fresh.store.migrationStatus()).toEqual({ current: false, pending: ['001_initial'] });
        await fresh.store.migrate();
        expect(await fresh.store.migrationStatus()).toEqual({ current: true, pending: [] });
        await fresh.store.upsertCompanies(1, [buildCompany({ id: 'c1' })], { generation: 1 });
        await fresh.store.migrate();
        expect(await fresh.store.migrationStatus()).toEqual({ current: true, pending: [] });
        expect((await fresh.store.countRecords(1)).companies).toBe(1);
      } finally {
        await fresh.store.close();
      }
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });

  describe('installations', () => {
    const install = (portalId: number, over: Partial<Installation> = {}): Installation => ({
      portalId,
      mode: 'oauth',
      status: 'active',
      scopes: ['crm.objects.companies.read', 'oauth'],
      accessToken: 'CJSP-access-token-secret',
      refreshToken: 'na1-refresh-token-secret',
      accessTokenExpiresAt: NOW + 1_800_000,
      hubDomain: 'acme.hubspot.com',
      installedAt: NOW,
      updatedAt: NOW,
      ...over,
    });

    it('round-trips an installation with tokens encrypted at rest', async () => {
      const portal = newPortal();
      await store.upsertInstallation(install(portal));
      expect(await store.getInstallation(portal)).toEqual(install(portal));

      const [row] = await opened.raw(
        `select access_token, refresh_token from installations where portal_id = ${portal}`,
      );
      expect(row?.access_token).not.toContain('CJSP-access-token-secret');
      expect(row?.refresh_token).not.toContain('na1-refresh-token-secret');
      expect(testCipher.decrypt(String(row?.access_token))).toBe('CJSP-access-token-secret');
    });

    it('updates tokens and status, keeps the first install time on re-install, lists by status', async () => {
      const portal = newPortal();
      await store.upsertInstallation(install(portal));
      await store.updateTokens(
        portal,
        { accessToken: 'new-access', refreshToken: 'new-refresh', accessTokenExpiresAt: NOW + 5 },
        NOW + 1,
      );
      let got = await store.getInstallation(portal);
      expect(got).toMatchObject({
        accessToken: 'new-access',
        refreshToken: 'new-refresh',
        accessTokenExpiresAt: NOW + 5,
        updatedAt: NOW + 1,
      });

      await store.setInstallationStatus(portal, 'disconnected', NOW + 2);
      expect((await store.listInstallations({ status: 'active' })).map((i) => i.portalId)).not.toContain(
        portal,
      );
      expect((await store.listInstallations({ status: 'disconnected' })).map((i) => i.portalId)).toContain(
        portal,
      );

      await store.upsertInstallation(
        install(portal, { installedAt: NOW + 100, updatedAt: NOW + 100, accessToken: null }),
      );
      got = await store.getInstallation(portal);
      expect(got).toMatchObject({
        installedAt: NOW,
        updatedAt: NOW + 100,
        accessToken: null,
        status: 'active',
      });
    });

    it('refuses to update tokens or status of a portal that is not installed', async () => {
      const portal = newPortal();
      const tokens = { accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: null };
      await expect(store.updateTokens(portal, tokens)).rejects.toMatchObject({ code: 'not_installed' });
      await expect(store.setInstallationStatus(portal, 'active')).rejects.toThrow(
        `portal ${portal} has no installation`,
      );
      expect(await store.getInstallation(portal)).toBeNull();
    });
  });

  describe('records and bundles', () => {
    it('upserts idempotently and reflects the latest payload', async () => {
      const portal = newPortal();
      const tickets = Array.from({ length: 1200 }, (_, i) =>
        buildTicket({ id: `t${i}`, primaryCompanyId: 'c1', companyIds: ['c1'] }),
      );
      await store.upsertCompanies(portal, [buildCompany({ id: 'c1' })], { generation: 1 });
      await store.upsertTickets(portal, tickets, { generation: 1 });
      await store.upsertTickets(portal, tickets, { generation: 1 });
      await store.upsertTickets(portal, [{ ...tickets[0]!, subject: 'changed', priority: 'URGENT' }], {
        generation: 1,
      });
      expect(await store.countRecords(portal)).toEqual({
        companies: 1,
        contacts: 0,
        deals: 0,
        tickets: 1200,
        responses: 0,
      });
      const bundle = await store.loadCompanyBundle(portal, 'c1');
      expect(bundle?.tickets).toHaveLength(1200);
      expect(bundle?.tickets.find((t) => t.id === 't0')).toMatchObject({
        subject: 'changed',
        priority: 'URGENT',
      });
    });

    it('reads stored records of one type by id, archived ones included, leaving out ids it does not have', async () => {
      const portal = newPortal();
      const other = newPortal();
      const companies = Array.from({ length: 1100 }, (_, i) =>
        buildCompany({ id: `c${i}`, name: `Company ${i}` }),
      );
      await store.upsertCompanies(portal, [...companies, buildCompany({ id: 'gone', archived: true })], {
        generation: 1,
      });
      await store.upsertCompanies(other, [buildCompany({ id: 'elsewhere' })], { generation: 1 });
      const deal = buildDeal({ id: 'c1', primaryCompanyId: 'c1', companyIds: ['c1'] });
      await store.upsertDeals(portal, [deal], { generation: 1 });
      const found = await store.getRecords(portal, 'companies', [
        ...companies.map((c) => c.id),
        'gone',
        'missing',
        'elsewhere',
      ]);
      expect(found.size).toBe(1101);
      expect(found.get('c1050')).toEqual(companies[1050]);
      expect(found.get('gone')?.archived).toBe(true);
      expect(found.has('missing')).toBe(false);
      expect(found.has('elsewhere')).toBe(false);
      // the same id in another type is another record
      expect(await store.getRecords(portal, 'deals', ['c1', 'c2'])).toEqual(new Map([['c1', deal]]));
      expect(await store.getRecords(portal, 'tickets', [])).toEqual(new Map());
    });

    it('keeps the last of duplicate ids inside one batch', async () => {
      const portal = newPortal();
      await store.upsertDeals(
        portal,
        [buildDeal({ id: 'd1', name: 'first' }), buildDeal({ id: 'd1', name: 'second' })],
        { generation: 1 },
      );
      expect((await store.countRecords(portal)).deals).toBe(1);
    });

    it('sweeps records a completed full sync did not see, keeping newer ones', async () => {
      const portal = newPortal();
      await store.upsertCompanies(portal, [buildCompany({ id: 'c1' })], { generation: 1 });
      const t = (id: string) => buildTicket({ id, primaryCompanyId: 'c1', companyIds: ['c1'] });
      await store.upsertTickets(portal, [t('old'), t('seen')], { generation: 1 });
      await store.upsertTickets(portal, [t('seen')], { generation: 5 }); // the full sync
      await store.upsertTickets(portal, [t('later')], { generation: 7 }); // an incremental after it
      expect(await store.sweepRecords(portal, 'tickets', 5)).toBe(1);
      const bundle = await store.loadCompanyBundle(portal, 'c1');
      expect(bundle?.tickets.map((x) => x.id)).toEqual(['later', 'seen']);
    });

    it('sweeps contacts with their company links', async () => {
      const portal = newPortal();
      await store.upsertCompanies(portal, [buildCompany({ id: 'c1', associatedContacts: 9 })], {
        generation: 1,
      });
      await store.upsertContacts(
        portal,
        [buildContact({ id: 'p1', primaryCompanyId: 'c1', companyIds: ['c1'] })],
        { generation: 1 },
      );
      expect((await store.loadCompanyBundle(portal, 'c1'))?.contactCount).toBe(1);
      await store.sweepRecords(portal, 'contacts', 2);
      expect((await store.loadCompanyBundle(portal, 'c1'))?.contactCount).toBe(9);
    });

    it('attributes deals, tickets and responses per the attribution rules', async () => {
      const portal = newPortal();
      const g = { generation: 1 };
      await store.upsertCompanies(
        portal,
        [
          buildCompany({ id: 'A', associatedContacts: 40 }),
          buildCompany({ id: 'B', associatedContacts: 7 }),
          buildCompany({ id: 'Z', archived: true }),
        ],
        g,
      );
      // Responses arrive before their contacts and tickets: attribution is resolved when bundles load.
      await store.upsertResponses(
        portal,
        [
          buildResponse({ id: 'r-contact', contactId: 'p1', ticketId: 'tB' }), // contact wins over ticket
          buildResponse({ id: 'r-ticket', contactId: null, ticketId: 'tB' }),
          buildResponse({ id: 'r-nocompany-contact', contactId: 'p-nocompany', ticketId: 'tB' }), // falls back to ticket
          buildResponse({ id: 'r-unknown-contact', contactId: 'p-missing', ticketId: 'tA' }), // contact not stored
          buildResponse({ id: 'r-archived', contactId: 'p1', archived: true }),
          buildResponse({ id: 'r-archived-contact', contactId: 'p-archived', ticketId: null }),
        ],
        g,
      );
      await store.upsertContacts(
        portal,
        [
          buildContact({ id: 'p1', primaryCompanyId: 'A', companyIds: ['A', 'B'] }), // two companies → primary only
          buildContact({ id: 'p-nocompany', primaryCompanyId: null, companyIds: [] }),
          buildContact({ id: 'p-archived', primaryCompanyId: 'A', companyIds: ['A'], archived: true }),
        ],
        g,
      );
      await store.upsertDeals(
        portal,
        [
          buildDeal({ id: 'dA', primaryCompanyId: 'A', companyIds: ['A', 'B'] }),
          buildDeal({ id: 'dOnly', primaryCompanyId: null, companyIds: ['B'] }),
          buildDeal({ id: 'dArchived', primaryCompanyId: 'A', companyIds: ['A'], archived: true }),
          buildDeal({ id: 'dZ', primaryCompanyId: 'Z', companyIds: ['Z'] }),
        ],
        g,
      );
      await store.upsertTickets(
        portal,
        [
          buildTicket({ id: 'tA', primaryCompanyId: 'A', companyIds: ['A'] }),
          buildTicket({ id: 'tB', primaryCompanyId: 'B', companyIds: ['B'] }),
        ],
        g,
      );

      const a = await store.loadCompanyBundle(portal, 'A');
      const b = await store.loadCompanyBundle(portal, 'B');
      expect(a?.deals.map((d) => d.id)).toEqual(['dA']);
      expect(b?.deals.map((d) => d.id)).toEqual(['dOnly']);
      expect(a?.tickets.map((t) => t.id)).toEqual(['tA']);
      expect(a?.responses.map((r) => r.id).sort()).toEqual(['r-contact', 'r-unknown-contact']);
      expect(b?.responses.map((r) => r.id).sort()).toEqual(['r-nocompany-contact', 'r-ticket']);
      // stored contacts are counted (any association, archived excluded); without any, HubSpot's count
      expect(a?.contactCount).toBe(1);
      expect(b?.contactCount).toBe(1);
      expect(await store.loadCompanyBundle(portal, 'Z')).toBeNull();
      expect(await store.loadCompanyBundle(portal, 'missing')).toBeNull();
    });

    it('streams every non-archived company in bounded batches, or just the requested ones', async () => {
      const portal = newPortal();
      const companies = Array.from({ length: 23 }, (_, i) =>
        buildCompany({ id: `c${String(i).padStart(2, '0')}`, archived: i === 5 }),
      );
      await store.upsertCompanies(portal, companies, { generation: 1 });
      await store.upsertDeals(
        portal,
        [buildDeal({ id: 'd', primaryCompanyId: 'c22', companyIds: ['c22'] })],
        { generation: 1 },
      );

      const batches: string[][] = [];
      for await (const batch of store.iterateCompanyBundles(portal, { batchSize: 5 }))
        batches.push(batch.map((b) => b.company.id));
      expect(batches.map((b) => b.length)).toEqual([5, 5, 5, 5, 2]);
      expect(batches.flat()).toHaveLength(22);
      expect(batches.flat()).not.toContain('c05');

      const picked: string[] = [];
      for await (const batch of store.iterateCompanyBundles(portal, {
        companyIds: ['c22', 'c05', 'nope', 'c01'],
        batchSize: 2,
      })) {
        for (const bundle of batch) {
          picked.push(bundle.company.id);
          if (bundle.company.id === 'c22') expect(bundle.deals.map((d) => d.id)).toEqual(['d']);
        }
      }
      expect(picked).toEqual(['c01', 'c22']);
    });

    it('tells which companies a set of changed records touches', async () => {
      const portal = newPortal();
      const g = { generation: 1 };
      await store.upsertContacts(
        portal,
        [buildContact({ id: 'p1', primaryCompanyId: 'A', companyIds: ['A', 'B'] })],
        g,
      );
      await store.upsertDeals(portal, [buildDeal({ id: 'd1', primaryCompanyId: 'C', companyIds: ['C'] })], g);
      await store.upsertTickets(
        portal,
        [buildTicket({ id: 't1', primaryCompanyId: 'D', companyIds: ['D'] })],
        g,
      );
      await store.upsertResponses(
        portal,
        [
          buildResponse({ id: 'r1', contactId: 'p1', ticketId: 't1' }),
          buildResponse({ id: 'r2', contactId: null, ticketId: 't1' }),
        ],
        g,
      );
      expect(await store.companiesAffectedBy(portal, [{ objectType: 'deals', ids: ['d1', 'gone'] }])).toEqual(
        ['C'],
      );
      expect(await store.companiesAffectedBy(portal, [{ objectType: 'tickets', ids: ['t1'] }])).toEqual([
        'D',
      ]);
      expect(await store.companiesAffectedBy(portal, [{ objectType: 'responses', ids: ['r1'] }])).toEqual([
        'A',
      ]);
      expect(await store.companiesAffectedBy(portal, [{ objectType: 'responses', ids: ['r2'] }])).toEqual([
        'D',
      ]);
      // a contact: its companies (counts, responses) and its responses' ticket company
      expect(await store.companiesAffectedBy(portal, [{ objectType: 'contacts', ids: ['p1'] }])).toEqual([
        'A',
        'B',
        'D',
      ]);
      expect(
        await store.companiesAffectedBy(portal, [
          { objectType: 'companies', ids: ['X'] },
          { objectType: 'deals', ids: ['d1'] },
        ]),
      ).toEqual(['C', 'X']);
      // deleting the deal: asked before the delete, the old company is known
      await store.deleteRecords(portal, 'deals', ['d1']);
      expect(await store.companiesAffectedBy(portal, [{ objectType: 'deals', ids: ['d1'] }])).toEqual([]);
    });

    it('replaces pipelines and owners and finds an owner by HubSpot user id', async () => {
      const portal = newPortal();
      await store.replacePipelines(portal, buildPipelines());
      await store.replacePipelines(portal, buildPipelines().slice(0, 2));
      expect((await store.getPipelines(portal)).map((p) => p.label).sort()).toEqual([
        'Customer Renewals',
        'Sales Pipeline',
      ]);
      await store.replaceOwners(portal, [
        buildOwner({ id: 'o1', userId: 77, email: 'casey@acme.example' }),
        buildOwner({ id: 'o2' }),
      ]);
      expect(await store.getOwnerByUserId(portal, 77)).toMatchObject({
        id: 'o1',
        email: 'casey@acme.example',
      });
      expect(await store.getOwnerByUserId(portal, 78)).toBeNull();
      expect((await store.getOwners(portal)).map((o) => o.id)).toEqual(['o1', 'o2']);
    });
  });

  describe('snapshots', () => {
    it('swaps a full generation atomically: readers see the old complete set until commit, then only the new', async () => {
      const portal = newPortal();
      const g1 = await store.beginSnapshotGeneration(portal);
      await store.putSnapshots(
        portal,
        [
          buildSnapshot('A', { score: 10 }),
          buildSnapshot('B', { score: 10 }),
          buildSnapshot('C', { score: 10 }),
        ],
        {
          syncedAt: 1,
          generation: g1,
        },
      );
      expect(await store.listSnapshots(portal)).toEqual([]); // nothing live before the first commit
      await store.commitSnapshotGeneration(portal, g1);

      const g2 = await store.beginSnapshotGeneration(portal);
      expect(g2).toBeGreaterThan(g1);
      await store.putSnapshots(
        portal,
        [buildSnapshot('A', { score: 90 }), buildSnapshot('D', { score: 90 })],
        { syncedAt: 2, generation: g2 },
      );
      // mid-build: still the complete old set, and nothing only the new set has
      expect((await store.listSnapshots(portal)).map((s) => [s.companyId, s.health.score])).toEqual([
        ['A', 10],
        ['B', 10],
        ['C', 10],
      ]);
      expect((await store.getSnapshot(portal, 'A'))?.snapshot.health.score).toBe(10);
      expect(await store.getSnapshot(portal, 'D')).toBeNull();
      expect((await store.listSignals(portal)).map((s) => s.companyId)).toEqual(['A', 'B', 'C']);
      await store.putSnapshots(portal, [buildSnapshot('B', { score: 90 })], { syncedAt: 2, generation: g2 });

      // readers racing the commit see one generation or the other, never a mix
      const reads = await Promise.all([
        store.listSnapshots(portal),
        store.commitSnapshotGeneration(portal, g2).then(() => null),
        store.listSnapshots(portal),
        store.listSignals(portal),
      ]);
      for (const read of [reads[0], reads[2]]) {
        const scores = new Set(read!.map((s) => s.health.score));
        expect(scores.size).toBe(1);
      }
      expect((await store.listSnapshots(portal)).map((s) => [s.companyId, s.health.score])).toEqual([
        ['A', 90],
        ['B', 90],
        ['D', 90],
      ]);
      expect(await store.getSnapshot(portal, 'C')).toBeNull();
      expect(await store.getSnapshot(portal, 'A')).toEqual({
        snapshot: buildSnapshot('A', { score: 90 }),
        syncedAt: 2,
      });
      expect(await store.snapshotStatus(portal)).toEqual({ count: 3, lastSyncedAt: 2 });
      await expect(store.commitSnapshotGeneration(portal, g2 + 10)).rejects.toBeInstanceOf(
        StoreConflictError,
      );
    });

    it('updates the live set incrementally, lists signals, deletes snapshots', async () => {
      const portal = newPortal();
      await store.putSnapshots(portal, [buildSnapshot('A', { score: 50 }), buildSnapshot('B')], {
        syncedAt: 5,
      });
      await store.putSnapshots(portal, [buildSnapshot('A', { score: 80 })], { syncedAt: 6 });
      expect((await store.getSnapshot(portal, 'A'))?.snapshot.health.score).toBe(80);
      const signals = await store.listSignals(portal);
      expect(signals.map((s) => [s.companyId, s.signals.nps])).toEqual([
        ['A', 30],
        ['B', 20],
      ]);
      await store.deleteSnapshots(portal, ['B']);
      expect((await store.listSnapshots(portal)).map((s) => s.companyId)).toEqual(['A']);
    });

    it('reports a stored snapshot that no longer matches the schema instead of serving it', async () => {
      const portal = newPortal();
      await store.putSnapshots(portal, [buildSnapshot('A')], { syncedAt: 5 });
      await opened.raw(`update snapshots set payload = '{"companyId":"A"}' where portal_id = ${portal}`);
      await expect(store.getSnapshot(portal, 'A')).rejects.toThrow(
        new RegExp(`company A in portal ${portal}`),
      );
    });
  });

  describe('history', () => {
    it('upserts one entry per company and day and reads oldest first', async () => {
      const portal = newPortal();
      const entry = (companyId: string, date: string, score: number | null) => ({
        companyId,
        date,
        score,
        band: score === null ? null : score >= 70 ? ('healthy' as const) : ('monitor' as const),
        settingsVersion: 1,
        measurePoints: { nps: score, csat: null },
      });
      await store.putHistory(portal, [
        entry('A', '2026-03-02', 60),
        entry('A', '2026-03-01', 55),
        entry('B', '2026-03-01', 90),
      ]);
      await store.putHistory(portal, [entry('A', '2026-03-02', 72.5)]);
      await store.putHistory(portal, [entry('A', '2026-02-01', 10)]);
      expect(await store.getHistory(portal, 'A', '2026-02-15')).toEqual([
        entry('A', '2026-03-01', 55),
        entry('A', '2026-03-02', 72.5),
      ]);
      const both = await store.getHistoryForCompanies(portal, ['A', 'B'], '2026-03-01');
      expect(both.map((e) => [e.companyId, e.date])).toEqual([
        ['A', '2026-03-01'],
        ['A', '2026-03-02'],
        ['B', '2026-03-01'],
      ]);
    });
  });

  describe('settings', () => {
    it('versions settings and rejects a save from a stale version', async () => {
      const portal = newPortal();
      expect(await store.getSettings(portal)).toBeNull();
      const v1 = await store.saveSettings(portal, defaultSettings, {
        expectedVersion: 0,
        updatedBy: 'ann@acme.example',
        now: 1000,
      });
      expect(v1).toBe(1);
      const changed = { ...defaultSettings, writeBack: { enabled: true } };
      expect(
        await store.saveSettings(portal, changed, {
          expectedVersion: 1,
          updatedBy: 'bo@acme.example',
          now: 2000,
        }),
      ).toBe(2);

      const stale = store.saveSettings(portal, defaultSettings, {
        expectedVersion: 1,
        updatedBy: 'cy',
        now: 3000,
      });
      await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
      await expect(
        store.saveSettings(portal, defaultSettings, { expectedVersion: 0, updatedBy: 'cy', now: 3000 }),
      ).rejects.toThrow(/current one is 2/);
      expect(await store.getSettings(portal)).toEqual({
        settings: changed,
        version: 2,
        updatedAt: 2000,
        updatedBy: 'bo@acme.example',
      });
      expect(await store.listSettingsVersions(portal, 1500)).toEqual([{ version: 2, changedAt: 2000 }]);
      expect(await store.listSettingsVersions(portal, 0)).toHaveLength(2);
    });

    it('lets exactly one of two concurrent saves of the same version win', async () => {
      const portal = newPortal();
      const results = await Promise.allSettled([
        store.saveSettings(portal, defaultSettings, { expectedVersion: 0, updatedBy: 'a', now: 1 }),
        store.saveSettings(portal, defaultSettings, { expectedVersion: 0, updatedBy: 'b', now: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 'rejected' && r.reason instanceof StoreConflictError),
      ).toHaveLength(1);
    });

    it('reports stored settings that no longer parse, naming the portal', async () => {
      const portal = newPortal();
      await store.saveSettings(portal, defaultSettings, { expectedVersion: 0, updatedBy: null, now: 1 });
      await opened.raw(
        `update settings set payload = '{"scoring":{"groups":[]}}' where portal_id = ${portal}`,
      );
      const read = store.getSettings(portal);
      await expect(read).rejects.toBeInstanceOf(StoreDataError);
      await expect(store.getSettings(portal)).rejects.toThrow(new RegExp(`portal ${portal}`));
    });
  });

  describe('sentiment, write-back values, sync runs, checkpoints', () => {
    it('stores one sentiment per company', async () => {
      const portal = newPortal();
      const s = {
        value: 'concerned' as const,
        note: 'Champion left',
        authorUserId: 42,
        authorName: 'Ann',
        setAt: 1000,
      };
      await store.setSentiment(portal, 'A', s);
      await store.setSentiment(portal, 'A', { ...s, value: 'good', setAt: 2000 });
      await store.setSentiment(portal, 'B', s);
      expect(await store.getSentiment(portal, 'A')).toEqual({ ...s, value: 'good', setAt: 2000 });
      expect(await store.getSentiment(portal, 'C')).toBeNull();
      const map = await store.getSentiments(portal, ['A', 'B', 'C']);
      expect([...map.keys()].sort()).toEqual(['A', 'B']);
    });

    it('remembers the values written back to HubSpot', async () => {
      const portal = newPortal();
      await store.setWrittenValues(portal, [{ companyId: 'A', values: { pulse_health_score: '72' } }]);
      await store.setWrittenValues(portal, [
        { companyId: 'A', values: { pulse_health_score: '80', pulse_health_band: 'healthy' } },
      ]);
      const got = await store.getWrittenValues(portal, ['A', 'B']);
      expect(Object.fromEntries(got)).toEqual({
        A: { pulse_health_score: '80', pulse_health_band: 'healthy' },
      });
    });

    it('records sync runs with progress, merged stats and outcome', async () => {
      const portal = newPortal();
      const first = await store.startSyncRun(portal, 'full', 1000);
      expect(await store.getRunningSyncRun(portal)).toMatchObject({
        id: first,
        kind: 'full',
        status: 'running',
        startedAt: 1000,
      });
      await store.updateSyncRun(first, {
        progress: { phase: 'companies', done: 100, total: 1000 },
        stats: { apiCalls: 3 },
        now: 1500,
      });
      await store.updateSyncRun(first, { stats: { records: { companies: 100 } }, now: 1600 });
      let run = (await store.getSyncRuns(portal, 5))[0];
      expect(run).toMatchObject({
        heartbeatAt: 1600,
        progress: { phase: 'companies', done: 100, total: 1000 },
      });
      expect(run?.stats).toMatchObject({ apiCalls: 3, records: { companies: 100 }, retries: 0 });
      await store.finishSyncRun(first, {
        status: 'failed',
        error: 'HubSpot unavailable',
        report: { phase: 'deals' },
        finishedAt: 2000,
      });
      expect(await store.getRunningSyncRun(portal)).toBeNull();
      const second = await store.startSyncRun(portal, 'incremental', 3000);
      await store.finishSyncRun(second, { status: 'succeeded', error: null, finishedAt: 3500 });
      const runs = await store.getSyncRuns(portal, 5);
      expect(runs.map((r) => [r.id, r.status])).toEqual([
        [second, 'succeeded'],
        [first, 'failed'],
      ]);
      expect(runs[1]).toMatchObject({
        error: 'HubSpot unavailable',
        report: { phase: 'deals' },
        finishedAt: 2000,
        progress: null,
      });
      run = runs[0];
      expect(run?.finishedAt).toBe(3500);
      await expect(store.finishSyncRun('no-such-run', { status: 'failed', error: null })).rejects.toThrow(
        /no-such-run/,
      );
    });

    it('stores checkpoints and deletes them by literal prefix', async () => {
      const portal = newPortal();
      await store.setCheckpoint(portal, 'full:tickets:after', '100');
      await store.setCheckpoint(portal, 'full:tickets:after', '200');
      await store.setCheckpoint(portal, 'full:deals:after', '7');
      await store.setCheckpoint(portal, 'fullXdeals', 'x'); // '_' or '%' in a prefix must not act as a wildcard
      await store.setCheckpoint(portal, 'FULL:other', 'y');
      expect(await store.getCheckpoint(portal, 'full:tickets:after')).toBe('200');
      await store.deleteCheckpoints(portal, 'full:');
      expect(await store.getCheckpoint(portal, 'full:tickets:after')).toBeNull();
      expect(await store.getCheckpoint(portal, 'full:deals:after')).toBeNull();
      expect(await store.getCheckpoint(portal, 'fullXdeals')).toBe('x');
      expect(await store.getCheckpoint(portal, 'FULL:other')).toBe('y');
    });

    it('stores a page and its cursor in one transaction: a failure leaves neither', async () => {
      const portal = newPortal();
      const page = (n: number) => Array.from({ length: 100 }, (_, i) => buildTicket({ id: `t${n}-${i}` }));
      await store.upsertPageAndCheckpoint(
        portal,
        { objectType: 'tickets', records: page(0) },
        { generation: 1 },
        { key: 'cursor', value: 'p1' },
      );

      // a checkpoint write that fails after the records were written rolls the records back
      const broken = { key: 'cursor', value: null as unknown as string };
      await expect(
        store.upsertPageAndCheckpoint(
          portal,
          { objectType: 'tickets', records: page(1) },
          { generation: 1 },
          broken,
        ),
      ).rejects.toThrow();
      expect((await store.countRecords(portal)).tickets).toBe(100);
      expect(await store.getCheckpoint(portal, 'cursor')).toBe('p1');

      // the general form
      await expect(
        store.transaction(async (tx) => {
          await tx.upsertTickets(portal, page(2), { generation: 1 });
          await tx.setCheckpoint(portal, 'cursor', 'p3');
          throw new Error('killed between page and cursor');
        }),
      ).rejects.toThrow('killed');
      expect((await store.countRecords(portal)).tickets).toBe(100);
      expect(await store.getCheckpoint(portal, 'cursor')).toBe('p1');

      await store.transaction(async (tx) => {
        await tx.upsertTickets(portal, page(2), { generation: 1 });
        await tx.setCheckpoint(portal, 'cursor', 'p3');
      });
      expect((await store.countRecords(portal)).tickets).toBe(200);
      expect(await store.getCheckpoint(portal, 'cursor')).toBe('p3');
    });

    it('survives kill -9 between pages: records and cursor always agree, and the writer resumes', async () => {
      const portal = newPortal();
      for (const round of [1, 2]) {
        await runWriterUntilKilled(opened.url, portal, 3 * round);
        const cursor = Number(await store.getCheckpoint(portal, 'tickets:cursor'));
        expect(cursor).toBeGreaterThanOrEqual(3 * round - 1);
        expect((await store.countRecords(portal)).tickets).toBe((cursor + 1) * 100);
      }
    });

    it('does not let other callers see or join an open transaction', async () => {
      const portal = newPortal();
      let outsideSaw = -1;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const tx = store.transaction(async (t) => {
        await t.upsertTickets(portal, [buildTicket({ id: 'inside' })], { generation: 1 });
        await gate;
        throw new Error('rollback');
      });
      const outside = (async () => {
        await new Promise((r) => setTimeout(r, 20));
        const read = store.countRecords(portal).then((c) => (outsideSaw = c.tickets));
        release();
        await read;
      })();
      await Promise.allSettled([tx, outside]);
      expect(outsideSaw).toBe(0);
    });
  });

  describe('webhook events and change queue', () => {
    it('dedupes events by id per portal and hands each out once until processed', async () => {
      const portal = newPortal();
      const other = newPortal();
      const ev = (eventId: string, receivedAt: number) => ({
        eventId,
        receivedAt,
        payload: { eventId, objectId: 7 },
      });
      expect(await store.insertWebhookEvents(portal, [ev('e1', 1), ev('e2', 2), ev('e1', 1)])).toEqual({
        inserted: 2,
        duplicates: 1,
      });
      expect(await store.insertWebhookEvents(portal, [ev('e1', 3), ev('e3', 3)])).toEqual({
        inserted: 1,
        duplicates: 1,
      });
      expect(await store.insertWebhookEvents(other, [ev('e1', 1)])).toEqual({ inserted: 1, duplicates: 0 });

      const claimed = await store.claimWebhookEvents(portal, 2, { now: 10_000 });
      expect(claimed).toEqual([
        { eventId: 'e1', receivedAt: 1, payload: { eventId: 'e1', objectId: 7 } },
        { eventId: 'e2', receivedAt: 2, payload: { eventId: 'e2', objectId: 7 } },
      ]);
      expect((await store.claimWebhookEvents(portal, 10, { now: 10_001 })).map((e) => e.eventId)).toEqual([
        'e3',
      ]);
      await store.markWebhookEventsProcessed(portal, ['e1', 'e3']);
      expect(await store.claimWebhookEvents(portal, 10, { now: 10_002 })).toEqual([]);
      // e2's worker died: after the claim goes stale it is handed out again
      expect(
        (await store.claimWebhookEvents(portal, 10, { now: 10_000 + 6 * 60_000 })).map((e) => e.eventId),
      ).toEqual(['e2']);
      expect(await store.pruneWebhookEvents(portal, 100)).toBe(2);
      expect(await store.insertWebhookEvents(portal, [ev('e2', 4)])).toEqual({ inserted: 0, duplicates: 1 });
    });

    it('queues changed ids, last kind wins, acks do not drop a newer enqueue', async () => {
      const portal = newPortal();
      await store.enqueueChanges(portal, 'tickets', ['t1', 't2', 't1'], 'upsert');
      await store.enqueueChanges(portal, 'deals', ['d1'], 'upsert');
      await store.enqueueChanges(portal, 'tickets', ['t2'], 'delete');
      const taken = await store.takeChanges(portal, 10);
      expect(taken.map((c) => [c.objectType, c.id, c.kind]).sort()).toEqual([
        ['deals', 'd1', 'upsert'],
        ['tickets', 't1', 'upsert'],
        ['tickets', 't2', 'delete'],
      ]);
      await store.enqueueChanges(portal, 'tickets', ['t1'], 'upsert'); // changed again while being processed
      await store.ackChanges(portal, taken);
      expect((await store.takeChanges(portal, 10)).map((c) => c.id)).toEqual(['t1']);
      expect(await store.takeChanges(portal, 0)).toEqual([]);
    });
  });

  describe('privacy and uninstall', () => {
    it('deletes a contact, their responses and their verbatims in stored snapshots', async () => {
      const portal = newPortal();
      const g = { generation: 1 };
      await store.upsertCompanies(portal, [buildCompany({ id: 'A' }), buildCompany({ id: 'B' })], g);
      await store.upsertContacts(
        portal,
        [
          buildContact({ id: 'p1', primaryCompanyId: 'A', companyIds: ['A'] }),
          buildContact({ id: 'p2', primaryCompanyId: 'A', companyIds: ['A'] }),
        ],
        g,
      );
      await store.upsertResponses(
        portal,
        [
          buildResponse({ id: 'r1', contactId: 'p1', content: 'Terrible' }),
          buildResponse({ id: 'r2', contactId: 'p2', content: 'Great' }),
          buildResponse({ id: 'r10', contactId: 'p10', content: 'Other' }),
        ],
        g,
      );
      const v1 = buildVerbatim({ id: 'r1', contactId: 'p1', content: 'Terrible' });
      const v2 = buildVerbatim({ id: 'r2', contactId: 'p2', content: 'Great' });
      const v10 = buildVerbatim({ id: 'r10', contactId: 'p10', content: 'Other' });
      await store.putSnapshots(
        portal,
        [buildSnapshot('A', { verbatims: [v1, v2] }), buildSnapshot('B', { verbatims: [v10] })],
        { syncedAt: 1 },
      );
      // a generation being built holds the verbatim too
      const gen = await store.beginSnapshotGeneration(portal);
      await store.putSnapshots(portal, [buildSnapshot('A', { verbatims: [v1] })], {
        syncedAt: 2,
        generation: gen,
      });

      expect(await store.deleteContactData(portal, 'p1')).toEqual(['A']);
      expect((await store.getSnapshot(portal, 'A'))?.snapshot.nps.verbatims).toEqual([v2]);
      expect((await store.getSnapshot(portal, 'B'))?.snapshot.nps.verbatims).toEqual([v10]);
      expect((await store.loadCompanyBundle(portal, 'A'))?.responses.map((r) => r.id)).toEqual(['r2']);
      expect(await store.countRecords(portal)).toMatchObject({ contacts: 1, responses: 2 });
      await store.commitSnapshotGeneration(portal, gen);
      expect((await store.getSnapshot(portal, 'A'))?.snapshot.nps.verbatims).toEqual([]);
      const rows = await opened.raw(`select payload from snapshots where portal_id = ${portal}`);
      expect(rows.some((r) => String(r.payload).includes('Terrible'))).toBe(false);
    });

    it("deletePortalData removes everything of that portal and nothing of another's", async () => {
      const doomed = newPortal();
      const kept = newPortal();
      for (const portal of [doomed, kept]) await seedEverything(store, portal);
      await store.deletePortalData(doomed);

      // every table with a portal_id column, read from the database itself, so a table added later cannot be missed
      const listing =
        store.dialect === 'sqlite'
          ? `select m.name as name from sqlite_master m join pragma_table_info(m.name) c on c.name = 'portal_id' where m.type = 'table'`
          : `select table_name as name from information_schema.columns where column_name = 'portal_id' and table_schema = current_schema()`;
      const tables = (await opened.raw(listing)).map((row) => String(row.name)).sort();
      expect(tables.length).toBeGreaterThanOrEqual(20);
      for (const table of tables) {
        const [gone] = await opened.raw(`select count(*) as n from ${table} where portal_id = ${doomed}`);
        const [still] = await opened.raw(`select count(*) as n from ${table} where portal_id = ${kept}`);
        expect({ table, n: Number(gone?.n) }).toEqual({ table, n: 0 });
        expect({ table, positive: Number(still?.n) > 0 }).toEqual({ table, positive: true });
      }
    });

    it('never shows one portal the rows of another', async () => {
      const a = newPortal();
      const b = newPortal();
      await seedEverything(store, a);
      await store.upsertInstallation({ ...installationOf(b), status: 'active' });

      expect(await store.countRecords(b)).toEqual({
        companies: 0,
        contacts: 0,
        deals: 0,
        tickets: 0,
        responses: 0,
      });
      expect(await store.loadCompanyBundle(b, 'A')).toBeNull();
      const batches = [];
      for await (const batch of store.iterateCompanyBundles(b)) batches.push(batch);
      for await (const batch of store.iterateCompanyBundles(b, { companyIds: ['A'] })) batches.push(batch);
      expect(batches).toEqual([]);
      expect(
        await store.companiesAffectedBy(b, [
          { objectType: 'deals', ids: ['dA'] },
          { objectType: 'contacts', ids: ['p1'] },
        ]),
      ).toEqual([]);
      expect(await store.getPipelines(b)).toEqual([]);
      expect(await store.getOwners(b)).toEqual([]);
      expect(await store.getOwnerByUserId(b, 77)).toBeNull();
      expect(await store.getSnapshot(b, 'A')).toBeNull();
      expect(await store.listSnapshots(b)).toEqual([]);
      expect(await store.listSignals(b)).toEqual([]);
      expect(await store.snapshotStatus(b)).toEqual({ count: 0, lastSyncedAt: null });
      expect(await store.getHistory(b, 'A', '2000-01-01')).toEqual([]);
      expect(await store.getHistoryForCompanies(b, ['A'], '2000-01-01')).toEqual([]);
      expect(await store.getSettings(b)).toBeNull();
      expect(await store.listSettingsVersions(b, 0)).toEqual([]);
      expect(await store.getSentiment(b, 'A')).toBeNull();
      expect((await store.getSentiments(b, ['A'])).size).toBe(0);
      expect(await store.getSyncRuns(b, 10)).toEqual([]);
      expect(await store.getRunningSyncRun(b)).toBeNull();
      expect(await store.getCheckpoint(b, 'cursor')).toBeNull();
      expect(await store.claimWebhookEvents(b, 10)).toEqual([]);
      expect(await store.takeChanges(b, 10)).toEqual([]);
      expect((await store.getWrittenValues(b, ['A'])).size).toBe(0);
      expect(await store.deleteContactData(b, 'p1')).toEqual([]);
      expect(await store.getInstallation(b)).toMatchObject({ portalId: b });

      // writes in B leave A alone
      await store.sweepRecords(b, 'deals', Number.MAX_SAFE_INTEGER);
      await store.deleteRecords(b, 'companies', ['A']);
      await store.deleteSnapshots(b, ['A']);
      await store.deleteCheckpoints(b, '');
      const g = await store.beginSnapshotGeneration(b);
      await store.commitSnapshotGeneration(b, g);
      expect(await store.countRecords(a)).toMatchObject({ companies: 1, deals: 1 });
      expect(await store.getSnapshot(a, 'A')).not.toBeNull();
      expect(await store.getCheckpoint(a, 'cursor')).toBe('p1');
    });
  });
}

function installationOf(portalId: number): Installation {
  return {
    portalId,
    mode: 'static',
    status: 'active',
    scopes: [],
    accessToken: 'pat-secret',
    refreshToken: null,
    accessTokenExpiresAt: null,
    hubDomain: null,
    installedAt: NOW,
    updatedAt: NOW,
  };
}

/** One row in every table. */
async function seedEverything(store: Store, portal: number): Promise<void> {
  const g = { generation: 1 };
  await store.upsertInstallation(installationOf(portal));
  await store.upsertCompanies(portal, [buildCompany({ id: 'A' })], g);
  await store.upsertContacts(
    portal,
    [buildContact({ id: 'p1', primaryCompanyId: 'A', companyIds: ['A'] })],
    g,
  );
  await store.upsertDeals(portal, [buildDeal({ id: 'dA', primaryCompanyId: 'A', companyIds: ['A'] })], g);
  await store.upsertTickets(portal, [buildTicket({ id: 'tA', primaryCompanyId: 'A', companyIds: ['A'] })], g);
  await store.upsertResponses(portal, [buildResponse({ id: 'r1', contactId: 'p1', content: 'Fine' })], g);
  await store.replacePipelines(portal, buildPipelines());
  await store.replaceOwners(portal, [buildOwner({ id: 'o1', userId: 77 })]);
  const gen = await store.beginSnapshotGeneration(portal);
  await store.putSnapshots(
    portal,
    [buildSnapshot('A', { verbatims: [buildVerbatim({ id: 'r1', contactId: 'p1' })] })],
    {
      syncedAt: 1,
      generation: gen,
    },
  );
  await store.commitSnapshotGeneration(portal, gen);
  await store.putHistory(portal, [
    { companyId: 'A', date: '2026-03-01', score: 50, band: 'monitor', settingsVersion: 1, measurePoints: {} },
  ]);
  await store.saveSettings(portal, defaultSettings, { expectedVersion: 0, updatedBy: null, now: 1 });
  await store.setSentiment(portal, 'A', {
    value: 'good',
    note: '',
    authorUserId: null,
    authorName: 'Ann',
    setAt: 1,
  });
  await store.startSyncRun(portal, 'full', 1);
  await store.setCheckpoint(portal, 'cursor', 'p1');
  await store.insertWebhookEvents(portal, [{ eventId: 'e1', receivedAt: 1, payload: {} }]);
  await store.enqueueChanges(portal, 'deals', ['dA'], 'upsert');
  await store.setWrittenValues(portal, [{ companyId: 'A', values: { pulse_health_score: '50' } }]);
}

/** Starts crash-writer.ts, waits until it has committed `minPages` pages in total, then SIGKILLs it. */
async function runWriterUntilKilled(url: string, portal: number, minPages: number): Promise<void> {
  const script = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, String(portal)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const pages = out.match(/page (\d+)/g) ?? [];
      const last = pages.length > 0 ? Number(pages[pages.length - 1]!.slice(5)) : -1;
      if (last + 1 >= minPages) {
        // kill at a random moment inside the next page's work
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 5));
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`)),
    );
  });
}
