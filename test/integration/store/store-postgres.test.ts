import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import { defineStoreSuite, type StoreHarness } from './store-suite';
import { openStore } from './test-store';

const url = process.env.TEST_DATABASE_URL;

if (!url) {
  if (process.env.CI) {
    describe('store on PostgreSQL', () => {
      it('needs TEST_DATABASE_URL in CI', () => {
        throw new Error('TEST_DATABASE_URL is not set: the Postgres store suite must run in CI');
      });
    });
  } else {
    console.warn(
      'POSTGRES SUITE SKIPPED: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run the store suite on Postgres',
    );
  }
}

/** Every open() is a new schema (search_path in the connection string), dropped at the end. */
function postgresHarness(): StoreHarness {
  const base = url ?? '';
  const schemas: string[] = [];
  const withSchema = (schema: string) => {
    const u = new URL(base);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return u.toString();
  };
  const admin = () => new pg.Client({ connectionString: base });
  return {
    async open() {
      const schema = `store_test_${randomBytes(6).toString('hex')}`;
      const client = admin();
      await client.connect();
      await client.query(`create schema ${schema}`);
      await client.end();
      schemas.push(schema);
      const store = await openStore(withSchema(schema));
      return {
        store,
        url: withSchema(schema),
        async raw(sqlText) {
          const c = new pg.Client({ connectionString: withSchema(schema) });
          await c.connect();
          try {
            return (await c.query(sqlText)).rows as Record<string, unknown>[];
          } finally {
            await c.end();
          }
        },
      };
    },
    async cleanup() {
      const client = admin();
      await client.connect();
      for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

describe.skipIf(!url)('store on PostgreSQL', () => {
  defineStoreSuite(postgresHarness);
});
