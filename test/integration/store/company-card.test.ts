import { expect, it } from 'vitest';
import { defaultSettings } from '@pulse/shared';
import { StoreDataError, type HistoryEntry } from '../../../server/src/store';
import { describeStore } from './harness';
import { buildSnapshot } from './snapshot-factory';

/**
 * `snapshots.card` is the card's one-statement read: it must return exactly what the three separate reads
 * (snapshots.get, history.forCompanies, settings.versions) return, on both dialects.
 */
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-10T00:00:00Z');
const day = (offset: number) => new Date(T0 + offset * DAY).toISOString().slice(0, 10);
const entry = (companyId: string, offset: number, score: number | null): HistoryEntry => ({
  companyId,
  date: day(offset),
  score,
  band: score === null ? null : score >= 70 ? 'healthy' : score >= 40 ? 'monitor' : 'at_risk',
  settingsVersion: 1,
  measurePoints: { nps: 10 },
});

const window = { historySince: day(-5), settingsSince: T0 - 5 * DAY };

describeStore('the company card read', (ctx) => {
  it('returns the snapshot, the history inside the window oldest first, and the settings changes', async () => {
    const p = ctx.newPortal();
    await p.snapshots.put([buildSnapshot('A', { score: 72.5 }), buildSnapshot('B', { score: 10 })], {
      syncedAt: T0,
    });
    // written out of order, one before the window, one with no score, and another company's and portal's rows
    await p.history.put([
      entry('A', 0, 72.5),
      entry('A', -6, 50),
      entry('A', -2, null),
      entry('A', -5, 41),
      entry('B', -1, 10),
    ]);
    await ctx.newPortal().history.put([entry('A', -1, 99)]);
    const v1 = await p.settings.save(defaultSettings, {
      expectedVersion: 0,
      updatedBy: null,
      now: T0 - 9 * DAY,
    });
    const v2 = await p.settings.save(defaultSettings, {
      expectedVersion: v1,
      updatedBy: null,
      now: T0 - 3 * DAY,
    });
    await p.settings.save(defaultSettings, { expectedVersion: v2, updatedBy: null, now: T0 - DAY });

    const card = await p.snapshots.card('A', window);
    expect(card).not.toBeNull();
    expect(card?.stored).toEqual(await p.snapshots.get('A'));
    expect(card?.stored.syncedAt).toBe(T0);
    expect(card?.history).toEqual([
      { date: day(-5), score: 41, band: 'monitor' },
      { date: day(-2), score: null, band: null },
      { date: day(0), score: 72.5, band: 'healthy' },
    ]);
    const separate = await p.history.forCompanies(['A'], window.historySince);
    expect(card?.history).toEqual(separate.map(({ date, score, band }) => ({ date, score, band })));
    expect(card?.settingsChangedAt).toEqual([T0 - 3 * DAY, T0 - DAY]);
  });

  it('returns empty lists when a company has no history and the portal no settings changes', async () => {
    const p = ctx.newPortal();
    await p.snapshots.put([buildSnapshot('A')], { syncedAt: 7 });
    expect(await p.snapshots.card('A', window)).toMatchObject({
      history: [],
      settingsChangedAt: [],
    });
  });

  it('is null for an unknown company and for another portal’s company', async () => {
    const p = ctx.newPortal();
    await p.snapshots.put([buildSnapshot('A')], { syncedAt: 7 });
    expect(await p.snapshots.card('nope', window)).toBeNull();
    expect(await ctx.newPortal().snapshots.card('A', window)).toBeNull();
  });

  it('reads the live generation only', async () => {
    const p = ctx.newPortal();
    await p.snapshots.put([buildSnapshot('A', { score: 20 })], { syncedAt: 1 });
    const next = await p.snapshots.beginGeneration();
    await p.snapshots.put([buildSnapshot('A', { score: 90 })], { syncedAt: 2, generation: next });
    expect((await p.snapshots.card('A', window))?.stored.snapshot.health.score).toBe(20);
    await p.snapshots.commitGeneration(next);
    expect((await p.snapshots.card('A', window))?.stored).toMatchObject({
      syncedAt: 2,
      snapshot: { health: { score: 90 } },
    });
  });

  it('reports a stored snapshot that no longer matches the schema instead of serving it', async () => {
    const p = ctx.newPortal();
    await p.snapshots.put([buildSnapshot('A')], { syncedAt: 5 });
    await p.snapshots.card('A', window);
    await ctx.raw(`update snapshots set payload = '{"companyId":"A"}' where portal_id = ${p.portalId}`);
    const read = p.snapshots.card('A', window);
    await expect(read).rejects.toBeInstanceOf(StoreDataError);
    await expect(p.snapshots.card('A', window)).rejects.toThrow(
      new RegExp(`company A in portal ${p.portalId}`),
    );
  });
});
