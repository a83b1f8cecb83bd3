import type { CompanyBundle } from '../schemas/crm';
import type { Settings } from '../schemas/settings';
import type { NpsSummary, SentimentValue, Signals, SupportSummary } from '../contracts/snapshot';
import type { PipelineIndex } from '../metrics/pipelines';
import { countRecentDetractors, latestNpsResponse, npsGroupOf, summarizeNps } from '../metrics/nps';
import { summarizeCes, summarizeCsat, type CesSummary, type CsatSummary } from '../metrics/surveys';
import { summarizeSupport } from '../metrics/tickets';
import { arrOf, summarizeDeals, type DealSummary } from '../metrics/renewals';
import { DAY_MS, daysBetween } from '../metrics/time';
import type { RiskFacts } from './renewal-risk';
import { contactsEvidence, expansionEvidence, hasSupportHistory, overdueEvidence } from './evidence';

/** The CSM's sentiment as the store keeps it (set from the card). */
export type StoredSentiment = {
  value: SentimentValue;
  note: string;
  authorUserId: number | null;
  authorName: string;
  setAt: number;
};

/** Sentiment stops counting `sentimentExpiryDays` after it was set (it is still shown, marked expired). */
export function sentimentExpiresAt(sentiment: StoredSentiment, settings: Settings): number {
  return sentiment.setAt + settings.scoring.sentimentExpiryDays * DAY_MS;
}

export type BundleAnalysis = {
  signals: Signals;
  nps: NpsSummary;
  csat: CsatSummary;
  ces: CesSummary;
  support: SupportSummary;
  deals: DealSummary;
  arr: number | null;
  daysSinceContact: number | null;
  contacts: number | null;
  riskFacts: RiskFacts;
};

/**
 * Every metric of one company, computed once; the signals and the snapshot are both read from it.
 * Survey windows: NPS, the latest NPS response, CSAT and CES all use `windows.npsDays` (default 180), so an
 * old response never keeps counting. Evidence rules (evidence.ts): the support measures need a support
 * history, "no contacts" and "no expansion" need a customer, "not overdue" needs an open renewal.
 */
export function analyzeBundle(
  bundle: CompanyBundle,
  index: PipelineIndex,
  settings: Settings,
  sentiment: StoredSentiment | null,
  now: number,
): BundleAnalysis {
  const { company, responses } = bundle;
  const w = settings.windows;
  const nps = summarizeNps(responses, now, {
    windowDays: w.npsDays,
    trendDays: w.npsTrendDays,
    lowSampleBelow: w.lowSampleBelow,
  });
  const latest = latestNpsResponse(responses, now, w.npsDays);
  const csat = summarizeCsat(responses, settings.surveys.csatScale, now, w.npsDays);
  const ces = summarizeCes(
    responses,
    settings.surveys.cesScale,
    settings.surveys.cesHigherIsEasier,
    now,
    w.npsDays,
  );
  const support = summarizeSupport(bundle.tickets, index, w, now);
  const deals = summarizeDeals(bundle.deals, index, settings, now);

  // notes_last_contacted, else the last sales activity; a future date (clock skew) counts as today.
  const lastContact = company.lastContactedAt ?? company.lastSalesActivityAt;
  const daysSinceContact = lastContact === null ? null : Math.max(0, daysBetween(lastContact, now));
  const contacts = bundle.contactCount ?? company.associatedContacts;
  const sentimentLive = sentiment !== null && now < sentimentExpiresAt(sentiment, settings);
  const supportHistory = hasSupportHistory(bundle.tickets, index, settings, now);

  const signals: Signals = {
    nps: nps.score,
    latestNpsGroup: latest === null ? null : npsGroupOf(latest),
    csatPercent: csat.percent,
    csmSentiment: sentimentLive ? sentiment.value : null,
    openHighPriority: supportHistory ? support.openHighPriority : null,
    agingOpen: supportHistory ? support.agingOpen : null,
    volumeTrend: supportHistory ? support.volumeTrend : null,
    timeToCloseHours: support.medianTimeToCloseHours,
    daysSinceContact,
    associatedContacts: contactsEvidence(contacts, deals.customerSince),
    lastRenewalOutcome: deals.lastOutcome,
    expansionWon12m: expansionEvidence(deals.expansionWon, deals.customerSince, settings, now),
    renewalOverdue: overdueEvidence(deals.overdue.length, deals.next !== null),
    adoption: { ...company.mapped },
    samples: { nps: nps.responses, csatPercent: csat.responses },
  };

  const mostOverdue = deals.overdue[0];
  const riskFacts: RiskFacts = {
    hasRenewal: deals.next !== null || deals.overdue.length > 0,
    recentDetractors: countRecentDetractors(responses, now, settings.risk.detractorDays),
    openUrgent: support.openUrgent,
    nextRenewal:
      deals.next === null
        ? null
        : { daysToRenewal: deals.next.daysToRenewal, daysInStage: deals.next.daysInStage },
    overdueDays: mostOverdue === undefined ? null : -mostOverdue.daysToRenewal,
  };

  return {
    signals,
    nps,
    csat,
    ces,
    support,
    deals,
    arr: arrOf(company, deals.dealArr, settings.financial),
    daysSinceContact,
    contacts,
    riskFacts,
  };
}

/** The health model's inputs for one company (null = no data for that signal). */
export function computeSignals(
  bundle: CompanyBundle,
  index: PipelineIndex,
  settings: Settings,
  sentiment: StoredSentiment | null,
  now: number,
): Signals {
  return analyzeBundle(bundle, index, settings, sentiment, now).signals;
}
