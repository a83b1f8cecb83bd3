import { sql, type Kysely } from 'kysely';
import type { CompanySnapshot } from '@pulse/shared';
import { makeRecordsRepo } from './records';
import type { Database } from './schema';
import type { PortalDb } from './scope';
import { escapeLike, inTx, readJson } from './sql-helpers';
import { addTombstone, checkpointAfterDeletion, lockPrivacy } from './tombstones';

export const makePrivacyRepo = ({ db, portalId }: PortalDb) => ({
  /**
   * A contact's privacy deletion (HubSpot's `contact.privacyDeletion`): the contact, every response they
   * submitted, and their verbatims inside stored snapshots go, in one transaction, and a tombstone (the id only)
   * keeps every later sync from bringing them back (tombstones.ts). On SQLite the write-ahead log is then folded
   * into the file and emptied, so the deleted text leaves the disk. Returns the companies whose snapshots should
   * be recomputed.
   */
  async deleteContact(contactId: string, at = Date.now()): Promise<string[]> {
    const affected = await inTx(db, async (trx) => {
      await lockPrivacy(trx, portalId);
      await addTombstone(trx, portalId, contactId, at);
      const records = makeRecordsRepo({ db: trx, portalId });
      const responseIds = (
        await trx
          .selectFrom('responses')
          .select('id')
          .where('portal_id', '=', portalId)
          .where('contact_id', '=', contactId)
          .execute()
      ).map((r) => r.id);
      const affected = await records.companiesAffectedBy([
        { objectType: 'contacts', ids: [contactId] },
        { objectType: 'responses', ids: responseIds },
      ]);
      await trx
        .deleteFrom('responses')
        .where('portal_id', '=', portalId)
        .where('contact_id', '=', contactId)
        .execute();
      await records.delete('contacts', [contactId]);
      const scrubbed = await scrubVerbatims(trx, portalId, contactId);
      return [...new Set([...affected, ...scrubbed])].sort();
    });
    await checkpointAfterDeletion(db);
    return affected;
  },
});

/**
 * Verbatims live on in snapshots (every generation, including one being built); a text match narrows the scan,
 * the parsed check decides. Returns the companies whose snapshots changed.
 */
async function scrubVerbatims(trx: Kysely<Database>, portalId: number, contactId: string): Promise<string[]> {
  const needle = `%${escapeLike(`"contactId":${JSON.stringify(contactId)}`)}%`;
  const snapshots = await trx
    .selectFrom('snapshots')
    .select(['generation', 'company_id', 'payload'])
    .where('portal_id', '=', portalId)
    .where(sql<boolean>`payload like ${needle} escape '!'`)
    .execute();
  const changed: string[] = [];
  for (const row of snapshots) {
    const snapshot = readJson<CompanySnapshot>(row.payload);
    const kept = snapshot.nps.verbatims.filter((v) => v.contactId !== contactId);
    if (kept.length === snapshot.nps.verbatims.length) continue;
    const cleaned: CompanySnapshot = { ...snapshot, nps: { ...snapshot.nps, verbatims: kept } };
    await trx
      .updateTable('snapshots')
      .set({ payload: JSON.stringify(cleaned) })
      .where('portal_id', '=', portalId)
      .where('generation', '=', Number(row.generation))
      .where('company_id', '=', row.company_id)
      .execute();
    changed.push(row.company_id);
  }
  return changed;
}
