import { describe, expect, it, vi } from 'vitest';
import { Alert, Button, NumberInput, Select, Text, Tile } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { ZAdminsView, type AdminsView } from '@pulse/shared';
import { ApiError, createPulseApi, type FetchLike, SettingsPage } from '@pulse/views';
import { adminIdProblem } from '../../extension/views/settings/AdminsSection';
import { NOW, allText, buildSettingsView, change, fakeApi } from './fixtures';

function buildAdmins(overrides: Partial<AdminsView> = {}): AdminsView {
  return ZAdminsView.parse({ installerUserId: 11, userIds: [42, 77], isAdmin: true, ...overrides });
}

type Api = ReturnType<typeof fakeApi>;

function adminApi(overrides: Parameters<typeof fakeApi>[0] = {}): Api {
  return fakeApi({
    getSettings: async () => buildSettingsView(),
    getAdmins: async () => buildAdmins(),
    ...overrides,
  });
}

async function renderPage(api: Api) {
  const r = createRenderer('settings');
  r.render(<SettingsPage api={api} now={() => NOW} previewDelayMs={20} />);
  await r.waitFor(() => r.findByTestId(NumberInput, 'scoring.bands.healthy'));
  return r;
}

/** Let pending promises settle, so "was not called" is not just "not called yet". */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('Disconnect Pulse', () => {
  it('explains what is deleted and does not call the API on the first click', async () => {
    const api = adminApi({ disconnect: async () => ({ disconnected: true, portalId: 123 }) });
    const r = await renderPage(api);
    expect(allText(r.findByTestId(Tile, 'section-disconnect'))).toContain('permanently deletes all of Pulse');
    r.findByTestId(Button, 'disconnect').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Alert, 'disconnect-confirm'));
    expect(r.findByTestId(Button, 'disconnect-confirm-yes').text).toBe('Disconnect and delete data');
    await settle();
    expect(api.disconnect).not.toHaveBeenCalled();
  });

  it('disconnects once on confirmation and leaves nothing to edit', async () => {
    const api = adminApi({ disconnect: async () => ({ disconnected: true, portalId: 123 }) });
    const r = await renderPage(api);
    r.findByTestId(Button, 'disconnect').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Button, 'disconnect-confirm-yes'));
    r.findByTestId(Button, 'disconnect-confirm-yes').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Alert, 'disconnected'));
    expect(api.disconnect).toHaveBeenCalledTimes(1);
    expect(r.findByTestId(Alert, 'disconnected').text).toContain(
      'all its data for this account has been deleted. Reinstall from the HubSpot marketplace',
    );
    expect(r.getRootNode().findAll(NumberInput)).toHaveLength(0);
    expect(r.maybeFindByTestId(Button, 'save')).toBeNull();
    expect(r.maybeFindByTestId(Button, 'admins-save')).toBeNull();
    expect(r.maybeFindByTestId(Button, 'sync-now')).toBeNull();
  });

  it('cancel puts the button back without calling the API', async () => {
    const api = adminApi();
    const r = await renderPage(api);
    r.findByTestId(Button, 'disconnect').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Button, 'disconnect-cancel'));
    r.findByTestId(Button, 'disconnect-cancel').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Button, 'disconnect'));
    expect(r.maybeFindByTestId(Alert, 'disconnect-confirm')).toBeNull();
    await settle();
    expect(api.disconnect).not.toHaveBeenCalled();
  });

  it('shows the friendly text for the error code and keeps the settings', async () => {
    const api = adminApi({
      disconnect: () => Promise.reject(new ApiError('forbidden', 'admin required', { status: 403 })),
    });
    const r = await renderPage(api);
    r.findByTestId(Button, 'disconnect').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Button, 'disconnect-confirm-yes'));
    r.findByTestId(Button, 'disconnect-confirm-yes').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Alert, 'disconnect-error'));
    expect(r.findByTestId(Alert, 'disconnect-error').text).toBe(
      'Your HubSpot user does not have access to this in Pulse.',
    );
    expect(r.findByTestId(Alert, 'disconnect-error').props.title).toContain('Pulse was not disconnected');
    expect(r.maybeFindByTestId(Alert, 'disconnected')).toBeNull();
    expect(r.findByTestId(NumberInput, 'scoring.bands.healthy')).toBeTruthy();
    // The confirmation stays open so the admin can try again.
    expect(r.findByTestId(Button, 'disconnect-confirm-yes').props.disabled).toBe(false);
  });
});

