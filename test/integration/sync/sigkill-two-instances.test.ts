import { afterAll, describe, expect, it } from 'vitest';
import { startOutageRig, waitUntil, type OutageRig } from '../outage-rig';

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl && process.env.CI)
  throw new Error(
    'TEST_DATABASE_URL must be set in CI: the two-instance SIGKILL test cannot be skipped there',
  );

let rig: OutageRig | null = null;
afterAll(async () => rig?.close());

describe.skipIf(!pgUrl)('two instances on one Postgres, the syncing one SIGKILLed', () => {
  it(
    'the other instance notices within a minute or two and finishes the same run from its checkpoint',
    { timeout: 240_000 },
    async () => {
      rig = await startOutageRig({
        databaseUrl: pgUrl!,
        companies: 150,
        hubspotPer10s: 15,
        instances: 2,
        restart: false,
      });
      const r = rig;
      expect(r.pids()).toHaveLength(2);
      // the start-up sync (full: the portal has never synced) runs on one of the two
      await waitUntil(
        async () => (await r.syncRuns())[0]?.status === 'running' && (await r.syncOwnerPid()) !== null,
        60_000,
        'a sync running',
      );
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const run = (await r.syncRuns())[0]!;
      expect(run.status).toBe('running'); // still mid-way: the kill interrupts it
      const owner = (await r.syncOwnerPid())!;
      expect(r.pids()).toContain(owner);
      const killedAt = Date.now();
      r.kill(owner);

      await waitUntil(
        async () => (await r.syncRuns()).find((x) => x.id === run.id)?.status === 'succeeded',
        180_000,
        'the interrupted run finished',
      );
      const reclaimSeconds = (Date.now() - killedAt) / 1000;
      expect(reclaimSeconds).toBeLessThan(150);
      const survivor = r.pids();
      expect(survivor).toHaveLength(1);
      expect(survivor).not.toContain(owner);
      expect(await r.syncOwnerPid()).toBe(survivor[0]);
      // the same run resumed (not a new one started over), and nothing is left running
      const runs = await r.syncRuns();
      expect(runs.filter((x) => x.status === 'running')).toEqual([]);
      expect(runs.map((x) => x.id)).toEqual([run.id]);
      expect(r.logLines().some((l) => l.msg === 'resuming a sync left running by a stopped process')).toBe(
        true,
      );
      expect(r.restarts).toBe(0);
    },
  );
});
