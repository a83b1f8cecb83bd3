import { sql } from 'kysely';
import type { PortalDb } from './scope';

/** Small per-portal key → value state: sync cursors, the sync owner, the admin list, the last full sync. */
export const makeCheckpointsRepo = ({ db, portalId }: PortalDb) => ({
  async get(key: string): Promise<string | null> {
    const row = await db
      .selectFrom('checkpoints')
      .select('value')
      .where('portal_id', '=', portalId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? row.value : null;
  },

  async set(key: string, value: string): Promise<void> {
    await db
      .insertInto('checkpoints')
      .values({ portal_id: portalId, key, value, updated_at: Date.now() })
      .onConflict((oc) =>
        oc.columns(['portal_id', 'key']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  },

  /** every key that starts with `prefix` (literally: no wildcards) */
  async deleteByPrefix(prefix: string): Promise<void> {
    // substr instead of LIKE: SQLite's LIKE ignores case and both treat _ and % as wildcards.
    await db
      .deleteFrom('checkpoints')
      .where('portal_id', '=', portalId)
      .where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix)
      .execute();
  },
});
