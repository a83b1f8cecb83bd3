import { expect, it } from 'vitest';
import { StoreConflictError } from '../../../server/src/store';
import { describeStore } from './harness';
import { buildSnapshot } from './snapshot-factory';

describeStore('snapshots and history', (ctx) => {
  it('swaps a full generation atomically: readers see the old complete set until commit, then only the new', async () => {
    const p = ctx.newPortal();
    const g1 = await p.snapshots.beginGeneration();
    await p.snapshots.put(
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
    expect(await p.snapshots.list()).toEqual([]); // nothing live before the first commit
    await p.snapshots.commitGeneration(g1);

    const g2 = await p.snapshots.beginGeneration();
    expect(g2).toBeGreaterThan(g1);
    await p.snapshots.put([buildSnapshot('A', { score: 90 }), buildSnapshot('D', { score: 90 })], {
      syncedAt: 2,
      generation: g2,
    });
    // mid-build: still the complete old set, and nothing only the new set has
    expect((await p.snapshots.list()).map((s) => [s.companyId, s.health.score])).toEqual([
      ['A', 10],
      ['B', 10],
      ['C', 10],
    ]);
    expect((await p.snapshots.get('A'))?.snapshot.health.score).toBe(10);
    expect(await p.snapshots.get('D')).toBeNull();
    expect((await p.snapshots.signals()).map((s) => s.companyId)).toEqual(['A', 'B', 'C']);
    await p.snapshots.put([buildSnapshot('B', { score: 90 })], { syncedAt: 2, generation: g2 });

    // readers racing the commit see one generation or the other, never a mix
    const reads = await Promise.all([
      p.snapshots.list(),
      p.snapshots.commitGeneration(g2).then(() => null),
      p.snapshots.list(),
      p.snapshots.signals(),
    ]);
    for (const read of [reads[0], reads[2]]) {
      const scores = new Set(read!.map((s) => s.health.score));
      expect(scores.size).toBe(1);
    }
    expect((await p.snapshots.list()).map((s) => [s.companyId, s.health.score])).toEqual([
      ['A', 90],
      ['B', 90],
      ['D', 90],
    ]);
    expect(await p.snapshots.get('C')).toBeNull();
    expect(await p.snapshots.get('A')).toEqual({
      snapshot: buildSnapshot('A', { score: 90 }),
      syncedAt: 2,
    });
    expect(await p.snapshots.status()).toEqual({ count: 3, lastSyncedAt: 2 });
    await expect(p.snapshots.commitGeneration(g2 + 10)).rejects.toBeInstanceOf(StoreConflictError);
  });

  it('updates the live set incrementally, lists signals, deletes snapshots', async () => {
    const p = ctx.newPortal();
    await p.snapshots.put([buildSnapshot('A', { score: 50 }), buildSnapshot('B')], {
      syncedAt: 5,
    });
    await p.snapshots.put([buildSnapshot('A', { score: 80 })], { syncedAt: 6 });
    expect((await p.snapshots.get('A'))?.snapshot.health.score).toBe(80);
    const signals = await p.snapshots.signals();
    expect(signals.map((s) => [s.companyId, s.signals.nps])).toEqual([
      ['A', 30],
      ['B', 20],
    ]);
    await p.snapshots.delete(['B']);
    expect((await p.snapshots.list()).map((s) => s.companyId)).toEqual(['A']);
  });

  it('reports a stored snapshot that no longer matches the schema instead of serving it', async () => {
    const p = ctx.newPortal();
    await p.snapshots.put([buildSnapshot('A')], { syncedAt: 5 });
    await ctx.raw(`update snapshots set payload = '{"companyId":"A"}' where portal_id = ${p.portalId}`);
    await expect(p.snapshots.get('A')).rejects.toThrow(new RegExp(`company A in portal ${p.portalId}`));
  });

  it('upserts one entry per company and day and reads oldest first', async () => {
    const p = ctx.newPortal();
    const entry = (companyId: string, date: string, score: number | null) => ({
      companyId,
      date,
      score,
      band: score === null ? null : score >= 70 ? ('healthy' as const) : ('monitor' as const),
      settingsVersion: 1,
      measurePoints: { nps: score, csat: null },
    });
    await p.history.put([
      entry('A', '2026-03-02', 60),
      entry('A', '2026-03-01', 55),
      entry('B', '2026-03-01', 90),
    ]);
    await p.history.put([entry('A', '2026-03-02', 72.5)]);
    await p.history.put([entry('A', '2026-02-01', 10)]);
    expect(await p.history.forCompanies(['A'], '2026-02-15')).toEqual([
      entry('A', '2026-03-01', 55),
      entry('A', '2026-03-02', 72.5),
    ]);
    const both = await p.history.forCompanies(['A', 'B'], '2026-03-01');
    expect(both.map((e) => [e.companyId, e.date])).toEqual([
      ['A', '2026-03-01'],
      ['A', '2026-03-02'],
      ['B', '2026-03-01'],
    ]);
  });
});
