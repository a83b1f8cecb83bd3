import { expect, it } from 'vitest';
import { buildCompany, buildContact, buildResponse } from '../../factories';
import { describeStore } from './harness';
import { portalTables, seedEverything } from './seed';
import { buildSnapshot, buildVerbatim } from './snapshot-factory';

describeStore('privacy and uninstall', (ctx) => {
  it('deletes a contact, their responses and their verbatims in stored snapshots', async () => {
    const p = ctx.newPortal();
    const g = { generation: 1 };
    await p.records.upsert(
      { objectType: 'companies', records: [buildCompany({ id: 'A' }), buildCompany({ id: 'B' })] },
      g,
    );
    await p.records.upsert(
      {
        objectType: 'contacts',
        records: [
          buildContact({ id: 'p1', primaryCompanyId: 'A', companyIds: ['A'] }),
          buildContact({ id: 'p2', primaryCompanyId: 'A', companyIds: ['A'] }),
        ],
      },
      g,
    );
    await p.records.upsert(
      {
        objectType: 'responses',
        records: [
          buildResponse({ id: 'r1', contactId: 'p1', content: 'Terrible' }),
          buildResponse({ id: 'r2', contactId: 'p2', content: 'Great' }),
          buildResponse({ id: 'r10', contactId: 'p10', content: 'Other' }),
        ],
      },
      g,
    );
    const v1 = buildVerbatim({ id: 'r1', contactId: 'p1', content: 'Terrible' });
    const v2 = buildVerbatim({ id: 'r2', contactId: 'p2', content: 'Great' });
    const v10 = buildVerbatim({ id: 'r10', contactId: 'p10', content: 'Other' });
    await p.snapshots.put(
      [buildSnapshot('A', { verbatims: [v1, v2] }), buildSnapshot('B', { verbatims: [v10] })],
      { syncedAt: 1 },
    );
    // a generation being built holds the verbatim too
    const gen = await p.snapshots.beginGeneration();
    await p.snapshots.put([buildSnapshot('A', { verbatims: [v1] })], {
      syncedAt: 2,
      generation: gen,
    });

    expect(await p.privacy.deleteContact('p1')).toEqual(['A']);
    expect((await p.snapshots.get('A'))?.snapshot.nps.verbatims).toEqual([v2]);
    expect((await p.snapshots.get('B'))?.snapshot.nps.verbatims).toEqual([v10]);
    expect((await p.bundles.load('A'))?.responses.map((r) => r.id)).toEqual(['r2']);
    expect(await p.records.count()).toMatchObject({ contacts: 1, responses: 2 });
    await p.snapshots.commitGeneration(gen);
    expect((await p.snapshots.get('A'))?.snapshot.nps.verbatims).toEqual([]);
    const rows = await ctx.raw(`select payload from snapshots where portal_id = ${p.portalId}`);
    expect(rows.some((r) => String(r.payload).includes('Terrible'))).toBe(false);
  });

  it("deleteAllData removes everything of that portal and nothing of another's", async () => {
    const doomed = ctx.newPortal();
    const kept = ctx.newPortal();
    for (const portal of [doomed, kept]) await seedEverything(portal);
    await doomed.deleteAllData();

    const tables = await portalTables(ctx);
    expect(tables.length).toBeGreaterThanOrEqual(20);
    for (const table of tables) {
      const [gone] = await ctx.raw(`select count(*) as n from ${table} where portal_id = ${doomed.portalId}`);
      const [still] = await ctx.raw(`select count(*) as n from ${table} where portal_id = ${kept.portalId}`);
      expect({ table, n: Number(gone?.n) }).toEqual({ table, n: 0 });
      expect({ table, positive: Number(still?.n) > 0 }).toEqual({ table, positive: true });
    }
  });
});
