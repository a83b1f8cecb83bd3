import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ZPortalUsers, ZSettingsView, defaultSettings } from '@pulse/shared';
import { loadManifest } from '../../../server/src/services/manifest';
import { buildHarness, PORTAL_A, signedRequest, type Harness } from './harness';

let h: Harness;
afterEach(() => h.close());

/** Installs PORTAL_A through OAuth with these scopes granted, and runs its first sync (owners stored). */
const install = async (extraScopes: string[]) => {
  h = await buildHarness({ realSync: true });
  const res = await request(h.app).get('/oauth/install');
  const state = new URL(res.headers.location ?? '').searchParams.get('state') ?? '';
  const { auth } = loadManifest();
  const code = h.sandbox.oauth.issueCode(PORTAL_A, [
    ...auth.requiredScopes,
    ...auth.optionalScopes,
    ...extraScopes,
  ]);
  const callback = await request(h.app).get(
    `/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`,
  );
  expect(callback.status).toBe(200);
  await h.app.background.idle();
  const owners = h.sandbox.dataset(PORTAL_A).owners.filter((o) => !o.archived);
  return { owners, installer: owners[0]! };
};

const users = async (userId: number) => {
  const res = await signedRequest(h.app, 'GET', '/api/v1/users', { userId }).req;
  expect(res.status).toBe(200);
  return ZPortalUsers.parse(res.body);
};

describe('portal users by name', () => {
  it("lists HubSpot's users by name, and the settings say who saved them by name", async () => {
    const { owners, installer } = await install(['settings.users.read']);
    const listed = await users(installer.userId);
    expect(listed.warning).toBeNull();
    expect(listed.users).toHaveLength(owners.length);
    expect(listed.users).toContainEqual({
      userId: installer.userId,
      name: `${installer.firstName} ${installer.lastName}`,
      email: installer.email,
    });
    expect(h.sandbox.stats(PORTAL_A).byEndpoint['GET /settings/v3/users']).toBeGreaterThan(0);

    const saved = await signedRequest(h.app, 'PUT', '/api/v1/settings', {
      userId: installer.userId,
      userEmail: installer.email,
      body: { settings: defaultSettings, expectedVersion: 0 },
    }).req;
    expect(saved.status).toBe(200);
    const view = ZSettingsView.parse(
      (await signedRequest(h.app, 'GET', '/api/v1/settings', { userId: installer.userId }).req).body,
    );
    expect(view.updatedBy).toBe(`${installer.firstName} ${installer.lastName}`);
  });

  it('falls back to the record owners, with a warning, when the user list is not granted', async () => {
    const { installer } = await install([]);
    const listed = await users(installer.userId);
    expect(listed.warning).toMatch(/record owners are listed instead/);
    expect(listed.users.map((u) => u.userId)).toContain(installer.userId);
    expect(listed.users.find((u) => u.userId === installer.userId)?.name).toBe(
      `${installer.firstName} ${installer.lastName}`,
    );
  });
});
