import type { Signals } from '@pulse/shared';

/** Responses behind a survey signal that a test sets without saying: a full sample (no shrinkage). */
export const FULL_SAMPLE = 10;

/**
 * Signals with no data at all; override what a test needs. Unless `samples` is given, a survey signal that
 * has a value comes from FULL_SAMPLE responses and one without from none.
 */
export function buildSignals(overrides: Partial<Signals> = {}): Signals {
  const nps = overrides.nps ?? null;
  const csat = overrides.csatPercent ?? null;
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
    samples: overrides.samples ?? {
      nps: nps === null ? 0 : FULL_SAMPLE,
      csatPercent: csat === null ? 0 : FULL_SAMPLE,
    },
  };
}

/** Signals where every default measure has evidence and scores 100. */
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
    renewalOverdue: false,
    ...overrides,
  });
}
