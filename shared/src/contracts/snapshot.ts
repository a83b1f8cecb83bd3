import { z } from 'zod';
import { ZGroupKey } from '../schemas/settings';

/**
 * A company's computed snapshot: everything the card shows, computed once per sync (never on card load)
 * by `computeCompanySnapshot` in shared/src/scoring and stored as JSON. Instants are ISO-8601 strings
 * here because this crosses the wire.
 */

const ZIso = z.string().datetime({ offset: true });

export const ZBand = z.enum(['healthy', 'monitor', 'at_risk']);
export type Band = z.infer<typeof ZBand>;

export const ZRiskLevel = z.enum(['low', 'medium', 'high', 'critical', 'no_renewal']);
export type RiskLevel = z.infer<typeof ZRiskLevel>;

export const ZNpsGroup = z.enum(['promoter', 'passive', 'detractor']);
export type NpsGroup = z.infer<typeof ZNpsGroup>;

export const ZSentimentValue = z.enum(['good', 'neutral', 'concerned']);
export type SentimentValue = z.infer<typeof ZSentimentValue>;

export const ZRenewalOutcome = z.enum(['won', 'contraction_small', 'contraction_large', 'lost']);
export type RenewalOutcome = z.infer<typeof ZRenewalOutcome>;

/**
 * The inputs of the health model, one per signal key (null = no data). Stored with the snapshot so the
 * settings preview can re-score every company under a candidate model without touching HubSpot.
 */
export const ZSignals = z.object({
  nps: z.number().min(-100).max(100).nullable(),
  latestNpsGroup: ZNpsGroup.nullable(),
  csatPercent: z.number().min(0).max(100).nullable(),
  csmSentiment: ZSentimentValue.nullable(),
  openHighPriority: z.number().int().nonnegative().nullable(),
  agingOpen: z.number().int().nonnegative().nullable(),
  volumeTrend: z.number().nonnegative().nullable(),
  timeToCloseHours: z.number().nonnegative().nullable(),
  daysSinceContact: z.number().int().nonnegative().nullable(),
  associatedContacts: z.number().int().nonnegative().nullable(),
  lastRenewalOutcome: ZRenewalOutcome.nullable(),
  expansionWon12m: z.boolean().nullable(),
  /** true when an open renewal is overdue; null otherwise (not being overdue is not a positive signal). */
  renewalOverdue: z.literal(true).nullable(),
  /** Mapped adoption properties by HubSpot property name. */
  adoption: z.record(z.string(), z.number().finite().nullable()),
});
export type Signals = z.infer<typeof ZSignals>;

/** One line of "why": a measure's (or risk rule's) weighted effect, in plain words. */
export const ZDriver = z.object({
  key: z.string(),
  group: ZGroupKey.nullable(),
  /** e.g. "2 urgent tickets open for 9+ days" */
  message: z.string(),
  /** Signed effect in overall health points (negative = dragging the score down). For risk: points added. */
  impact: z.number(),
});
export type Driver = z.infer<typeof ZDriver>;

export const ZMeasureResult = z.object({
  key: z.string(),
  label: z.string(),
  /** The signal value as shown ("3 tickets", 42, "promoter"); null = no data, measure dropped. */
  value: z.union([z.number(), z.string(), z.boolean()]).nullable(),
  points: z.number().min(0).max(100).nullable(),
  /** The weight actually used after redistribution within the group (0 when dropped). */
  effectiveWeight: z.number().min(0),
});

export const ZGroupResult = z.object({
  key: ZGroupKey,
  label: z.string(),
  score: z.number().min(0).max(100).nullable(),
  effectiveWeight: z.number().min(0),
  measures: z.array(ZMeasureResult),
});

export const ZHealth = z.object({
  /** null when no measure had data at all */
  score: z.number().min(0).max(100).nullable(),
  band: ZBand.nullable(),
  /** Share (0..1) of the configured weight that had data. */
  confidence: z.number().min(0).max(1),
  isLowConfidence: z.boolean(),
  groups: z.array(ZGroupResult),
  negativeDrivers: z.array(ZDriver),
  positiveDrivers: z.array(ZDriver),
});
export type Health = z.infer<typeof ZHealth>;

export const ZRenewalDeal = z.object({
  dealId: z.string(),
  name: z.string(),
  closeDate: ZIso,
  amount: z.number().nullable(),
  /** floor((closedate − now) / 1 day); negative when overdue */
  daysToRenewal: z.number().int(),
  isOverdue: z.boolean(),
  stageLabel: z.string(),
  /** days in the current stage, null when HubSpot did not say */
  daysInStage: z.number().int().nonnegative().nullable(),
});
export type RenewalDeal = z.infer<typeof ZRenewalDeal>;

