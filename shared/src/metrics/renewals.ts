import type { Company, Deal } from '../schemas/crm';
import type { Settings } from '../schemas/settings';
import type { RenewalDeal, RenewalOutcome } from '../contracts/snapshot';
import { patternToRegExp, type DealStageInfo, type PipelineIndex } from './pipelines';
import { DAY_MS, daysBetween, toIso } from './time';

export type DealKind = 'renewal' | 'expansion' | 'other';

/** Contraction at or below this share of the prior amount is "small" (METRICS.md: ≤ 10%). */
export const SMALL_CONTRACTION = 0.1;
// Amounts are floats: 900 of 1000 must be exactly 10%, not 10.000000000000002%.
const EPSILON = 1e-9;

type RenewalRules = Settings['renewals'];
const nameRegexCache = new WeakMap<RenewalRules, RegExp | null>();

/**
 * Renewal: a deal in a renewal pipeline, or (elsewhere) of the existing-business type with a name matching
 * the renewal pattern. Expansion: existing business that is not a renewal. Both rules come from settings.
 */
export function classifyDeal(deal: Deal, index: PipelineIndex, rules: RenewalRules): DealKind {
  if (index.isRenewalPipeline(deal.pipelineId)) return 'renewal';
  if (deal.dealType !== rules.existingBusinessType) return 'other';
  let nameRegex = nameRegexCache.get(rules);
  if (nameRegex === undefined) {
    nameRegex = patternToRegExp(rules.renewalNamePattern);
    nameRegexCache.set(rules, nameRegex);
  }
  return nameRegex?.test(deal.name) ? 'renewal' : 'expansion';
}

/** Outcome of a closed renewal against the prior amount: lost, won flat/up, or contracted ≤10% / >10%. */
export function renewalOutcome(
  isWon: boolean,
  renewedAmount: number | null,
  priorAmount: number | null,
): RenewalOutcome {
  if (!isWon) return 'lost';
  // Without both amounts there is no evidence of contraction.
  if (renewedAmount === null || priorAmount === null || priorAmount <= 0) return 'won';
  const contraction = (priorAmount - renewedAmount) / priorAmount;
  if (contraction <= EPSILON) return 'won';
  return contraction <= SMALL_CONTRACTION + EPSILON ? 'contraction_small' : 'contraction_large';
}

export type ClosedRenewal = {
  dealId: string;
  closedAt: string;
  priorAmount: number;
  renewedAmount: number;
  isLost: boolean;
};

export type DealSummary = {
  /** open renewal with the earliest close date ≥ now */
  next: RenewalDeal | null;
  /** open renewals whose close date has passed, most overdue first */
  overdue: RenewalDeal[];
  lastOutcome: RenewalOutcome | null;
  /** renewals closed (won or lost) in the trailing period, with prior and renewed amounts */
  renewalsClosedInPeriod: ClosedRenewal[];
  /** sum of expansion deals won in the trailing period */
  expansionWonInPeriod: number;
  /** any expansion won in the trailing period */
  expansionWon: boolean;
  /** close date of the company's first closed-won deal (when it became a customer); null if it never won one */
  customerSince: number | null;
  /** ARR from deals: latest closed-won renewal, else first closed-won deal; 0 after a lost last renewal */
  dealArr: number | null;
};

type ClosedDeal = { deal: Deal; closeAt: number; stage: DealStageInfo; kind: DealKind };

/**
 * Everything Pulse reads from a company's deals. Deals in a stage the pipelines do not describe are
 * ignored (their meaning is unknown); closed deals count only once their close date has come.
 *
 * Prior amount of a closed renewal = the previous closed-won renewal's amount, else the first closed-won
 * deal's (which is the renewal itself when it is the company's first win); for a lost renewal with neither,
 * its own amount (what was up for renewal). A won renewal without an amount counts as 0 → 0: it is a
 * renewal for logo churn but adds nothing to the money rates.
 */
