import type { Signals } from '@pulse/shared';

/** Signals with no data at all; override what a test needs. */
export function buildSignals(overrides: Partial<Signals> = {}): Signals {
  return {
    nps: null,
    latestNpsGroup: null,
    csatPercent: null,
    csmSentiment: null,
    openHighPriority: null,
    agingOpen: null,
    volumeTrend: null,
    timeToCloseHours: null,
    daysSinceContact: null,
    associatedContacts: null,
    lastRenewalOutcome: null,
    expansionWon12m: null,
    renewalOverdue: null,
    adoption: {},
    ...overrides,
  };
}

/** Signals where every default measure scores 100. */
export function buildPerfectSignals(overrides: Partial<Signals> = {}): Signals {
  return buildSignals({
    nps: 100,
    latestNpsGroup: 'promoter',
    csatPercent: 100,
    csmSentiment: 'good',
    openHighPriority: 0,
    agingOpen: 0,
    volumeTrend: 0.5,
    timeToCloseHours: 4,
    daysSinceContact: 3,
    associatedContacts: 5,
    lastRenewalOutcome: 'won',
    expansionWon12m: true,
    renewalOverdue: null,
    ...overrides,
  });
}
