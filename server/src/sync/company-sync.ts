import type { PortalClient } from '../hubspot';
import type { ReadOptions } from '../hubspot/read-context';
import type { Logger } from '../hubspot/types';
import type { PortalStore, RecordPage, Store } from '../store';
import { attachAssociations } from './attach-associations';
import { loadScoringContext, mappedPropertiesOf, recomputeCompanies } from './recompute';

/**
 * On-demand sync of ONE company, for a card that asks for a company the store does not have yet (the first sync
 * is still running, or the company was created since the last sync). It reads what that company's snapshot
 * needs and nothing else: the company, its associated deals, tickets and contacts (each with its own company
 * links, so attribution follows the same primary-company rule as the bulk sync), and the survey responses of
 * those contacts and tickets (with their contact/ticket links). About a dozen calls in five rounds, made through
 * a client whose limiter grants them before the bulk sync's waiting calls (same per-portal budget, never past it).
 *
 * The records are stored like the bulk sync stores them, with a generation newer than any running full sync's,
 * so that sync's sweep keeps them; the full sync re-reads them in its list pages anyway (a list page costs the
 * same with or without them), and its recompute replaces the snapshot written here with one of the same numbers.
 * An incremental sync finds them unchanged (echo filter) and recomputes nothing for them.
 */

export type CompanySyncResult = 'synced' | 'missing';

export type SyncCompanyOptions = {
  store: Store;
  /** a client whose calls take priority over the bulk sync's (same portal, same limiter) */
  client: PortalClient;
  portalId: number;
  companyId: string;
  now: () => number;
  logger?: Logger;
};

const idsOf = (targets: Map<string, { id: string }[]>): string[] => [
  ...new Set([...targets.values()].flatMap((list) => list.map((t) => t.id))),
];

/** Pipelines are stored by the first step of a full sync; a card asked before that reads them itself. */
const ensurePipelines = async (portal: PortalStore, client: PortalClient): Promise<void> => {
  if ((await portal.pipelines.list()).length > 0) return;
  const [deals, tickets] = await Promise.all([client.getPipelines('deals'), client.getPipelines('tickets')]);
  await portal.pipelines.replace([...deals.pipelines, ...tickets.pipelines]);
};

/** The company's deals, tickets and contacts, read by id and linked to their companies as the bulk sync does. */
const readLinked = async (client: PortalClient, companyId: string, read: ReadOptions) => {
  const [dealIds, ticketIds, contactIds] = (
    await Promise.all(
      (['deals', 'tickets', 'contacts'] as const).map((to) =>
        client.readAssociations('companies', to, [companyId]),
      ),
    )
  ).map(idsOf);
  const [deals, tickets, contacts] = await Promise.all([
    client.batchRead('deals', dealIds ?? [], read),
    client.batchRead('tickets', ticketIds ?? [], read),
    client.batchRead('contacts', contactIds ?? [], read),
  ]);
  return Promise.all([
    attachAssociations(client, 'deals', deals.records),
    attachAssociations(client, 'tickets', tickets.records),
    attachAssociations(client, 'contacts', contacts.records),
  ]);
};

/** Survey responses submitted by the company's contacts or linked to its tickets. */
const readResponses = async (
  client: PortalClient,
  contactIds: string[],
  ticketIds: string[],
  read: ReadOptions,
): Promise<RecordPage> => {
  const [viaContacts, viaTickets] = await Promise.all([
    contactIds.length > 0
      ? client.readAssociations('contacts', 'feedback_submissions', contactIds)
      : new Map<string, { id: string }[]>(),
    ticketIds.length > 0
      ? client.readAssociations('tickets', 'feedback_submissions', ticketIds)
      : new Map<string, { id: string }[]>(),
  ]);
  const ids = [...new Set([...idsOf(viaContacts), ...idsOf(viaTickets)])];
  const responses = await client.batchRead('feedback_submissions', ids, read);
  return attachAssociations(client, 'feedback_submissions', responses.records);
};

/** Fetches, stores and scores one company now. 'missing' when HubSpot does not have it (or it is archived). */
export const syncOneCompany = async (options: SyncCompanyOptions): Promise<CompanySyncResult> => {
  const { client, companyId } = options;
  const portal = options.store.forPortal(options.portalId);
  await ensurePipelines(portal, client);
  const { settings } = await loadScoringContext(portal);
  const read = { mappedProperties: mappedPropertiesOf(settings) };

  const [company, linked] = await Promise.all([
    client.batchRead('companies', [companyId], read),
    readLinked(client, companyId, read),
  ]);
  if (company.records.length === 0) return 'missing';
  const [deals, tickets, contacts] = linked;
  const responses = await readResponses(
    client,
    contacts.records.map((r) => r.id),
    tickets.records.map((r) => r.id),
    read,
  );

  const companies = await attachAssociations(client, 'companies', company.records);
  // newer than any running full sync's generation (its start time), so its sweep keeps these rows
  const generation = options.now();
  await portal.transaction(async (tx) => {
    for (const page of [companies, deals, tickets, contacts, responses])
      if (page.records.length > 0) await tx.records.upsert(page, { generation });
  });
  // Write-back is left to the bulk sync: the card must not spend the budget on it.
  await recomputeCompanies({ portal, companyIds: [companyId], now: options.now, client: null });
  options.logger?.info(
    { portalId: options.portalId, companyId, records: deals.records.length + tickets.records.length },
    'company synced on demand',
  );
  return 'synced';
};
