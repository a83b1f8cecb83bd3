import { expect, it } from 'vitest';
import { defaultSettings } from '@pulse/shared';
import { StoreConflictError, StoreDataError } from '../../../server/src/store';
import { describeStore } from './harness';

describeStore('settings and sentiment', (ctx) => {
  it('versions settings and rejects a save from a stale version', async () => {
    const p = ctx.newPortal();
    expect(await p.settings.get()).toBeNull();
    const v1 = await p.settings.save(defaultSettings, {
      expectedVersion: 0,
      updatedBy: 'ann@acme.example',
      now: 1000,
    });
    expect(v1).toBe(1);
    const changed = { ...defaultSettings, writeBack: { enabled: true } };
    expect(
      await p.settings.save(changed, {
        expectedVersion: 1,
        updatedBy: 'bo@acme.example',
        now: 2000,
      }),
    ).toBe(2);

    const stale = p.settings.save(defaultSettings, {
      expectedVersion: 1,
      updatedBy: 'cy',
      now: 3000,
    });
    await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
    await expect(
      p.settings.save(defaultSettings, { expectedVersion: 0, updatedBy: 'cy', now: 3000 }),
    ).rejects.toThrow(/current one is 2/);
    expect(await p.settings.get()).toEqual({
      settings: changed,
      version: 2,
      updatedAt: 2000,
      updatedBy: 'bo@acme.example',
    });
    expect(await p.settings.versions(1500)).toEqual([{ version: 2, changedAt: 2000 }]);
    expect(await p.settings.versions(0)).toHaveLength(2);
  });

  it('lets exactly one of two concurrent saves of the same version win', async () => {
    const p = ctx.newPortal();
    const results = await Promise.allSettled([
      p.settings.save(defaultSettings, { expectedVersion: 0, updatedBy: 'a', now: 1 }),
      p.settings.save(defaultSettings, { expectedVersion: 0, updatedBy: 'b', now: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 'rejected' && r.reason instanceof StoreConflictError),
    ).toHaveLength(1);
  });

  it('reports stored settings that no longer parse, naming the portal', async () => {
    const p = ctx.newPortal();
    await p.settings.save(defaultSettings, { expectedVersion: 0, updatedBy: null, now: 1 });
    await ctx.raw(
      `update settings set payload = '{"scoring":{"groups":[]}}' where portal_id = ${p.portalId}`,
    );
    const read = p.settings.get();
    await expect(read).rejects.toBeInstanceOf(StoreDataError);
    await expect(p.settings.get()).rejects.toThrow(new RegExp(`portal ${p.portalId}`));
  });

  it('stores one sentiment per company', async () => {
    const p = ctx.newPortal();
    const s = {
      value: 'concerned' as const,
      note: 'Champion left',
      authorUserId: 42,
      authorName: 'Ann',
      setAt: 1000,
    };
    await p.sentiment.set('A', s);
    await p.sentiment.set('A', { ...s, value: 'good', setAt: 2000 });
    await p.sentiment.set('B', s);
    expect(await p.sentiment.get('A')).toEqual({ ...s, value: 'good', setAt: 2000 });
    expect(await p.sentiment.get('C')).toBeNull();
    const map = await p.sentiment.forCompanies(['A', 'B', 'C']);
    expect([...map.keys()].sort()).toEqual(['A', 'B']);
  });
});
