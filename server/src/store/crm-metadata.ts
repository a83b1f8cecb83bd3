import type { Owner, Pipeline } from '@pulse/shared';
import type { PortalDb } from './scope';
import { chunk, dedupeBy, inTx, readJson, ROWS_PER_STATEMENT } from './sql-helpers';

/** The portal's deal/ticket pipelines (stage metadata: open, won, lost), replaced whole by each full sync. */
export const makePipelinesRepo = ({ db, portalId }: PortalDb) => ({
  async replace(pipelines: Pipeline[]): Promise<void> {
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
  },

  async list(): Promise<Pipeline[]> {
    const rows = await db
      .selectFrom('pipelines')
      .select('payload')
      .where('portal_id', '=', portalId)
      .orderBy('object_type')
      .orderBy('id')
      .execute();
    return rows.map((r) => readJson<Pipeline>(r.payload));
  },
});

/** The portal's record owners (CSMs), replaced whole by each full sync. */
export const makeOwnersRepo = ({ db, portalId }: PortalDb) => ({
  async replace(owners: Owner[]): Promise<void> {
    await inTx(db, async (trx) => {
      await trx.deleteFrom('owners').where('portal_id', '=', portalId).execute();
      const rows = dedupeBy(owners, (o) => o.id).map((o) => ({
        portal_id: portalId,
        id: o.id,
        user_id: o.userId,
        payload: JSON.stringify(o),
      }));
      for (const part of chunk(rows, ROWS_PER_STATEMENT))
        await trx.insertInto('owners').values(part).execute();
    });
  },

  async list(): Promise<Owner[]> {
    const rows = await db
      .selectFrom('owners')
      .select('payload')
      .where('portal_id', '=', portalId)
      .orderBy('id')
      .execute();
    return rows.map((r) => readJson<Owner>(r.payload));
  },

  /** The owner record of a HubSpot user (the signed `userId` of a request), if they own records. */
  async byUserId(userId: number): Promise<Owner | null> {
    const row = await db
      .selectFrom('owners')
      .select('payload')
      .where('portal_id', '=', portalId)
      .where('user_id', '=', userId)
      .orderBy('id')
      .executeTakeFirst();
    return row ? readJson<Owner>(row.payload) : null;
  },
});
