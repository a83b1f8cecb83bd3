import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildPipelineIndex,
  defaultSettings,
  liftOf,
  rateOf,
  renewalCases,
  rescoreCases,
  rocAuc,
  scoreAsOf,
  sameSignals,
  summarizeBacktest,
  wilsonInterval,
  type BacktestCase,
  type Band,
  type RenewalOutcome,
  type Settings,
} from '@pulse/shared';
import {
  DAY,
  NOW,
  PIPELINES,
  buildBundle,
  buildCompany,
  buildDeal,
  buildPipelines,
  buildResponse,
  buildSignals,
  buildTicket,
  daysAgo,
} from '../../factories';

const RUNS = { numRuns: 300, seed: 20260302 };
const index = buildPipelineIndex(buildPipelines(), defaultSettings.renewals);
const R = PIPELINES.renewals;

const cases = (values: number[], positives: boolean[]) =>
  values.map((value, i) => ({ value, positive: positives[i]! }));

describe('rocAuc (hand-computed)', () => {
  it.each([
    // positives 3, 2 vs negatives 1, 2: pairs (3>1) (3>2) (2>1) (2=2 → ½) = 3.5 of 4
    ['a tie between classes counts one half', [3, 2, 1, 2], [true, true, false, false], 0.875],
    ['every positive above every negative', [9, 8, 1, 2], [true, true, false, false], 1],
    ['every positive below every negative', [1, 2, 9, 8], [true, true, false, false], 0],
    ['all values tied', [5, 5, 5, 5], [true, false, true, false], 0.5],
    // positive 2 vs negatives 1, 3, 2: (2>1) (2<3) (2=2 → ½) = 1.5 of 3
    ['one positive', [2, 1, 3, 2], [true, false, false, false], 0.5],
    // positives 4, 1 vs negatives 3, 2: (4>3) (4>2) (1<3) (1<2) = 2 of 4
    ['interleaved', [4, 3, 2, 1], [true, false, false, true], 0.5],
  ])('%s', (_case, values, positives, expected) => {
    expect(rocAuc(cases(values, positives))).toBeCloseTo(expected, 12);
  });

  it('has no AUC with a single class, or nothing', () => {
    expect(rocAuc(cases([1, 2, 3], [true, true, true]))).toBeNull();
    expect(rocAuc(cases([1, 2, 3], [false, false, false]))).toBeNull();
    expect(rocAuc([])).toBeNull();
  });
});

describe('rocAuc (properties)', () => {
  const arbCases = fc.array(fc.record({ value: fc.integer({ min: -50, max: 50 }), positive: fc.boolean() }), {
    maxLength: 60,
  });

  it('lies in [0, 1], or is null exactly when a class is missing', () => {
    fc.assert(
      fc.property(arbCases, (cs) => {
        const auc = rocAuc(cs);
        const both = cs.some((c) => c.positive) && cs.some((c) => !c.positive);
        expect(auc === null).toBe(!both);
        if (auc !== null) expect(auc >= 0 && auc <= 1).toBe(true);
      }),
      RUNS,
    );
  });

  it('is unchanged by any strictly increasing transform of the values', () => {
    // a random strictly increasing map: cumulative sums of positive steps over the value range
    const arbTransform = fc.array(fc.double({ min: 0.001, max: 1000, noNaN: true }), {
      minLength: 101,
      maxLength: 101,
    });
    fc.assert(
      fc.property(arbCases, arbTransform, (cs, steps) => {
        const at: number[] = [];
        steps.reduce((sum, step, i) => (at[i] = sum + step), -123.4);
        const mapped = cs.map((c) => ({ value: at[c.value + 50]!, positive: c.positive }));
        const cubed = cs.map((c) => ({ value: c.value ** 3 + 7, positive: c.positive }));
        const auc = rocAuc(cs);
        if (auc === null) return;
        expect(rocAuc(mapped)).toBeCloseTo(auc, 12);
        expect(rocAuc(cubed)).toBeCloseTo(auc, 12);
      }),
      RUNS,
    );
  });

  it('swapping the classes gives 1 − AUC', () => {
    fc.assert(
      fc.property(arbCases, (cs) => {
        const auc = rocAuc(cs);
        if (auc === null) return;
        expect(rocAuc(cs.map((c) => ({ ...c, positive: !c.positive })))).toBeCloseTo(1 - auc, 12);
      }),
      RUNS,
    );
  });
});

