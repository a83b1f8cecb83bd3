import type { Ticket } from '../schemas/crm';
import type { Settings } from '../schemas/settings';
import type { PipelineIndex } from '../metrics/pipelines';
import { DAY_MS } from '../metrics/time';

/**
 * Evidence, not absence (docs/metrics.md "Evidence rules"): a measure counts only when the company has data
 * that says something about it. "No open high-priority tickets" is good news from a company that files tickets
 * and no news at all from one that never has; "no expansion in 12 months" says something about a customer of
 * more than a year and nothing about one signed last month. The rules are applied where signals are computed
 * (compute-signals.ts): a signal without evidence is null, and the model counts it as neutral.
 */

/**
 * The company has a support history: a ticket created in the trailing `supportHistoryDays`, or a ticket open
 * now (an open ticket is a fact whatever its age). Archived tickets do not count.
 */
export function hasSupportHistory(
  tickets: readonly Ticket[],
  index: PipelineIndex,
  settings: Settings,
  now: number,
): boolean {
  const from = now - settings.windows.supportHistoryDays * DAY_MS;
  for (const ticket of tickets) {
    if (ticket.archived) continue;
    if (ticket.createdAt > from && ticket.createdAt <= now) return true;
    if (ticket.createdAt <= now && index.isTicketOpen(ticket.pipelineId, ticket.stageId) === true)
      return true;
  }
  return false;
}

/** "No expansion" counts only for a company that has been a customer for the whole expansion window. */
export function expansionEvidence(
  expansionWon: boolean,
  customerSince: number | null,
  settings: Settings,
  now: number,
): boolean | null {
  if (expansionWon) return true;
  const windowStart = now - settings.windows.portfolioPeriodDays * DAY_MS;
  return customerSince !== null && customerSince <= windowStart ? false : null;
}

/** Contacts count when there are some; none counts (as a gap) only for a customer (a closed-won deal). */
export function contactsEvidence(contacts: number | null, customerSince: number | null): number | null {
  if (contacts === null) return null;
  if (contacts > 0) return contacts;
  return customerSince === null ? null : 0;
}

/** Overdue: yes with an overdue open renewal, no with an open renewal on time, no evidence without one. */
export function overdueEvidence(overdue: number, hasUpcomingRenewal: boolean): boolean | null {
  if (overdue > 0) return true;
  return hasUpcomingRenewal ? false : null;
}

/** What a measure reading `signal` needs to count, in the words the card shows under "missing". */
export function evidenceNeeded(signal: string, settings: Settings): string {
  const w = settings.windows;
  if (signal.startsWith('adoption:')) return `a value in the ${signal.slice('adoption:'.length)} property`;
  switch (signal) {
    case 'nps':
    case 'latestNpsGroup':
      return `an NPS response in the last ${w.npsDays} days`;
    case 'csatPercent':
      return `a CSAT response in the last ${w.npsDays} days`;
    case 'csmSentiment':
      return `a CSM sentiment set on this card in the last ${settings.scoring.sentimentExpiryDays} days`;
    case 'openHighPriority':
    case 'agingOpen':
      return `a ticket in the last ${w.supportHistoryDays} days`;
    case 'volumeTrend':
      return `a ticket created in the ${w.ticketTrendBaseDays} days before the last ${w.ticketTrendRecentDays}`;
    case 'timeToCloseHours':
      return `a ticket closed in the last ${w.supportMedianDays} days`;
    case 'daysSinceContact':
      return 'a last-contacted or last-activity date on the company';
    case 'associatedContacts':
      return 'an associated contact (or a closed-won deal, after which no contacts counts as 0)';
    case 'lastRenewalOutcome':
      return 'a closed renewal deal';
    case 'expansionWon12m':
      return `an expansion won, or a closed-won deal more than ${w.portfolioPeriodDays} days ago`;
    case 'renewalOverdue':
      return 'an open renewal deal';
    default:
      return 'data for this measure';
  }
}
