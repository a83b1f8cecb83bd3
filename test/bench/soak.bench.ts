/**
 * Soak: Pulse as in production (main.ts in a child process, Postgres store and pg-boss jobs, single-portal mode
 * against the HubSpot sandbox) serves signed card reads at a steady rate and runs syncs (one requested every 20 s)
 * while its database, behind a TCP proxy, drops three times for 10 s. Reports answers by status, how long after each
 * drop the cards were answered again, and how many times the process exited (target: 0, and no 5xx but 503).
 * Needs TEST_DATABASE_URL (a throw-away schema is created and dropped).
 */
import { startOutageRig, waitUntil, type CardResult } from '../integration/outage-rig';

const RATE_PER_SECOND = 20;
const WARMUP_MS = 20_000;
const DROP_MS = 10_000;
const BETWEEN_DROPS_MS = 30_000;
const SYNC_EVERY_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function soak(): Promise<{ title: string; markdown: string; ok: boolean }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    return {
      title: 'Soak: database drops under load',
      markdown: 'Skipped: TEST_DATABASE_URL is not set.',
      ok: false,
    };
  const rig = await startOutageRig({ databaseUrl: url, companies: 200, hubspotPer10s: 60 });
  try {
    await waitUntil(
      async () => (await rig.syncRuns()).some((r) => r.status === 'succeeded'),
      300_000,
      'first sync',
    );
    const results: CardResult[] = [];
    const pending: Promise<void>[] = [];
    const stop = { done: false };
    const started = Date.now();
    // open model: one read due every 1/RATE s whatever happened to the earlier ones
    const load = (async () => {
      for (let i = 0; !stop.done; i++) {
        const wait = started + (i * 1000) / RATE_PER_SECOND - Date.now();
        if (wait > 0) await sleep(wait);
        const id = rig.companyIds[i % rig.companyIds.length]!;
        pending.push(rig.readCard(id).then((r) => void results.push(r)));
      }
    })();
    const syncs = (async () => {
      while (!stop.done) {
        await rig.requestSync(false).catch(() => 0);
        await sleep(SYNC_EVERY_MS);
      }
    })();
    const drops: { from: number; to: number }[] = [];
    await sleep(WARMUP_MS);
    for (let n = 0; n < 3; n++) {
      const from = Date.now();
      rig.proxy.cut();
      await sleep(DROP_MS);
      rig.proxy.restore();
      drops.push({ from, to: Date.now() });
      await sleep(BETWEEN_DROPS_MS);
    }
    stop.done = true;
    await Promise.all([load, syncs]);
    await Promise.all(pending);
    const runs = await rig.syncRuns();
    return report({ results, drops, runs, restarts: rig.restarts, seconds: (Date.now() - started) / 1000 });
  } finally {
    await rig.close();
  }
}

const report = (input: {
  results: CardResult[];
  drops: { from: number; to: number }[];
  runs: Awaited<ReturnType<Awaited<ReturnType<typeof startOutageRig>>['syncRuns']>>;
  restarts: number;
  seconds: number;
}) => {
  const { results, drops, runs, restarts } = input;
  const byStatus = new Map<string, number>();
  for (const r of results) {
    const key = r.status === 0 ? 'no answer' : String(r.status);
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  const sorted = [...results].sort((a, b) => a.at - b.at);
  // recovery: from the database's return to the first card answered 200 after it
  const recovery = drops.map((d) => {
    const first = sorted.find((r) => r.at >= d.to && r.status === 200);
    return first ? (first.at - d.to) / 1000 : null;
  });
  const finishedAfterLastDrop = runs.filter(
    (r) => r.status === 'succeeded' && (r.finished_at ?? 0) > drops[2]!.to,
  );
  const fiveHundreds = results.filter((r) => r.status >= 500 && r.status !== 503).length;
  const ok =
    restarts === 0 &&
    fiveHundreds === 0 &&
    !byStatus.has('no answer') &&
    recovery.every((s) => s !== null && s < 10) &&
    finishedAfterLastDrop.length > 0 &&
    !runs.some((r) => r.status === 'running' && r.started_at < drops[2]!.to - 120_000);
  const rows = [...byStatus.entries()].sort().map(([status, n]) => `| ${status} | ${n} |`);
  const markdown = [
    `${results.length} signed card reads at ${RATE_PER_SECOND}/s over ${input.seconds.toFixed(0)} s, an incremental sync requested every ${SYNC_EVERY_MS / 1000} s, the database dropped 3 × ${DROP_MS / 1000} s (TCP proxy: open connections reset, new ones refused).`,
    '',
    '| status | reads |',
    '| --- | --- |',
    ...rows,
    '',
    `- Recovery after each drop (database back → first card answered 200): ${recovery.map((s) => (s === null ? 'never' : `${s.toFixed(1)} s`)).join(', ')}`,
    `- Process restarts: ${restarts}`,
    `- Sync runs: ${runs.filter((r) => r.status === 'succeeded').length} succeeded, ${runs.filter((r) => r.status === 'failed').length} failed, ${runs.filter((r) => r.status === 'running').length} running at the end; ${finishedAfterLastDrop.length} finished after the last drop`,
    '',
    'Targets: 0 restarts, no 5xx other than 503 (with Retry-After), every read answered, recovery under 10 s, a sync finishing after the last drop, no run left stuck.',
  ].join('\n');
  return { title: 'Soak: database drops under load', markdown, ok };
};
