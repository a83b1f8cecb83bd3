import type { Contact, Deal, FeedbackSubmission, Ticket } from '../schemas/crm';

type Associated = { primaryCompanyId: string | null; companyIds: string[] };

/**
 * The one company a record counts for: its primary company association; failing that, its only
 * association; failing that (several, none primary) the lowest company id, numerically when the ids are
 * numeric as HubSpot's are. The last rule is arbitrary but stable, so a record never counts twice and
 * never flips between companies from one sync to the next.
 */
export function primaryCompanyOf(record: Associated): string | null {
  if (record.primaryCompanyId !== null) return record.primaryCompanyId;
  const ids = record.companyIds;
  if (ids.length === 0) return null;
  let lowest = ids[0]!;
  for (let i = 1; i < ids.length; i++) if (compareIds(ids[i]!, lowest) < 0) lowest = ids[i]!;
  return lowest;
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

function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    if (a.length !== b.length) return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
