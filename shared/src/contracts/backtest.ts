import { z } from 'zod';
import { ZBand, ZRiskLevel } from './snapshot';
import { ZGroupKey, ZSettings } from '../schemas/settings';

/**
 * The backtest of the health model on the account's own closed renewals (docs/metrics.md "Backtest"):
 * GET /api/v1/backtest (the saved model) and POST /api/v1/backtest/preview (the saved model vs a draft).
 */

const ZInterval = z.object({ low: z.number().min(0).max(1), high: z.number().min(0).max(1) });

export const ZRate = z.object({
  renewals: z.number().int().nonnegative(),
  churned: z.number().int().nonnegative(),
  /** churned ÷ renewals; null with no renewals */
  rate: z.number().min(0).max(1).nullable(),
  /** 95% Wilson interval of the rate */
  interval: ZInterval.nullable(),
});
export type RateView = z.infer<typeof ZRate>;

export const ZBacktestReport = z.object({
  /** the settings the renewals were scored with */
  lookbackMonths: z.number().int().positive(),
  horizonDays: z.number().int().positive(),
  minOutcomes: z.number().int().positive(),
  /** renewals that closed in the lookback */
  renewals: z.number().int().nonnegative(),
  /** of which the model gave a score (the others were below the confidence floor at the time) */
  scored: z.number().int().nonnegative(),
  outcomes: z.object({
    renewed: z.number().int().nonnegative(),
    contracted: z.number().int().nonnegative(),
    lost: z.number().int().nonnegative(),
  }),
  /** false below `minOutcomes` scored renewals, or without both renewed and lost ones: no figures are shown */
  enoughHistory: z.boolean(),
  /** why there is not enough history, in words; null when there is */
  notEnoughReason: z.string().nullable(),
  /** P(a renewed company scored higher than a lost one), ties half; null when not enough history */
  auc: z.number().min(0).max(1).nullable(),
  bands: z.array(z.object({ band: ZBand, ...ZRate.shape })),
  /** churn rate of At risk ÷ churn rate of Healthy */
  liftAtRiskOverHealthy: z.number().nonnegative().nullable(),
  /** P(a lost renewal had higher risk points than a renewed one), ties half */
  riskAuc: z.number().min(0).max(1).nullable(),
  riskLevels: z.array(z.object({ level: ZRiskLevel, ...ZRate.shape })),
  /** churn rate of High and Critical together ÷ churn rate of Low */
  liftHighRiskOverLow: z.number().nonnegative().nullable(),
  /** money up for renewal (the prior amount) of renewals scored At risk, and of those that were lost */
  atRiskArr: z.object({ flagged: z.number().nonnegative(), churned: z.number().nonnegative() }),
  /** ARR of all lost renewals (so at-risk ARR that churned can be read as a share) */
  churnedArr: z.number().nonnegative(),
  /** what the past scores could not be rebuilt from (docs/metrics.md "Point-in-time reconstruction") */
  limits: z.array(z.string()),
});
export type BacktestReport = z.infer<typeof ZBacktestReport>;

/** Group weights fitted to the account's renewals (docs/metrics.md "Suggested weights"). */
export const ZWeightSuggestion = z.object({
  enoughHistory: z.boolean(),
  notEnoughReason: z.string().nullable(),
  /** cross-validation folds (by company) */
  folds: z.number().int().positive(),
  /** AUC of the saved group weights over the same renewals (nothing fitted) */
  currentAuc: z.number().min(0).max(1).nullable(),
  /** AUC of the suggested weights, each renewal scored by weights fitted without its company */
  outOfFoldAuc: z.number().min(0).max(1).nullable(),
  /** configured weight now and suggested (whole numbers summing to 100), per group with measures */
  groups: z.array(
    z.object({ key: ZGroupKey, label: z.string(), current: z.number().min(0), proposed: z.number().min(0) }),
  ),
});
export type WeightSuggestion = z.infer<typeof ZWeightSuggestion>;

export const ZBacktestView = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ready'),
    settingsVersion: z.number().int().nonnegative(),
    computedAt: z.string().datetime({ offset: true }),
    report: ZBacktestReport,
    suggestion: ZWeightSuggestion,
  }),
  /** the job is running (or queued) for this settings version: ask again */
  z.object({ status: z.literal('running'), settingsVersion: z.number().int().nonnegative() }),
]);
export type BacktestView = z.infer<typeof ZBacktestView>;

export const ZBacktestPreviewRequest = z.object({ settings: ZSettings });
export const ZBacktestPreview = z.object({ current: ZBacktestReport, proposed: ZBacktestReport });
export type BacktestPreview = z.infer<typeof ZBacktestPreview>;
