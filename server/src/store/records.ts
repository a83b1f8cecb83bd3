import type { Kysely } from 'kysely';
import {
  type Company,
  type Contact,
  type Deal,
  type FeedbackSubmission,
  type Ticket,
  primaryCompanyOf,
} from '@pulse/shared';
import { makeCheckpointsRepo } from './checkpoints';
import type { Database, RecordRow, RecordTable, ResponseRow } from './schema';
import type { PortalDb } from './scope';
import { chunk, dedupeBy, IDS_PER_QUERY, inTx, readJson, ROWS_PER_STATEMENT } from './sql-helpers';
import { withoutTombstoned } from './tombstones';

/**
 * Raw CRM records: one row per record, its JSON payload plus the columns queries need. `company_id` is the
 * attributed company (shared `primaryCompanyOf`, the rule the pure metrics use); responses keep their contact and
 * ticket ids and are attributed when bundles load (bundles.ts).
 */

/** The object types the store keeps records of (also the `objectType` of changes and deletions). */
export const STORE_OBJECT_TYPES = ['companies', 'contacts', 'deals', 'tickets', 'responses'] as const;
export type StoreObjectType = (typeof STORE_OBJECT_TYPES)[number];

/** The record type the store keeps for each object type. */
export type StoredRecordOf = {
  companies: Company;
  contacts: Contact;
  deals: Deal;
  tickets: Ticket;
  responses: FeedbackSubmission;
};

/** One page of one object type: what `records.upsert` writes. */
export type RecordPage = {
  [T in StoreObjectType]: { objectType: T; records: StoredRecordOf[T][] };
}[StoreObjectType];

/**
 * `generation` tags every row an upsert writes. Use a number that only grows (the sync run's start time in
 * ms works): `records.sweep(type, g)` deletes the rows whose generation is LOWER than `g`, so a full sync that
 * tagged everything it saw with `g` removes what HubSpot no longer has, while rows written later by an
 * incremental sync (a higher generation) survive.
 */
export type UpsertOptions = { generation: number };
export type RecordCounts = Record<StoreObjectType, number>;
export type RecordChange = { objectType: StoreObjectType; ids: string[] };

type StoredFields = { id: string; updatedAt: number; archived: boolean };