export const ZRenewal = z.object({
  next: ZRenewalDeal.nullable(),
  overdue: z.array(ZRenewalDeal),
  risk: z.object({
    points: z.number().min(0).max(100),
    level: ZRiskLevel,
    /** every point added, listed */
    drivers: z.array(ZDriver),
  }),
  lastOutcome: ZRenewalOutcome.nullable(),
});

export const ZVerbatim = z.object({
  id: z.string(),
  value: z.number().nullable(),
  group: ZNpsGroup.nullable(),
  content: z.string(),
  submittedAt: ZIso,
  surveyName: z.string().nullable(),
  /** Kept so a contact's privacy deletion can remove their verbatims. */
  contactId: z.string().nullable(),
});

export const ZNpsSummary = z.object({
  score: z.number().int().min(-100).max(100).nullable(),
  responses: z.number().int().nonnegative(),
  promoters: z.number().int().nonnegative(),
  passives: z.number().int().nonnegative(),
  detractors: z.number().int().nonnegative(),
  isLowSample: z.boolean(),
  /** NPS of the last 90 days minus the 90 before; null if either is empty */
  trend: z.number().int().nullable(),
  windowDays: z.number().int().positive(),
  /** latest 3 verbatims (non-empty comments), newest first */
  verbatims: z.array(ZVerbatim),
});
export type NpsSummary = z.infer<typeof ZNpsSummary>;

export const ZScale = z.object({ min: z.number().int(), max: z.number().int() });

export const ZSupportSummary = z.object({
  open: z.number().int().nonnegative(),
  openHighPriority: z.number().int().nonnegative(),
  openUrgent: z.number().int().nonnegative(),
  agingOpen: z.number().int().nonnegative(),
  /** days the oldest open high-priority ticket has been open, null when none */
  oldestHighPriorityDays: z.number().int().nonnegative().nullable(),
  volumeTrend: z.number().nonnegative().nullable(),
  medianTimeToCloseHours: z.number().nonnegative().nullable(),
  medianFirstResponseHours: z.number().nonnegative().nullable(),
  createdLast30: z.number().int().nonnegative(),
});
export type SupportSummary = z.infer<typeof ZSupportSummary>;

export const ZClosedRenewal = z.object({
  dealId: z.string(),
  closedAt: ZIso,
  priorAmount: z.number().nonnegative(),
  /** 0 when lost */
  renewedAmount: z.number().nonnegative(),
  isLost: z.boolean(),
});

export const ZSentiment = z.object({
  value: ZSentimentValue,
  note: z.string(),
  authorUserId: z.number().int().nullable(),
  authorName: z.string(),
  setAt: ZIso,
  expiresAt: ZIso,
  isExpired: z.boolean(),
});
export type Sentiment = z.infer<typeof ZSentiment>;

export const ZTrend = z.object({
  delta7: z.number().nullable(),
  delta30: z.number().nullable(),
  band30dAgo: ZBand.nullable(),
  /** the measures whose points moved most over 30 days */
  movedMeasures: z.array(z.object({ key: z.string(), label: z.string(), deltaPoints: z.number() })),
  /** true when a settings change happened inside the 30-day window (a jump may be the config, not the customer) */
  settingsChangedInWindow: z.boolean(),
});

export const ZCompanySnapshot = z.object({
  companyId: z.string(),
  companyName: z.string(),
  ownerId: z.string().nullable(),
  computedAt: ZIso,
  settingsVersion: z.number().int().nonnegative(),
  signals: ZSignals,
  health: ZHealth,
  trend: ZTrend,
  renewal: ZRenewal,
  nps: ZNpsSummary,
  csat: z.object({
    percent: z.number().min(0).max(100).nullable(),
    responses: z.number().int().nonnegative(),
    scale: ZScale,
  }),
  ces: z.object({
    mean: z.number().nullable(),
    responses: z.number().int().nonnegative(),
    scale: ZScale,
    higherIsEasier: z.boolean(),
  }),
  support: ZSupportSummary,
  engagement: z.object({
    daysSinceContact: z.number().int().nonnegative().nullable(),
    contacts: z.number().int().nonnegative().nullable(),
  }),
  financial: z.object({
    /** ARR under management for this company (latest closed-won renewal, else first closed-won deal, else mapped property) */
    arr: z.number().nonnegative().nullable(),
    expansionWonInPeriod: z.number().nonnegative(),
    renewalsClosedInPeriod: z.array(ZClosedRenewal),
    isActive: z.boolean(),
  }),
  adoption: z.record(z.string(), z.number().nullable()),
  sentiment: ZSentiment.nullable(),
});
export type CompanySnapshot = z.infer<typeof ZCompanySnapshot>;
