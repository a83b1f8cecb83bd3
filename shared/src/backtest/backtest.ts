import type { BacktestReport } from '../contracts/backtest';
import type { Band, RenewalOutcome, RiskLevel, Signals } from '../contracts/snapshot';
import type { CompanyBundle } from '../schemas/crm';
import type { Settings } from '../schemas/settings';
import type { PipelineIndex } from '../metrics/pipelines';
import { renewalOutcome, summarizeDeals } from '../metrics/renewals';
import { DAY_MS } from '../metrics/time';
import { analyzeBundle, type StoredSentiment } from '../scoring/compute-signals';
import { modelFor } from '../scoring/compute-health';
import { computeRenewalRisk, type RiskFacts } from '../scoring/renewal-risk';
import { reconstructAsOf, STANDING_LIMITS } from './reconstruct';
import { liftOf, rateOf, rocAuc, type Rate } from './stats';

/**
 * The backtest (docs/metrics.md "Backtest"): every renewal that closed in the last `backtest.lookbackMonths`,
 * scored as its company stood `backtest.horizonDays` before it closed, against what happened. Churn = the
 * renewal was lost; a contraction is reported apart (it renewed, for less).
 */

/** One closed renewal, what the model said `horizonDays` before, and what happened. */
export type BacktestCase = {
  companyId: string;
  dealId: string;
  closedAt: number;
  asOf: number;
  outcome: RenewalOutcome;
  /** the money up for renewal: the prior amount (0 when unknown) */
  arr: number;
  /** the inputs at `asOf`, kept so a draft model that reads the same signals re-scores without rebuilding them */
  signals: Signals;
  riskFacts: RiskFacts;
  score: number | null;
  band: Band | null;
  riskPoints: number;
  riskLevel: RiskLevel;
};

/** The start of the lookback: `months` calendar months before `now` (UTC). */
export function lookbackStart(now: number, months: number): number {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime();
}

const dealSettingsCache = new WeakMap<Settings, Map<number, Settings>>();

/** The settings with the deal period stretched over the lookback, built once per settings and day. */
function dealSettingsFor(settings: Settings, periodDays: number): Settings {
  let byDays = dealSettingsCache.get(settings);
  if (byDays === undefined) dealSettingsCache.set(settings, (byDays = new Map()));
  let out = byDays.get(periodDays);
  if (out === undefined) {
    out = { ...settings, windows: { ...settings.windows, portfolioPeriodDays: periodDays } };
    byDays.set(periodDays, out);
  }
  return out;
}

/** The renewals one company closed in the lookback, each scored as of `horizonDays` before it closed. Pure. */
export function renewalCases(
  bundle: CompanyBundle,
  index: PipelineIndex,
  settings: Settings,
  sentiment: StoredSentiment | null,
  now: number,
): BacktestCase[] {
  const { lookbackMonths, horizonDays } = settings.backtest;
  const from = lookbackStart(now, lookbackMonths);
  const periodDays = Math.ceil((now - from) / DAY_MS) + 1;
  const deals = summarizeDeals(bundle.deals, index, dealSettingsFor(settings, periodDays), now);
  const cases: BacktestCase[] = [];
  for (const renewal of deals.renewalsClosedInPeriod) {
    const closedAt = Date.parse(renewal.closedAt);
    if (closedAt <= from) continue;
    const asOf = closedAt - horizonDays * DAY_MS;
    const pit = reconstructAsOf(bundle, index, sentiment, asOf);
    const a = analyzeBundle(pit.bundle, pit.index, settings, pit.sentiment, asOf);
    cases.push(
      scoreCase(
        {
          companyId: bundle.company.id,
          dealId: renewal.dealId,
          closedAt,
          asOf,
          outcome: renewalOutcome(!renewal.isLost, renewal.renewedAmount, renewal.priorAmount),
          arr: renewal.priorAmount,
          signals: a.signals,
          riskFacts: a.riskFacts,
        },
        settings,
      ),
    );
  }
  return cases;
}

type CaseFacts = Omit<BacktestCase, 'score' | 'band' | 'riskPoints' | 'riskLevel'>;

function scoreCase(facts: CaseFacts, settings: Settings): BacktestCase {
  const { score, band } = modelFor(settings).score(facts.signals);
  const risk = computeRenewalRisk(score, facts.signals, facts.riskFacts, settings);
  return { ...facts, score, band, riskPoints: risk.points, riskLevel: risk.level };
}

