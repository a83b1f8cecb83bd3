import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe } from 'vitest';
import { defineStoreSuite, type StoreHarness } from './store-suite';
import { openStore } from './test-store';

/** Every open() is a new database file in a temp dir: real files, WAL and all. */
function sqliteHarness(): StoreHarness {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-store-'));
  let n = 0;
  return {
    async open() {
      const file = join(dir, `store-${++n}.db`);
      const store = await openStore(`file:${file}`);
      return {
        store,
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

describe('store on SQLite (node:sqlite)', () => {
  defineStoreSuite(sqliteHarness);
});
