import type { Kysely } from 'kysely';
import {
  type Company,
  type Contact,
  type Deal,
  type FeedbackSubmission,
  type Owner,
  type Pipeline,
  type Ticket,
  primaryCompanyOf,
} from '@pulse/shared';
import { setCheckpoint } from './operations';
import type { Database, RecordRow, RecordTable, ResponseRow } from './schema';
import { chunk, dedupeBy, IDS_PER_QUERY, inTx, readJson, ROWS_PER_STATEMENT } from './sql-helpers';
import type {
  RecordChange,
  RecordCounts,
  RecordPage,
  StoredRecordOf,
  StoreObjectType,
  UpsertOptions,
} from './store';

/**
 * Raw CRM records: one row per record, its JSON payload plus the columns queries need. `company_id` is the
 * attributed company (shared `primaryCompanyOf`, the rule the pure metrics use); responses keep their contact and
 * ticket ids and are attributed when bundles load (bundles.ts).
 */

type StoredFields = { id: string; updatedAt: number; archived: boolean };

/**
 * The frame every upsert shares: an empty batch writes nothing; otherwise one copy per id (the last one given)
 * is written in a single transaction.
 */
async function upsertBatch<R extends StoredFields>(
  db: Kysely<Database>,
  records: R[],
  write: (trx: Kysely<Database>, unique: R[]) => Promise<void>,
): Promise<void> {
  if (records.length === 0) return;
  const unique = dedupeBy(records, (r) => r.id);
  await inTx(db, (trx) => write(trx, unique));
}

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

export async function upsertCompanies(
  db: Kysely<Database>,
  portalId: number,
  records: Company[],
  { generation }: UpsertOptions,
): Promise<void> {
  await upsertBatch(db, records, (trx, unique) =>
    upsertRecordRows(trx, 'companies', portalId, unique, generation, (r) => r.id),
  );
}

export async function upsertDeals(
  db: Kysely<Database>,
  portalId: number,
  records: Deal[],
  { generation }: UpsertOptions,
): Promise<void> {
  await upsertBatch(db, records, (trx, unique) =>
    upsertRecordRows(trx, 'deals', portalId, unique, generation, primaryCompanyOf),
  );
}

export async function upsertTickets(
  db: Kysely<Database>,
  portalId: number,
  records: Ticket[],
  { generation }: UpsertOptions,
): Promise<void> {
  await upsertBatch(db, records, (trx, unique) =>
    upsertRecordRows(trx, 'tickets', portalId, unique, generation, primaryCompanyOf),
  );
}

