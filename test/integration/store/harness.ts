import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Dialect, PortalStore, Store } from '../../../server/src/store';
import { openStore } from './test-store';

/**
 * The store suites run every test on SQLite (a real file, WAL and all) and on PostgreSQL (a throw-away schema in
 * TEST_DATABASE_URL's database). Without TEST_DATABASE_URL the Postgres half is skipped with a loud warning, and
 * under CI=true it fails instead.
 */

export type OpenedStore = {
  /** a store on a fresh, NOT yet migrated database */
  store: Store;
  /** the URL it was opened with (for a child process) */
  url: string;
  /** runs raw SQL on the same database (to look at encrypted columns, to corrupt rows) */
  raw(sqlText: string): Promise<Record<string, unknown>[]>;
};

type Backend = { dialect: Dialect; open(): Promise<OpenedStore>; cleanup(): Promise<void> };

export type StoreContext = {
  readonly dialect: Dialect;
  /** the migrated store every test of the file shares (each test works in portals of its own) */
  readonly store: Store;
  /** the URL of that store's database */
  readonly url: string;
  /** raw SQL on that database */
  raw(sqlText: string): Promise<Record<string, unknown>[]>;
  /** another fresh, NOT migrated database of the same dialect (close its store yourself) */
  openFresh(): Promise<OpenedStore>;
  /** the store of a portal no other test of the file uses */
  newPortal(): PortalStore;
};

const pgUrl = process.env.TEST_DATABASE_URL;

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-store-'));
  let n = 0;
  return {
    dialect: 'sqlite',
    async open() {
      const file = join(dir, `store-${++n}.db`);
      return {
        store: await openStore(`file:${file}`),
        url: `file:${file}`,
        async raw(sqlText) {
          const db = new DatabaseSync(file, { timeout: 5000 });
          try {
            const statement = db.prepare(sqlText);
            if (statement.columns().length === 0) {
              statement.run();
              return [];
            }
            return statement.all().map((row) => ({ ...row }));
          } finally {
            db.close();
          }
        },
      };
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every open() is a new schema (search_path in the connection string), dropped at the end. */
function postgresBackend(base: string): Backend {
  const schemas: string[] = [];
  const withSchema = (schema: string) => {
    const u = new URL(base);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return u.toString();
  };
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    dialect: 'postgres',
    async open() {
      const schema = `store_test_${randomBytes(6).toString('hex')}`;
      await admin((c) => c.query(`create schema ${schema}`));
      schemas.push(schema);
      const url = withSchema(schema);
      return {
        store: await openStore(url),
        url,
        async raw(sqlText) {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          try {
            return (await c.query<Record<string, unknown>>(sqlText)).rows;
          } finally {
            await c.end();
          }
        },
      };
    },
    async cleanup() {
      await admin(async (c) => {
        for (const schema of schemas) await c.query(`drop schema if exists ${schema} cascade`);
      });
    },
  };
}

/** `body` once on SQLite and once on PostgreSQL, each against one migrated database shared by its tests. */
export function describeStore(name: string, body: (ctx: StoreContext) => void): void {
  describe(`${name} on SQLite (node:sqlite)`, () => defineOn(sqliteBackend, body));
  if (pgUrl) {
    describe(`${name} on PostgreSQL`, () => defineOn(() => postgresBackend(pgUrl), body));
  } else if (process.env.CI) {
    describe(`${name} on PostgreSQL`, () => {
      it('needs TEST_DATABASE_URL in CI', () => {
        throw new Error('TEST_DATABASE_URL is not set: the Postgres store suites must run in CI');
      });
    });
  } else {
    console.warn(
      `POSTGRES SUITE SKIPPED (${name}): set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run the store suites on Postgres`,
    );
  }
}

function defineOn(backendOf: () => Backend, body: (ctx: StoreContext) => void): void {
  let backend: Backend | null = null;
  let opened: OpenedStore | null = null;
  let portalSeq = 100;
  const current = () => {
    if (opened === null) throw new Error('the store is opened in beforeAll: use it inside a test');
    return opened;
  };
  beforeAll(async () => {
    backend = backendOf();
    opened = await backend.open();
    await opened.store.migrate();
  });
  afterAll(async () => {
    await opened?.store.close();
    await backend?.cleanup();
  });
  body({
    get dialect() {
      return current().store.dialect;
    },
    get store() {
      return current().store;
    },
    get url() {
      return current().url;
    },
    raw: (sqlText) => current().raw(sqlText),
    openFresh: () => {
      if (backend === null) throw new Error('the store is opened in beforeAll: use it inside a test');
      return backend.open();
    },
    newPortal: () => current().store.forPortal(++portalSeq),
  });
}
