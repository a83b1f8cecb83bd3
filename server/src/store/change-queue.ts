import { randomUUID } from 'node:crypto';
import type { StoreObjectType } from './records';
import type { PortalDb } from './scope';
import { chunk, IDS_PER_QUERY, inTx, ROWS_PER_STATEMENT } from './sql-helpers';
import { StoreDataError } from './store-errors';

export type ChangeKind = 'upsert' | 'delete';
/** `token` identifies this enqueueing: acking it does not drop a newer enqueue of the same record. */
export type QueuedChange = { objectType: StoreObjectType; id: string; kind: ChangeKind; token: string };

/** Record ids webhooks reported changed, waiting for the next incremental sync. */
export const makeChangeQueueRepo = ({ db, portalId }: PortalDb) => ({
  /** re-enqueueing a queued record replaces its kind (last one wins) */
  async enqueue(objectType: StoreObjectType, ids: string[], kind: ChangeKind): Promise<void> {
    if (ids.length === 0) return;
    const now = Date.now();
    const rows = [...new Set(ids)].map((id) => ({
      portal_id: portalId,
      object_type: objectType,
      id,
      kind,
      token: randomUUID(),
      enqueued_at: now,
    }));
    await inTx(db, async (trx) => {
      for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
        await trx
          .insertInto('change_queue')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['portal_id', 'object_type', 'id']).doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              token: eb.ref('excluded.token'),
              enqueued_at: eb.ref('excluded.enqueued_at'),
            })),
          )
          .execute();
      }
    });
  },

  /** oldest first; items stay queued until acked */
  async take(limit: number): Promise<QueuedChange[]> {
    const rows = await db
      .selectFrom('change_queue')
      .select(['object_type', 'id', 'kind', 'token'])
      .where('portal_id', '=', portalId)
      .orderBy('enqueued_at')
      .orderBy('object_type')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      objectType: readObjectType(r.object_type),
      id: r.id,
      kind: r.kind === 'delete' ? 'delete' : 'upsert',
      token: r.token,
    }));
  },

  async ack(items: QueuedChange[]): Promise<void> {
    // By token: a record re-enqueued after it was taken has a new token and stays queued.
    for (const tokens of chunk(
      items.map((i) => i.token),
      IDS_PER_QUERY,
    )) {
      await db
        .deleteFrom('change_queue')
        .where('portal_id', '=', portalId)
        .where('token', 'in', tokens)
        .execute();
    }
  },
});

function readObjectType(value: string): StoreObjectType {
  switch (value) {
    case 'companies':
    case 'contacts':
    case 'deals':
    case 'tickets':
    case 'responses':
      return value;
    default:
      throw new StoreDataError(`change queue holds an unknown object type "${value}"`);
  }
}
