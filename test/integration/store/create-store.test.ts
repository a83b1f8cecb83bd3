import { describe, expect, it } from 'vitest';
import { openStore } from './test-store';

describe('createStore', () => {
  it('opens an in-memory SQLite store', async () => {
    const store = await openStore('file::memory:');
    try {
      expect(store.dialect).toBe('sqlite');
      await store.migrate();
      expect(await store.migrationStatus()).toEqual({ current: true, pending: [] });
    } finally {
      await store.close();
    }
  });

  it('rejects an unknown scheme without echoing the URL (it may hold a password)', async () => {
    const attempt = openStore('mysql://admin:hunter2@db.internal/pulse');
    await expect(attempt).rejects.toThrow(/must start with file: or postgres:\/\/ \(got a "mysql:" URL\)/);
    await expect(openStore('mysql://admin:hunter2@db.internal/pulse')).rejects.not.toThrow(/hunter2/);
  });

  it('rejects a file: URL without a path', async () => {
    await expect(openStore('file:')).rejects.toThrow(/has no path/);
  });

  it('fails at start-up, not on the first request, when Postgres is unreachable', async () => {
    await expect(openStore('postgres://nobody:secret-pw@127.0.0.1:1/none')).rejects.toThrow(
      /cannot connect to the Postgres store/,
    );
  });
});
