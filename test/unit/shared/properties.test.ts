import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeHealth,
  computeRenewalRisk,
  type RiskFacts,
  applyRule,
  compileRule,
  evalRule,
  parseSettings,
  defaultSettings,
  type Settings,
  ZSignals,
  type Signals,
} from '@pulse/shared';

const RUNS = { numRuns: 200, seed: 20260302 };

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

const signalsArb: fc.Arbitrary<Signals> = fc.record({
  nps: nullable(fc.double({ min: -100, max: 100, noNaN: true })),
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
  renewalOverdue: nullable(fc.constant(true as const)),
  adoption: fc.record({ licence_utilisation: nullable(fc.double({ min: 0, max: 150, noNaN: true })) }),
});

/** Random but valid weightings of the default model (so properties are not tied to the default numbers). */
const settingsArb: fc.Arbitrary<Settings> = fc
  .record({
    groupWeights: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 5, maxLength: 5 }),
    measureWeights: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 14, maxLength: 14 }),
  })
  .map(({ groupWeights, measureWeights }) => {
    const s = structuredClone(withAdoption);
    let i = 0;
    s.scoring.groups.forEach((g, gi) => {
      g.weight = groupWeights[gi]!;
      for (const m of g.measures) m.weight = measureWeights[i++]!;
    });
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

const inRange = (n: number | null) => n === null || (Number.isFinite(n) && n >= 0 && n <= 100);

describe('health and risk invariants', () => {
  it('the generated signals are ones the schema accepts', () => {
    fc.assert(
      fc.property(signalsArb, (s) => ZSignals.safeParse(s).success),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('health, group scores and risk stay within 0..100 and are never NaN', () => {
    fc.assert(
      fc.property(signalsArb, settingsArb, riskFactsArb, (signals, settings, facts) => {
        const health = computeHealth(signals, settings);
        expect(inRange(health.score)).toBe(true);
        expect(health.confidence >= 0 && health.confidence <= 1).toBe(true);
        for (const g of health.groups) expect(inRange(g.score)).toBe(true);
        for (const d of [...health.negativeDrivers, ...health.positiveDrivers])
          expect(Number.isFinite(d.impact)).toBe(true);
        const risk = computeRenewalRisk(health.score, signals, facts, settings);
        expect(Number.isInteger(risk.points) && risk.points >= 0 && risk.points <= 100).toBe(true);
      }),
      RUNS,
    );
  });

  type NumericKey =
    | 'nps'
    | 'csatPercent'
    | 'associatedContacts'
    | 'openHighPriority'
    | 'agingOpen'
    | 'volumeTrend'
    | 'timeToCloseHours'
    | 'daysSinceContact';
  const better: [NumericKey, 1 | -1, number][] = [
    ['nps', 1, 100],
    ['csatPercent', 1, 100],
    ['associatedContacts', 1, 50],
    ['openHighPriority', -1, 0],
    ['agingOpen', -1, 0],
    ['volumeTrend', -1, 0],
    ['timeToCloseHours', -1, 0],
    ['daysSinceContact', -1, 0],
  ];

  it.each(better)('improving %s (direction %d) never lowers the score', (key, direction, bound) => {
    fc.assert(
      fc.property(
        signalsArb,
        settingsArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (signals, settings, t) => {
          const current = signals[key];
          if (current === null) return;
          // move the value towards its best end by a random fraction, keeping integers integral
          let improved = current + (bound - current) * t;
          if (Number.isInteger(current))
            improved = direction > 0 ? Math.ceil(improved) : Math.floor(improved);
          const before = computeHealth(signals, settings).score!;
          const after = computeHealth({ ...signals, [key]: improved }, settings).score!;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
      RUNS,
    );
  });

  it('raising a higher-is-better adoption value never lowers the score', () => {
    fc.assert(
      fc.property(
        signalsArb,
        settingsArb,
        fc.double({ min: 0, max: 100, noNaN: true }),
        (signals, settings, up) => {
          const current = signals.adoption.licence_utilisation;
          if (current === null || current === undefined) return;
          const before = computeHealth(signals, settings).score!;
          const after = computeHealth(
            { ...signals, adoption: { licence_utilisation: current + up } },
            settings,
          ).score!;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
      RUNS,
    );
  });

  it('dropping a measure’s data lowers confidence and keeps the score within the remaining measures’ points', () => {
    const droppable = [
      'nps',
      'latestNpsGroup',
      'csatPercent',
      'csmSentiment',
      'openHighPriority',
      'agingOpen',
      'volumeTrend',
      'timeToCloseHours',
      'daysSinceContact',
      'associatedContacts',
      'lastRenewalOutcome',
      'expansionWon12m',
      'renewalOverdue',
    ] as const;
    fc.assert(
      fc.property(signalsArb, settingsArb, fc.constantFrom(...droppable), (signals, settings, key) => {
        if (signals[key] === null) return;
        const before = computeHealth(signals, settings);
        const measure = before.groups
          .flatMap((g) => g.measures)
          .find((m) =>
            settings.scoring.groups.some((g) => g.measures.some((x) => x.key === m.key && x.signal === key)),
          );
        // only a measure that carried weight can change anything
        if (measure === undefined || measure.effectiveWeight <= 0) return;
        const after = computeHealth({ ...signals, [key]: null }, settings);
        expect(after.confidence).toBeLessThan(before.confidence);
        const remaining = after.groups
          .flatMap((g) => g.measures)
          .filter((m) => m.points !== null && m.effectiveWeight > 0)
          .map((m) => m.points!);
        if (remaining.length === 0) {
          expect(after.score).toBeNull();
        } else {
          // the score is rounded to a whole point, so it lies within the rounded extremes
          expect(after.score!).toBeGreaterThanOrEqual(Math.round(Math.min(...remaining)));
          expect(after.score!).toBeLessThanOrEqual(Math.round(Math.max(...remaining)));
        }
      }),
      RUNS,
    );
  });
});

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