export function summarizeDeals(
  deals: readonly Deal[],
  index: PipelineIndex,
  settings: Settings,
  now: number,
): DealSummary {
  const rules = settings.renewals;
  const periodFrom = now - settings.windows.portfolioPeriodDays * DAY_MS;
  const upcoming: Deal[] = [];
  const overdueDeals: Deal[] = [];
  const closed: ClosedDeal[] = [];

  for (const deal of deals) {
    if (deal.archived) continue;
    const stage = index.dealStage(deal.pipelineId, deal.stageId);
    if (stage === null) continue;
    const kind = classifyDeal(deal, index, rules);
    if (!stage.isClosed) {
      if (kind !== 'renewal' || deal.closeAt === null) continue;
      (deal.closeAt >= now ? upcoming : overdueDeals).push(deal);
    } else if (deal.closeAt !== null && deal.closeAt <= now && (stage.isWon || stage.isLost)) {
      closed.push({ deal, closeAt: deal.closeAt, stage, kind });
    }
  }

  const byClose = (a: { closeAt: number | null; id?: string }, b: { closeAt: number | null; id?: string }) =>
    a.closeAt! - b.closeAt!;
  upcoming.sort((a, b) => byClose(a, b) || compareId(a.id, b.id));
  overdueDeals.sort((a, b) => byClose(a, b) || compareId(a.id, b.id));
  closed.sort((a, b) => a.closeAt - b.closeAt || compareId(a.deal.id, b.deal.id));

  const firstWonAmount = closed.find((c) => c.stage.isWon && c.deal.amount !== null);
  let previousWonRenewalAmount: number | null = null;
  let lastOutcome: RenewalOutcome | null = null;
  let lastRenewalLost = false;
  let latestWonRenewalAmount: number | null = null;
  const renewalsClosedInPeriod: ClosedRenewal[] = [];
  let expansionWonInPeriod = 0;
  let expansionWon = false;

  for (const c of closed) {
    const inPeriod = c.closeAt > periodFrom;
    if (c.kind === 'expansion' && c.stage.isWon && inPeriod) {
      expansionWon = true;
      expansionWonInPeriod += Math.max(0, c.deal.amount ?? 0);
    }
    if (c.kind !== 'renewal') continue;

    const firstWin =
      firstWonAmount !== undefined && firstWonAmount.closeAt <= c.closeAt ? firstWonAmount.deal.amount : null;
    const prior = previousWonRenewalAmount ?? firstWin ?? (c.stage.isLost ? c.deal.amount : null);
    const renewed = c.stage.isWon ? c.deal.amount : 0;
    lastOutcome = renewalOutcome(c.stage.isWon, renewed, prior);
    lastRenewalLost = c.stage.isLost;
    if (inPeriod) {
      const hasMoney = renewed !== null && prior !== null;
      renewalsClosedInPeriod.push({
        dealId: c.deal.id,
        closedAt: toIso(c.closeAt),
        priorAmount: hasMoney ? Math.max(0, prior) : 0,
        renewedAmount: hasMoney ? Math.max(0, renewed) : 0,
        isLost: c.stage.isLost,
      });
    }
    if (c.stage.isWon && c.deal.amount !== null) {
      previousWonRenewalAmount = c.deal.amount;
      latestWonRenewalAmount = c.deal.amount;
    }
  }

  const firstWon = closed.find((c) => c.stage.isWon);
  let dealArr: number | null = null;
  if (lastRenewalLost) dealArr = 0;
  else if (latestWonRenewalAmount !== null) dealArr = Math.max(0, latestWonRenewalAmount);
  else if (firstWonAmount !== undefined) dealArr = Math.max(0, firstWonAmount.deal.amount!);

  const next = upcoming[0];
  return {
    next: next === undefined ? null : toRenewalDeal(next, index, now),
    overdue: overdueDeals.map((d) => toRenewalDeal(d, index, now)),
    lastOutcome,
    renewalsClosedInPeriod,
    expansionWonInPeriod,
    expansionWon,
    customerSince: firstWon === undefined ? null : firstWon.closeAt,
    dealArr,
  };
}

/** ARR under management: the mapped ARR property when the admin set one and it has a value, else from deals. */
export function arrOf(
  company: Company,
  dealArr: number | null,
  financial: Settings['financial'],
): number | null {
  if (financial.arrProperty !== null) {
    const mapped = company.mapped[financial.arrProperty];
    if (mapped !== undefined && mapped !== null) return Math.max(0, mapped);
  }
  return dealArr;
}

function toRenewalDeal(deal: Deal, index: PipelineIndex, now: number): RenewalDeal {
  const closeAt = deal.closeAt!;
  return {
    dealId: deal.id,
    name: deal.name,
    closeDate: toIso(closeAt),
    amount: deal.amount,
    daysToRenewal: daysBetween(now, closeAt),
    isOverdue: closeAt < now,
    stageLabel: index.dealStage(deal.pipelineId, deal.stageId)?.label ?? '',
    daysInStage: deal.stageEnteredAt === null ? null : Math.max(0, daysBetween(deal.stageEnteredAt, now)),
  };
}

function compareId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
