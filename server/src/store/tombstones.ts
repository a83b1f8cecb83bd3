import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { CompanySnapshot } from '@pulse/shared';
import type { Database } from './schema';
import { chunk, IDS_PER_QUERY } from './sql-helpers';

/**
 * Privacy tombstones: the ids (and nothing else) of contacts deleted under `contact.privacyDeletion`. Every write of
 * contacts, responses and snapshots leaves out what belongs to a tombstoned contact, so no later sync, full or
 * incremental, brings the data back, whatever HubSpot still returns.
 *
 * A deletion and a sync writing the same contact's data cannot interleave: on Postgres both take the portal's
 * privacy lock (a transaction-scoped advisory lock) before they read tombstones or delete; SQLite has one writer.
 */

const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Serialises, per portal, privacy deletions with writes of contact-derived rows (until the transaction ends). */
export async function lockPrivacy(trx: Kysely<Database>, portalId: number): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`pulse.privacy:${portalId}`}, 0))`.execute(trx);
}

export async function addTombstone(
  trx: Kysely<Database>,
  portalId: number,
  contactId: string,
  at: number,
): Promise<void> {
  await trx
    .insertInto('privacy_tombstones')
    .values({ portal_id: portalId, contact_id: contactId, deleted_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Which of these contact ids are tombstoned. */
export async function tombstonedAmong(
  db: Kysely<Database>,
  portalId: number,
  contactIds: Iterable<string>,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const ids of chunk([...new Set(contactIds)], IDS_PER_QUERY)) {
    const rows = await db
      .selectFrom('privacy_tombstones')
      .select('contact_id')
      .where('portal_id', '=', portalId)
      .where('contact_id', 'in', ids)
      .execute();
    for (const row of rows) found.add(row.contact_id);
  }
  return found;
}

/** Records minus those of tombstoned contacts (`contactOf` names a record's contact), under the privacy lock. */
export async function withoutTombstoned<R>(
  trx: Kysely<Database>,
  portalId: number,
  records: R[],
  contactOf: (record: R) => string | null,
): Promise<R[]> {
  const contactIds = records.map(contactOf).filter((id): id is string => id !== null);
  if (contactIds.length === 0) return records;
  await lockPrivacy(trx, portalId);
  const dead = await tombstonedAmong(trx, portalId, contactIds);
  if (dead.size === 0) return records;
  return records.filter((record) => {
    const contactId = contactOf(record);
    return contactId === null || !dead.has(contactId);
  });
}

/** Snapshots with the verbatims of tombstoned contacts removed (a recompute that read them before a deletion). */
export async function scrubSnapshots(
  trx: Kysely<Database>,
  portalId: number,
  snapshots: CompanySnapshot[],
): Promise<CompanySnapshot[]> {
  const contactIds = snapshots.flatMap((s) => s.nps.verbatims.map((v) => v.contactId));
  const kept = new Set(
    (await withoutTombstoned(trx, portalId, contactIds, (id) => id)).filter((id) => id !== null),
  );
  if (kept.size === new Set(contactIds.filter((id) => id !== null)).size) return snapshots;
  return snapshots.map((s) => ({
    ...s,
    nps: {
      ...s.nps,
      verbatims: s.nps.verbatims.filter((v) => v.contactId === null || kept.has(v.contactId)),
    },
  }));
}

/** SQLite keeps deleted pages in its write-ahead log until a checkpoint: fold it into the file and empty it. */
export async function checkpointAfterDeletion(db: Kysely<Database>): Promise<void> {
  if (isPostgres(db) || db.isTransaction) return;
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}