const USERS = {
  users: [
    { userId: 11, name: 'Ana Ruiz', email: 'ana@example.com' },
    { userId: 42, name: 'Bo Chen', email: 'bo@example.com' },
    { userId: 77, name: 'Cy Diaz', email: null },
    { userId: 90, name: 'Dee Evans', email: 'dee@example.com' },
  ],
  warning: null,
};

describe('Admins by name', () => {
  it('names the installer and the listed admins, and offers only the other users by name', async () => {
    const api = adminApi({
      getUsers: async () => USERS,
      saveAdmins: async ({ userIds }) => buildAdmins({ userIds }),
    });
    const r = await renderPage(api);
    await r.waitFor(() => r.findByTestId(Select, 'admin-pick'));
    expect(r.findByTestId(Text, 'admin-installer').text).toBe('Ana Ruiz (installed Pulse)');
    expect(r.findByTestId(Text, 'admin-42').text).toBe('Bo Chen');
    expect(r.findByTestId(Text, 'admin-77').text).toBe('Cy Diaz');
    expect(r.maybeFindByTestId(NumberInput, 'admin-user-id')).toBeNull();
    expect(r.findByTestId(Select, 'admin-pick').props.options).toEqual([
      { value: '90', label: 'Dee Evans (dee@example.com)' },
    ]);

    change(r.findByTestId(Select, 'admin-pick'), '90');
    await r.waitFor(() => expect(r.findByTestId(Text, 'admin-90').text).toBe('Dee Evans'));
    expect(r.findByTestId(Select, 'admin-pick').props.options).toEqual([]);
    r.findByTestId(Button, 'admins-save').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Alert, 'admins-saved'));
    expect(api.saveAdmins.mock.calls[0]![0]).toEqual({ userIds: [42, 77, 90] });
  });

  it("says when the names come from the record owners because HubSpot's user list was not granted", async () => {
    const r = await renderPage(
      adminApi({
        getUsers: async () => ({
          ...USERS,
          warning:
            "HubSpot's user list could not be read (missing scope); the record owners are listed instead.",
        }),
      }),
    );
    await r.waitFor(() => r.findByTestId(Text, 'users-warning'));
    expect(r.findByTestId(Text, 'users-warning').text).toContain('record owners are listed instead');
    expect(r.findByTestId(Text, 'admin-42').text).toBe('Bo Chen');
  });

  it('falls back to typing a user id when the users cannot be listed', async () => {
    const r = await renderPage(
      adminApi({ getUsers: () => Promise.reject(new ApiError('hubspot_unavailable', 'down')) }),
    );
    await r.waitFor(() => r.findByTestId(NumberInput, 'admin-user-id'));
    expect(r.findByTestId(Text, 'users-error').text).toContain('enter a user id instead');
    expect(r.findByTestId(Text, 'admin-42').text).toBe('User 42');
  });

  it('says who saved the settings by the name the server gives', async () => {
    const r = await renderPage(
      adminApi({ getSettings: async () => buildSettingsView({ updatedBy: 'Ana Ruiz' }) }),
    );
    expect(allText(r.getRootNode())).toContain('saved yesterday by Ana Ruiz');
  });
});

