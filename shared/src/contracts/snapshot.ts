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
 * Bump when a stored snapshot written by older code no longer parses with `ZCompanySnapshot` (fields added or
 * changed meaning): the server compares it with the version it stored and recomputes every snapshot.
 * 2: the evidence-based health model (contributions, neutral fill, confidence floor, survey samples).
 */
export const SNAPSHOT_SCHEMA_VERSION = 2;

/**
 * The inputs of the health model, one per signal key. null = no evidence for that signal (see
 * shared/src/scoring/evidence.ts for when a value counts as evidence). Stored with the snapshot so the
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
  /** true: an open renewal is overdue; false: an open renewal exists and none is overdue; null: no open renewal */
  renewalOverdue: z.boolean().nullable(),
  /** Mapped adoption properties by HubSpot property name. */
  adoption: z.record(z.string(), z.number().finite().nullable()),
  /** Responses behind the survey signals (the sample a low-sample survey measure is shrunk by). */
  samples: z.object({ nps: z.number().int().nonnegative(), csatPercent: z.number().int().nonnegative() }),
});
export type Signals = z.infer<typeof ZSignals>;

/** One line of "why": a measure's (or risk rule's) weighted effect, in plain words. */
export const ZDriver = z.object({
  key: z.string(),
  group: ZGroupKey.nullable(),
  /** e.g. "2 urgent tickets open for 9+ days" */
  message: z.string(),
  /**
   * Health: the score points this measure moves the score away from neutral, effectiveWeight × (scoredPoints −
   * neutral), so neutral + every measure's impact = the score. Risk: points added.
   */
  impact: z.number(),
});
export type Driver = z.infer<typeof ZDriver>;

export const ZLowSample = z.object({
  responses: z.number().int().nonnegative(),
  /** responses from which the measure counts at full strength (`windows.lowSampleBelow`) */
  fullAt: z.number().int().positive(),
});

export const ZMeasureResult = z.object({
  key: z.string(),
  label: z.string(),
  /** The signal value (machine form, for the preview and the trend); null = no evidence. */
  value: z.union([z.number(), z.string(), z.boolean()]).nullable(),
  /** The value for people: "2.6 days", "Contracted by more than 10%", "Yes"; null = no evidence. */
  display: z.string().nullable(),
  /** The rule's points for the value; null = no evidence. */
  points: z.number().min(0).max(100).nullable(),
  /** The points the score uses: `points` (shrunk toward neutral for a low sample), or neutral without evidence. */
  scoredPoints: z.number().min(0).max(100),
  /** Set when a survey measure has fewer responses than the full sample (it is shrunk toward neutral). */
  lowSample: ZLowSample.nullable(),
  /** This measure's fixed share of the score: group share × its share of the group (set by settings alone). */
  effectiveWeight: z.number().min(0).max(1),
  /**
   * effectiveWeight × scoredPoints in score points, apportioned to tenths so the contributions of all measures
   * add up exactly to the score shown; null when the company has no score.
   */
  contribution: z.number().nullable(),
  /** What the measure needs to count, when it has no evidence ("a ticket in the last 365 days"). */
  evidenceNeeded: z.string().nullable(),
});
export type MeasureResult = z.infer<typeof ZMeasureResult>;

export const ZGroupResult = z.object({
  key: ZGroupKey,
  label: z.string(),
  /** The configured group weight (e.g. 30). */
  weight: z.number().min(0),
  /** The group's share of the score: its weight ÷ the weights of all groups that can score. */
  effectiveWeight: z.number().min(0).max(1),
  /** Weighted mean of the measures' scored points (neutral where no evidence); null when none has evidence. */
  score: z.number().min(0).max(100).nullable(),
  /** Sum of the measures' contributions; null when the company has no score. */
  contribution: z.number().nullable(),
  measures: z.array(ZMeasureResult),
});
export type GroupResult = z.infer<typeof ZGroupResult>;

export const ZHealth = z.object({
  /** null below the confidence floor: not enough evidence to score */
  score: z.number().min(0).max(100).nullable(),
  band: ZBand.nullable(),
  /** Share (0..1) of the model's configured weight whose measures have evidence. */
  confidence: z.number().min(0).max(1),
  /** The floor `confidence` must reach for a score (settings `scoring.lowConfidenceBelow`). */
  confidenceFloor: z.number().min(0).max(1),
  /** Points a measure without evidence counts for (settings `scoring.neutralPoints`). */
  neutralPoints: z.number().min(0).max(100),
  groups: z.array(ZGroupResult),
  /** Measures below neutral, impact = effectiveWeight × (scoredPoints − neutral), most negative first. */
  negativeDrivers: z.array(ZDriver),
  /** Measures above neutral, largest impact first. Empty lists when there is no score. */
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
  /** NPS of the last `trendDays` (default 90); null with no responses there */
  recent: z.number().int().min(-100).max(100).nullable(),
  /** NPS of the `trendDays` before those; null with no responses there */
  previous: z.number().int().min(-100).max(100).nullable(),
  /** recent − previous; null if either is empty */
  trend: z.number().int().nullable(),
  trendDays: z.number().int().positive(),
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

/** A deal whose amount is in another currency and has no company-currency value (`amount_in_home_currency`). */
export const ZUnconvertedDeal = z.object({
  dealId: z.string(),
  name: z.string(),
  amount: z.number(),
  currencyCode: z.string(),
});
export type UnconvertedDeal = z.infer<typeof ZUnconvertedDeal>;

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
    /**
     * The company's deals in another currency for which HubSpot holds no company-currency value: left out of ARR
     * and renewal amounts (never summed at face value), listed so someone can fix them in HubSpot.
     */
    unconvertedDeals: z.array(ZUnconvertedDeal).default([]),
  }),
  adoption: z.record(z.string(), z.number().nullable()),
  sentiment: ZSentiment.nullable(),
});
export type CompanySnapshot = z.infer<typeof ZCompanySnapshot>;
