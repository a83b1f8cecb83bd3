import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyRule,
  compileRule,
  computeHealth,
  computeRenewalRisk,
  defaultSettings,
  evalRule,
  npsScore,
  parseSettings,
  SIGNAL_KEYS,
  type Health,
  type RiskFacts,
  type Settings,
  type Signals,
  ZSignals,
} from '@pulse/shared';

const RUNS = { numRuns: 300, seed: 20260302 };

/** The default model plus a mapped adoption measure (higher is better) with a weight. */
const withAdoption: Settings = structuredClone(defaultSettings);
withAdoption.scoring.groups[4]!.weight = 15;
withAdoption.scoring.groups[4]!.measures.push({
  key: 'licence',
  label: 'Licence utilisation',
  signal: 'adoption:licence_utilisation',
  weight: 2,
  rule: {
    kind: 'steps',
    direction: 'higher_is_better',
    steps: [
      { min: 80, points: 100 },
      { min: 50, points: 60 },
    ],
    otherwise: 20,
  },
});

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });
const count = fc.integer({ min: 0, max: 50 });

/** Any signals the schema accepts; a survey value comes with 1–12 responses behind it, none without. */
const signalsArb: fc.Arbitrary<Signals> = fc
  .record({
    nps: nullable(fc.integer({ min: -100, max: 100 })),
    latestNpsGroup: nullable(fc.constantFrom('promoter' as const, 'passive' as const, 'detractor' as const)),
    csatPercent: nullable(fc.double({ min: 0, max: 100, noNaN: true })),
    csmSentiment: nullable(fc.constantFrom('good' as const, 'neutral' as const, 'concerned' as const)),
    openHighPriority: nullable(count),
    agingOpen: nullable(count),
    volumeTrend: nullable(fc.double({ min: 0, max: 20, noNaN: true })),
    timeToCloseHours: nullable(fc.double({ min: 0, max: 2000, noNaN: true })),
    daysSinceContact: nullable(fc.integer({ min: 0, max: 1000 })),
    associatedContacts: nullable(count),
    lastRenewalOutcome: nullable(
      fc.constantFrom(
        'won' as const,
        'contraction_small' as const,
        'contraction_large' as const,
        'lost' as const,
      ),
    ),
    expansionWon12m: nullable(fc.boolean()),
    renewalOverdue: nullable(fc.boolean()),
    adoption: fc.record({ licence_utilisation: nullable(fc.double({ min: 0, max: 150, noNaN: true })) }),
    npsSample: fc.integer({ min: 1, max: 12 }),
    csatSample: fc.integer({ min: 1, max: 12 }),
  })
  .map(({ npsSample, csatSample, ...s }) => ({
    ...s,
    samples: {
      nps: s.nps === null ? 0 : npsSample,
      csatPercent: s.csatPercent === null ? 0 : csatSample,
    },
  }));

/** Random but valid weightings, floors, neutrals and sample sizes (properties must not hang on the defaults). */
const settingsArb: fc.Arbitrary<Settings> = fc
  .record({
    groupWeights: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 5, maxLength: 5 }),
    measureWeights: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 14, maxLength: 14 }),
    floor: fc.constantFrom(0, 0.25, 0.5, 0.8),
    neutral: fc.constantFrom(30, 50, 60),
    fullSample: fc.constantFrom(0, 3, 5, 10),
  })
  .map(({ groupWeights, measureWeights, floor, neutral, fullSample }) => {
    const s = structuredClone(withAdoption);
    let i = 0;
    s.scoring.groups.forEach((g, gi) => {
      g.weight = groupWeights[gi]!;
      for (const m of g.measures) m.weight = measureWeights[i++]!;
    });
    s.scoring.lowConfidenceBelow = floor;
    s.scoring.neutralPoints = neutral;
    s.windows.lowSampleBelow = fullSample;
    return s;
  })
  .filter((s) => parseSettings(s).success);

