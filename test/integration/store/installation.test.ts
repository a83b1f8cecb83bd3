import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { createTokenCipher } from '../../../server/src/services/token-cipher';
import { createStore, type Cipher, type Installation, type Store } from '../../../server/src/store';
import { NOW } from '../../factories';
import { describeStore } from './harness';
import { testCipher } from './test-store';

const install = (over: Partial<Installation> = {}): Omit<Installation, 'portalId'> => ({
  mode: 'oauth',
  status: 'active',
  scopes: ['crm.objects.companies.read', 'oauth'],
  accessToken: 'CJSP-access-token-secret',
  refreshToken: 'na1-refresh-token-secret',
  accessTokenExpiresAt: NOW + 1_800_000,
  hubDomain: 'acme.hubspot.com',
  installedAt: NOW,
  updatedAt: NOW,
  ...over,
});

describeStore('installations', (ctx) => {
  it('round-trips an installation with tokens encrypted at rest', async () => {
    const p = ctx.newPortal();
    await p.installation.upsert(install());
    expect(await p.installation.get()).toEqual({ portalId: p.portalId, ...install() });

    const [row] = await ctx.raw(
      `select access_token, refresh_token from installations where portal_id = ${p.portalId}`,
    );
    expect(row?.access_token).not.toContain('CJSP-access-token-secret');
    expect(row?.refresh_token).not.toContain('na1-refresh-token-secret');
    expect(testCipher.decrypt(String(row?.access_token))).toBe('CJSP-access-token-secret');
  });

  it('updates tokens and status, keeps the first install time on re-install, lists by status', async () => {
    const p = ctx.newPortal();
    await p.installation.upsert(install());
    await p.installation.updateTokens(
      { accessToken: 'new-access', refreshToken: 'new-refresh', accessTokenExpiresAt: NOW + 5 },
      NOW + 1,
    );
    expect(await p.installation.get()).toMatchObject({
      accessToken: 'new-access',
      refreshToken: 'new-refresh',
      accessTokenExpiresAt: NOW + 5,
      updatedAt: NOW + 1,
    });

    await p.installation.setStatus('disconnected', NOW + 2);
    const portalsWith = async (status: Installation['status']) =>
      (await ctx.store.listInstallations({ status })).map((i) => i.portalId);
    expect(await portalsWith('active')).not.toContain(p.portalId);
    expect(await portalsWith('disconnected')).toContain(p.portalId);

    await p.installation.upsert(install({ installedAt: NOW + 100, updatedAt: NOW + 100, accessToken: null }));
    expect(await p.installation.get()).toMatchObject({
      installedAt: NOW,
      updatedAt: NOW + 100,
      accessToken: null,
      status: 'active',
    });
  });

  it('refuses to update tokens or status of a portal that is not installed', async () => {
    const p = ctx.newPortal();
    const tokens = { accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: null };
    await expect(p.installation.updateTokens(tokens)).rejects.toMatchObject({ code: 'not_installed' });
    await expect(p.installation.setStatus('active')).rejects.toThrow(
      `portal ${p.portalId} has no installation`,
    );
    expect(await p.installation.get()).toBeNull();
  });
});

describeStore('token key rotation', (ctx) => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  const reopen = async (url: string, cipher: Cipher) => {
    const store = await createStore({ url, cipher });
    opened.push(store);
    return store;
  };
  const opened: Store[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  it('keeps every installation across a key change and moves its tokens to the new key', async () => {
    const fresh = await ctx.openFresh();
    await fresh.store.migrate();
    await fresh.store.close();
    const before = await reopen(fresh.url, createTokenCipher(keyA));
    await before.forPortal(1).installation.upsert(install());
    await before
      .forPortal(2)
      .installation.upsert(install({ accessToken: null, refreshToken: 'only-refresh' }));

    const rotated = createTokenCipher(keyB, [keyA]);
    const during = await reopen(fresh.url, rotated);
    // readable with the old key still configured, before anything is rewritten
    expect(await during.forPortal(1).installation.get()).toMatchObject({
      accessToken: 'CJSP-access-token-secret',
      refreshToken: 'na1-refresh-token-secret',
    });
    expect(await during.reencryptTokens()).toEqual({ reencrypted: 2, current: 0, unreadable: [] });
    expect(await during.reencryptTokens()).toEqual({ reencrypted: 0, current: 2, unreadable: [] });
    const rows = await fresh.raw('select access_token, refresh_token from installations order by portal_id');
    for (const value of rows.flatMap((r) => [r.access_token, r.refresh_token]).filter((v) => v !== null))
      expect(rotated.isCurrent(String(value))).toBe(true);

    // the old key can go: every token reads with the new key alone
    const after = await reopen(fresh.url, createTokenCipher(keyB));
    expect(await after.forPortal(1).installation.get()).toMatchObject({
      accessToken: 'CJSP-access-token-secret',
      refreshToken: 'na1-refresh-token-secret',
    });
    expect(await after.forPortal(2).installation.get()).toMatchObject({
      accessToken: null,
      refreshToken: 'only-refresh',
    });
  });

  it('names the portals whose tokens no configured key opens, and rewrites the others', async () => {
    const fresh = await ctx.openFresh();
    await fresh.store.migrate();
    await fresh.store.close();
    await (await reopen(fresh.url, createTokenCipher(keyA))).forPortal(7).installation.upsert(install());
    await (
      await reopen(fresh.url, createTokenCipher(randomBytes(32)))
    )
      .forPortal(8)
      .installation.upsert(install());

    const wrongKeyStore = await reopen(fresh.url, createTokenCipher(keyB, [keyA]));
    expect(await wrongKeyStore.reencryptTokens()).toEqual({ reencrypted: 1, current: 0, unreadable: [8] });
    await expect(wrongKeyStore.forPortal(8).installation.get()).rejects.toThrow(
      /neither TOKEN_ENCRYPTION_KEY .* nor in TOKEN_ENCRYPTION_PREVIOUS_KEYS/,
    );
    expect((await wrongKeyStore.forPortal(7).installation.get())?.accessToken).toBe(
      'CJSP-access-token-secret',
    );
  });
});
