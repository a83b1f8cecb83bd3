import type { Company, CompanyBundle, Deal, FeedbackSubmission, Ticket } from '../schemas/crm';
import type { PipelineIndex } from '../metrics/pipelines';
import type { StoredSentiment } from '../scoring/compute-signals';

/**
 * Point-in-time reconstruction (docs/metrics.md "History and backtest"): a company's records as they stood at a
 * past instant T, rebuilt from the timestamps HubSpot already holds, so the health model can score T with no
 * extra API call.
 *
 * - a ticket existed at T when created ≤ T; it was OPEN at T when it is open now, or it closed after T
 *   (closed ≤ T is closed: a ticket closed exactly at T is closed at T). A closed ticket without a close date
 *   closed at createdate + time_to_close when HubSpot has that, else when is unknown: it counts as closed.
 * - a response counts when submitted ≤ T (exactly at T counts).
 * - a deal existed at T when created ≤ T; a closed deal closed at its close date: closed ≤ T keeps its outcome,
 *   closed after T was still open at T.
 * - a first agent reply counts only when it came by T.
 *
 * What the records cannot tell is not guessed: it is left out (no evidence, so the model counts it neutral)
 * and listed in `limits`. HubSpot keeps the history of every property (`propertiesWithHistory`), but reading it
 * costs a second read of every record with a lower page size, and the measures it would restore (contacts,
 * adoption values) are today's values for most companies anyway; see docs/metrics.md for the reasoning.
 */

/** The stage a record open at T is put in: the reconstruction's index reads it as open. */
export const OPEN_AS_OF_STAGE = '\u0000pulse:open-as-of';

/** One thing the reconstruction could not restore, and what it did instead. */
export type ReconstructionLimit = {
  /** the signal (or record field) concerned */
  key:
    | 'csmSentiment'
    | 'adoption'
    | 'associatedContacts'
    | 'daysSinceContact'
    | 'ticketPriority'
    | 'ticketCloseDate'
    | 'openDealFields';
  /** in words, for the admin */
  reason: string;
};

export type PointInTime = {
  asOf: number;
  bundle: CompanyBundle;
  /** the portal's pipeline index, which also reads `OPEN_AS_OF_STAGE` as open */
  index: PipelineIndex;
  /** the CSM sentiment that stood at T, when the stored one was set by then */
  sentiment: StoredSentiment | null;
  limits: ReconstructionLimit[];
};

/** Limits that hold for every reconstruction, whatever the records. */
export const STANDING_LIMITS: readonly ReconstructionLimit[] = [
  {
    key: 'adoption',
    reason: 'Adoption property values are kept only as they are now: counted as no data before today.',
  },
  {
    key: 'associatedContacts',
    reason: 'When a contact was associated is not kept: the contact count is no data before today.',
  },
  {
    key: 'ticketPriority',
    reason: "A ticket's priority is its current one (a later escalation counts from the ticket's creation).",
  },
  {
    key: 'openDealFields',
    reason: "An open deal's amount and close date are the current ones; its days in stage are unknown.",
  },
];

const indexCache = new WeakMap<PipelineIndex, PipelineIndex>();

/** The portal's index, plus the synthetic "open at T" stage in every pipeline. */
export function indexAsOf(index: PipelineIndex): PipelineIndex {
  let wrapped = indexCache.get(index);
  if (wrapped === undefined) {
    const open = { isClosed: false, isWon: false, isLost: false, label: 'Open' };
    wrapped = {
      dealStage: (p, s) => (s === OPEN_AS_OF_STAGE ? open : index.dealStage(p, s)),
      isTicketOpen: (p, s) => (s === OPEN_AS_OF_STAGE ? true : index.isTicketOpen(p, s)),
      isRenewalPipeline: (p) => index.isRenewalPipeline(p),
    };
    indexCache.set(index, wrapped);
  }
  return wrapped;
}

/** When a closed ticket closed: its close date, else createdate + time_to_close, else unknown (null). */
export function ticketClosedAt(ticket: Ticket): number | null {
  if (ticket.closedAt !== null) return ticket.closedAt;
  return ticket.timeToCloseMs === null ? null : ticket.createdAt + ticket.timeToCloseMs;
}

