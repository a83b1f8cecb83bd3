import type { Kysely } from 'kysely';
import type { Company, CompanyBundle, Deal, FeedbackSubmission, Ticket } from '@pulse/shared';
import type { Database } from './schema';
import type { PortalDb } from './scope';
import { chunk, IDS_PER_QUERY, readJson } from './sql-helpers';

/**
 * Builds bundles for a batch of companies in five queries, whatever the batch size (no N+1).
 *
 * Attribution (METRICS.md): deals and tickets by their stored `company_id`, written at upsert time by shared
 * `primaryCompanyOf` (the same rule the pure metrics use); a response by its contact's company when the
 * contact is stored, not archived and has one, else by its (non-archived) ticket's company. Responses are
 * resolved HERE, at load time, not at upsert time: responses often arrive before their contacts, and resolving
 * late means nothing has to be patched when they do.
 */
async function loadBundles(
  db: Kysely<Database>,
  portalId: number,
  companies: { id: string; payload: string }[],
): Promise<CompanyBundle[]> {
  if (companies.length === 0) return [];
  const ids = companies.map((c) => c.id);

  const [deals, tickets, counts, viaContact, viaTicket] = await Promise.all([
    db
      .selectFrom('deals')
      .select(['company_id', 'payload'])
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', ids)
      .where('archived', '=', 0)
      .execute(),
    db
      .selectFrom('tickets')
      .select(['company_id', 'payload'])
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', ids)
      .where('archived', '=', 0)
      .execute(),
    db
      .selectFrom('contact_companies')
      .select(['company_id', (eb) => eb.fn.countAll().as('n')])
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', ids)
      .groupBy('company_id')
      .execute(),
    db
      .selectFrom('contacts as c')
      .innerJoin('responses as r', (j) =>
        j.onRef('r.portal_id', '=', 'c.portal_id').onRef('r.contact_id', '=', 'c.id'),
      )
      .select(['c.company_id', 'r.payload'])
      .where('c.portal_id', '=', portalId)
      .where('c.company_id', 'in', ids)
      .where('c.archived', '=', 0)
      .where('r.archived', '=', 0)
      .execute(),
    db
      .selectFrom('tickets as t')
      .innerJoin('responses as r', (j) =>
        j.onRef('r.portal_id', '=', 't.portal_id').onRef('r.ticket_id', '=', 't.id'),
      )
      .leftJoin('contacts as c', (j) =>
        j
          .onRef('c.portal_id', '=', 'r.portal_id')
          .onRef('c.id', '=', 'r.contact_id')
          .on('c.archived', '=', 0),
      )
      .select(['t.company_id', 'r.payload'])
      .where('t.portal_id', '=', portalId)
      .where('t.company_id', 'in', ids)
      .where('t.archived', '=', 0)
      .where('r.archived', '=', 0)
      .where('c.company_id', 'is', null)
      .execute(),
  ]);

  const bundles = new Map<string, CompanyBundle>();
  for (const row of companies) {
    const company = readJson<Company>(row.payload);
    bundles.set(row.id, {
      company,
      deals: [],
      tickets: [],
      responses: [],
      contactCount: company.associatedContacts,
    });
  }
  for (const row of deals)
    if (row.company_id) bundles.get(row.company_id)?.deals.push(readJson<Deal>(row.payload));
  for (const row of tickets)
    if (row.company_id) bundles.get(row.company_id)?.tickets.push(readJson<Ticket>(row.payload));
  for (const row of [...viaContact, ...viaTicket]) {
    if (row.company_id)
      bundles.get(row.company_id)?.responses.push(readJson<FeedbackSubmission>(row.payload));
  }
  for (const row of counts) {
    const bundle = bundles.get(row.company_id);
    const n = Number(row.n);
    // Stored contacts win; when none are stored for the company, HubSpot's own count is the best we have.
    if (bundle && n > 0) bundle.contactCount = n;
  }
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return ids.map((id) => {
    const bundle = bundles.get(id)!;
    bundle.deals.sort(byId);
    bundle.tickets.sort(byId);
    bundle.responses.sort(byId);
    return bundle;
  });
}

/** The pure core's input: a company with its attributed deals, tickets, responses and contact count. */
export const makeBundlesRepo = ({ db, portalId }: PortalDb) => ({
  /** null when the company is not stored or archived */
  async load(companyId: string): Promise<CompanyBundle | null> {
    const [bundle] = await bundlesFor(db, portalId, [companyId]);
    return bundle ?? null;
  },

  /**
   * Non-archived companies in id order, `batchSize` (default 500) bundles at a time, six queries per batch.
   * With `companyIds`, only those (missing/archived ones are left out).
   */
  async *iterate(
    options: { companyIds?: string[]; batchSize?: number } = {},
  ): AsyncIterable<CompanyBundle[]> {
    const batchSize = Math.max(1, Math.min(options.batchSize ?? 500, IDS_PER_QUERY));
    if (options.companyIds) {
      const ids = [...new Set(options.companyIds)].sort();
      for (const part of chunk(ids, batchSize)) {
        const bundles = await bundlesFor(db, portalId, part);
        if (bundles.length > 0) yield bundles;
      }
      return;
    }
    // Keyset pagination: each batch is a fresh indexed query, nothing is held open between yields.
    let after: string | null = null;
    for (;;) {
      let query = db
        .selectFrom('companies')
        .select(['id', 'payload'])
        .where('portal_id', '=', portalId)
        .where('archived', '=', 0)
        .orderBy('id')
        .limit(batchSize);
      if (after !== null) query = query.where('id', '>', after);
      const companies = await query.execute();
      if (companies.length === 0) return;
      yield await loadBundles(db, portalId, companies);
      if (companies.length < batchSize) return;
      after = companies[companies.length - 1]!.id;
    }
  },
});

async function bundlesFor(
  db: Kysely<Database>,
  portalId: number,
  companyIds: string[],
): Promise<CompanyBundle[]> {
  const companies = await db
    .selectFrom('companies')
    .select(['id', 'payload'])
    .where('portal_id', '=', portalId)
    .where('id', 'in', companyIds)
    .where('archived', '=', 0)
    .orderBy('id')
    .execute();
  return loadBundles(db, portalId, companies);
}
