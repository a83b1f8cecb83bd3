import { afterAll, describe, expect, it } from 'vitest';
import { startOutageRig, waitUntil, type CardResult, type OutageRig } from '../outage-rig';

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl && process.env.CI)
  throw new Error('TEST_DATABASE_URL must be set in CI: the database outage test cannot be skipped there');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let rig: OutageRig | null = null;
afterAll(async () => rig?.close());

/** Card readers in a loop until `stop`, each read recorded. */
const readLoop = (r: OutageRig, readers: number, results: CardResult[], stop: { done: boolean }) =>
  Promise.all(
    Array.from({ length: readers }, async (_, reader) => {
      for (let i = reader; !stop.done; i += readers) {
        results.push(await r.readCard(r.companyIds[i % r.companyIds.length]!));
        await sleep(20);
      }
    }),
  );

describe.skipIf(!pgUrl)('a Postgres outage under load (TCP proxy cut three times)', () => {
  it(
    'answers 503 with Retry-After (never 500), never crashes, recovers by itself and finishes a sync',
    { timeout: 240_000 },
    async () => {
      rig = await startOutageRig({ databaseUrl: pgUrl!, companies: 60, hubspotPer10s: 30 });
      const r = rig;
      // the start-up sync (a first sync is full) gives the cards something to show
      await waitUntil(
        async () => (await r.syncRuns()).some((run) => run.status === 'succeeded'),
        120_000,
        'first sync',
      );
      expect(await r.requestSync(true)).toBe(202);
      await waitUntil(
        async () => (await r.syncRuns())[0]?.status === 'running',
        30_000,
        'second sync running',
      );

      const results: CardResult[] = [];
      const stop = { done: false };
      const load = readLoop(r, 6, results, stop);
      const cuts: { from: number; to: number }[] = [];
      for (let cut = 0; cut < 3; cut++) {
        await sleep(1_500);
        const from = Date.now();
        r.proxy.cut();
        await sleep(3_000);
        r.proxy.restore();
        cuts.push({ from, to: Date.now() });
      }
      await sleep(8_000);
      stop.done = true;
      await load;
      const restoredAt = cuts[2]!.to;

      const statuses = [...new Set(results.map((x) => x.status))].sort();
      expect(statuses).toEqual([200, 503]);
      expect(results.filter((x) => x.status === 503).every((x) => x.retryAfter === '5')).toBe(true);
      expect(results.filter((x) => x.status === 503).every((x) => x.code === 'database_unavailable')).toBe(
        true,
      );
      // it came back by itself: the last reads, after the third cut, are answered
      expect(results.filter((x) => x.at > restoredAt + 4_000).every((x) => x.status === 200)).toBe(true);
      expect(await r.readyz()).toBe(200);

      // the sync the cuts interrupted resumes (or fails cleanly) and a sync finishes after the last cut
      await waitUntil(
        async () =>
          (await r.syncRuns()).some(
            (run) => run.status === 'succeeded' && (run.finished_at ?? 0) > restoredAt,
          ),
        150_000,
        'a sync finished after the outages',
      );
      expect((await r.syncRuns()).filter((run) => run.status === 'running')).toEqual([]);
      expect(r.restarts).toBe(0);
      const logged = r.logLines();
      expect(logged.filter((l) => l.msg === 'request failed')).toEqual([]);
      expect(logged.some((l) => l.msg === 'database unavailable' && l.level === 40)).toBe(true);
    },
  );
});
