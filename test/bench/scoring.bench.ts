/**
 * Scoring throughput: 100,000 varied, seeded Signals scored with the default model (computeHealth +
 * computeRenewalRisk), median of 5 runs, against a target of 200,000 companies/s; plus computeCompanySnapshot
 * over 10,000 generated bundles. Run: npx tsx -e "import('./test/bench/scoring.bench.ts').then(async m => console.log((await m.default()).markdown))"
 */
import os from 'node:os';
import {
  computeHealth,
  computeRenewalRisk,
  type RiskFacts,
  computeCompanySnapshot,
  buildPipelineIndex,
  defaultSettings,
  type Signals,
  type CompanyBundle,
} from '@pulse/shared';
import {
  NOW,
  PIPELINES,
  buildCompany,
  buildDeal,
  buildPipelines,
  buildResponse,
  buildTicket,
  daysAgo,
} from '../factories';

const COMPANIES = 100_000;
const SNAPSHOT_BUNDLES = 10_000;
const RUNS = 5;
const TARGET_PER_SECOND = 200_000;

/** mulberry32: a tiny seeded PRNG so every run scores the same companies. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(r: () => number, values: readonly T[]): T {
  return values[Math.floor(r() * values.length)]!;
}

function maybe<T>(r: () => number, value: T, missing = 0.2): T | null {
  return r() < missing ? null : value;
}

function buildVariedSignals(r: () => number): { signals: Signals; facts: RiskFacts } {
  const signals: Signals = {
    nps: maybe(r, Math.round(r() * 200 - 100)),
    latestNpsGroup: maybe(r, pick(r, ['promoter', 'passive', 'detractor'] as const)),
    csatPercent: maybe(r, r() * 100),
    csmSentiment: maybe(r, pick(r, ['good', 'neutral', 'concerned'] as const), 0.7),
    openHighPriority: maybe(r, Math.floor(r() * 4), 0.1),
    agingOpen: maybe(r, Math.floor(r() * 5), 0.1),
    volumeTrend: maybe(r, r() * 3, 0.4),
    timeToCloseHours: maybe(r, r() * 300, 0.3),
    daysSinceContact: maybe(r, Math.floor(r() * 150)),
    associatedContacts: maybe(r, Math.floor(r() * 6), 0.1),
    lastRenewalOutcome: maybe(
      r,
      pick(r, ['won', 'contraction_small', 'contraction_large', 'lost'] as const),
      0.4,
    ),
    expansionWon12m: maybe(r, r() < 0.3, 0.3),
    renewalOverdue: r() < 0.1 ? true : maybe(r, false, 0.3),
    adoption: {},
    samples: { nps: Math.floor(r() * 12), csatPercent: Math.floor(r() * 12) },
  };
  if (signals.nps === null) signals.samples.nps = 0;
  else if (signals.samples.nps === 0) signals.samples.nps = 1;
  if (signals.csatPercent === null) signals.samples.csatPercent = 0;
  else if (signals.samples.csatPercent === 0) signals.samples.csatPercent = 1;
  const hasNext = r() < 0.7;
  const facts: RiskFacts = {
    hasRenewal: hasNext || signals.renewalOverdue === true,
    recentDetractors: r() < 0.2 ? 1 : 0,
    openUrgent: r() < 0.15 ? 1 : 0,
    nextRenewal: hasNext
      ? { daysToRenewal: Math.floor(r() * 365), daysInStage: maybe(r, Math.floor(r() * 90)) }
      : null,
    overdueDays: signals.renewalOverdue ? Math.floor(r() * 30) + 1 : null,
  };
  return { signals, facts };
}

function buildVariedBundle(r: () => number, i: number): CompanyBundle {
  const R = PIPELINES.renewals;
  const deals = [
    buildDeal({
      pipelineId: PIPELINES.sales.id,
      stageId: PIPELINES.sales.won,
      dealType: 'newbusiness',
      name: 'New',
      amount: 1000 + Math.floor(r() * 50_000),
      closeAt: daysAgo(400 + Math.floor(r() * 400)),
    }),
    buildDeal({
      stageId: pick(r, [R.won, R.won, R.won, R.lost]),
      amount: 1000 + Math.floor(r() * 50_000),
      closeAt: daysAgo(Math.floor(r() * 360)),
    }),
    buildDeal({
      stageId: R.open,
      amount: maybe(r, 1000 + Math.floor(r() * 50_000)),
      closeAt: daysAgo(Math.floor(r() * 200) - 180),
      stageEnteredAt: daysAgo(Math.floor(r() * 60)),
    }),
  ];
  const tickets = Array.from({ length: Math.floor(r() * 12) }, () => {
    const created = daysAgo(Math.floor(r() * 150));
    const isClosed = r() < 0.7;
    return buildTicket({
      priority: pick(r, ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const),
      stageId: isClosed ? PIPELINES.support.closed : PIPELINES.support.new,
      createdAt: created,
      closedAt: isClosed ? created + Math.floor(r() * 200) * 3_600_000 : null,
      timeToFirstReplyMs: maybe(r, Math.floor(r() * 48) * 3_600_000),
    });
  });
  const responses = Array.from({ length: Math.floor(r() * 8) }, () =>
    buildResponse({
      surveyType: pick(r, ['NPS', 'NPS', 'CSAT', 'CES'] as const),
      value: Math.floor(r() * 11),
      content: r() < 0.3 ? 'Some words about the product' : null,
      submittedAt: daysAgo(Math.floor(r() * 200)),
    }),
  );
  return {
    company: buildCompany({
      id: String(100_000 + i),
      lastContactedAt: maybe(r, daysAgo(Math.floor(r() * 120))),
      associatedContacts: Math.floor(r() * 6),
    }),
    deals,
    tickets,
    responses,
    contactCount: null,
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(0)} MB`;
}

export default async function bench(): Promise<{ title: string; markdown: string; ok: boolean }> {
  const r = rng(42);
  const inputs = Array.from({ length: COMPANIES }, () => buildVariedSignals(r));
  const settings = defaultSettings;

  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };

  // Warm-up so the JIT has compiled the hot path before we time it.
  for (let i = 0; i < 20_000; i++) {
    const { signals, facts } = inputs[i]!;
    computeRenewalRisk(computeHealth(signals, settings).score, signals, facts, settings);
  }

  // Rates from the process's CPU time: the machine is shared (other suites, Postgres), and wall-clock time
  // there measures the neighbours. Wall-clock rates are reported beside them.
  const rates: number[] = [];
  const wallRates: number[] = [];
  let checksum = 0;
  for (let run = 0; run < RUNS; run++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < COMPANIES; i++) {
      const { signals, facts } = inputs[i]!;
      const health = computeHealth(signals, settings);
      const risk = computeRenewalRisk(health.score, signals, facts, settings);
      checksum += (health.score ?? 0) + risk.points;
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    rates.push(COMPANIES / ((cpu.user + cpu.system) / 1e6));
    wallRates.push(COMPANIES / seconds);
    sample();
  }
  const sorted = [...rates].sort((a, b) => a - b);
  const medianRate = sorted[Math.floor(RUNS / 2)]!;
  const medianWall = [...wallRates].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;

  const index = buildPipelineIndex(buildPipelines(), settings.renewals);
  const br = rng(7);
  const bundles = Array.from({ length: SNAPSHOT_BUNDLES }, (_, i) => buildVariedBundle(br, i));
  sample();
  const snapCpuStart = process.cpuUsage();
  const snapStart = performance.now();
  for (const bundle of bundles) {
    const snapshot = computeCompanySnapshot({
      bundle,
      index,
      settings,
      settingsVersion: 1,
      sentiment: null,
      history: [],
      now: NOW,
    });
    checksum += snapshot.health.score ?? 0;
  }
  const snapSeconds = (performance.now() - snapStart) / 1000;
  const snapCpu = process.cpuUsage(snapCpuStart);
  const snapCpuSeconds = (snapCpu.user + snapCpu.system) / 1e6;
  sample();

  const ok = medianRate >= TARGET_PER_SECOND;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const markdown = [
    `### Scoring (${COMPANIES.toLocaleString('en-US')} companies, default model, median of ${RUNS} runs)`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| computeHealth + computeRenewalRisk, per CPU second | **${fmt(medianRate)} companies/s** (target ≥ ${fmt(TARGET_PER_SECOND)}) ${ok ? '✅' : '❌'} |`,
    `| same, wall clock (shared machine, load ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores) | ${fmt(medianWall)} companies/s |`,
    `| runs, per CPU second | ${rates.map(fmt).join(', ')} |`,
    `| runs, wall clock | ${wallRates.map(fmt).join(', ')} |`,
    `| computeCompanySnapshot, ${SNAPSHOT_BUNDLES.toLocaleString('en-US')} generated bundles | ${(snapCpuSeconds * 1000).toFixed(0)} ms CPU, ${(snapSeconds * 1000).toFixed(0)} ms wall (${fmt(SNAPSHOT_BUNDLES / snapCpuSeconds)} snapshots per CPU second) |`,
    `| peak RSS / heap used | ${mb(peakRss)} / ${mb(peakHeap)} |`,
    `| checksum (determinism) | ${checksum} |`,
  ].join('\n');
  return { title: 'Scoring throughput', markdown, ok };
}