describe('Admins', () => {
  it('lists the installing user and the listed admins with the admin rule', async () => {
    const r = await renderPage(adminApi());
    await r.waitFor(() => r.findByTestId(Text, 'admin-42'));
    expect(r.findByTestId(Text, 'admin-installer').text).toBe('User 11 (installed Pulse)');
    expect(r.findByTestId(Text, 'admin-77').text).toBe('User 77');
    expect(allText(r.findByTestId(Tile, 'section-admins'))).toContain(
      'The HubSpot user who installed Pulse and the users listed here can change these settings',
    );
    // the installer is an admin by the rule, not by the list: nothing to remove
    expect(r.maybeFindByTestId(Button, 'admin-remove-11')).toBeNull();
    expect(r.findByTestId(Button, 'admins-save').props.disabled).toBe(true);
  });

  it('adds and removes admins and saves the resulting list', async () => {
    const api = adminApi({
      saveAdmins: async ({ userIds }) => buildAdmins({ userIds }),
    });
    const r = await renderPage(api);
    await r.waitFor(() => r.findByTestId(Button, 'admin-remove-42'));
    change(r.findByTestId(NumberInput, 'admin-user-id'), 5);
    r.findByTestId(Button, 'admin-add').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Text, 'admin-5'));
    r.findByTestId(Button, 'admin-remove-42').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Text, 'admin-42')).toBeNull());
    // the field is empty again for the next id
    expect(r.findByTestId(NumberInput, 'admin-user-id').props.value).toBeUndefined();
    expect(api.saveAdmins).not.toHaveBeenCalled();

    r.findByTestId(Button, 'admins-save').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Alert, 'admins-saved'));
    expect(api.saveAdmins).toHaveBeenCalledTimes(1);
    expect(api.saveAdmins.mock.calls[0]![0]).toEqual({ userIds: [5, 77] });
    expect(r.findByTestId(Text, 'admin-5').text).toBe('User 5');
    expect(r.findByTestId(Button, 'admins-save').props.disabled).toBe(true);
  });

  it('shows validation next to the field and does not add an invalid id', async () => {
    const r = await renderPage(adminApi());
    await r.waitFor(() => r.findByTestId(NumberInput, 'admin-user-id'));
    const field = () => r.findByTestId(NumberInput, 'admin-user-id');

    change(field(), 1.5);
    await r.waitFor(() =>
      expect(field().props.validationMessage).toBe('A HubSpot user id is a positive whole number.'),
    );
    expect(field().props.error).toBe(true);
    r.findByTestId(Button, 'admin-add').trigger('onClick');
    change(field(), -3);
    await r.waitFor(() =>
      expect(field().props.validationMessage).toBe('A HubSpot user id is a positive whole number.'),
    );
    change(field(), 77);
    await r.waitFor(() => expect(field().props.validationMessage).toBe('User 77 is already listed.'));
    r.findByTestId(Button, 'admin-add').trigger('onClick');
    change(field(), 11);
    await r.waitFor(() =>
      expect(field().props.validationMessage).toBe('User 11 installed Pulse and is already an admin.'),
    );
    await settle();
    expect(r.findByTestId(Button, 'admins-save').props.disabled).toBe(true);
    expect(
      r
        .getRootNode()
        .findAll(Text)
        .filter((t) => t.props.testId === 'admin-77'),
    ).toHaveLength(1);
  });

  it('asks for an id when Add is clicked on an empty field', async () => {
    const r = await renderPage(adminApi());
    await r.waitFor(() => r.findByTestId(NumberInput, 'admin-user-id'));
    expect(r.findByTestId(NumberInput, 'admin-user-id').props.validationMessage).toBeUndefined();
    r.findByTestId(Button, 'admin-add').trigger('onClick');
    await r.waitFor(() =>
      expect(r.findByTestId(NumberInput, 'admin-user-id').props.validationMessage).toBe(
        'Enter a HubSpot user id.',
      ),
    );
  });

  it('shows why a save failed', async () => {
    const api = adminApi({
      saveAdmins: () => Promise.reject(new ApiError('rate_limited', 'slow down', { status: 429 })),
    });
    const r = await renderPage(api);
    await r.waitFor(() => r.findByTestId(Button, 'admin-remove-77'));
    r.findByTestId(Button, 'admin-remove-77').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Button, 'admins-save').props.disabled).toBe(false));
    r.findByTestId(Button, 'admins-save').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Alert, 'admins-error'));
    expect(r.findByTestId(Alert, 'admins-error').text).toContain('Try again in a minute');
    expect(r.maybeFindByTestId(Alert, 'admins-saved')).toBeNull();
  });

  it('explains that nobody listed means every user is an admin when no installer is recorded', async () => {
    const r = await renderPage(
      adminApi({ getAdmins: async () => buildAdmins({ installerUserId: null, userIds: [] }) }),
    );
    await r.waitFor(() => r.findByTestId(Text, 'admins-empty'));
    expect(r.findByTestId(Text, 'admins-empty').text).toContain('every user who can open this page');
    expect(r.maybeFindByTestId(Text, 'admin-installer')).toBeNull();
  });
});

