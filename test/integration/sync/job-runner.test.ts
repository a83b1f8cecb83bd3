import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  createInProcessRunner,
  createPgBossRunner,
  type JobRunner,
  type RunSyncForPortal,
} from '../../../server/src/jobs';
import { createStore, type Store } from '../../../server/src/store';
import type { SyncReport } from '../../../server/src/sync';
import { identityCipher } from './harness';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (check: () => boolean, timeoutMs = 20_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await sleep(20);
  }
};

/** A fake sync that records what ran, how many ran at once per portal, and takes `ms` to finish. */
const recorder = (ms: number) => {
  const runs: { portalId: number; kind: string }[] = [];
  const running = new Map<number, number>();
  let maxPerPortal = 0;
  let signals: AbortSignal[] = [];
  const run: RunSyncForPortal = async (portalId, kind, signal) => {
    if (signal) signals.push(signal);
    running.set(portalId, (running.get(portalId) ?? 0) + 1);
    maxPerPortal = Math.max(maxPerPortal, running.get(portalId)!);
    runs.push({ portalId, kind });
    await sleep(ms);
    running.set(portalId, running.get(portalId)! - 1);
    return { kind, status: 'succeeded', apiCalls: 0 } as unknown as SyncReport;
  };
  return {
    run,
    runs,
    get maxPerPortal() {
      return maxPerPortal;
    },
    isRunning: (p: number) => (running.get(p) ?? 0) > 0,
    get signals() {
      return signals;
    },
    reset() {
      signals = [];
    },
  };
};

/** Registers an active static installation of the portal (`status` to override). */
const install = (store: Store, portalId: number, status: 'active' | 'disconnected' = 'active') =>
  store.forPortal(portalId).installation.upsert({
    mode: 'static',
    status,
    scopes: [],
    accessToken: null,
    refreshToken: null,
    accessTokenExpiresAt: null,
    hubDomain: null,
    installedAt: 1,
    updatedAt: 1,
  });

let runners: JobRunner[] = [];
let stores: Store[] = [];
afterEach(async () => {
  for (const r of runners) await r.stop();
  for (const s of stores) await s.close();
  runners = [];
  stores = [];
});

describe('in-process job runner (SQLite)', () => {
  it('runs one sync per portal at a time and coalesces requests into one waiting sync, full winning', async () => {
    const store = await createStore({ url: 'file::memory:', cipher: identityCipher });
    await store.migrate();
    stores.push(store);
    const fake = recorder(150);
    const runner = createInProcessRunner({
      store,
      databaseUrl: 'file::memory:',
      runSyncForPortal: fake.run,
      logger: silent,
    });
    runners.push(runner);
    await runner.requestSync(1);
    await runner.requestSync(1);
    await runner.requestSync(1, { full: true });
    await runner.requestSync(1);
    await runner.requestSync(2);
    await until(() => fake.runs.length === 3 && !fake.isRunning(1));
    await sleep(200);
    expect(fake.runs).toEqual([
      { portalId: 1, kind: 'incremental' },
      { portalId: 2, kind: 'incremental' },
      { portalId: 1, kind: 'full' },
    ]);
    expect(fake.maxPerPortal).toBe(1);
  });

  it('syncs every active installation on start and on each interval; stop aborts running syncs', async () => {
    const store = await createStore({ url: 'file::memory:', cipher: identityCipher });
    await store.migrate();
    stores.push(store);
    await install(store, 10);
    await install(store, 11);
    await install(store, 12, 'disconnected');
    const fake = recorder(30);
    const runner = createInProcessRunner({
      store,
      databaseUrl: 'file::memory:',
      runSyncForPortal: fake.run,
      intervalMs: 250,
      logger: silent,
    });
    await runner.start();
    await until(() => fake.runs.length >= 4);
    expect(new Set(fake.runs.map((r) => r.portalId))).toEqual(new Set([10, 11]));
    await runner.stop();
    expect(fake.signals.every((s) => s.aborted)).toBe(true);
    const count = fake.runs.length;
    await sleep(400);
    expect(fake.runs.length).toBe(count);
  });
});

