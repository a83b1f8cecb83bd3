import type { CompanyBundle, Deal } from '../schemas/crm';
import type { Settings } from '../schemas/settings';
import type { Band, CompanySnapshot, Signals, UnconvertedDeal } from '../contracts/snapshot';
import type { PipelineIndex } from '../metrics/pipelines';
import { toIso, utcDay } from '../metrics/time';
import { analyzeBundle, sentimentExpiresAt, type StoredSentiment } from './compute-signals';
import { modelFor } from './compute-health';
import { computeRenewalRisk } from './renewal-risk';
import { computeTrend, type HistoryEntry } from './trend';

export type { StoredSentiment } from './compute-signals';
export type { HistoryEntry } from './trend';

export type SnapshotInput = {
  bundle: CompanyBundle;
  index: PipelineIndex;
  settings: Settings;
  settingsVersion: number;
  sentiment: StoredSentiment | null;
  history: HistoryEntry[];
  now: number;
};

/** Everything the card shows about one company, computed once per sync. Pure: same input, same snapshot. */
export function computeCompanySnapshot(input: SnapshotInput): CompanySnapshot {
  const { bundle, index, settings, settingsVersion, sentiment, history, now } = input;
  const a = analyzeBundle(bundle, index, settings, sentiment, now);
  const health = modelFor(settings).health(a.signals, {
    oldestHighPriorityDays: a.support.oldestHighPriorityDays,
    openUrgent: a.support.openUrgent,
    overdueDays: a.riskFacts.overdueDays,
  });
  const risk = computeRenewalRisk(health.score, a.signals, a.riskFacts, settings);
  const trend = computeTrend(
    history,
    { score: health.score, measurePoints: measurePointsOf(health), settingsVersion },
    settings,
    now,
  );

  let sentimentView: CompanySnapshot['sentiment'] = null;
  if (sentiment !== null) {
    const expiresAt = sentimentExpiresAt(sentiment, settings);
    sentimentView = {
      value: sentiment.value,
      note: sentiment.note,
      authorUserId: sentiment.authorUserId,
      authorName: sentiment.authorName,
      setAt: toIso(sentiment.setAt),
      expiresAt: toIso(expiresAt),
      isExpired: now >= expiresAt,
    };
  }

  const { company } = bundle;
  return {
    companyId: company.id,
    companyName: company.name,
    ownerId: company.ownerId,
    computedAt: toIso(now),
    settingsVersion,
    signals: a.signals,
    health,
    trend,
    renewal: { next: a.deals.next, overdue: a.deals.overdue, risk, lastOutcome: a.deals.lastOutcome },
    nps: a.nps,
    csat: a.csat,
    ces: a.ces,
    support: a.support,
    engagement: { daysSinceContact: a.daysSinceContact, contacts: a.contacts },
    financial: {
      arr: a.arr,
      expansionWonInPeriod: a.deals.expansionWonInPeriod,
      renewalsClosedInPeriod: a.deals.renewalsClosedInPeriod,
      isActive: a.arr !== null && a.arr > 0,
      unconvertedDeals: unconvertedDealsOf(bundle.deals),
    },
    adoption: adoptionOf(a.signals, settings),
    sentiment: sentimentView,
  };
}

/** What the store keeps per company per UTC day (the day of `computedAt`). */
export function toHistoryEntry(snapshot: CompanySnapshot): HistoryEntry {
  return {
    date: utcDay(Date.parse(snapshot.computedAt)),
    score: snapshot.health.score,
    band: snapshot.health.band,
    settingsVersion: snapshot.settingsVersion,
    measurePoints: measurePointsOf(snapshot.health),
  };
}

/** Score and band of stored signals under (candidate) settings: the settings preview. */
export function rescore(signals: Signals, settings: Settings): { score: number | null; band: Band | null } {
  return modelFor(settings).score(signals);
}

function measurePointsOf(health: CompanySnapshot['health']): Record<string, number | null> {
  const points: Record<string, number | null> = {};
  for (const g of health.groups) for (const m of g.measures) points[m.key] = m.points;
  return points;
}

/** The values of the adoption properties the model maps (what the card's usage section shows). */
function adoptionOf(signals: Signals, settings: Settings): Record<string, number | null> {
  const adoption: Record<string, number | null> = {};
  for (const g of settings.scoring.groups) {
    for (const m of g.measures) {
      if (!m.signal.startsWith('adoption:')) continue;
      const property = m.signal.slice('adoption:'.length);
      adoption[property] = signals.adoption[property] ?? null;
    }
  }
  return adoption;
}

/** The company's live deals whose amount could not be put in the company currency (reported, not summed). */
function unconvertedDealsOf(deals: readonly Deal[]): UnconvertedDeal[] {
  const unconverted: UnconvertedDeal[] = [];
  for (const deal of deals) {
    if (deal.archived || deal.unconvertedAmount === undefined) continue;
    unconverted.push({ dealId: deal.id, name: deal.name, ...deal.unconvertedAmount });
  }
  return unconverted;
}