/**
 * Whether a draft reads the same signals as the saved settings (only the model changed: groups, rules, weights,
 * bands, floor, risk rules), so its backtest can re-score the saved cases instead of rebuilding them.
 */
export function sameSignals(a: Settings, b: Settings): boolean {
  const signalPart = (s: Settings) =>
    JSON.stringify([
      s.windows,
      s.surveys,
      s.renewals,
      s.financial,
      s.backtest,
      s.scoring.sentimentExpiryDays,
      s.risk.detractorDays,
      // adoption values are no data in the past, but the measures read must exist
      s.scoring.groups.flatMap((g) => g.measures.map((m) => m.signal)).sort(),
    ]);
  return signalPart(a) === signalPart(b);
}

/** The cases re-scored under another model that reads the same signals (see `sameSignals`). */
export function rescoreCases(cases: readonly BacktestCase[], settings: Settings): BacktestCase[] {
  return cases.map((c) => scoreCase(c, settings));
}

const BANDS: readonly Band[] = ['healthy', 'monitor', 'at_risk'];
const LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical', 'no_renewal'];

function rateWhere(cases: readonly BacktestCase[], keep: (c: BacktestCase) => boolean): Rate {
  let n = 0;
  let churned = 0;
  for (const c of cases) {
    if (!keep(c)) continue;
    n++;
    if (c.outcome === 'lost') churned++;
  }
  return rateOf(churned, n);
}

/** Why the figures would mislead, or null when there is enough history to judge. */
export function notEnoughReason(scored: readonly BacktestCase[], minOutcomes: number): string | null {
  const lost = scored.filter((c) => c.outcome === 'lost').length;
  if (scored.length < minOutcomes)
    return `Not enough history to judge: ${scored.length} scored renewal${scored.length === 1 ? '' : 's'}, at least ${minOutcomes} needed.`;
  if (lost === 0) return 'Not enough history to judge: no renewal was lost, so there is no churn to predict.';
  if (lost === scored.length)
    return 'Not enough history to judge: every renewal was lost, so there is nothing to tell apart.';
  return null;
}

/** The report the settings page shows, from the cases of every company. Pure. */
export function summarizeBacktest(cases: readonly BacktestCase[], settings: Settings): BacktestReport {
  const { lookbackMonths, horizonDays, minOutcomes } = settings.backtest;
  const scored = cases.filter((c) => c.score !== null);
  const reason = notEnoughReason(scored, minOutcomes);
  const enough = reason === null;
  const churned = (c: BacktestCase) => c.outcome === 'lost';
  const bandRate = (band: Band) => rateWhere(scored, (c) => c.band === band);
  const atRisk = cases.filter((c) => c.band === 'at_risk');
  return {
    lookbackMonths,
    horizonDays,
    minOutcomes,
    renewals: cases.length,
    scored: scored.length,
    outcomes: {
      renewed: cases.filter((c) => c.outcome === 'won').length,
      contracted: cases.filter((c) => c.outcome === 'contraction_small' || c.outcome === 'contraction_large')
        .length,
      lost: cases.filter(churned).length,
    },
    enoughHistory: enough,
    notEnoughReason: reason,
    auc: enough ? rocAuc(scored.map((c) => ({ value: c.score!, positive: !churned(c) }))) : null,
    bands: BANDS.map((band) => ({ band, ...bandRate(band) })),
    liftAtRiskOverHealthy: enough ? liftOf(bandRate('at_risk'), bandRate('healthy')) : null,
    riskAuc: enough ? rocAuc(cases.map((c) => ({ value: c.riskPoints, positive: churned(c) }))) : null,
    riskLevels: LEVELS.map((level) => ({ level, ...rateWhere(cases, (c) => c.riskLevel === level) })),
    liftHighRiskOverLow: enough
      ? liftOf(
          rateWhere(cases, (c) => c.riskLevel === 'high' || c.riskLevel === 'critical'),
          rateWhere(cases, (c) => c.riskLevel === 'low'),
        )
      : null,
    atRiskArr: {
      flagged: atRisk.reduce((s, c) => s + c.arr, 0),
      churned: atRisk.filter(churned).reduce((s, c) => s + c.arr, 0),
    },
    churnedArr: cases.filter(churned).reduce((s, c) => s + c.arr, 0),
    limits: [
      ...STANDING_LIMITS.map((l) => l.reason),
      'CSM sentiment counts only when it was set before the day scored (earlier values are not kept).',
      'Companies deleted from HubSpot are not in the data: their renewals cannot be backtested.',
    ],
  };
}