describe('scheduled syncs: incremental, with a full one once a day', () => {
  it('runs a full sync first, incremental ones while the last full is recent, and a full one again after a day', async () => {
    const store = await createStore({ url: 'file::memory:', cipher: identityCipher });
    await store.migrate();
    stores.push(store);
    await install(store, 20);
    let now = Date.parse('2026-11-23T08:00:00Z');
    const fake = recorder(5);
    const runner = createInProcessRunner({
      store,
      databaseUrl: 'file::memory:',
      runSyncForPortal: fake.run,
      intervalMs: 60_000,
      fullSyncEveryMs: 24 * 3600_000,
      now: () => now,
      logger: silent,
    });
    runners.push(runner);
    // start() ticks once: the portal has never finished a full sync
    await runner.start();
    await until(() => fake.runs.length === 1 && !fake.isRunning(20));
    await sleep(50);
    // the next ticks, within the day: incremental
    now += 3600_000;
    await runner.requestSync(20); // a manual "sync now" is incremental
    await until(() => fake.runs.length === 2 && !fake.isRunning(20));
    // a day after the last full sync finished, the scheduled sync is full again
    now += 24 * 3600_000;
    await runner.stop();
    const again = createInProcessRunner({
      store,
      databaseUrl: 'file::memory:',
      runSyncForPortal: fake.run,
      intervalMs: 60_000,
      now: () => now,
      logger: silent,
    });
    runners.push(again);
    await again.start();
    await until(() => fake.runs.length === 3 && !fake.isRunning(20));
    expect(fake.runs.map((r) => r.kind)).toEqual(['full', 'incremental', 'full']);
  });

  it('does not ask for a second full sync while the first one is still running', async () => {
    const store = await createStore({ url: 'file::memory:', cipher: identityCipher });
    await store.migrate();
    stores.push(store);
    await install(store, 21);
    await store.forPortal(21).syncRuns.start('full', Date.now()); // the install's first full sync, under way elsewhere
    const fake = recorder(5);
    const runner = createInProcessRunner({
      store,
      databaseUrl: 'file::memory:',
      runSyncForPortal: fake.run,
      intervalMs: 60_000,
      logger: silent,
    });
    runners.push(runner);
    await runner.start();
    await until(() => fake.runs.length === 1);
    expect(fake.runs[0]).toEqual({ portalId: 21, kind: 'incremental' });
  });
});

describe('uninstalled portals', () => {
  it("deletes a disconnected portal's data once the retention period has passed, and nothing else", async () => {
    const store = await createStore({ url: 'file::memory:', cipher: identityCipher });
    await store.migrate();
    stores.push(store);
    const day = 24 * 3600_000;
    let now = Date.parse('2026-11-23T08:00:00Z');
    await install(store, 30);
    await install(store, 31);
    await store.forPortal(30).checkpoints.set('anything', 'x');
    await store.forPortal(31).checkpoints.set('anything', 'y');
    // HubSpot refused portal 30's refresh token: the token provider marked it disconnected
    await store.forPortal(30).installation.setStatus('disconnected', now);
    const fake = recorder(1);
    const start = async () => {
      const runner = createInProcessRunner({
        store,
        databaseUrl: 'file::memory:',
        runSyncForPortal: fake.run,
        intervalMs: 60_000,
        uninstalledRetentionMs: 7 * day,
        now: () => now,
        logger: silent,
      });
      runners.push(runner);
      await runner.start();
      await runner.stop();
    };
    now += 6 * day;
    await start();
    expect(await store.forPortal(30).installation.get()).not.toBeNull(); // a reinstall this week would find its history
    expect(await store.forPortal(30).checkpoints.get('anything')).toBe('x');
    now += 1 * day;
    await start();
    expect(await store.forPortal(30).installation.get()).toBeNull();
    expect(await store.forPortal(30).checkpoints.get('anything')).toBeNull();
    expect(await store.forPortal(31).installation.get()).not.toBeNull();
    expect(await store.forPortal(31).checkpoints.get('anything')).toBe('y');
    expect(fake.runs.every((r) => r.portalId === 31)).toBe(true); // a disconnected portal is never synced
  });
});

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
if (!TEST_DATABASE_URL) {
  if (process.env.CI)
    throw new Error(
      'TEST_DATABASE_URL must be set in CI: the pg-boss job runner tests cannot be skipped there',
    );
  console.warn('\n⚠ TEST_DATABASE_URL is not set: SKIPPING the pg-boss job runner tests\n');
}

describe.skipIf(!TEST_DATABASE_URL)('pg-boss job runner (Postgres)', () => {
  it(
    "runs a portal's sync once at a time across two instances, and portals in parallel",
    { timeout: 60_000 },
    async () => {
      const schema = `pgboss_test_${process.pid}_${Date.now()}`;
      const store = await createStore({ url: 'file::memory:', cipher: identityCipher });
      await store.migrate();
      stores.push(store);
      const fake = recorder(600);
      const options = {
        store,
        databaseUrl: TEST_DATABASE_URL!,
        runSyncForPortal: fake.run,
        logger: silent,
        schema,
        pollingIntervalSeconds: 0.5,
      };
      const a = createPgBossRunner(options);
      const b = createPgBossRunner(options);
      runners.push(a, b);
      try {
        await a.start();
        await b.start();
        for (let i = 0; i < 4; i++) {
          await a.requestSync(1);
          await b.requestSync(1);
        }
        await b.requestSync(2, { full: true });
        await until(
          () =>
            fake.runs.some((r) => r.portalId === 2) && fake.runs.filter((r) => r.portalId === 1).length >= 1,
        );
        await sleep(2_500);
        const portal1 = fake.runs.filter((r) => r.portalId === 1);
        // one active + at most one queued: eight requests collapse into one or two syncs
        expect(portal1.length).toBeGreaterThanOrEqual(1);
        expect(portal1.length).toBeLessThanOrEqual(2);
        expect(fake.runs.find((r) => r.portalId === 2)?.kind).toBe('full');
        expect(fake.maxPerPortal).toBe(1);
      } finally {
        await a.stop();
        await b.stop();
        runners = [];
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      }
    },
  );
});
