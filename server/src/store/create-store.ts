import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { NodeSqliteDialect } from './node-sqlite-dialect';
import type { Database } from './schema';
import { bindStore, type CreateStoreOptions, type Store } from './store';

const INT8_OID = 20;

/**
 * Opens the store named by `url` (`file:<path>`, `file::memory:`, `postgres://…`). Does not migrate: call
 * `store.migrate()` at start-up. Errors never echo the URL, which may hold a password.
 */
export async function createStore(options: CreateStoreOptions): Promise<Store> {
  const { url, cipher, logger } = options;
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    if (path === '')
      throw new Error('store URL "file:" has no path (try file:./data/pulse.db or file::memory:)');
    const filename = path === ':memory:' ? ':memory:' : resolve(path);
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    const db = new Kysely<Database>({ dialect: new NodeSqliteDialect(filename) });
    const store = bindStore(db, { dialect: 'sqlite', cipher, logger });
    await store.ping(); // open the file now, so a bad path fails at start-up rather than on the first request
    return store;
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      // during an outage a request waits this long for a connection, then answers 503 (not hang until timeout)
      connectionTimeoutMillis: 5_000,
      // a connection silently cut (a failover, a dropped NAT entry) is noticed by TCP keep-alive, not never
      keepAlive: true,
      // Epoch-ms columns are BIGINT; pg returns int8 as a string by default. Our values stay below 2^53.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // A client losing its connection emits 'error': on the pool while idle, on the client itself while checked out
    // (in a transaction, between two queries). Unhandled, either kills the process. The query in flight rejects
    // on its own (a 503 for a request, a retry for a job); the pool drops the broken client and opens a new one.
    const onConnectionError = (error: Error) =>
      logger?.warn({ err: error }, 'postgres connection lost (the pool reconnects)');
    pool.on('error', onConnectionError);
    pool.on('connect', (client) => client.on('error', onConnectionError));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const store = bindStore(db, { dialect: 'postgres', cipher, logger });
    try {
      await store.ping();
    } catch (error) {
      await db.destroy();
      throw new Error(
        `cannot connect to the Postgres store: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return store;
  }
  const scheme = url.split(':')[0] ?? '';
  throw new Error(`store URL must start with file: or postgres:// (got a "${scheme}:" URL)`);
}
