import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '@pulse/shared';
import { StoreDataError, type HistoryEntry, type Store } from '../../../server/src/store/store';
import { buildSnapshot } from './snapshot-factory';
import { openStore } from './test-store';

/**
 * `getCompanyCard` is the card's one-statement read: it must return exactly what the three separate reads
 * (getSnapshot, getHistory, listSettingsVersions) return, on both dialects.
 */
type Opened = { store: Store; raw(sqlText: string): Promise<void>; cleanup(): Promise<void> };

const openSqlite = async (): Promise<Opened> => {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-card-'));
  const store = await openStore(`file:${join(dir, 'card.db')}`);
  return {
    store,
    raw: async (sqlText) => {
      const { DatabaseSync } = await import('node:sqlite');
      const db = new DatabaseSync(join(dir, 'card.db'), { timeout: 5000 });
      db.exec(sqlText);
      db.close();
    },
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const pgUrl = process.env.TEST_DATABASE_URL;
const openPostgres = async (): Promise<Opened> => {
  const schema = `card_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(pgUrl ?? '');
  url.searchParams.set('options', `-c search_path=${schema}`);
  const store = await openStore(url.toString());
  return {
    store,
    raw: async (sqlText) => {
      await admin.query(`set search_path = ${schema}`);
      await admin.query(sqlText);
    },
    cleanup: async () => {
      await store.close();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    },
  };
};

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

const suite = (name: string, open: () => Promise<Opened>) =>
  describe(`getCompanyCard on ${name}`, () => {
    let opened: Opened;
    let store: Store;
    let portal = 500;
    const window = { historySince: day(-5), settingsSince: T0 - 5 * DAY };

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
      await store.migrate();
    });
    afterAll(async () => opened?.cleanup());

    it('returns the snapshot, the history inside the window oldest first, and the settings changes', async () => {
      const p = ++portal;
      await store.putSnapshots(p, [buildSnapshot('A', { score: 72.5 }), buildSnapshot('B', { score: 10 })], {
        syncedAt: T0,
      });
      // written out of order, one before the window, one with no score, and another company's and portal's rows
      await store.putHistory(p, [
        entry('A', 0, 72.5),
        entry('A', -6, 50),
        entry('A', -2, null),
        entry('A', -5, 41),
        entry('B', -1, 10),
      ]);
      await store.putHistory(p + 1000, [entry('A', -1, 99)]);
      const v1 = await store.saveSettings(p, defaultSettings, {
        expectedVersion: 0,
        updatedBy: null,
        now: T0 - 9 * DAY,
      });
      const v2 = await store.saveSettings(p, defaultSettings, {
        expectedVersion: v1,
        updatedBy: null,
        now: T0 - 3 * DAY,
      });
      await store.saveSettings(p, defaultSettings, { expectedVersion: v2, updatedBy: null, now: T0 - DAY });

      const card = await store.getCompanyCard(p, 'A', window);
      expect(card).not.toBeNull();
      expect(card?.stored).toEqual(await store.getSnapshot(p, 'A'));
      expect(card?.stored.syncedAt).toBe(T0);
      expect(card?.history).toEqual([
        { date: day(-5), score: 41, band: 'monitor' },
        { date: day(-2), score: null, band: null },
        { date: day(0), score: 72.5, band: 'healthy' },
      ]);
      const separate = await store.getHistory(p, 'A', window.historySince);
      expect(card?.history).toEqual(separate.map(({ date, score, band }) => ({ date, score, band })));
      expect(card?.settingsChangedAt).toEqual([T0 - 3 * DAY, T0 - DAY]);
    });

    it('returns empty lists when a company has no history and the portal no settings changes', async () => {
      const p = ++portal;
      await store.putSnapshots(p, [buildSnapshot('A')], { syncedAt: 7 });
      expect(await store.getCompanyCard(p, 'A', window)).toMatchObject({
        history: [],
        settingsChangedAt: [],
      });
    });

    it('is null for an unknown company and for another portal’s company', async () => {
      const p = ++portal;
      await store.putSnapshots(p, [buildSnapshot('A')], { syncedAt: 7 });
      expect(await store.getCompanyCard(p, 'nope', window)).toBeNull();
      expect(await store.getCompanyCard(p + 1000, 'A', window)).toBeNull();
    });

    it('reads the live generation only', async () => {
      const p = ++portal;
      await store.putSnapshots(p, [buildSnapshot('A', { score: 20 })], { syncedAt: 1 });
      const next = await store.beginSnapshotGeneration(p);
      await store.putSnapshots(p, [buildSnapshot('A', { score: 90 })], { syncedAt: 2, generation: next });
      expect((await store.getCompanyCard(p, 'A', window))?.stored.snapshot.health.score).toBe(20);
      await store.commitSnapshotGeneration(p, next);
      expect((await store.getCompanyCard(p, 'A', window))?.stored).toMatchObject({
        syncedAt: 2,
        snapshot: { health: { score: 90 } },
      });
    });

    it('reports a stored snapshot that no longer matches the schema instead of serving it', async () => {
      const p = ++portal;
      await store.putSnapshots(p, [buildSnapshot('A')], { syncedAt: 5 });
      await store.getCompanyCard(p, 'A', window);
      await opened.raw(`update snapshots set payload = '{"companyId":"A"}' where portal_id = ${p}`);
      const read = store.getCompanyCard(p, 'A', window);
      await expect(read).rejects.toBeInstanceOf(StoreDataError);
      await expect(store.getCompanyCard(p, 'A', window)).rejects.toThrow(
        new RegExp(`company A in portal ${p}`),
      );
    });
  });

suite('SQLite', openSqlite);
if (pgUrl) suite('PostgreSQL', openPostgres);