describe('non-admins', () => {
  it('see the admins read-only and no disconnect', async () => {
    const api = fakeApi({
      getSettings: async () => buildSettingsView({ canEdit: false }),
      getAdmins: async () => buildAdmins({ isAdmin: false }),
    });
    const r = await renderPage(api);
    await r.waitFor(() => r.findByTestId(Text, 'admin-42'));
    expect(r.maybeFindByTestId(Button, 'disconnect')).toBeNull();
    expect(r.maybeFindByTestId(Tile, 'section-disconnect')).toBeNull();
    expect(r.maybeFindByTestId(NumberInput, 'admin-user-id')).toBeNull();
    expect(r.maybeFindByTestId(Button, 'admin-add')).toBeNull();
    expect(r.maybeFindByTestId(Button, 'admin-remove-42')).toBeNull();
    expect(r.maybeFindByTestId(Button, 'admins-save')).toBeNull();
  });
});

describe('adminIdProblem', () => {
  it('accepts a new positive whole number and rejects everything else', () => {
    expect(adminIdProblem(9, [1, 2], 3)).toBeUndefined();
    expect(adminIdProblem(undefined, [], null)).toBe('Enter a HubSpot user id.');
    expect(adminIdProblem(0, [], null)).toBe('A HubSpot user id is a positive whole number.');
    expect(adminIdProblem(2 ** 60, [], null)).toBe('A HubSpot user id is a positive whole number.');
    const full = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(adminIdProblem(500, full, null)).toBe('Pulse keeps at most 100 admins; remove one first.');
  });
});

describe('createPulseApi: admins and disconnect', () => {
  function apiWith(body: unknown, status = 200) {
    const fetch = vi.fn<FetchLike>(async () => ({ ok: status < 300, status, json: async () => body }));
    return { fetch, api: createPulseApi({ fetch, baseUrl: 'https://pulse.example.com' }) };
  }

  it('reads and replaces the admins with the documented routes', async () => {
    const { fetch, api } = apiWith(buildAdmins());
    await expect(api.getAdmins()).resolves.toEqual(buildAdmins());
    await api.saveAdmins({ userIds: [5, 77] });
    expect(fetch.mock.calls.map(([url, init]) => [url, init.method, init.body])).toEqual([
      ['https://pulse.example.com/api/v1/admins', 'GET', undefined],
      ['https://pulse.example.com/api/v1/admins', 'PUT', { userIds: [5, 77] }],
    ]);
  });

  it('POSTs the disconnect and refuses an answer that does not confirm it', async () => {
    const { fetch, api } = apiWith({ disconnected: true, portalId: 123 });
    await expect(api.disconnect()).resolves.toEqual({ disconnected: true, portalId: 123 });
    expect(fetch.mock.calls[0]![0]).toBe('https://pulse.example.com/api/v1/disconnect');
    expect(fetch.mock.calls[0]![1].method).toBe('POST');
    await expect(apiWith({ ok: true }).api.disconnect()).rejects.toMatchObject({ code: 'bad_response' });
  });
});
