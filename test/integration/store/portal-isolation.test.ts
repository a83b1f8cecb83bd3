import { expect, it } from 'vitest';
import { defaultSettings } from '@pulse/shared';
import type { PortalStore } from '../../../server/src/store';
import { buildCompany, buildContact, buildTicket } from '../../factories';
import { describeStore, type StoreContext } from './harness';
import { installationOf, portalTables, seedEverything } from './seed';
import { buildSnapshot } from './snapshot-factory';

/**
 * A portal's store (`store.forPortal(id)`) binds the portal id: no method takes one, so code holding it cannot
 * name another portal's rows. Portal A has a row in every table; portal B's store then reads, writes and deletes
 * with A's ids through EVERY method it has, and A's rows must read back byte for byte as before.
 */

/** Every row of the portal in every portal table, as the database holds them. */
async function dump(ctx: StoreContext, portalId: number): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await portalTables(ctx)) {
    const rows = await ctx.raw(`select * from ${table} where portal_id = ${portalId}`);
    out[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

/** The portal store with a record of which of its methods were reached. */
function tracked(portal: PortalStore): { store: PortalStore; reached: Set<string> } {
  const reached = new Set<string>();
  const track = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value: unknown = Reflect.get(object, key, receiver);
        const name = `${prefix}${String(key)}`;
        if (typeof value === 'function') reached.add(name);
        if (prefix === '' && typeof value === 'object' && value !== null) return track(value, `${name}.`);
        return value;
      },
    });
  return { store: track(portal, ''), reached };
}

/** `repo.method` for every method of a portal store. */
const methodsOf = (portal: PortalStore): string[] =>
  Object.entries(portal)
    .flatMap(([name, value]: [string, unknown]) =>
      typeof value === 'function'
        ? [name]
        : typeof value === 'object' && value !== null
          ? Object.entries(value)
              .filter(([, method]: [string, unknown]) => typeof method === 'function')
              .map(([method]) => `${name}.${method}`)
          : [],
    )
    .sort();

async function readsNothingOf(b: PortalStore): Promise<void> {
  expect(await b.installation.get()).toBeNull();
  expect(await b.records.get('companies', ['A'])).toEqual(new Map());
  expect(await b.records.count()).toEqual({ companies: 0, contacts: 0, deals: 0, tickets: 0, responses: 0 });
  const touched = [
    { objectType: 'deals' as const, ids: ['dA'] },
    { objectType: 'contacts' as const, ids: ['p1'] },
    { objectType: 'responses' as const, ids: ['r1'] },
  ];
  expect(await b.records.companiesAffectedBy(touched)).toEqual([]);
  expect(await b.bundles.load('A')).toBeNull();
  const batches = [];
  for await (const batch of b.bundles.iterate()) batches.push(batch);
  for await (const batch of b.bundles.iterate({ companyIds: ['A'] })) batches.push(batch);
  expect(batches).toEqual([]);
  expect(await b.owners.list()).toEqual([]);
  expect(await b.owners.byUserId(77)).toBeNull();
  expect(await b.pipelines.list()).toEqual([]);
  expect(await b.snapshots.get('A')).toBeNull();
  expect(await b.snapshots.card('A', { historySince: '2000-01-01', settingsSince: 0 })).toBeNull();
  expect(await b.snapshots.list()).toEqual([]);
  expect(await b.snapshots.signals()).toEqual([]);
  expect(await b.snapshots.status()).toEqual({ count: 0, lastSyncedAt: null });
  expect(await b.history.forCompanies(['A'], '2000-01-01')).toEqual([]);
  expect(await b.settings.get()).toBeNull();
  expect(await b.settings.versions(0)).toEqual([]);
  expect(await b.sentiment.get('A')).toBeNull();
  expect(await b.sentiment.forCompanies(['A'])).toEqual(new Map());
  expect(await b.syncRuns.list(10)).toEqual([]);
  expect(await b.syncRuns.running()).toBeNull();
  expect(await b.checkpoints.get('cursor')).toBeNull();
  expect(await b.account.get()).toBeNull();
  expect(await b.webhooks.claim(10)).toEqual([]);
  expect(await b.changes.take(10)).toEqual([]);
  expect(await b.writeBack.get(['A'])).toEqual(new Map());
  expect(await b.privacy.deleteContact('p1')).toEqual([]);
}