/** A ticket as it stood at T, or null when it did not exist yet. Counts a closed ticket of unknown close date. */
function ticketAsOf(
  ticket: Ticket,
  index: PipelineIndex,
  t: number,
  unknownClose: { n: number },
): Ticket | null {
  if (ticket.createdAt > t) return null;
  const replyBy = ticket.timeToFirstReplyMs === null ? null : ticket.createdAt + ticket.timeToFirstReplyMs;
  const timeToFirstReplyMs = replyBy !== null && replyBy <= t ? ticket.timeToFirstReplyMs : null;
  const openNow = index.isTicketOpen(ticket.pipelineId, ticket.stageId);
  if (openNow === null) return { ...ticket, timeToFirstReplyMs };
  const closedAt = openNow ? null : ticketClosedAt(ticket);
  if (!openNow && closedAt === null) unknownClose.n++;
  if (openNow || (closedAt !== null && closedAt > t)) {
    return {
      ...ticket,
      stageId: OPEN_AS_OF_STAGE,
      closedAt: null,
      timeToCloseMs: null,
      timeToFirstReplyMs,
    };
  }
  return { ...ticket, closedAt, timeToFirstReplyMs };
}

/** A deal as it stood at T, or null when it did not exist yet. */
function dealAsOf(deal: Deal, index: PipelineIndex, t: number): Deal | null {
  if (deal.createdAt > t) return null;
  const stage = index.dealStage(deal.pipelineId, deal.stageId);
  if (stage === null) return deal; // unknown stage: ignored downstream at any instant
  if (stage.isClosed && deal.closeAt !== null && deal.closeAt <= t) return deal;
  if (stage.isClosed && deal.closeAt === null) return null; // closed at an unknown date: not countable at T
  return { ...deal, stageId: OPEN_AS_OF_STAGE, stageEnteredAt: null };
}

function companyAsOf(company: Company, t: number): { company: Company; contactKnown: boolean } {
  const lastContact = company.lastContactedAt ?? company.lastSalesActivityAt;
  const contactKnown = lastContact === null || lastContact <= t;
  const mapped: Record<string, number | null> = {};
  for (const property of Object.keys(company.mapped)) mapped[property] = null;
  return {
    company: {
      ...company,
      mapped,
      associatedContacts: null,
      lastContactedAt: contactKnown ? company.lastContactedAt : null,
      lastSalesActivityAt: contactKnown ? company.lastSalesActivityAt : null,
    },
    contactKnown,
  };
}

/** The records of one company as they stood at `asOf` (see the top of this file). Pure. */
export function reconstructAsOf(
  bundle: CompanyBundle,
  index: PipelineIndex,
  sentiment: StoredSentiment | null,
  asOf: number,
): PointInTime {
  const unknownClose = { n: 0 };
  const tickets: Ticket[] = [];
  for (const ticket of bundle.tickets) {
    const past = ticketAsOf(ticket, index, asOf, unknownClose);
    if (past !== null) tickets.push(past);
  }
  const deals: Deal[] = [];
  for (const deal of bundle.deals) {
    const past = dealAsOf(deal, index, asOf);
    if (past !== null) deals.push(past);
  }
  const responses: FeedbackSubmission[] = bundle.responses.filter((r) => r.submittedAt <= asOf);
  const { company, contactKnown } = companyAsOf(bundle.company, asOf);

  const limits = [...STANDING_LIMITS];
  const sentimentStood = sentiment !== null && sentiment.setAt <= asOf ? sentiment : null;
  if (sentiment !== null && sentimentStood === null)
    limits.push({
      key: 'csmSentiment',
      reason: 'The CSM sentiment was set after this day; an earlier one is not kept: no data.',
    });
  if (!contactKnown)
    limits.push({
      key: 'daysSinceContact',
      reason: 'The company was contacted since; only the latest contact date is kept: no data.',
    });
  if (unknownClose.n > 0)
    limits.push({
      key: 'ticketCloseDate',
      reason: `${unknownClose.n === 1 ? '1 closed ticket has' : `${unknownClose.n} closed tickets have`} no close date: counted as closed.`,
    });

  return {
    asOf,
    bundle: { company, deals, tickets, responses, contactCount: null },
    index: indexAsOf(index),
    sentiment: sentimentStood,
    limits,
  };
}