export const makeRecordsRepo = ({ db, portalId }: PortalDb) => ({
  /** Batched multi-row upsert of one page (idempotent; of ids repeated in the page the last copy wins). */
  async upsert(page: RecordPage, { generation }: UpsertOptions): Promise<void> {
    if (page.records.length === 0) return;
    await inTx(db, (trx) => writePage(trx, portalId, page, generation));
  },

  /** Stores one page of records and advances its cursor checkpoint atomically (crash-safe resume). */
  async upsertWithCheckpoint(
    page: RecordPage,
    { generation }: UpsertOptions,
    checkpoint: { key: string; value: string },
  ): Promise<void> {
    await inTx(db, async (trx) => {
      await writePage(trx, portalId, page, generation);
      await makeCheckpointsRepo({ db: trx, portalId }).set(checkpoint.key, checkpoint.value);
    });
  },

  async delete(objectType: StoreObjectType, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await inTx(db, async (trx) => {
      if (objectType === 'contacts') await deleteContactLinks(trx, portalId, ids);
      for (const part of chunk(ids, IDS_PER_QUERY)) {
        await trx.deleteFrom(objectType).where('portal_id', '=', portalId).where('id', 'in', part).execute();
      }
    });
  },

  /** Deletes rows of that type with generation < keepGeneration; returns how many went. */
  async sweep(objectType: StoreObjectType, keepGeneration: number): Promise<number> {
    return inTx(db, async (trx) => {
      if (objectType === 'contacts') {
        await trx
          .deleteFrom('contact_companies')
          .where('portal_id', '=', portalId)
          .where('contact_id', 'in', (eb) =>
            eb
              .selectFrom('contacts')
              .select('id')
              .where('portal_id', '=', portalId)
              .where('generation', '<', keepGeneration),
          )
          .execute();
      }
      const result = await trx
        .deleteFrom(objectType)
        .where('portal_id', '=', portalId)
        .where('generation', '<', keepGeneration)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  },

  /** Stored records of one type by id, archived ones included (the sync compares what HubSpot sends with them); ids not stored are absent. */
  async get<T extends StoreObjectType>(
    objectType: T,
    recordIds: string[],
  ): Promise<Map<string, StoredRecordOf[T]>> {
    const found = new Map<string, StoredRecordOf[T]>();
    for (const ids of chunk([...new Set(recordIds)], IDS_PER_QUERY)) {
      const rows = await db
        .selectFrom(objectType as StoreObjectType)
        .select(['id', 'payload'])
        .where('portal_id', '=', portalId)
        .where('id', 'in', ids)
        .execute();
      for (const row of rows) found.set(row.id, readJson<StoredRecordOf[T]>(row.payload));
    }
    return found;
  },

  /** stored rows per type, archived included */
  async count(): Promise<RecordCounts> {
    const count = async (table: StoreObjectType) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('portal_id', '=', portalId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return {
      companies: await count('companies'),
      contacts: await count('contacts'),
      deals: await count('deals'),
      tickets: await count('tickets'),
      responses: await count('responses'),
    };
  },

  /**
   * Company ids whose bundle the given records touch, read from what is stored NOW. Call it before applying
   * deletions/moves (old attribution) and after applying upserts (new attribution), and union the two.
   * Company ids are returned even when the company itself is not stored (so a deleted company's snapshot can go).
   */
  async companiesAffectedBy(changes: RecordChange[]): Promise<string[]> {
    const affected = new Set<string>();
    for (const change of changes) {
      for (const ids of chunk([...new Set(change.ids)], IDS_PER_QUERY)) {
        for (const id of await companiesTouchedBy(db, portalId, change.objectType, ids))
          if (id) affected.add(id);
      }
    }
    return [...affected].sort();
  },
});

/** One page into its table, in the caller's transaction. */
async function writePage(
  trx: Kysely<Database>,
  portalId: number,
  page: RecordPage,
  generation: number,
): Promise<void> {
  switch (page.objectType) {
    case 'companies':
      return upsertRecordRows(trx, 'companies', portalId, lastOfEach(page.records), generation, (r) => r.id);
    case 'deals':
      return upsertRecordRows(trx, 'deals', portalId, lastOfEach(page.records), generation, primaryCompanyOf);
    case 'tickets':
      return upsertRecordRows(
        trx,
        'tickets',
        portalId,
        lastOfEach(page.records),
        generation,
        primaryCompanyOf,
      );
    case 'contacts': {
      const live = await withoutTombstoned(trx, portalId, lastOfEach(page.records), (r) => r.id);
      return upsertContacts(trx, portalId, live, generation);
    }
    case 'responses': {
      const live = await withoutTombstoned(trx, portalId, lastOfEach(page.records), (r) => r.contactId);
      return upsertResponses(trx, portalId, live, generation);
    }
    default: {
      const never: never = page;
      throw new Error(`unknown object type in page: ${JSON.stringify(never)}`);
    }
  }
}

/** One row per id, the last copy given: one multi-row upsert must not touch a row twice. */
const lastOfEach = <R extends { id: string }>(records: R[]): R[] => dedupeBy(records, (r) => r.id);

/** Upserts into a record table, `companyOf` giving each row's attributed company. */
async function upsertRecordRows<R extends StoredFields>(
  db: Kysely<Database>,
  table: RecordTable,
  portalId: number,
  records: R[],
  generation: number,
  companyOf: (record: R) => string | null,
): Promise<void> {
  const rows = records.map((r) => recordRow(portalId, r, companyOf(r), generation));
  for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
    await db
      .insertInto(table)
      .values(part)
      .onConflict((oc) =>
        oc.columns(['portal_id', 'id']).doUpdateSet((eb) => ({
          company_id: eb.ref('excluded.company_id'),
          updated_at: eb.ref('excluded.updated_at'),
          archived: eb.ref('excluded.archived'),
          generation: eb.ref('excluded.generation'),
          payload: eb.ref('excluded.payload'),
        })),
      )
      .execute();
  }
}

function recordRow(
  portalId: number,
  record: StoredFields,
  companyId: string | null,
  generation: number,
): RecordRow {
  return {
    portal_id: portalId,
    id: record.id,
    company_id: companyId,
    updated_at: record.updatedAt,
    archived: record.archived ? 1 : 0,
    generation,
    payload: JSON.stringify(record),
  };
}

async function upsertContacts(
  trx: Kysely<Database>,
  portalId: number,
  unique: Contact[],
  generation: number,
): Promise<void> {
  await upsertRecordRows(trx, 'contacts', portalId, unique, generation, primaryCompanyOf);
  await deleteContactLinks(
    trx,
    portalId,
    unique.map((r) => r.id),
  );
  // Archived contacts keep their row (so a sweep sees them) but count for no company.
  const links = unique
    .filter((r) => !r.archived)
    .flatMap((r) =>
      [...new Set(r.companyIds)].map((companyId) => ({
        portal_id: portalId,
        contact_id: r.id,
        company_id: companyId,
      })),
    );
  for (const part of chunk(links, ROWS_PER_STATEMENT)) {
    await trx
      .insertInto('contact_companies')
      .values(part)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

async function deleteContactLinks(
  db: Kysely<Database>,
  portalId: number,
  contactIds: string[],
): Promise<void> {
  for (const ids of chunk(contactIds, IDS_PER_QUERY)) {
    await db
      .deleteFrom('contact_companies')
      .where('portal_id', '=', portalId)
      .where('contact_id', 'in', ids)
      .execute();
  }
}

async function upsertResponses(
  trx: Kysely<Database>,
  portalId: number,
  records: FeedbackSubmission[],
  generation: number,
): Promise<void> {
  const rows: ResponseRow[] = records.map((r) => ({
    portal_id: portalId,
    id: r.id,
    contact_id: r.contactId,
    ticket_id: r.ticketId,
    updated_at: r.updatedAt,
    archived: r.archived ? 1 : 0,
    generation,
    payload: JSON.stringify(r),
  }));
  for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
    await trx
      .insertInto('responses')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['portal_id', 'id']).doUpdateSet((eb) => ({
          contact_id: eb.ref('excluded.contact_id'),
          ticket_id: eb.ref('excluded.ticket_id'),
          updated_at: eb.ref('excluded.updated_at'),
          archived: eb.ref('excluded.archived'),
          generation: eb.ref('excluded.generation'),
          payload: eb.ref('excluded.payload'),
        })),
      )
      .execute();
  }
}

/** The attributed companies of some records of one type (one batch of ids). */
async function companiesTouchedBy(
  db: Kysely<Database>,
  portalId: number,
  objectType: StoreObjectType,
  ids: string[],
): Promise<(string | null)[]> {
  switch (objectType) {
    case 'companies':
      return ids;
    case 'deals':
    case 'tickets': {
      const rows = await db
        .selectFrom(objectType)
        .select('company_id')
        .where('portal_id', '=', portalId)
        .where('id', 'in', ids)
        .execute();
      return rows.map((r) => r.company_id);
    }
    case 'contacts': {
      // Its primary company (responses), every associated company (contact counts), and the ticket
      // companies of its responses (which change hands when the contact gains or loses a company).
      const [primary, linked, ticketCompanies] = await Promise.all([
        db
          .selectFrom('contacts')
          .select('company_id')
          .where('portal_id', '=', portalId)
          .where('id', 'in', ids)
          .execute(),
        db
          .selectFrom('contact_companies')
          .select('company_id')
          .where('portal_id', '=', portalId)
          .where('contact_id', 'in', ids)
          .execute(),
        db
          .selectFrom('responses as r')
          .innerJoin('tickets as t', (j) =>
            j.onRef('t.portal_id', '=', 'r.portal_id').onRef('t.id', '=', 'r.ticket_id'),
          )
          .select('t.company_id')
          .where('r.portal_id', '=', portalId)
          .where('r.contact_id', 'in', ids)
          .execute(),
      ]);
      return [...primary, ...linked, ...ticketCompanies].map((r) => r.company_id);
    }
    case 'responses': {
      const rows = await db
        .selectFrom('responses as r')
        .leftJoin('contacts as c', (j) =>
          j
            .onRef('c.portal_id', '=', 'r.portal_id')
            .onRef('c.id', '=', 'r.contact_id')
            .on('c.archived', '=', 0),
        )
        .leftJoin('tickets as t', (j) =>
          j.onRef('t.portal_id', '=', 'r.portal_id').onRef('t.id', '=', 'r.ticket_id'),
        )
        .select(['c.company_id as contact_company', 't.company_id as ticket_company'])
        .where('r.portal_id', '=', portalId)
        .where('r.id', 'in', ids)
        .execute();
      return rows.map((r) => r.contact_company ?? r.ticket_company);
    }
    default: {
      const never: never = objectType;
      throw new Error(`unknown object type: ${String(never)}`);
    }
  }
}
