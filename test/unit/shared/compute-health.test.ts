import { describe, expect, it } from 'vitest';
import {
  bandOf,
  compileModel,
  computeHealth,
  describeMeasure,
  defaultSettings,
  type Settings,
  ZHealth,
} from '@pulse/shared';
import { buildPerfectSignals, buildSignals } from '../../factories';

// Default model: Sentiment 30 (4 measures), Support 25 (4), Engagement 20 (2), Commercial 25 (3), Adoption 0.
const mixed = buildSignals({
  nps: 20, // linear → 60
  latestNpsGroup: 'detractor', // 0
  csatPercent: 80, // 80
  openHighPriority: 2, // 20
  agingOpen: 1, // 60
  timeToCloseHours: 30, // 70
  daysSinceContact: 75, // 25
  associatedContacts: 2, // 70
  lastRenewalOutcome: 'contraction_small', // 60
  expansionWon12m: false, // 60
});

describe('computeHealth on the default model (hand-computed)', () => {
  const health = computeHealth(mixed, defaultSettings);

  it('is the weighted mean of group means: (30×46.67 + 25×50 + 20×47.5 + 25×60) ÷ 100 = 51', () => {
    expect(health.score).toBe(51);
    expect(health.band).toBe('monitor');
    expect(health.groups.map((g) => [g.key, g.score])).toEqual([
      ['sentiment', 46.67],
      ['support', 50],
      ['engagement', 47.5],
      ['commercial', 60],
      ['adoption', null],
    ]);
    expect(ZHealth.parse(health)).toEqual(health);
  });

  it('confidence = share of configured weight with data: 0.225 + 0.1875 + 0.2 + 0.1667 = 0.7792', () => {
    expect(health.confidence).toBeCloseTo(0.779167, 5);
    expect(health.isLowConfidence).toBe(false);
  });

  it('spreads a missing measure’s weight inside its group (effective weights sum to 1)', () => {
    const sentiment = health.groups[0]!;
    expect(sentiment.effectiveWeight).toBeCloseTo(0.3, 12);
    expect(sentiment.measures.map((m) => [m.key, m.points, Number(m.effectiveWeight.toFixed(4))])).toEqual([
      ['nps', 60, 0.1],
      ['latestNps', 0, 0.1],
      ['csat', 80, 0.1],
      ['csmSentiment', null, 0],
    ]);
    const total = health.groups.flatMap((g) => g.measures).reduce((s, m) => s + m.effectiveWeight, 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it('lists negative drivers (points lost vs perfect, weighted) and positive ones, largest first', () => {
    expect(health.negativeDrivers.map((d) => [d.key, d.impact])).toEqual([
      ['latestNps', -10],
      ['daysSinceContact', -7.5],
      ['openHighPriority', -6.7],
      ['lastRenewal', -5],
      ['expansion', -5],
      ['nps', -4],
      ['agingOpen', -3.3],
    ]);
    expect(health.positiveDrivers.map((d) => [d.key, d.impact])).toEqual([
      ['csat', 8],
      ['associatedContacts', 7],
      ['timeToClose', 5.8],
    ]);
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

describe('missing data', () => {
  it('drops a group with all measures missing and its weight: (30×0 + 25×100) ÷ 55 = 45', () => {
    const health = computeHealth(
      buildSignals({ nps: -100, openHighPriority: 0, agingOpen: 0 }),
      defaultSettings,
    );
    expect(health.score).toBe(45);
    expect(health.groups.find((g) => g.key === 'engagement')).toMatchObject({
      score: null,
      effectiveWeight: 0,
    });
    expect(health.confidence).toBeCloseTo(0.2, 12); // 0.075 + 2 × 0.0625
    expect(health.isLowConfidence).toBe(true);
  });

  it('has no score, no band and zero confidence with no data at all', () => {
    const health = computeHealth(buildSignals(), defaultSettings);
    expect(health).toMatchObject({
      score: null,
      band: null,
      confidence: 0,
      isLowConfidence: true,
      negativeDrivers: [],
      positiveDrivers: [],
    });
  });

  it('scores 100 with full confidence when everything is perfect', () => {
    const health = computeHealth(buildPerfectSignals(), defaultSettings);
    expect(health.score).toBe(100);
    expect(health.band).toBe('healthy');
    // renewalOverdue only ever carries bad news, so "not overdue" is no data: 1 − 25/3/100
    expect(health.confidence).toBeCloseTo(1 - 0.25 / 3, 12);
  });

  it('counts an overdue renewal as 0 points in the commercial group', () => {
    const health = computeHealth(
      buildSignals({ lastRenewalOutcome: 'won', renewalOverdue: true }),
      defaultSettings,
    );
    expect(health.score).toBe(50);
    expect(health.negativeDrivers[0]).toMatchObject({
      key: 'renewalOverdue',
      message: 'Renewal overdue',
      impact: -50,
    });
  });
});

describe('thresholds and bands', () => {
  it.each([
    [14, 100],
    [15, 80],
    [30, 80],
    [60, 50],
    [90, 25],
    [91, 0],
  ])('days since contact %d → %d points (boundaries inclusive)', (days, points) => {
    const health = computeHealth(buildSignals({ daysSinceContact: days }), defaultSettings);
    expect(health.score).toBe(points);
  });

  it.each([
    [70, 'healthy'],
    [69.6, 'healthy'], // shows as 70, so it is Healthy
    [69.4, 'monitor'],
    [40, 'monitor'],
    [39, 'at_risk'],
    [0, 'at_risk'],
  ] as const)('CSAT-only score of %d → band %s', (csat, band) => {
    expect(computeHealth(buildSignals({ csatPercent: csat }), defaultSettings).band).toBe(band);
  });

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

  it('scores a mapped property once the adoption group has a weight: (30×100 + 20×20) ÷ 50 = 68', () => {
    const health = computeHealth(
      buildSignals({ csatPercent: 100, adoption: { licence_utilisation: 35 } }),
      withAdoption,
    );
    expect(health.score).toBe(68);
    expect(health.negativeDrivers[0]).toMatchObject({
      key: 'licence',
      group: 'adoption',
      message: 'Licence utilisation: 35',
    });
  });

  it('rescoring with compileModel agrees with computeHealth', () => {
    const model = compileModel(withAdoption);
    const signals = buildSignals({ nps: 10, agingOpen: 3, adoption: { licence_utilisation: 85 } });
    const full = model.health(signals);
    expect(model.score(signals)).toEqual({ score: full.score, band: full.band });
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
    ['nps', -20, {}, 'NPS of −20 over the last 180 days'],
    ['lastRenewalOutcome', 'contraction_large', {}, 'Contracted by more than 10% at the last renewal'],
    ['associatedContacts', 0, {}, 'No contacts associated'],
  ] as const)('%s = %j → "%s"', (signal, value, context, message) => {
    expect(describeMeasure(signal, 'label', value, defaultSettings, context)).toBe(message);
  });
});
