import type { Band, RiskLevel } from '../contracts/snapshot';
import type { CompanyBundle } from '../schemas/crm';
import type { Settings } from '../schemas/settings';
import type { PipelineIndex } from '../metrics/pipelines';
import { DAY_MS, utcDay } from '../metrics/time';
import { analyzeBundle, type StoredSentiment } from '../scoring/compute-signals';
import { modelFor } from '../scoring/compute-health';
import { computeRenewalRisk } from '../scoring/renewal-risk';
import type { HistoryEntry } from '../scoring/trend';
import { reconstructAsOf } from './reconstruct';

/** A company's health and renewal risk as the model would have scored it at a past instant. */
export type PastScore = {
  asOf: number;
  score: number | null;
  band: Band | null;
  confidence: number;
  riskPoints: number;
  riskLevel: RiskLevel;
  measurePoints: Record<string, number | null>;
};

/** Scores one company as its records stood at `asOf` (see reconstruct.ts), under `settings`. Pure. */
export function scoreAsOf(
  bundle: CompanyBundle,
  index: PipelineIndex,
  settings: Settings,
  sentiment: StoredSentiment | null,
  asOf: number,
): PastScore {
  const pit = reconstructAsOf(bundle, index, sentiment, asOf);
  const a = analyzeBundle(pit.bundle, pit.index, settings, pit.sentiment, asOf);
  const model = modelFor(settings);
  const { score, band, confidence } = model.score(a.signals);
  const risk = computeRenewalRisk(score, a.signals, a.riskFacts, settings);
  return {
    asOf,
    score,
    band,
    confidence,
    riskPoints: risk.points,
    riskLevel: risk.level,
    measurePoints: model.measurePoints(a.signals),
  };
}

/** Days of history the first full sync rebuilds (the card's chart shows 90 days). */
export const BACKFILL_DAYS = 90;

/**
 * The daily history entries of the `days` days before `now` (not today: today's entry is the live score),
 * each scored at the same time of day as `now` on its day, marked `reconstructed`. Oldest first.
 */
export function reconstructHistory(
  bundle: CompanyBundle,
  index: PipelineIndex,
  settings: Settings,
  settingsVersion: number,
  sentiment: StoredSentiment | null,
  now: number,
  days: number = BACKFILL_DAYS,
): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (let d = days; d >= 1; d--) {
    const asOf = now - d * DAY_MS;
    const past = scoreAsOf(bundle, index, settings, sentiment, asOf);
    entries.push({
      date: utcDay(asOf),
      score: past.score,
      band: past.band,
      settingsVersion,
      measurePoints: past.measurePoints,
      reconstructed: true,
    });
  }
  return entries;
}
