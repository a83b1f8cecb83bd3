import { describe, expect, it } from 'vitest';
import { computeRenewalRisk, riskLevelOf, type RiskFacts, defaultSettings } from '@pulse/shared';
import { buildSignals } from '../../factories';

const quiet: RiskFacts = {
  hasRenewal: true,
  recentDetractors: 0,
  openUrgent: 0,
  nextRenewal: { daysToRenewal: 100, daysInStage: 1 },
  overdueDays: null,
};
const levels = defaultSettings.risk.levels;

describe('riskLevelOf', () => {
  it.each([
    [0, 'low'],
    [24, 'low'],
    [25, 'medium'],
    [49, 'medium'],
    [50, 'high'],
    [74, 'high'],
    [75, 'critical'],
    [100, 'critical'],
  ] as const)('%d points → %s', (points, level) => expect(riskLevelOf(points, levels)).toBe(level));
});

describe('computeRenewalRisk', () => {
  const overdue = { signals: { renewalOverdue: true as const }, facts: { overdueDays: 4 } };
  const cases: [
    string,
    number | null,
    Parameters<typeof buildSignals>[0],
    Partial<RiskFacts>,
    number,
    string,
  ][] = [
    ['health 60 only: 0.6 × 40', 60, {}, {}, 24, 'low'],
    ['health 75 + urgent: 15 + 10', 75, {}, { openUrgent: 1 }, 25, 'medium'],
    [
      'health 85 + overdue + urgent + no contact: 9 + 20 + 10 + 10',
      85,
      { ...overdue.signals, daysSinceContact: 60 },
      { ...overdue.facts, openUrgent: 1 },
      49,
      'medium',
    ],
    [
      'no health + overdue + urgent + no contact + contraction: 20 + 10 + 10 + 10',
      null,
      { ...overdue.signals, daysSinceContact: 61, lastRenewalOutcome: 'contraction_small' },
      { ...overdue.facts, openUrgent: 2 },
      50,
      'high',
    ],
    [
      'health 35 + overdue + detractor: 39 + 20 + 15',
      35,
      overdue.signals,
      { ...overdue.facts, recentDetractors: 1 },
      74,
      'high',
    ],
    [
      'health 50 + detractor + urgent + overdue: 30 + 15 + 10 + 20',
      50,
      overdue.signals,
      { ...overdue.facts, recentDetractors: 2, openUrgent: 1 },
      75,
      'critical',
    ],
    ['health 42 rounds: 0.6 × 58 = 34.8 → 35', 42, {}, {}, 35, 'medium'],
  ];
  it.each(cases)('%s → %d (%s)', (_name, health, signals, facts, points, level) => {
    const risk = computeRenewalRisk(health, buildSignals(signals), { ...quiet, ...facts }, defaultSettings);
    expect(risk.points).toBe(points);
    expect(risk.level).toBe(level);
  });

  it('lists every rule that fired as a driver with its points and message, and clamps to 100', () => {
    const risk = computeRenewalRisk(
      0,
      buildSignals({ daysSinceContact: 75, lastRenewalOutcome: 'contraction_large', renewalOverdue: true }),
      {
        hasRenewal: true,
        recentDetractors: 1,
        openUrgent: 2,
        nextRenewal: { daysToRenewal: 45, daysInStage: 32 },
        overdueDays: 3,
      },
      defaultSettings,
    );
    expect(risk.points).toBe(100); // 60 + 15 + 10 + 10 + 10 + 10 + 20 = 135
    expect(risk.level).toBe('critical');
    expect(risk.drivers).toEqual([
      { key: 'health', group: null, message: 'Health score 0 of 100', impact: 60 },
      { key: 'overdue', group: null, message: 'Renewal 3 days overdue', impact: 20 },
      { key: 'detractor', group: null, message: '1 detractor response in the last 90 days', impact: 15 },
      { key: 'openUrgent', group: null, message: '2 urgent tickets open', impact: 10 },
      { key: 'noContact', group: null, message: 'No contact for 75 days', impact: 10 },
      { key: 'contraction', group: null, message: 'Contracted at the last renewal', impact: 10 },
      {
        key: 'staleRenewal',
        group: null,
        message: 'Renewal due in 45 days, stage unchanged for 32 days',
        impact: 10,
      },
    ]);
  });

  it.each([
    [{ daysToRenewal: 60, daysInStage: 30 }, true],
    [{ daysToRenewal: 61, daysInStage: 30 }, false],
    [{ daysToRenewal: 60, daysInStage: 29 }, false],
    [{ daysToRenewal: 10, daysInStage: null }, false],
  ])('stale renewal rule for %j fires: %s', (nextRenewal, fires) => {
    const risk = computeRenewalRisk(100, buildSignals(), { ...quiet, nextRenewal }, defaultSettings);
    expect(risk.drivers.some((d) => d.key === 'staleRenewal')).toBe(fires);
  });

  it.each([
    [59, false],
    [60, true],
    [null, false], // never contacted is missing data, not a rule hit
  ])('no-contact rule at %s days fires: %s', (days, fires) => {
    const risk = computeRenewalRisk(100, buildSignals({ daysSinceContact: days }), quiet, defaultSettings);
    expect(risk.points).toBe(fires ? 10 : 0);
  });

  it('says "no_renewal" without an upcoming or overdue renewal, still showing the points', () => {
    const risk = computeRenewalRisk(
      20,
      buildSignals(),
      { ...quiet, hasRenewal: false, nextRenewal: null },
      defaultSettings,
    );
    expect(risk).toMatchObject({ level: 'no_renewal', points: 48 });
  });

  it('follows the settings: a different health factor and rule points', () => {
    const settings = structuredClone(defaultSettings);
    settings.risk.healthFactor = 0.5;
    settings.risk.openUrgentPoints = 30;
    expect(computeRenewalRisk(60, buildSignals(), { ...quiet, openUrgent: 1 }, settings).points).toBe(50);
  });
});