describe('wilsonInterval, rates and lift (hand-computed)', () => {
  it.each([
    // z = 1.96: 0 of 10 → [0, 0.2775]; 5 of 10 → [0.2366, 0.7634]; 10 of 10 → [0.7225, 1]; 1 of 4 → [0.0456, 0.6994]
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [10, 10, 0.7225, 1],
    [1, 4, 0.0456, 0.6994],
  ])('%i of %i → [%f, %f]', (k, n, low, high) => {
    const interval = wilsonInterval(k, n)!;
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('has no interval and no rate for no renewals', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(rateOf(0, 0)).toEqual({ renewals: 0, churned: 0, rate: null, interval: null });
  });

  it('lift is the ratio of rates; none when the safe group never churned or is empty', () => {
    expect(liftOf(rateOf(3, 10), rateOf(1, 20))).toBeCloseTo(6, 12);
    expect(liftOf(rateOf(3, 10), rateOf(0, 20))).toBeNull();
    expect(liftOf(rateOf(3, 10), rateOf(0, 0))).toBeNull();
  });
});

let seq = 0;
function backtestCase(
  band: Band | null,
  score: number | null,
  outcome: RenewalOutcome,
  arr = 1000,
  riskPoints = 0,
): BacktestCase {
  const level =
    riskPoints >= 75 ? 'critical' : riskPoints >= 50 ? 'high' : riskPoints >= 25 ? 'medium' : 'low';
  return {
    companyId: String(++seq),
    dealId: `d${seq}`,
    closedAt: NOW,
    asOf: NOW - 90 * DAY,
    outcome,
    arr,
    signals: buildSignals(),
    riskFacts: { hasRenewal: true, recentDetractors: 0, openUrgent: 0, nextRenewal: null, overdueDays: null },
    score,
    band,
    riskPoints,
    riskLevel: level,
  };
}

const settingsWithMin = (minOutcomes: number): Settings => ({
  ...defaultSettings,
  backtest: { ...defaultSettings.backtest, minOutcomes },
});

describe('summarizeBacktest (hand-computed)', () => {
  // Healthy: 4 renewed, 1 lost (rate 0.2). Monitor: 2 renewed, 1 contracted. At risk: 1 renewed, 3 lost (0.75).
  // One unscored renewal (lost). 12 scored.
  const book = [
    backtestCase('healthy', 90, 'won', 1000, 10),
    backtestCase('healthy', 85, 'won', 1000, 10),
    backtestCase('healthy', 80, 'won', 1000, 10),
    backtestCase('healthy', 75, 'won', 1000, 10),
    backtestCase('healthy', 72, 'lost', 2000, 30),
    backtestCase('monitor', 60, 'won', 1000, 30),
    backtestCase('monitor', 50, 'won', 1000, 30),
    backtestCase('monitor', 45, 'contraction_small', 1000, 30),
    backtestCase('at_risk', 35, 'won', 500, 60),
    backtestCase('at_risk', 30, 'lost', 3000, 60),
    backtestCase('at_risk', 20, 'lost', 4000, 80),
    backtestCase('at_risk', 10, 'lost', 5000, 80),
    backtestCase(null, null, 'lost', 700, 10),
  ];

  it('reports rates per band with Wilson intervals, lift, AUC and at-risk ARR', () => {
    const report = summarizeBacktest(book, settingsWithMin(10));
    expect(report.enoughHistory).toBe(true);
    expect(report.renewals).toBe(13);
    expect(report.scored).toBe(12);
    expect(report.outcomes).toEqual({ renewed: 7, contracted: 1, lost: 5 });
    const healthy = report.bands.find((b) => b.band === 'healthy')!;
    expect(healthy).toMatchObject({ renewals: 5, churned: 1, rate: 0.2 });
    // 1 of 5 at 95%: [0.0362, 0.6245]
    expect(healthy.interval!.low).toBeCloseTo(0.0362, 4);
    expect(healthy.interval!.high).toBeCloseTo(0.6245, 4);
    expect(report.bands.find((b) => b.band === 'at_risk')).toMatchObject({
      renewals: 4,
      churned: 3,
      rate: 0.75,
    });
    expect(report.liftAtRiskOverHealthy).toBeCloseTo(3.75, 12);
    // lost scores 72, 30, 20, 10 vs 8 not lost (90 85 80 75 60 50 45 35): renewed-higher pairs =
    // 72: 4 (90 85 80 75) · 30: 8 · 20: 8 · 10: 8 → 28 of 32
    expect(report.auc).toBeCloseTo(28 / 32, 12);
    expect(report.atRiskArr).toEqual({ flagged: 12_500, churned: 12_000 });
    expect(report.churnedArr).toBe(14_700);
    // risk levels: low 5 (1 lost: the unscored), medium 4 (1 lost), high 2 (1 lost), critical 2 (2 lost)
    expect(report.riskLevels.find((l) => l.level === 'low')).toMatchObject({ renewals: 5, churned: 1 });
    expect(report.riskLevels.find((l) => l.level === 'critical')).toMatchObject({ renewals: 2, churned: 2 });
    expect(report.liftHighRiskOverLow).toBeCloseTo(0.75 / 0.2, 12);
  });

  it('says "not enough history to judge" below the minimum, and shows no AUC or lift', () => {
    const report = summarizeBacktest(book, settingsWithMin(13));
    expect(report.enoughHistory).toBe(false);
    expect(report.notEnoughReason).toBe(
      'Not enough history to judge: 12 scored renewals, at least 13 needed.',
    );
    expect(report.auc).toBeNull();
    expect(report.riskAuc).toBeNull();
    expect(report.liftAtRiskOverHealthy).toBeNull();
  });

  it('says so when no renewal was lost', () => {
    const report = summarizeBacktest(
      book.filter((c) => c.outcome !== 'lost'),
      settingsWithMin(2),
    );
    expect(report.notEnoughReason).toMatch(/no renewal was lost/);
    expect(report.auc).toBeNull();
  });
});

describe('renewalCases', () => {
  /** A customer whose renewal 100 days ago was lost after detractors and urgent tickets in the run-up. */
  const churner = () =>
    buildBundle({
      company: buildCompany({ id: 'c-churn', lastContactedAt: daysAgo(300) }),
      deals: [
        buildDeal({
          id: 'first',
          stageId: R.won,
          amount: 8000,
          createdAt: daysAgo(900),
          closeAt: daysAgo(830),
        }),
        buildDeal({
          id: 'lost',
          stageId: R.lost,
          amount: 8000,
          createdAt: daysAgo(300),
          closeAt: daysAgo(100),
        }),
        buildDeal({
          id: 'too-old',
          stageId: R.won,
          amount: 8000,
          createdAt: daysAgo(900),
          closeAt: daysAgo(760),
        }),
      ],
      responses: [250, 240, 220, 210, 200].map((d) => buildResponse({ value: 2, submittedAt: daysAgo(d) })),
      tickets: [260, 230, 200].map((d) => buildTicket({ priority: 'URGENT', createdAt: daysAgo(d) })),
    });

  it('scores each renewal of the lookback as its company stood horizonDays before it closed', () => {
    const result = renewalCases(churner(), index, defaultSettings, null, NOW);
    // 24 months back from 2 March 2026 is 2 March 2024: 'too-old' (760 days ago) is out
    expect(result.map((c) => c.dealId)).toEqual(['lost']);
    const lost = result[0]!;
    expect(lost.outcome).toBe('lost');
    expect(lost.arr).toBe(8000);
    expect(lost.asOf).toBe(daysAgo(190));
    // at T the renewal was open and on time; the detractors and open urgent tickets were there
    expect(lost.signals.renewalOverdue).toBe(false);
    expect(lost.signals.nps).toBe(-100);
    expect(lost.signals.openHighPriority).toBe(3);
    // the commercial measures (an earlier renewal won, on time) held it at Monitor: what the model said then
    expect(lost.score).toBe(scoreAsOf(churner(), index, defaultSettings, null, daysAgo(190)).score);
    expect(lost.band).toBe('monitor');
  });

  it('re-scores saved cases under a draft that reads the same signals', () => {
    const result = renewalCases(churner(), index, defaultSettings, null, NOW);
    const draft = structuredClone(defaultSettings);
    draft.scoring.bands = { healthy: 90, monitor: 60 };
    expect(sameSignals(defaultSettings, draft)).toBe(true);
    expect(rescoreCases(result, draft)[0]!.band).toBe('at_risk');
    expect(renewalCases(churner(), index, draft, null, NOW)[0]!.band).toBe('at_risk');
    const otherWindow = structuredClone(defaultSettings);
    otherWindow.windows.npsDays = 30;
    expect(sameSignals(defaultSettings, otherWindow)).toBe(false);
  });
});
