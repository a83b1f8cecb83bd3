import { describe, expect, it } from 'vitest';
import {
  bandOf,
  compileModel,
  computeHealth,
  describeMeasure,
  defaultSettings,
  type Health,
  type Settings,
  ZHealth,
} from '@pulse/shared';
import { buildPerfectSignals, buildSignals } from '../../factories';

// Default model, effective weights (group share × measure share, fixed by settings):
//   Sentiment 30 → 4 × 0.075   Support 25 → 4 × 0.0625   Engagement 20 → 2 × 0.1   Commercial 25 → 3 × 0.08333
// A measure without evidence counts as neutral (50). score = round(Σ e × points).
const mixed = buildSignals({
  nps: 20, // linear → 60
  latestNpsGroup: 'detractor', // 0
  csatPercent: 80, // 80
  // csmSentiment: none → 50
  openHighPriority: 2, // 10
  agingOpen: 1, // 35
  // volumeTrend: none → 50
  timeToCloseHours: 30, // 70
  daysSinceContact: 75, // 25
  associatedContacts: 2, // 70
  lastRenewalOutcome: 'contraction_small', // 40
  expansionWon12m: false, // 50
  // renewalOverdue: none → 50
});

const measures = (health: Health) => health.groups.flatMap((g) => g.measures);
const byKey = (health: Health, key: string) => measures(health).find((m) => m.key === key)!;

describe('the default model on a mixed company (hand-computed)', () => {
  const health = computeHealth(mixed, defaultSettings);

  it('score = 0.075×(60+0+80+50) + 0.0625×(10+35+50+70) + 0.1×(25+70) + 0.0833×(40+50+50) = 45.73 → 46', () => {
    expect(health.score).toBe(46);
    expect(health.band).toBe('monitor');
    expect(ZHealth.parse(health)).toEqual(health);
  });

  it('confidence = weight with evidence: 3×0.075 + 3×0.0625 + 2×0.1 + 2×0.0833 = 0.7792', () => {
    expect(health.confidence).toBeCloseTo(0.779167, 5);
    expect(health.confidenceFloor).toBe(0.5);
    expect(health.neutralPoints).toBe(50);
  });

  it('shows each group’s configured weight and share, and each measure’s fixed effective weight', () => {
    expect(health.groups.map((g) => [g.key, g.weight, g.effectiveWeight])).toEqual([
      ['sentiment', 30, 0.3],
      ['support', 25, 0.25],
      ['engagement', 20, 0.2],
      ['commercial', 25, 0.25],
      ['adoption', 0, 0],
    ]);
    expect(byKey(health, 'csmSentiment')).toMatchObject({
      value: null,
      display: null,
      points: null,
      scoredPoints: 50,
      evidenceNeeded: 'a CSM sentiment set on this card in the last 90 days',
    });
    expect(byKey(health, 'csmSentiment').effectiveWeight).toBeCloseTo(0.075, 12);
    expect(measures(health).reduce((s, m) => s + m.effectiveWeight, 0)).toBeCloseTo(1, 12);
  });

  it('contributions (e × points, apportioned to tenths) add up exactly to the score', () => {
    // quotas e×x×460/45.729 → floors sum to 455; the 5 largest remainders get a tenth each
    expect(measures(health).map((m) => [m.key, m.contribution])).toEqual([
      ['nps', 4.5],
      ['latestNps', 0],
      ['csat', 6],
      ['csmSentiment', 3.8],
      ['openHighPriority', 0.6],
      ['agingOpen', 2.2],
      ['volumeTrend', 3.2],
      ['timeToClose', 4.4],
      ['daysSinceContact', 2.5],
      ['associatedContacts', 7],
      ['lastRenewal', 3.4],
      ['expansion', 4.2],
      ['renewalOverdue', 4.2],
    ]);
    expect(health.groups.map((g) => g.contribution)).toEqual([14.3, 10.4, 9.5, 11.8, 0]);
    const tenths = measures(health).reduce((s, m) => s + Math.round(m.contribution! * 10), 0);
    expect(tenths).toBe(health.score! * 10);
  });

  it('group score = the weighted mean of its measures’ scored points (neutral included)', () => {
    expect(health.groups.map((g) => g.score)).toEqual([47.5, 41.25, 47.5, 46.67, null]);
  });

  it('drivers are measured from neutral: impact = e × (points − 50), most negative / largest first', () => {
    expect(health.negativeDrivers.map((d) => d.key)).toEqual([
      'latestNps', // 0.075 × (0 − 50) = −3.75
      'openHighPriority', // 0.0625 × (10 − 50) = −2.5 (ties keep model order)
      'daysSinceContact', // 0.1 × (25 − 50) = −2.5
      'agingOpen', // 0.0625 × (35 − 50) = −0.94
      'lastRenewal', // 0.0833 × (40 − 50) = −0.83
    ]);
    expect(health.negativeDrivers.map((d) => d.impact).slice(1)).toEqual([-2.5, -2.5, -0.9, -0.8]);
    expect(health.positiveDrivers.map((d) => d.key).slice(0, 3)).toEqual([
      'csat',
      'associatedContacts',
      'timeToClose',
    ]);
    expect(health.positiveDrivers.find((d) => d.key === 'timeToClose')!.impact).toBe(1.3); // 0.0625 × 20
    const messages = Object.fromEntries(
      [...health.negativeDrivers, ...health.positiveDrivers].map((d) => [d.key, d.message]),
    );
    expect(messages).toMatchObject({
      latestNps: 'Detractor in latest NPS response',
      daysSinceContact: 'No contact for 75 days',
      openHighPriority: '2 high-priority tickets open',
      agingOpen: '1 ticket open longer than 14 days',
      csat: '80% of CSAT responses satisfied',
    });
  });
});

