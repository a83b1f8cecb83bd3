import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { AppError } from '../errors';
import { listInstallations, reencryptTokens, type InstallationStatus } from './installation';
import { migrationProvider } from './migrations';
import { makePortalStore, type PortalStore } from './portal-store';
import type { Database } from './schema';
import type { Cipher, Dialect, StoreLogger } from './scope';
import { StoreDataError } from './store-errors';

/**
 * The persistence of Pulse: Kysely over SQLite (node:sqlite) or PostgreSQL (pg), picked by the URL given to
 * `createStore`. The root store holds only what spans portals (lifecycle, transactions, the list of
 * installations); everything else is reached through `forPortal(portalId)`, whose repositories are bound to
 * that portal.
 *
 * Rules every repository follows:
 * - every row belongs to a portal, and every query filters on the bound portal id;
 * - instants are epoch milliseconds;
 * - JSON written by the store is read back without re-validation where that would be too slow (records),
 *   and with zod where a stale shape is plausible (settings, snapshots).
 */

export type CreateStoreOptions = {
  /** `file:./data/pulse.db`, `file::memory:` (SQLite) or `postgres://…` / `postgresql://…` */
  url: string;
  cipher: Cipher;
  logger?: StoreLogger;
};

export type StoreDeps = { dialect: Dialect; cipher: Cipher; logger: StoreLogger | undefined };

const rootOperations = (db: Kysely<Database>, deps: StoreDeps) => ({
  dialect: deps.dialect,

  /** The store of one portal: its repositories can reach that portal's rows only. */
  forPortal(portalId: number): PortalStore {
    if (!Number.isSafeInteger(portalId) || portalId <= 0)
      throw new AppError('internal', `a portal id is a positive integer (got ${String(portalId)})`);
    return makePortalStore({ db, portalId, dialect: deps.dialect, cipher: deps.cipher });
  },

  /** Across portals: the scheduler's list and the purge of uninstalled portals' data. */
  listInstallations: (filter?: { status?: InstallationStatus }) => listInstallations(db, deps.cipher, filter),

  /** Key rotation: every installation's tokens under the cipher's current key (see installation.ts). */
  reencryptTokens: () => reencryptTokens(db, deps.cipher),

  async migrate(): Promise<void> {
    const { error, results } = await (await migrator(db, deps.dialect)).migrateToLatest();
    for (const result of results ?? []) {
      if (result.status === 'Success')
        deps.logger?.info({ migration: result.migrationName }, 'store migration applied');
      if (result.status === 'Error')
        deps.logger?.error({ migration: result.migrationName }, 'store migration failed');
    }
    if (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new StoreDataError(`store migration failed: ${message}`, error);
    }
  },

  async migrationStatus(): Promise<{ current: boolean; pending: string[] }> {
    const migrations = await (await migrator(db, deps.dialect)).getMigrations();
    const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
    return { current: pending.length === 0, pending };
  },

  async ping(): Promise<void> {
    await sql`select 1`.execute(db);
  },

  async close(): Promise<void> {
    if (db.isTransaction) throw new Error('close() called on a transaction-bound store');
    await db.destroy();
  },
});

/** The root store (see above). */
export type Store = ReturnType<typeof rootOperations> & {
  /**
   * Runs `fn` in one database transaction; `tx` is a root store bound to it (`tx.forPortal(id)` gives portal
   * stores inside it). Nested calls join the outer transaction. With SQLite the single connection is held for the
   * whole call: keep `fn` short and free of network I/O.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
};

/** The root store over one Kysely handle: the database, or a transaction (then everything runs inside it). */
export function bindStore(db: Kysely<Database>, deps: StoreDeps): Store {
  const store: Store = {
    ...rootOperations(db, deps),
    transaction: (fn) =>
      db.isTransaction ? fn(store) : db.transaction().execute((trx) => fn(bindStore(trx, deps))),
  };
  return store;
}

async function migrator(db: Kysely<Database>, dialect: Dialect): Promise<Migrator> {
  if (dialect === 'sqlite') return new Migrator({ db, provider: migrationProvider });
  // Kysely looks for its migration table in EVERY schema unless told which: pin it to ours (search_path),
  // or another schema's bookkeeping in the same database would be mistaken for this one's.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema)
    throw new StoreDataError('Postgres has no current schema: check search_path in the database URL');
  return new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
}
