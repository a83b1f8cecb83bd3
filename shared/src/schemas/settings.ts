import { z } from 'zod';

/**
 * Per-portal settings: the whole scoring model (METRICS.md "Health score" and "Renewal risk") plus the
 * rules that decide what a renewal is, the windows, mappings and write-back. Every number is a setting;
 * `defaultSettings` is what a new install gets, so Pulse is useful before anyone configures anything.
 */

/** The signals a measure can read. A measure's `signal` must be one of these (or `adoption:<property>`). */
export const SIGNAL_KEYS = [
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
export const ZSignalKey = z.enum(SIGNAL_KEYS);
export type SignalKey = z.infer<typeof ZSignalKey>;

const ZPoints = z.number().min(0, 'points must be 0..100').max(100, 'points must be 0..100');
const ZWeight = z.number().finite().min(0, 'weight must not be negative');

/**
 * Piecewise rule: for `higher_is_better`, the first step whose `min` the value reaches (steps listed from
 * the highest `min` down) gives its points, else `otherwise`. For `lower_is_better`, the first step whose
 * `max` the value does not exceed (steps listed from the lowest `max` up). Boundaries are inclusive.
 */
export const ZStepsRule = z.discriminatedUnion('direction', [
  z.object({
    kind: z.literal('steps'),
    direction: z.literal('higher_is_better'),
    steps: z.array(z.object({ min: z.number().finite(), points: ZPoints })).min(1),
    otherwise: ZPoints,
  }),
  z.object({
    kind: z.literal('steps'),
    direction: z.literal('lower_is_better'),
    steps: z.array(z.object({ max: z.number().finite(), points: ZPoints })).min(1),
    otherwise: ZPoints,
  }),
]);
/** Linear map of [from, to] onto [fromPoints, toPoints], clamped. */
export const ZLinearRule = z.object({
  kind: z.literal('linear'),
  from: z.number().finite(),
  to: z.number().finite(),
  fromPoints: ZPoints,
  toPoints: ZPoints,
});
/** Points per category (enum-valued or boolean signals, booleans as "true"/"false"). */
export const ZCategoryRule = z.object({
  kind: z.literal('category'),
  points: z.record(z.string(), ZPoints),
});
export const ZRule = z.union([ZStepsRule, ZLinearRule, ZCategoryRule]);
export type Rule = z.infer<typeof ZRule>;

export const ZMeasure = z.object({
  key: z.string().min(1),
  label: z.string().min(1),
  /**
   * `ZSignalKey`, or `adoption:<hubspot property name>` for an adoption measure: mapping a numeric company
   * property is adding such a measure to the adoption group (and giving that group a weight).
   */
  signal: z.string().min(1),
  weight: ZWeight,
  rule: ZRule,
});
export type Measure = z.infer<typeof ZMeasure>;

export const GROUP_KEYS = ['sentiment', 'support', 'engagement', 'commercial', 'adoption'] as const;
export const ZGroupKey = z.enum(GROUP_KEYS);
export type GroupKey = z.infer<typeof ZGroupKey>;

export const ZGroup = z.object({
  key: ZGroupKey,
  label: z.string().min(1),
  weight: ZWeight,
  measures: z.array(ZMeasure),
});
export type Group = z.infer<typeof ZGroup>;

export const ZRiskRules = z.object({
  /** risk points = healthFactor × (100 − health) + the rule points below */
  healthFactor: z.number().min(0).max(1),
  detractorDays: z.number().int().positive(),
  detractorPoints: z.number().min(0).max(100),
  openUrgentPoints: z.number().min(0).max(100),
  noContactDays: z.number().int().positive(),
  noContactPoints: z.number().min(0).max(100),
  contractionPoints: z.number().min(0).max(100),
  staleRenewalDueDays: z.number().int().positive(),
  staleRenewalStageDays: z.number().int().positive(),
  staleRenewalPoints: z.number().min(0).max(100),
  overduePoints: z.number().min(0).max(100),
  /** Level thresholds (inclusive lower bounds): Medium ≥ medium, High ≥ high, Critical ≥ critical. */
  levels: z.object({ medium: z.number(), high: z.number(), critical: z.number() }),
});
export type RiskRules = z.infer<typeof ZRiskRules>;

export const ZSurveyScale = z.object({ min: z.number().int(), max: z.number().int() });

export const ZSettings = z.object({
  scoring: z.object({
    groups: z.array(ZGroup).min(1),
    /** Healthy ≥ healthy, Monitor ≥ monitor, else At risk. */
    bands: z.object({ healthy: z.number().min(0).max(100), monitor: z.number().min(0).max(100) }),
    /**
     * The confidence floor: below this share of the model's configured weight with evidence there is no score
     * and no band ("Not enough data to score"). Exactly at the floor a company is scored.
     */
    lowConfidenceBelow: z.number().min(0).max(1),
    /**
     * The points a measure counts for when it has no evidence (and the centre low-sample survey measures are
     * shrunk towards). Defaulted so settings stored before it existed still read.
     */
    neutralPoints: ZPoints.default(50),
    /** CSM sentiment set on the card stops counting after this many days. */
    sentimentExpiryDays: z.number().int().positive(),
  }),
  risk: ZRiskRules,
  renewals: z.object({
    /** Pipelines whose label matches this (case-insensitive regex source) hold renewal deals. */
    renewalPipelinePattern: z.string(),
    /** Explicit renewal pipeline ids (in addition to the pattern). */
    renewalPipelineIds: z.array(z.string()),
    /** In other pipelines: deals of this type whose name matches `renewalNamePattern` are renewals. */
    existingBusinessType: z.string().min(1),
    renewalNamePattern: z.string(),
    /** Renewal-risk window for at-risk ARR, days. */
    atRiskWindowDays: z.number().int().positive(),
  }),
  windows: z.object({
    npsDays: z.number().int().positive(),
    npsTrendDays: z.number().int().positive(),
    /**
     * A survey measure (NPS, CSAT) from fewer responses than this is flagged "low sample" and shrunk toward
     * neutral in proportion: n responses count n ÷ lowSampleBelow of the way from neutral to their points.
     */
    lowSampleBelow: z.number().int().nonnegative(),
    agingTicketDays: z.number().int().positive(),
    ticketTrendRecentDays: z.number().int().positive(),
    ticketTrendBaseDays: z.number().int().positive(),
    supportMedianDays: z.number().int().positive(),
    portfolioPeriodDays: z.number().int().positive(),
    /**
     * Evidence for the support measures (open high-priority, aging open, volume trend): a ticket created in
     * this many days, or one open now. Without it "no open tickets" is no data, not health.
     */
    supportHistoryDays: z.number().int().positive().default(365),
  }),
  surveys: z.object({
    csatScale: ZSurveyScale,
    cesScale: ZSurveyScale,
    /** HubSpot's CES asks "how easy…": a higher answer means less effort. */
    cesHigherIsEasier: z.boolean(),
  }),
  financial: z.object({
    /** A numeric company property holding ARR (e.g. `hs_arr`); null = from closed-won deals. */
    arrProperty: z.string().nullable(),
    grossMargin: z.number().min(0).max(1),
  }),
  writeBack: z.object({ enabled: z.boolean() }),
  /**
   * The backtest on the account's own renewals (docs/metrics.md "Backtest"). Defaulted so settings stored before
   * it existed still read.
   */
  backtest: z
    .object({
      /** renewals that closed in this many months before now are backtested */
      lookbackMonths: z.number().int().min(1, 'at least 1 month').max(120, 'at most 120 months'),
      /** each renewal is scored as its company stood this many days before it closed */
      horizonDays: z.number().int().min(1, 'at least 1 day').max(730, 'at most 730 days'),
      /** below this many scored renewals the backtest says "not enough history to judge" */
      minOutcomes: z.number().int().min(2, 'at least 2 outcomes'),
    })
    .default({ lookbackMonths: 24, horizonDays: 90, minOutcomes: 30 }),
});
export type Settings = z.infer<typeof ZSettings>;

export const defaultSettings: Settings = {
  scoring: {
    groups: [
      {
        key: 'sentiment',
        label: 'Sentiment',
        weight: 30,
        measures: [
          {
            key: 'nps',
            label: 'NPS',
            signal: 'nps',
            weight: 1,
            rule: { kind: 'linear', from: -100, to: 100, fromPoints: 0, toPoints: 100 },
          },
          {
            key: 'latestNps',
            label: 'Latest NPS response',
            signal: 'latestNpsGroup',
            weight: 1,
            rule: { kind: 'category', points: { promoter: 100, passive: 50, detractor: 0 } },
          },
          {
            key: 'csat',
            label: 'CSAT',
            signal: 'csatPercent',
            weight: 1,
            rule: { kind: 'linear', from: 0, to: 100, fromPoints: 0, toPoints: 100 },
          },
          {
            key: 'csmSentiment',
            label: 'CSM sentiment',
            signal: 'csmSentiment',
            weight: 1,
            rule: { kind: 'category', points: { good: 100, neutral: 50, concerned: 20 } },
          },
        ],
      },
      {
        key: 'support',
        label: 'Support',
        weight: 25,
        measures: [
          {
            key: 'openHighPriority',
            label: 'Open high-priority tickets',
            signal: 'openHighPriority',
            weight: 1,
            rule: {
              kind: 'steps',
              direction: 'lower_is_better',
              steps: [
                { max: 0, points: 100 },
                { max: 1, points: 30 },
              ],
              otherwise: 10,
            },
          },
          {
            key: 'agingOpen',
            label: 'Aging open tickets',
            signal: 'agingOpen',
            weight: 1,
            rule: {
              kind: 'steps',
              direction: 'lower_is_better',
              steps: [
                { max: 0, points: 100 },
                { max: 2, points: 35 },
              ],
              otherwise: 15,
            },
          },
          {
            key: 'volumeTrend',
            label: 'Ticket volume trend',
            signal: 'volumeTrend',
            weight: 1,
            rule: {
              kind: 'steps',
              direction: 'lower_is_better',
              steps: [
                { max: 1, points: 100 },
                { max: 2, points: 40 },
              ],
              otherwise: 15,
            },
          },
          {
            key: 'timeToClose',
            label: 'Time to close',
            signal: 'timeToCloseHours',
            weight: 1,
            rule: {
              kind: 'steps',
              direction: 'lower_is_better',
              steps: [
                { max: 24, points: 100 },
                { max: 72, points: 70 },
                { max: 168, points: 40 },
              ],
              otherwise: 10,
            },
          },
        ],
      },
      {
        key: 'engagement',
        label: 'Engagement',
        weight: 20,
        measures: [
          {
            key: 'daysSinceContact',
            label: 'Days since last contact',
            signal: 'daysSinceContact',
            weight: 1,
            rule: {
              kind: 'steps',
              direction: 'lower_is_better',
              steps: [
                { max: 14, points: 100 },
                { max: 30, points: 80 },
                { max: 60, points: 50 },
                { max: 90, points: 25 },
              ],
              otherwise: 0,
            },
          },
          {
            key: 'associatedContacts',
            label: 'Associated contacts',
            signal: 'associatedContacts',
            weight: 1,
            rule: {
              kind: 'steps',
              direction: 'higher_is_better',
              steps: [
                { min: 3, points: 100 },
                { min: 2, points: 70 },
                { min: 1, points: 40 },
              ],
              otherwise: 0,
            },
          },
        ],
      },
      {
        key: 'commercial',
        label: 'Commercial',
        weight: 25,
        measures: [
          {
            key: 'lastRenewal',
            label: 'Last renewal outcome',
            signal: 'lastRenewalOutcome',
            weight: 1,
            rule: {
              kind: 'category',
              points: { won: 100, contraction_small: 40, contraction_large: 20, lost: 0 },
            },
          },
          {
            key: 'expansion',
            label: 'Expansion won in 12 months',
            signal: 'expansionWon12m',
            weight: 1,
            rule: { kind: 'category', points: { true: 100, false: 50 } },
          },
          {
            key: 'renewalOverdue',
            label: 'Open renewal overdue',
            signal: 'renewalOverdue',
            weight: 1,
            // "No" needs an open renewal that is on time; without an open renewal this is no data.
            rule: { kind: 'category', points: { true: 0, false: 100 } },
          },
        ],
      },
      { key: 'adoption', label: 'Adoption', weight: 0, measures: [] },
    ],
    bands: { healthy: 70, monitor: 40 },
    lowConfidenceBelow: 0.5,
    neutralPoints: 50,
    sentimentExpiryDays: 90,
  },
  risk: {
    healthFactor: 0.6,
    detractorDays: 90,
    detractorPoints: 15,
    openUrgentPoints: 10,
    noContactDays: 60,
    noContactPoints: 10,
    contractionPoints: 10,
    staleRenewalDueDays: 60,
    staleRenewalStageDays: 30,
    staleRenewalPoints: 10,
    overduePoints: 20,
    levels: { medium: 25, high: 50, critical: 75 },
  },
  renewals: {
    renewalPipelinePattern: 'renewal',
    renewalPipelineIds: [],
    existingBusinessType: 'existingbusiness',
    renewalNamePattern: 'renew',
    atRiskWindowDays: 90,
  },
  windows: {
    npsDays: 180,
    npsTrendDays: 90,
    lowSampleBelow: 5,
    agingTicketDays: 14,
    ticketTrendRecentDays: 30,
    ticketTrendBaseDays: 90,
    supportMedianDays: 90,
    portfolioPeriodDays: 365,
    supportHistoryDays: 365,
  },
  surveys: { csatScale: { min: 1, max: 5 }, cesScale: { min: 1, max: 7 }, cesHigherIsEasier: true },
  financial: { arrProperty: null, grossMargin: 0.8 },
  writeBack: { enabled: true },
  backtest: { lookbackMonths: 24, horizonDays: 90, minOutcomes: 30 },
};
