import { expect, it } from 'vitest';
import type { Installation } from '../../../server/src/store';
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
