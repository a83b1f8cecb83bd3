import type { PortalDb } from './scope';
import { chunk, dedupeBy, IDS_PER_QUERY, inTx, ROWS_PER_STATEMENT } from './sql-helpers';

export type WebhookEventInput = { eventId: string; receivedAt: number; payload: unknown };
export type ClaimedWebhookEvent = { eventId: string; receivedAt: number; payload: unknown };
export type ClaimOptions = {
  /** defaults to Date.now() */
  now?: number;
  /** a claim older than this (a worker died mid-way) can be claimed again; default 5 minutes */
  reclaimAfterMs?: number;
};

/** The webhook inbox: events stored as received (deduped by event id), claimed by a processor, then marked. */
export const makeWebhookEventsRepo = ({ db, portalId }: PortalDb) => ({
  async insert(events: WebhookEventInput[]): Promise<{ inserted: number; duplicates: number }> {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    const rows = dedupeBy(events, (e) => e.eventId).map((e) => ({
      portal_id: portalId,
      event_id: e.eventId,
      received_at: e.receivedAt,
      payload: JSON.stringify(e.payload ?? null),
      claimed_at: null,
      processed_at: null,
    }));
    let inserted = 0;
    await inTx(db, async (trx) => {
      for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
        const result = await trx
          .insertInto('webhook_events')
          .values(part)
          .onConflict((oc) => oc.columns(['portal_id', 'event_id']).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
    });
    return { inserted, duplicates: events.length - inserted };
  },

  /** oldest first; claimed events are not handed out again until processed or their claim goes stale */
  async claim(limit: number, options: ClaimOptions = {}): Promise<ClaimedWebhookEvent[]> {
    const now = options.now ?? Date.now();
    const staleBefore = now - (options.reclaimAfterMs ?? 5 * 60_000);
    // The claimable condition is repeated in the outer WHERE: Postgres re-checks it after locking each row,
    // so two instances claiming at once never both get the same event.
    const rows = await db
      .updateTable('webhook_events')
      .set({ claimed_at: now })
      .where('portal_id', '=', portalId)
      .where('processed_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', staleBefore)]))
      .where('event_id', 'in', (eb) =>
        eb
          .selectFrom('webhook_events')
          .select('event_id')
          .where('portal_id', '=', portalId)
          .where('processed_at', 'is', null)
          .where((w) => w.or([w('claimed_at', 'is', null), w('claimed_at', '<', staleBefore)]))
          .orderBy('received_at')
          .orderBy('event_id')
          .limit(limit),
      )
      .returning(['event_id', 'received_at', 'payload'])
      .execute();
    return rows
      .map((r) => ({
        eventId: r.event_id,
        receivedAt: Number(r.received_at),
        payload: JSON.parse(r.payload) as unknown,
      }))
      .sort((a, b) => a.receivedAt - b.receivedAt || (a.eventId < b.eventId ? -1 : 1));
  },

  async markProcessed(eventIds: string[]): Promise<void> {
    const now = Date.now();
    for (const ids of chunk(eventIds, IDS_PER_QUERY)) {
      await db
        .updateTable('webhook_events')
        .set({ processed_at: now })
        .where('portal_id', '=', portalId)
        .where('event_id', 'in', ids)
        .execute();
    }
  },

  /** deletes processed events received before `before` (dedupe only matters for HubSpot's 24 h retry window) */
  async prune(before: number): Promise<number> {
    const result = await db
      .deleteFrom('webhook_events')
      .where('portal_id', '=', portalId)
      .where('processed_at', 'is not', null)
      .where('received_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});
