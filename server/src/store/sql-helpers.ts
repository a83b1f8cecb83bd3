import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** Rows per multi-row statement: 7 parameters a row stays far below SQLite's 32,766 and pg's 65,535. */
export const ROWS_PER_STATEMENT = 500;
/** Ids per `IN (…)` list. */
export const IDS_PER_QUERY = 1000;

/** Runs `fn` in the caller's transaction when there is one, else in a new one. */
export function inTx<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

/**
 * Reads JSON the store itself wrote from typed values (records parsed by the HubSpot mappers, snapshots computed
 * by shared/scoring). Re-validating 100k records or 10k snapshots with zod on every read would cost more than
 * the query, so these are trusted; settings, which outlive code changes, are parsed with ZSettings instead.
 */
export function readJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export { chunk } from '@pulse/shared';

/** Last occurrence wins: one multi-row upsert must not touch a row twice (Postgres rejects that). */
export function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(key(item), item);
  return [...byKey.values()];
}

/** For `LIKE … ESCAPE '!'`: `!` needs no escaping itself in SQL string literals of either dialect. */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}