describe('the bugs of issue 9', () => {
  it('a company without evidence has no score, no band and no drivers (was 56 Monitor)', () => {
    const health = computeHealth(buildSignals(), defaultSettings);
    expect(health).toMatchObject({ score: null, band: null, confidence: 0 });
    expect(health.negativeDrivers).toEqual([]);
    expect(health.positiveDrivers).toEqual([]);
    expect(measures(health).every((m) => m.contribution === null && m.evidenceNeeded !== null)).toBe(true);
  });

  it('setting CSM sentiment to "concerned" lowers the score (it once moved one from 42 to 43)', () => {
    // The old model's case: a poor sentiment group, where 20 points was above the group's mean.
    const signals = buildSignals({
      nps: -100,
      latestNpsGroup: 'detractor',
      csatPercent: 10,
      openHighPriority: 1,
      agingOpen: 1,
      timeToCloseHours: 30,
      daysSinceContact: 40,
      associatedContacts: 2,
      lastRenewalOutcome: 'won',
      expansionWon12m: false,
    });
    // 0.075×(0+0+10+50) + 0.0625×(30+35+50+70) + 0.1×(50+70) + 0.0833×(100+50+50) = 4.5+11.56+12+16.67 = 44.73
    expect(computeHealth(signals, defaultSettings).score).toBe(45);
    const after = computeHealth({ ...signals, csmSentiment: 'concerned' }, defaultSettings);
    expect(after.score).toBe(42); // 44.73 + 0.075 × (20 − 50) = 42.48
    const driver = after.negativeDrivers.find((d) => d.key === 'csmSentiment')!;
    expect(driver.message).toBe('CSM sentiment: concerned');
    expect(Math.abs(driver.impact - -2.25)).toBeLessThanOrEqual(0.05); // shown to one decimal
  });

  it('one CSAT response cannot score a company (7.5% of the weight is below the 50% floor)', () => {
    const health = computeHealth(
      buildSignals({ csatPercent: 100, samples: { nps: 0, csatPercent: 1 } }),
      defaultSettings,
    );
    expect(health.score).toBeNull();
    expect(health.confidence).toBeCloseTo(0.075, 12);
  });

  it('the breakdown shows values for people, not raw floats, enums or booleans', () => {
    const health = computeHealth(
      buildPerfectSignals({
        timeToCloseHours: 61.74364111111111,
        lastRenewalOutcome: 'contraction_large',
        expansionWon12m: false,
        renewalOverdue: false,
        daysSinceContact: 1,
        associatedContacts: 1,
      }),
      defaultSettings,
    );
    expect(Object.fromEntries(measures(health).map((m) => [m.key, m.display]))).toEqual({
      nps: '+100',
      latestNps: 'Promoter',
      csat: '100% satisfied',
      csmSentiment: 'Good',
      openHighPriority: 'None',
      agingOpen: 'None',
      volumeTrend: '0.5× the usual rate',
      timeToClose: '2.6 days',
      daysSinceContact: '1 day ago',
      associatedContacts: '1 contact',
      lastRenewal: 'Contracted by more than 10%',
      expansion: 'No (last 365 days)',
      renewalOverdue: 'No',
    });
  });
});

