import type { Contact, Deal, FeedbackSubmission, Ticket } from '@pulse/shared';
import { PRIMARY_COMPANY_TYPE, type AssociationTarget, type PortalClient, type RecordOf } from '../hubspot';
import type { ObjectType } from '../hubspot/types';
import type { RecordPage, StoreObjectType } from '../store';
import type { SourceTracker } from './sources';

/** HubSpot object type → the store's name for it. */
export const STORE_TYPE: Record<ObjectType, StoreObjectType> = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  tickets: 'tickets',
  feedback_submissions: 'responses',
};
export const HUBSPOT_TYPE: Record<StoreObjectType, ObjectType> = {
  companies: 'companies',
  contacts: 'contacts',
  deals: 'deals',
  tickets: 'tickets',
  responses: 'feedback_submissions',
};

/** How many association calls a chunk of records of this type costs (the bench's lower bound uses it). */
export const ASSOCIATION_LOOKUPS: Record<ObjectType, number> = {
  companies: 0,
  contacts: 1,
  deals: 1,
  tickets: 1,
  feedback_submissions: 2,
};

type CompanyLinked = Contact | Deal | Ticket;

const withCompanies = async <T extends CompanyLinked>(
  client: PortalClient,
  from: 'contacts' | 'deals' | 'tickets',
  records: T[],
): Promise<T[]> => {
  if (records.length === 0) return records;
  const targets = await client.readAssociations(
    from,
    'companies',
    records.map((r) => r.id),
  );
  const primaryType = PRIMARY_COMPANY_TYPE[from];
  return records.map((record) => {
    const list = targets.get(record.id) ?? [];
    const primary = list.find((t) => primaryType !== undefined && t.typeIds.includes(primaryType));
    return { ...record, companyIds: list.map((t) => t.id), primaryCompanyId: primary?.id ?? null };
  });
};

/** Which optional object types the sync may read (sync/sources.ts); absent: all of them. */
export type ReadableSources = Pick<SourceTracker, 'readable' | 'guard'>;

/**
 * The associations are authoritative; `hs_contact_id` / `hs_ticket_id` remain the fallback when HubSpot has none
 * (and when the portal does not give Pulse contacts or tickets: those links are not read).
 */
const withFeedbackLinks = async (
  client: PortalClient,
  records: FeedbackSubmission[],
  sources: ReadableSources | undefined,
): Promise<FeedbackSubmission[]> => {
  if (records.length === 0) return records;
  const ids = records.map((r) => r.id);
  const linksTo = (to: 'contacts' | 'tickets') => {
    const read = () => client.readAssociations('feedback_submissions', to, ids);
    if (sources === undefined) return read();
    const none = new Map<string, AssociationTarget[]>();
    return sources.readable(to) ? sources.guard(read, none) : Promise.resolve(none);
  };
  const contacts = await linksTo('contacts');
  const tickets = await linksTo('tickets');
  return records.map((record) => ({
    ...record,
    contactId: contacts.get(record.id)?.[0]?.id ?? record.contactId,
    ticketId: tickets.get(record.id)?.[0]?.id ?? record.ticketId,
  }));
};

/** Records of one type with their company (or contact/ticket) links filled in, as a store page. */
export const attachAssociations = async <T extends ObjectType>(
  client: PortalClient,
  objectType: T,
  records: RecordOf[T][],
  sources?: ReadableSources,
): Promise<RecordPage> => {
  // The casts narrow a generic record array to the member the switch has already established.
  switch (objectType) {
    case 'companies':
      return { objectType: 'companies', records: records as RecordOf['companies'][] };
    case 'contacts':
      return {
        objectType: 'contacts',
        records: await withCompanies(client, 'contacts', records as Contact[]),
      };
    case 'deals':
      return { objectType: 'deals', records: await withCompanies(client, 'deals', records as Deal[]) };
    case 'tickets':
      return { objectType: 'tickets', records: await withCompanies(client, 'tickets', records as Ticket[]) };
    case 'feedback_submissions':
      return {
        objectType: 'responses',
        records: await withFeedbackLinks(client, records as FeedbackSubmission[], sources),
      };
    default:
      throw new Error(`unknown object type ${String(objectType)}`);
  }
};
