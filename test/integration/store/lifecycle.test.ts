import { describe, expect, it } from 'vitest';
import { buildCompany } from '../../factories';
import { describeStore } from './harness';

describeStore('store lifecycle', (ctx) => {
  describe('migrations', () => {
    it('reports pending migrations on a fresh database, applies them, and is idempotent', async () => {
      const fresh = await ctx.openFresh();
      try {
        expect(await fresh.store.migrationStatus()).toEqual({
          current: false,
          pending: ['001_initial', '002_history_reconstructed', '004_privacy_tombstones'],
        });
        await fresh.store.migrate();
        expect(await fresh.store.migrationStatus()).toEqual({ current: true, pending: [] });
        const portal = fresh.store.forPortal(1);
        await portal.records.upsert(
          { objectType: 'companies', records: [buildCompany({ id: 'c1' })] },
          { generation: 1 },
        );
        await fresh.store.migrate();
        expect(await fresh.store.migrationStatus()).toEqual({ current: true, pending: [] });
        expect((await portal.records.count()).companies).toBe(1);
      } finally {
        await fresh.store.close();
      }
    });

    it('answers ping', async () => {
      await expect(ctx.store.ping()).resolves.toBeUndefined();
    });
  });

  it('refuses a portal id that is not a positive whole number', () => {
    for (const bad of [0, -1, 1.5, Number.NaN])
      expect(() => ctx.store.forPortal(bad)).toThrow(/a portal id is a positive integer/);
  });
});