describe('the confidence floor', () => {
  it('scores a company exactly at the floor: Sentiment (0.3) + Engagement (0.2) = 0.5', () => {
    const health = computeHealth(
      buildSignals({
        nps: 100,
        latestNpsGroup: 'promoter',
        csatPercent: 100,
        csmSentiment: 'good',
        daysSinceContact: 0,
        associatedContacts: 5,
      }),
      defaultSettings,
    );
    // 0.5 × 100 + 0.5 × 50 (the rest is neutral) = 75
    expect(health.score).toBe(75);
    expect(health.band).toBe('healthy');
  });

  it('has no score just below it: Sentiment + one Engagement measure = 0.4', () => {
    const health = computeHealth(
      buildSignals({
        nps: 100,
        latestNpsGroup: 'promoter',
        csatPercent: 100,
        csmSentiment: 'good',
        daysSinceContact: 0,
      }),
      defaultSettings,
    );
    expect(health.score).toBeNull();
    expect(health.band).toBeNull();
    expect(health.confidence).toBeCloseTo(0.4, 12);
  });

  it('follows the setting', () => {
    const lenient: Settings = structuredClone(defaultSettings);
    lenient.scoring.lowConfidenceBelow = 0.05;
    const signals = buildSignals({ csatPercent: 0 });
    expect(computeHealth(signals, lenient).score).toBe(46); // 0.075 × 0 + 0.925 × 50 = 46.25
    expect(computeHealth(signals, defaultSettings).score).toBeNull();
  });

  it('scores 100 only with every measure at 100 and full evidence', () => {
    const health = computeHealth(buildPerfectSignals(), defaultSettings);
    expect(health.score).toBe(100);
    expect(health.confidence).toBeCloseTo(1, 12);
  });
});

describe('small samples are shrunk toward neutral', () => {
  const rest = {
    openHighPriority: 0,
    agingOpen: 0,
    volumeTrend: 1,
    timeToCloseHours: 10,
    daysSinceContact: 3,
    associatedContacts: 4,
  };
  it.each([
    [1, 60],
    [2, 70],
    [4, 90],
    [5, 100],
    [12, 100],
  ])('a 100 percent CSAT from %d responses counts %d points (50 + 50 × n ÷ 5)', (n, points) => {
    const health = computeHealth(
      buildSignals({ ...rest, csatPercent: 100, samples: { nps: 0, csatPercent: n } }),
      defaultSettings,
    );
    expect(byKey(health, 'csat')).toMatchObject({
      points: 100,
      scoredPoints: points,
      lowSample: n < 5 ? { responses: n, fullAt: 5 } : null,
    });
  });

  it('shrinks NPS the same way (NPS −100 from 2 responses → 0 points → 50 − 50 × 2 ÷ 5 = 30)', () => {
    const health = computeHealth(
      buildSignals({ ...rest, nps: -100, samples: { nps: 2, csatPercent: 0 } }),
      defaultSettings,
    );
    expect(byKey(health, 'nps').scoredPoints).toBe(30);
  });

  it('is off with lowSampleBelow = 0', () => {
    const off: Settings = structuredClone(defaultSettings);
    off.windows.lowSampleBelow = 0;
    const health = computeHealth(
      buildSignals({ ...rest, csatPercent: 100, samples: { nps: 0, csatPercent: 1 } }),
      off,
    );
    expect(byKey(health, 'csat')).toMatchObject({ scoredPoints: 100, lowSample: null });
  });
});