const riskFactsArb: fc.Arbitrary<RiskFacts> = fc.record({
  hasRenewal: fc.boolean(),
  recentDetractors: count,
  openUrgent: count,
  nextRenewal: nullable(
    fc.record({
      daysToRenewal: fc.integer({ min: 0, max: 400 }),
      daysInStage: nullable(fc.integer({ min: 0, max: 400 })),
    }),
  ),
  overdueDays: nullable(fc.integer({ min: 1, max: 400 })),
});

const measuresOf = (h: Health) => h.groups.flatMap((g) => g.measures);

/** Both scored: `worse` must not be above `better`. (Below the floor there is no number to compare.) */
function expectNotAbove(worse: Health, better: Health): void {
  if (worse.score === null || better.score === null) return;
  expect(worse.score).toBeLessThanOrEqual(better.score);
}

describe('health invariants over the whole model', () => {
  it('the generated signals are ones the schema accepts', () => {
    fc.assert(
      fc.property(signalsArb, (s) => ZSignals.safeParse(s).success),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('score is a whole number in 0..100 exactly when confidence reaches the floor; never NaN', () => {
    fc.assert(
      fc.property(signalsArb, settingsArb, riskFactsArb, (signals, settings, facts) => {
        const health = computeHealth(signals, settings);
        expect(health.confidence >= 0 && health.confidence <= 1).toBe(true);
        const floor = settings.scoring.lowConfidenceBelow;
        if (health.confidence < floor - 1e-9) {
          expect(health.score).toBeNull();
          expect(health.band).toBeNull();
          expect([...health.negativeDrivers, ...health.positiveDrivers]).toEqual([]);
        } else {
          expect(Number.isInteger(health.score) && health.score! >= 0 && health.score! <= 100).toBe(true);
          expect(health.band).not.toBeNull();
        }
        for (const m of measuresOf(health)) {
          expect(m.scoredPoints >= 0 && m.scoredPoints <= 100).toBe(true);
          if (m.points === null) expect(m.scoredPoints).toBe(settings.scoring.neutralPoints);
        }
        for (const d of [...health.negativeDrivers, ...health.positiveDrivers])
          expect(Number.isFinite(d.impact)).toBe(true);
        const risk = computeRenewalRisk(health.score, signals, facts, settings);
        expect(Number.isInteger(risk.points) && risk.points >= 0 && risk.points <= 100).toBe(true);
      }),
      RUNS,
    );
  });

  it('the breakdown reconciles: contributions add up to the score, groups to their measures', () => {
    fc.assert(
      fc.property(signalsArb, settingsArb, (signals, settings) => {
        const health = computeHealth(signals, settings);
        if (health.score === null) return;
        const tenths = (n: number | null) => Math.round(n! * 10);
        const measureTenths = measuresOf(health).reduce((s, m) => s + tenths(m.contribution), 0);
        expect(measureTenths).toBe(health.score * 10);
        for (const g of health.groups)
          expect(tenths(g.contribution)).toBe(g.measures.reduce((s, m) => s + tenths(m.contribution), 0));
        // Each shown contribution is within rounding of e × scoredPoints rescaled to the shown score.
        const exact = measuresOf(health).reduce((s, m) => s + m.effectiveWeight * m.scoredPoints, 0);
        for (const m of measuresOf(health)) {
          const share = exact > 0 ? (m.effectiveWeight * m.scoredPoints * health.score) / exact : 0;
          expect(Math.abs(m.contribution! - share)).toBeLessThanOrEqual(0.1 + 1e-9);
        }
        // And the drivers: neutral + every impact = the score, within the drivers' own rounding.
        const drivers = [...health.negativeDrivers, ...health.positiveDrivers];
        const fromNeutral = health.neutralPoints + drivers.reduce((s, d) => s + d.impact, 0);
        expect(Math.abs(fromNeutral - health.score)).toBeLessThanOrEqual(0.5 + 0.05 * drivers.length + 1e-9);
      }),
      RUNS,
    );
  });
});

type Ordered = { [K in keyof Signals]?: readonly NonNullable<Signals[K]>[] };
/** Values of each signal from worst to best under the default rules (the direction each rule states). */
const WORST_TO_BEST: Ordered = {
  latestNpsGroup: ['detractor', 'passive', 'promoter'],
  csmSentiment: ['concerned', 'neutral', 'good'],
  lastRenewalOutcome: ['lost', 'contraction_large', 'contraction_small', 'won'],
  expansionWon12m: [false, true],
  renewalOverdue: [true, false],
};
type NumericKey =
  | 'nps'
  | 'csatPercent'
  | 'associatedContacts'
  | 'openHighPriority'
  | 'agingOpen'
  | 'volumeTrend'
  | 'timeToCloseHours'
  | 'daysSinceContact';
const NUMERIC: [NumericKey, 1 | -1, number][] = [
  ['nps', 1, 100],
  ['csatPercent', 1, 100],
  ['associatedContacts', 1, 50],
  ['openHighPriority', -1, 0],
  ['agingOpen', -1, 0],
  ['volumeTrend', -1, 0],
  ['timeToCloseHours', -1, 0],
  ['daysSinceContact', -1, 0],
];

describe('monotone in every input', () => {
  it.each(NUMERIC)('a better %s (direction %d) never lowers the score', (key, direction, bound) => {
    fc.assert(
      fc.property(
        signalsArb,
        settingsArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (signals, settings, t) => {
          const current = signals[key];
          if (current === null) return;
          let improved = current + (bound - current) * t;
          if (Number.isInteger(current))
            improved = direction > 0 ? Math.ceil(improved) : Math.floor(improved);
          expectNotAbove(
            computeHealth(signals, settings),
            computeHealth({ ...signals, [key]: improved }, settings),
          );
        },
      ),
      RUNS,
    );
  });

  it.each(Object.entries(WORST_TO_BEST))('a better %s never lowers the score', (key, order) => {
    fc.assert(
      fc.property(
        signalsArb,
        settingsArb,
        fc.nat(order.length - 1),
        fc.nat(order.length - 1),
        (signals, settings, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const worse = computeHealth({ ...signals, [key]: order[lo] }, settings);
          const better = computeHealth({ ...signals, [key]: order[hi] }, settings);
          expectNotAbove(worse, better);
        },
      ),
      RUNS,
    );
  });

  it('a higher adoption value (higher is better) never lowers the score', () => {
    fc.assert(
      fc.property(
        signalsArb,
        settingsArb,
        fc.double({ min: 0, max: 100, noNaN: true }),
        (signals, settings, up) => {
          const current = signals.adoption.licence_utilisation;
          if (current === null || current === undefined) return;
          const raised = { ...signals, adoption: { licence_utilisation: current + up } };
          expectNotAbove(computeHealth(signals, settings), computeHealth(raised, settings));
        },
      ),
      RUNS,
    );
  });

  it('adding a value below neutral never raises the score, above neutral never lowers it; evidence never removes a score', () => {
    fc.assert(
      fc.property(signalsArb, settingsArb, fc.constantFrom(...SIGNAL_KEYS), (signals, settings, key) => {
        if (signals[key] === null) return;
        const withValue = computeHealth(signals, settings);
        const without = computeHealth({ ...signals, [key]: null, samples: noSample(signals, key) }, settings);
        expect(withValue.confidence).toBeGreaterThanOrEqual(without.confidence - 1e-12);
        if (without.score !== null) expect(withValue.score).not.toBeNull();
        const measure = measuresOf(withValue).find((m) => signalOf(settings, m.key) === key)!;
        if (withValue.score === null || without.score === null) return;
        if (measure.scoredPoints < settings.scoring.neutralPoints)
          expect(withValue.score).toBeLessThanOrEqual(without.score);
        if (measure.scoredPoints > settings.scoring.neutralPoints)
          expect(withValue.score).toBeGreaterThanOrEqual(without.score);
      }),
      RUNS,
    );
  });

  const countsArb = fc.record({
    promoters: fc.nat(15),
    passives: fc.nat(15),
    detractors: fc.nat(15),
  });

  it.each([
    ['a promoter', 'promoters', 1],
    ['a detractor', 'detractors', -1],
  ] as const)('a new NPS response from %s moves the score only its way', (_, kind, sign) => {
    fc.assert(
      fc.property(signalsArb, settingsArb, countsArb, (signals, settings, counts) => {
        const before = withNps(signals, counts, null);
        const added = { ...counts, [kind]: counts[kind] + 1 };
        const after = withNps(signals, added, kind === 'promoters' ? 'promoter' : 'detractor');
        const [lo, hi] = sign > 0 ? [before, after] : [after, before];
        expectNotAbove(computeHealth(lo, settings), computeHealth(hi, settings));
      }),
      RUNS,
    );
  });

  it.each([
    ['satisfied', true],
    ['unsatisfied', false],
  ] as const)('a new %s CSAT response moves the score only its way', (_, satisfied) => {
    fc.assert(
      fc.property(signalsArb, settingsArb, fc.nat(20), fc.nat(20), (signals, settings, yes, no) => {
        const before = withCsat(signals, yes, no);
        const after = withCsat(signals, yes + (satisfied ? 1 : 0), no + (satisfied ? 0 : 1));
        const [lo, hi] = satisfied ? [before, after] : [after, before];
        expectNotAbove(computeHealth(lo, settings), computeHealth(hi, settings));
      }),
      RUNS,
    );
  });
});

function signalOf(settings: Settings, measureKey: string): string | undefined {
  return settings.scoring.groups.flatMap((g) => g.measures).find((m) => m.key === measureKey)?.signal;
}

function noSample(signals: Signals, key: string): Signals['samples'] {
  if (key === 'nps') return { ...signals.samples, nps: 0 };
  if (key === 'csatPercent') return { ...signals.samples, csatPercent: 0 };
  return signals.samples;
}

/** NPS signals from response counts, the newest response of the given group (null: keep the latest as is). */
function withNps(
  signals: Signals,
  counts: { promoters: number; passives: number; detractors: number },
  newest: Signals['latestNpsGroup'],
): Signals {
  const responses = counts.promoters + counts.passives + counts.detractors;
  return {
    ...signals,
    nps: npsScore({ responses, ...counts }),
    latestNpsGroup: responses === 0 ? null : (newest ?? signals.latestNpsGroup ?? 'passive'),
    samples: { ...signals.samples, nps: responses },
  };
}

function withCsat(signals: Signals, satisfied: number, unsatisfied: number): Signals {
  const responses = satisfied + unsatisfied;
  return {
    ...signals,
    csatPercent: responses === 0 ? null : (100 * satisfied) / responses,
    samples: { ...signals.samples, csatPercent: responses },
  };
}

describe('compiled rules', () => {
  it('give exactly what applyRule gives, for every rule of the model and any value', () => {
    const rules = withAdoption.scoring.groups.flatMap((g) => g.measures.map((m) => m.rule));
    const valueArb = fc.oneof(
      fc.constant(null),
      fc.double({ min: -300, max: 3000, noNaN: true }),
      fc.integer({ min: -5, max: 200 }),
      fc.boolean(),
      fc.constantFrom(
        'promoter',
        'passive',
        'detractor',
        'good',
        'won',
        'lost',
        'contraction_small',
        'true',
        'nope',
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...rules), valueArb, (rule, value) => {
        const expected = applyRule(rule, value);
        const actual = evalRule(compileRule(rule), value);
        expect(Number.isNaN(actual) ? null : actual).toBe(expected);
      }),
      { ...RUNS, numRuns: 1000 },
    );
  });
});
