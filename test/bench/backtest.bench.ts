/**
 * History from day one and the backtest (issue 9), through the real path on a SQLite file: 10,000 companies with
 * 24+ months of annual renewals are stored, then (1) the first recompute scores every company AND rebuilds its 90
 * days of history (written to the store), (2) the backtest service scores every renewal closed in 24 months as of
 * 90 days before it closed, summarizes it and fits suggested weights. Time (wall and CPU) and peak RSS.
 * Target: backfill + backtest ≤ 15 s and < 400 MB on 2 cores. Run: npm run bench -- backtest
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompanyBundle } from '@pulse/shared';
import { createLogger } from '../../server/src/logger';
import { createBackgroundTasks } from '../../server/src/services/background';
import { createBacktests } from '../../server/src/services/backtest';
import type { PortalStore } from '../../server/src/store';
import { recomputeCompanies } from '../../server/src/sync';
import { NOW, buildContact, buildPipelines } from '../factories';
import { openStore } from '../integration/store/test-store';
import { buildBacktestBundle, rng } from './backtest-data';

const COMPANIES = 10_000;
const PAGE = 500;
const PORTAL = 4343;
const TARGET_S = 15;
const TARGET_MB = 400;

type Counts = { companies: number; deals: number; tickets: number; responses: number };

async function seed(portal: PortalStore, bundles: CompanyBundle[]): Promise<Counts> {
  const g = { generation: 1 };
  const counts: Counts = { companies: 0, deals: 0, tickets: 0, responses: 0 };
  await portal.pipelines.replace(buildPipelines());
  for (let i = 0; i < bundles.length; i += PAGE) {
    const page = bundles.slice(i, i + PAGE);
    const link = (b: CompanyBundle) => ({ primaryCompanyId: b.company.id, companyIds: [b.company.id] });
    const contacts = page.map((b) => buildContact({ id: `p-${b.company.id}`, ...link(b) }));
    await portal.records.upsert({ objectType: 'companies', records: page.map((b) => b.company) }, g);
    await portal.records.upsert({ objectType: 'contacts', records: contacts }, g);
    const deals = page.flatMap((b) => b.deals.map((d) => ({ ...d, ...link(b) })));
    const tickets = page.flatMap((b) => b.tickets.map((t) => ({ ...t, ...link(b) })));
    const responses = page.flatMap((b) => b.responses.map((r) => ({ ...r, contactId: `p-${b.company.id}` })));
    await portal.records.upsert({ objectType: 'deals', records: deals }, g);
    await portal.records.upsert({ objectType: 'tickets', records: tickets }, g);
    await portal.records.upsert({ objectType: 'responses', records: responses }, g);
    counts.companies += page.length;
    counts.deals += deals.length;
    counts.tickets += tickets.length;
    counts.responses += responses.length;
  }
  return counts;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};

export default async function bench(): Promise<{ title: string; markdown: string; ok: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-backtest-bench-'));
  const store = await openStore(`file:${join(dir, 'bench.db')}`);
  try {
    await store.migrate();
    const portal = store.forPortal(PORTAL);
    const r = rng(2026);
    const counts = await seed(
      portal,
      Array.from({ length: COMPANIES }, (_, i) => buildBacktestBundle(r, i)),
    );
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const load = loadavg()[0]!;

    let cpu = process.cpuUsage();
    let t = performance.now();
    await recomputeCompanies({ portal, companyIds: 'all', now: NOW });
    const backfillWall = (performance.now() - t) / 1000;
    const backfillCpu = cpuSeconds(cpu);
    const historyRows = (await portal.history.forCompanies([`c0`, `c1`], '2000-01-01')).length / 2;

    const background = createBackgroundTasks(createLogger({ level: 'warn' }));
    const backtests = createBacktests({ background, now: () => NOW });
    cpu = process.cpuUsage();
    t = performance.now();
    await backtests.view(portal);
    await background.idle();
    const view = await backtests.view(portal);
    const backtestWall = (performance.now() - t) / 1000;
    const backtestCpu = cpuSeconds(cpu);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (view.status !== 'ready') throw new Error('backtest did not finish');
    const { report, suggestion } = view;

    const total = backfillWall + backtestWall;
    const peakMb = peakRss / 1_048_576;
    const ok = total <= TARGET_S && peakMb < TARGET_MB;
    const markdown = [
      `SQLite file; ${counts.companies.toLocaleString('en')} companies, ${counts.deals.toLocaleString('en')} deals (annual renewals over 24+ months), ${counts.tickets.toLocaleString('en')} tickets, ${counts.responses.toLocaleString('en')} responses (seeded before timing). Load average at start: ${load.toFixed(2)}.`,
      `Target: first recompute with the 90-day backfill + backtest ≤ ${TARGET_S} s and peak RSS < ${TARGET_MB} MB.`,
      '',
      '| step | wall | CPU |',
      '| --- | ---: | ---: |',
      `| first recompute: snapshots + ${historyRows} history days per company written (${(COMPANIES * historyRows).toLocaleString('en')} rows) | ${backfillWall.toFixed(1)} s | ${backfillCpu.toFixed(1)} s |`,
      `| backtest: ${report.renewals.toLocaleString('en')} renewals scored as of ${report.horizonDays} days before, report + suggested weights (5-fold) | ${backtestWall.toFixed(1)} s | ${backtestCpu.toFixed(1)} s |`,
      `| **total** | **${total.toFixed(1)} s** ${total <= TARGET_S ? '✅' : '❌'} | ${(backfillCpu + backtestCpu).toFixed(1)} s |`,
      '',
      `Peak RSS ${peakMb.toFixed(0)} MB ${peakMb < TARGET_MB ? '✅' : '❌'} (${(startRss / 1_048_576).toFixed(0)} MB after seeding). Backtest of the generated book: AUC ${report.auc?.toFixed(2) ?? '—'} on ${report.scored.toLocaleString('en')} scored renewals (${report.outcomes.lost.toLocaleString('en')} lost); suggested weights' out-of-fold AUC ${suggestion.outOfFoldAuc?.toFixed(2) ?? '—'}.`,
    ].join('\n');
    return { title: 'History from day one and backtest (10,000 companies)', markdown, ok };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
