import type { CompanySnapshot } from '@pulse/shared';
import { buildSignals } from '../../factories';

type Verbatim = CompanySnapshot['nps']['verbatims'][number];

export function buildVerbatim(overrides: Partial<Verbatim> = {}): Verbatim {
  return {
    id: 'r1',
    value: 3,
    group: 'detractor',
    content: 'Support is slow',
    submittedAt: '2026-02-20T10:00:00.000Z',
    surveyName: 'Quarterly NPS',
    contactId: null,
    ...overrides,
  };
}

/** A schema-valid snapshot; `score` also picks the band so tests can tell generations apart. */
export function buildSnapshot(
  companyId: string,
  options: { score?: number | null; name?: string; verbatims?: Verbatim[]; settingsVersion?: number } = {},
): CompanySnapshot {
  const score = options.score === undefined ? 70 : options.score;
  const band = score === null ? null : score >= 70 ? 'healthy' : score >= 40 ? 'monitor' : 'at_risk';
  return {
    companyId,
    companyName: options.name ?? `Company ${companyId}`,
    ownerId: '501',
    computedAt: '2026-03-02T12:00:00.000Z',
    settingsVersion: options.settingsVersion ?? 1,
    // Scored companies get evidence for more than the model's confidence floor, so a preview can re-score them.
    signals:
      score === null
        ? buildSignals({ openHighPriority: 1 })
        : buildSignals({
            openHighPriority: 1,
            agingOpen: 0,
            nps: score - 50,
            daysSinceContact: 4,
            associatedContacts: 3,
            lastRenewalOutcome: 'won',
            expansionWon12m: true,
            renewalOverdue: false,
          }),
    health: {
      score,
      band,
      confidence: 0.8,
      confidenceFloor: 0.5,
      neutralPoints: 50,
      groups: [],
      negativeDrivers: [],
      positiveDrivers: [],
    },
    trend: {
      delta7: null,
      delta30: null,
      band30dAgo: null,
      movedMeasures: [],
      settingsChangedInWindow: false,
    },
    renewal: {
      next: null,
      overdue: [],
      risk: { points: 0, level: 'no_renewal', drivers: [] },
      lastOutcome: null,
    },
    nps: {
      score: null,
      responses: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      isLowSample: true,
      recent: null,
      previous: null,
      trend: null,
      trendDays: 90,
      windowDays: 365,
      verbatims: options.verbatims ?? [],
    },
    csat: { percent: null, responses: 0, scale: { min: 1, max: 5 } },
    ces: { mean: null, responses: 0, scale: { min: 1, max: 7 }, higherIsEasier: true },
    support: {
      open: 1,
      openHighPriority: 1,
      openUrgent: 0,
      agingOpen: 0,
      oldestHighPriorityDays: 3,
      volumeTrend: null,
      medianTimeToCloseHours: null,
      medianFirstResponseHours: null,
      createdLast30: 1,
    },
    engagement: { daysSinceContact: 4, contacts: 3 },
    financial: {
      arr: 12_000,
      expansionWonInPeriod: 0,
      renewalsClosedInPeriod: [],
      isActive: true,
      unconvertedDeals: [],
    },
    adoption: {},
    sentiment: null,
  };
}
