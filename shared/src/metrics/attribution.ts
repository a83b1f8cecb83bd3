import type { Contact, Deal, FeedbackSubmission, Ticket } from '../schemas/crm';

type Associated = { primaryCompanyId: string | null; companyIds: string[] };

/**
 * How a record's live company associations attribute it: to its primary company; failing that, to its only
 * company; with several and none primary it is AMBIGUOUS and counts for no company (never a guess such as
 * "the lowest id"), and the admin is shown how many there are; with none it is UNASSOCIATED.
 */
export type Attribution =
  | { kind: 'primary' | 'only'; companyId: string }
  | { kind: 'ambiguous'; companyId: null; companies: number }
  | { kind: 'unassociated'; companyId: null };

export function attributionOf(record: Associated): Attribution {
  if (record.primaryCompanyId !== null) return { kind: 'primary', companyId: record.primaryCompanyId };
  const ids = record.companyIds;
  if (ids.length === 0) return { kind: 'unassociated', companyId: null };
  const first = ids[0]!;
  let distinct = 1;
  for (let i = 1; i < ids.length; i++) if (ids[i] !== first && ids.indexOf(ids[i]!) === i) distinct++;
  return distinct === 1
    ? { kind: 'only', companyId: first }
    : { kind: 'ambiguous', companyId: null, companies: distinct };
}

/** The one company a record counts for (see `attributionOf`), or null. */
export function primaryCompanyOf(record: Associated): string | null {
  return attributionOf(record).companyId;
}

export function companyOfDeal(deal: Deal): string | null {
  return primaryCompanyOf(deal);
}

export function companyOfTicket(ticket: Ticket): string | null {
  return primaryCompanyOf(ticket);
}

/**
 * HubSpot has no response→company association: a response belongs to the primary company of the contact
 * who submitted it; without a (live) contact or when that contact has no company, to its ticket's company.
 * Archived contacts and tickets do not attribute.
 */
export function companyOfResponse(
  response: FeedbackSubmission,
  contactsById: ReadonlyMap<string, Contact>,
  ticketsById: ReadonlyMap<string, Ticket>,
): string | null {
  const contact = response.contactId === null ? undefined : contactsById.get(response.contactId);
  const viaContact = contact && !contact.archived ? primaryCompanyOf(contact) : null;
  if (viaContact !== null) return viaContact;
  const ticket = response.ticketId === null ? undefined : ticketsById.get(response.ticketId);
  return ticket && !ticket.archived ? primaryCompanyOf(ticket) : null;
}

/** Non-archived deals by the company they count for; deals with no company are left out. */
export function groupDealsByCompany(deals: Iterable<Deal>): Map<string, Deal[]> {
  return groupBy(deals, companyOfDeal);
}

/** Non-archived tickets by the company they count for. */
export function groupTicketsByCompany(tickets: Iterable<Ticket>): Map<string, Ticket[]> {
  return groupBy(tickets, companyOfTicket);
}

/** Non-archived responses by company, via contact, else ticket (see `companyOfResponse`). */
export function groupResponsesByCompany(
  responses: Iterable<FeedbackSubmission>,
  contactsById: ReadonlyMap<string, Contact>,
  ticketsById: ReadonlyMap<string, Ticket>,
): Map<string, FeedbackSubmission[]> {
  return groupBy(responses, (r) => companyOfResponse(r, contactsById, ticketsById));
}

/** Non-archived contacts per company (each contact counted for its primary company only). */
export function countContactsByCompany(contacts: Iterable<Contact>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const contact of contacts) {
    if (contact.archived) continue;
    const companyId = primaryCompanyOf(contact);
    if (companyId !== null) counts.set(companyId, (counts.get(companyId) ?? 0) + 1);
  }
  return counts;
}

function groupBy<T extends { archived: boolean }>(
  records: Iterable<T>,
  companyOf: (record: T) => string | null,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    if (record.archived) continue;
    const companyId = companyOf(record);
    if (companyId === null) continue;
    const list = groups.get(companyId);
    if (list) list.push(record);
    else groups.set(companyId, [record]);
  }
  return groups;
}

/** Live records that count for no company: with several companies and none primary, or with none at all. */
export type UnattributedCounts = { ambiguous: number; unassociated: number };

/** Counts of the live (non-archived) records that count for no company, by reason. */
export function countUnattributed(records: Iterable<Associated & { archived: boolean }>): UnattributedCounts {
  const counts: UnattributedCounts = { ambiguous: 0, unassociated: 0 };
  for (const record of records) {
    if (record.archived) continue;
    const kind = attributionOf(record).kind;
    if (kind === 'ambiguous') counts.ambiguous++;
    else if (kind === 'unassociated') counts.unassociated++;
  }
  return counts;
}

/**
 * Responses that count for no company: ambiguous when the contact or ticket it would go through has several
 * companies and none primary (and the other path gives none), unassociated when neither path leads anywhere.
 */
export function countUnattributedResponses(
  responses: Iterable<FeedbackSubmission>,
  contactsById: ReadonlyMap<string, Contact>,
  ticketsById: ReadonlyMap<string, Ticket>,
): UnattributedCounts {
  const counts: UnattributedCounts = { ambiguous: 0, unassociated: 0 };
  for (const response of responses) {
    if (response.archived || companyOfResponse(response, contactsById, ticketsById) !== null) continue;
    const contact = response.contactId === null ? undefined : contactsById.get(response.contactId);
    const ticket = response.ticketId === null ? undefined : ticketsById.get(response.ticketId);
    const ambiguous = [contact, ticket].some(
      (r) => r !== undefined && !r.archived && attributionOf(r).kind === 'ambiguous',
    );
    if (ambiguous) counts.ambiguous++;
    else counts.unassociated++;
  }
  return counts;
}