describe('thresholds and bands', () => {
  // Engagement + Sentiment at 50-equivalent, only days since contact varies: score = 50 + 0.1 × (points − 50)
  const base = {
    nps: 0,
    latestNpsGroup: 'passive' as const,
    csatPercent: 50,
    csmSentiment: 'neutral' as const,
    associatedContacts: 2,
  };
  it.each([
    [14, 100],
    [15, 80],
    [30, 80],
    [60, 50],
    [90, 25],
    [91, 0],
  ])('days since contact %d → %d points (boundaries inclusive)', (days, points) => {
    const health = computeHealth(buildSignals({ ...base, daysSinceContact: days }), defaultSettings);
    expect(byKey(health, 'daysSinceContact').points).toBe(points);
  });

  it.each([
    [70, 'healthy'],
    [69, 'monitor'],
    [40, 'monitor'],
    [39, 'at_risk'],
  ] as const)('a score of %d → band %s', (score, band) => {
    expect(bandOf(score, defaultSettings.scoring.bands)).toBe(band);
  });

  it.each([
    [69.6, 70, 'healthy'],
    [69.4, 69, 'monitor'],
  ] as const)(
    'a total of %d shows as %d and is %s: the band follows the rounded score',
    (total, score, band) => {
      // a one-measure model whose score is the CSAT percent itself
      const csatOnly: Settings = structuredClone(defaultSettings);
      csatOnly.scoring.groups = [
        {
          ...defaultSettings.scoring.groups[0]!,
          measures: [defaultSettings.scoring.groups[0]!.measures[2]!],
        },
      ];
      const health = computeHealth(buildSignals({ csatPercent: total }), csatOnly);
      expect([health.score, health.band]).toEqual([score, band]);
    },
  );

  it('bandOf follows the configured bands', () => {
    expect(bandOf(55, { healthy: 80, monitor: 55 })).toBe('monitor');
    expect(bandOf(54, { healthy: 80, monitor: 55 })).toBe('at_risk');
    expect(bandOf(null, defaultSettings.scoring.bands)).toBeNull();
  });
});

describe('adoption measures and custom models', () => {
  const withAdoption: Settings = structuredClone(defaultSettings);
  const adoption = withAdoption.scoring.groups[4]!;
  adoption.weight = 20;
  adoption.measures.push({
    key: 'licence',
    label: 'Licence utilisation',
    signal: 'adoption:licence_utilisation',
    weight: 1,
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

  it('gives a mapped property its share once the adoption group has a weight (20 of 120)', () => {
    const health = computeHealth(
      buildPerfectSignals({ adoption: { licence_utilisation: 35 } }),
      withAdoption,
    );
    // 100/120 of the model at 100, 20/120 at 20 → 86.67 → 87
    expect(health.score).toBe(87);
    expect(byKey(health, 'licence')).toMatchObject({ display: '35', points: 20 });
    expect(byKey(health, 'licence').effectiveWeight).toBeCloseTo(1 / 6, 12);
    expect(health.negativeDrivers[0]).toMatchObject({
      key: 'licence',
      group: 'adoption',
      message: 'Licence utilisation: 35',
    });
  });

  it('an unmapped value of a weighted adoption measure counts as neutral and says what it needs', () => {
    const health = computeHealth(buildPerfectSignals(), withAdoption);
    expect(byKey(health, 'licence')).toMatchObject({
      scoredPoints: 50,
      evidenceNeeded: 'a value in the licence_utilisation property',
    });
  });

  it('the allocation-free score agrees with the full explanation', () => {
    const model = compileModel(withAdoption);
    const signals = buildSignals({
      nps: 10,
      agingOpen: 3,
      openHighPriority: 0,
      daysSinceContact: 5,
      associatedContacts: 3,
      lastRenewalOutcome: 'won',
      adoption: { licence_utilisation: 85 },
    });
    const full = model.health(signals);
    expect(model.score(signals)).toEqual({
      score: full.score,
      band: full.band,
      confidence: full.confidence,
    });
  });
});

describe('driver messages', () => {
  it.each([
    [
      'openHighPriority',
      2,
      { openUrgent: 2, oldestHighPriorityDays: 9 },
      '2 urgent tickets open for 9+ days',
    ],
    [
      'openHighPriority',
      1,
      { openUrgent: 0, oldestHighPriorityDays: 3 },
      '1 high-priority ticket open for 3+ days',
    ],
    ['openHighPriority', 0, {}, 'No high-priority tickets open'],
    ['daysSinceContact', 75, {}, 'No contact for 75 days'],
    ['daysSinceContact', 1, {}, 'Last contact 1 day ago'],
    ['latestNpsGroup', 'promoter', {}, 'Promoter in latest NPS response'],
    ['renewalOverdue', true, { overdueDays: 12 }, 'Renewal 12 days overdue'],
    ['renewalOverdue', true, { overdueDays: 1 }, 'Renewal 1 day overdue'],
    ['renewalOverdue', false, {}, 'Open renewal on schedule'],
    ['nps', -20, {}, 'NPS of −20 over the last 180 days'],
    ['lastRenewalOutcome', 'contraction_large', {}, 'Contracted by more than 10% at the last renewal'],
    ['associatedContacts', 0, {}, 'No contacts associated with this customer'],
  ] as const)('%s = %j → "%s"', (signal, value, context, message) => {
    expect(describeMeasure(signal, 'label', value, defaultSettings, context)).toBe(message);
  });
});