export async function upsertContacts(
  db: Kysely<Database>,
  portalId: number,
  records: Contact[],
  { generation }: UpsertOptions,
): Promise<void> {
  await upsertBatch(db, records, async (trx, unique) => {
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
  });
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

export async function upsertResponses(
  db: Kysely<Database>,
  portalId: number,
  records: FeedbackSubmission[],
  { generation }: UpsertOptions,
): Promise<void> {
  await upsertBatch(db, records, async (trx, unique) => {
    const rows: ResponseRow[] = unique.map((r) => ({
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
  });
}

export async function upsertPageAndCheckpoint(
  db: Kysely<Database>,
  portalId: number,
  page: RecordPage,
  options: UpsertOptions,
  checkpoint: { key: string; value: string },
): Promise<void> {
  await inTx(db, async (trx) => {
    switch (page.objectType) {
      case 'companies':
        await upsertCompanies(trx, portalId, page.records, options);
        break;
      case 'contacts':
        await upsertContacts(trx, portalId, page.records, options);
        break;
      case 'deals':
        await upsertDeals(trx, portalId, page.records, options);
        break;
      case 'tickets':
        await upsertTickets(trx, portalId, page.records, options);
        break;
      case 'responses':
        await upsertResponses(trx, portalId, page.records, options);
        break;
      default: {
        const never: never = page;
        throw new Error(`unknown object type in page: ${JSON.stringify(never)}`);
      }
    }
    await setCheckpoint(trx, portalId, checkpoint.key, checkpoint.value);
  });
}

export async function deleteRecords(
  db: Kysely<Database>,
  portalId: number,
  objectType: StoreObjectType,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  await inTx(db, async (trx) => {
    if (objectType === 'contacts') await deleteContactLinks(trx, portalId, ids);
    for (const part of chunk(ids, IDS_PER_QUERY)) {
      await trx.deleteFrom(objectType).where('portal_id', '=', portalId).where('id', 'in', part).execute();
    }
  });
}

export async function sweepRecords(
  db: Kysely<Database>,
  portalId: number,
  objectType: StoreObjectType,
  keepGeneration: number,
): Promise<number> {
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
}

export async function replacePipelines(
  db: Kysely<Database>,
  portalId: number,
  pipelines: Pipeline[],
): Promise<void> {
  await inTx(db, async (trx) => {
    await trx.deleteFrom('pipelines').where('portal_id', '=', portalId).execute();
    const rows = dedupeBy(pipelines, (p) => `${p.objectType}:${p.id}`).map((p) => ({
      portal_id: portalId,
      object_type: p.objectType,
      id: p.id,
      payload: JSON.stringify(p),
    }));
    for (const part of chunk(rows, ROWS_PER_STATEMENT))
      await trx.insertInto('pipelines').values(part).execute();
  });
}

export async function getPipelines(db: Kysely<Database>, portalId: number): Promise<Pipeline[]> {
  const rows = await db
    .selectFrom('pipelines')
    .select('payload')
    .where('portal_id', '=', portalId)
    .orderBy('object_type')
    .orderBy('id')
    .execute();
  return rows.map((r) => readJson<Pipeline>(r.payload));
}

export async function replaceOwners(db: Kysely<Database>, portalId: number, owners: Owner[]): Promise<void> {
  await inTx(db, async (trx) => {
    await trx.deleteFrom('owners').where('portal_id', '=', portalId).execute();
    const rows = dedupeBy(owners, (o) => o.id).map((o) => ({
      portal_id: portalId,
      id: o.id,
      user_id: o.userId,
      payload: JSON.stringify(o),
    }));
    for (const part of chunk(rows, ROWS_PER_STATEMENT)) await trx.insertInto('owners').values(part).execute();
  });
}

export async function getOwners(db: Kysely<Database>, portalId: number): Promise<Owner[]> {
  const rows = await db
    .selectFrom('owners')
    .select('payload')
    .where('portal_id', '=', portalId)
    .orderBy('id')
    .execute();
  return rows.map((r) => readJson<Owner>(r.payload));
}

export async function getOwnerByUserId(
  db: Kysely<Database>,
  portalId: number,
  userId: number,
): Promise<Owner | null> {
  const row = await db
    .selectFrom('owners')
    .select('payload')
    .where('portal_id', '=', portalId)
    .where('user_id', '=', userId)
    .orderBy('id')
    .executeTakeFirst();
  return row ? readJson<Owner>(row.payload) : null;
}

export async function countRecords(db: Kysely<Database>, portalId: number): Promise<RecordCounts> {
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
}

/** Stored records of one type by id, archived ones included (the sync compares what HubSpot sends with them). */
export async function getRecords<T extends StoreObjectType>(
  db: Kysely<Database>,
  portalId: number,
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
}

export async function companiesAffectedBy(
  db: Kysely<Database>,
  portalId: number,
  changes: RecordChange[],
): Promise<string[]> {
  const affected = new Set<string>();
  const add = (id: string | null) => {
    if (id) affected.add(id);
  };
  for (const change of changes) {
    for (const ids of chunk([...new Set(change.ids)], IDS_PER_QUERY)) {
      switch (change.objectType) {
        case 'companies':
          ids.forEach(add);
          break;
        case 'deals':
        case 'tickets': {
          const rows = await db
            .selectFrom(change.objectType)
            .select('company_id')
            .where('portal_id', '=', portalId)
            .where('id', 'in', ids)
            .execute();
          rows.forEach((r) => add(r.company_id));
          break;
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
          [...primary, ...linked, ...ticketCompanies].forEach((r) => add(r.company_id));
          break;
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
          rows.forEach((r) => add(r.contact_company ?? r.ticket_company));
          break;
        }
        default: {
          const never: never = change.objectType;
          throw new Error(`unknown object type: ${String(never)}`);
        }
      }
    }
  }
  return [...affected].sort();
}