/** Every write and delete B has, aimed at the ids A's rows carry. */
async function writesAndDeletesWithIdsOf(a: PortalStore, b: PortalStore): Promise<void> {
  const g = { generation: 2 };
  const [runOfA] = await a.syncRuns.list(1);
  const queuedInA = await a.changes.take(10);
  await b.installation.upsert({ ...installationOf(), accessToken: 'b-token' });
  await b.installation.updateTokens({ accessToken: 'b2', refreshToken: null, accessTokenExpiresAt: null });
  await b.installation.setStatus('disconnected');
  await b.records.upsert({ objectType: 'companies', records: [buildCompany({ id: 'A', name: 'B’s A' })] }, g);
  const tickets = [buildTicket({ id: 'tA', primaryCompanyId: 'A', companyIds: ['A'] })];
  await b.records.upsertWithCheckpoint({ objectType: 'tickets', records: tickets }, g, {
    key: 'cursor',
    value: 'b',
  });
  await b.records.delete('companies', ['A']);
  await b.records.delete('contacts', ['p1']);
  await b.records.sweep('deals', Number.MAX_SAFE_INTEGER);
  await b.records.sweep('contacts', Number.MAX_SAFE_INTEGER);
  await b.owners.replace([]);
  await b.pipelines.replace([]);
  await b.snapshots.put([buildSnapshot('A', { score: 1 })], { syncedAt: 9 });
  await b.snapshots.delete(['A']);
  await b.snapshots.commitGeneration(await b.snapshots.beginGeneration());
  await b.history.put([
    { companyId: 'A', date: '2026-03-01', score: 1, band: 'at_risk', settingsVersion: 9, measurePoints: {} },
  ]);
  await b.settings.save(defaultSettings, { expectedVersion: 0, updatedBy: 'b', now: 9 });
  await b.sentiment.set('A', { value: 'concerned', note: 'b', authorUserId: 1, authorName: 'B', setAt: 9 });
  await expect(b.syncRuns.update(runOfA!.id, { stats: { apiCalls: 99 } })).rejects.toMatchObject({
    code: 'not_found',
  });
  await expect(b.syncRuns.finish(runOfA!.id, { status: 'failed', error: 'b' })).rejects.toMatchObject({
    code: 'not_found',
  });
  await b.syncRuns.finish(await b.syncRuns.start('incremental', 9), { status: 'succeeded', error: null });
  await b.checkpoints.set('cursor', 'b');
  await b.account.set({ companyCurrency: 'GBP', readAt: 9 });
  await b.checkpoints.deleteByPrefix('');
  expect(await b.webhooks.insert([{ eventId: 'e1', receivedAt: 9, payload: { portal: 'b' } }])).toEqual({
    inserted: 1,
    duplicates: 0,
  });
  await b.webhooks.markProcessed(['e1']);
  await b.webhooks.prune(Number.MAX_SAFE_INTEGER);
  await b.changes.enqueue('deals', ['dA'], 'delete');
  await b.changes.ack(queuedInA);
  await b.writeBack.set([{ companyId: 'A', values: { pulse_health_score: '1' } }]);
  await b.records.upsert({ objectType: 'contacts', records: [buildContact({ id: 'p1' })] }, g);
  await b.privacy.deleteContact('p1');
  await b.transaction(async (tx) => {
    await tx.records.delete('deals', ['dA']);
    await tx.checkpoints.deleteByPrefix('');
  });
  await b.deleteAllData();
}

describeStore('portal isolation', (ctx) => {
  it("a portal's store reads none of another portal's rows and writes and deletes none of them", async () => {
    const a = ctx.newPortal();
    const { store: b, reached } = tracked(ctx.newPortal());
    await seedEverything(a);
    const before = await dump(ctx, a.portalId);
    expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true);

    await readsNothingOf(b);
    await writesAndDeletesWithIdsOf(a, b);

    expect(await dump(ctx, a.portalId)).toEqual(before);
    // a method added to the portal store must be added here too
    expect(methodsOf(ctx.newPortal()).filter((name) => !reached.has(name))).toEqual([]);
  });

  it('binds a transaction to the same portal', async () => {
    const a = ctx.newPortal();
    const b = ctx.newPortal();
    await seedEverything(a);
    const seen = await b.transaction(async (tx) => ({
      portalId: tx.portalId,
      counts: await tx.records.count(),
      nested: await tx.transaction(async (inner) => inner.portalId),
    }));
    expect(seen).toEqual({
      portalId: b.portalId,
      counts: { companies: 0, contacts: 0, deals: 0, tickets: 0, responses: 0 },
      nested: b.portalId,
    });
  });
});
