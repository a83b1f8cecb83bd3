import { describe, expect, it } from 'vitest';
import { Alert, BarChart, Button, Input, NumberInput, StatusTag, Text, Toggle } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { ApiError, SettingsPage } from '@pulse/views';
import { NOW, allText, buildPreview, buildSettingsView, buildSyncStatus, change, fakeApi } from './fixtures';

async function renderSettings(api: ReturnType<typeof fakeApi>, previewDelayMs = 20) {
  const r = createRenderer('settings');
  r.render(<SettingsPage api={api} now={() => NOW} previewDelayMs={previewDelayMs} />);
  await r.waitFor(() => r.findByTestId(NumberInput, 'scoring.bands.healthy'));
  return r;
}

describe('SettingsPage', () => {
  it('shows the current model, renewal rules, NPS window, write-back and sync status', async () => {
    const r = await renderSettings(fakeApi({ getSettings: async () => buildSettingsView() }));
    expect(r.findByTestId(NumberInput, 'scoring.groups.0.weight').props).toMatchObject({
      label: 'Sentiment weight',
      value: 30,
    });
    expect(r.findByTestId(NumberInput, 'scoring.groups.1.measures.3.rule.steps.0.max').props.value).toBe(24);
    expect(r.findByTestId(NumberInput, 'scoring.bands.healthy').props.value).toBe(70);
    expect(r.findByTestId(Input, 'renewals.renewalPipelinePattern').props.value).toBe('renewal');
    expect(r.findByTestId(NumberInput, 'windows.npsDays').props.value).toBe(180);
    expect(r.findByTestId(Toggle, 'writeBack.enabled').props.checked).toBe(true);
    expect(r.findByTestId(StatusTag, 'sync-state').text).toBe('Up to date');
    expect(r.findByTestId(Text, 'sync-last-run').text).toBe('full sync succeeded 50 min ago');
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);
    expect(allText(r.getRootNode())).toContain('Change a weight, threshold or band to preview');
  });

  it('is read-only for users who cannot edit', async () => {
    const r = await renderSettings(
      fakeApi({ getSettings: async () => buildSettingsView({ canEdit: false }) }),
    );
    expect(r.findByTestId(Alert, 'read-only').text).toContain(
      'the user who installed Pulse and the admins listed below',
    );
    expect(r.findByTestId(NumberInput, 'scoring.groups.0.weight').props.readOnly).toBe(true);
    expect(r.findByTestId(Input, 'renewals.renewalNamePattern').props.readOnly).toBe(true);
    expect(r.findByTestId(Toggle, 'writeBack.enabled').props.readOnly).toBe(true);
    expect(r.maybeFindByTestId(Button, 'save')).toBeNull();
    // The sync status stays visible, but starting a sync is for editors only (the server answers 403).
    expect(r.findByTestId(StatusTag, 'sync-state').text).toBe('Up to date');
    expect(r.maybeFindByTestId(Button, 'sync-now')).toBeNull();
  });

  it("says when HubSpot's property list could not be loaded, and still shows the settings", async () => {
    const r = await renderSettings(
      fakeApi({
        getSettings: async () =>
          buildSettingsView({
            warning: 'Could not load company properties from HubSpot (hubspot_unavailable).',
          }),
      }),
    );
    expect(r.findByTestId(Alert, 'settings-warning').text).toContain('Could not load company properties');
    expect(r.findByTestId(NumberInput, 'windows.npsDays').props.value).toBe(180);
  });

  it('shows no warning when everything loaded', async () => {
    const r = await renderSettings(fakeApi({ getSettings: async () => buildSettingsView() }));
    expect(r.maybeFindByTestId(Alert, 'settings-warning')).toBeNull();
  });

  it('shows client-side validation next to the field and neither previews nor saves', async () => {
    const api = fakeApi({ getSettings: async () => buildSettingsView() });
    const r = await renderSettings(api);
    change(r.findByTestId(NumberInput, 'scoring.bands.healthy'), 30);
    await r.waitFor(() =>
      expect(r.findByTestId(NumberInput, 'scoring.bands.healthy').props.validationMessage).toBe(
        'healthy (30) must be above monitor (40)',
      ),
    );
    expect(r.findByTestId(NumberInput, 'scoring.bands.healthy').props.error).toBe(true);
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);
    expect(r.findByTestId(Alert, 'problems').props.title).toBe('1 problem to fix before saving');

    change(r.findByTestId(Input, 'renewals.renewalNamePattern'), 'renew(');
    await r.waitFor(() =>
      expect(r.findByTestId(Input, 'renewals.renewalNamePattern').props.validationMessage).toMatch(
        /invalid regular expression/,
      ),
    );
    change(r.findByTestId(NumberInput, 'scoring.groups.0.weight'), -5);
    await r.waitFor(() =>
      expect(r.findByTestId(NumberInput, 'scoring.groups.0.weight').props.validationMessage).toBe(
        'weight must not be negative',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(api.previewSettings).not.toHaveBeenCalled();
  });

  it('previews the band distribution for the edited settings, debounced to the latest edit', async () => {
    const api = fakeApi({
      getSettings: async () => buildSettingsView(),
      previewSettings: async () => buildPreview(),
    });
    const r = await renderSettings(api, 50);
    change(r.findByTestId(NumberInput, 'scoring.groups.1.weight'), 30);
    change(r.findByTestId(NumberInput, 'scoring.groups.1.weight'), 40);
    await r.waitFor(() => r.findByTestId(BarChart, 'preview-chart'));
    expect(api.previewSettings).toHaveBeenCalledTimes(1);
    expect(api.previewSettings.mock.calls[0]![0].settings.scoring.groups[1]!.weight).toBe(40);
    expect(r.findByTestId(Text, 'preview-summary').text).toBe(
      '6 of 40 companies would change band · average health 64 → 60',
    );
    expect(r.findByTestId(BarChart, 'preview-chart').props.data).toContainEqual({
      band: 'At risk',
      version: 'Proposed',
      companies: 8,
    });
    expect(r.findByTestId(BarChart, 'preview-chart').props.data).toContainEqual({
      band: 'At risk',
      version: 'Current',
      companies: 6,
    });
  });

  it('saves with the expected version and shows the saved state', async () => {
    const saved = buildSettingsView({ version: 4 });
    const api = fakeApi({
      getSettings: async () => buildSettingsView(),
      previewSettings: async () => buildPreview(),
      saveSettings: async () => saved,
    });
    const r = await renderSettings(api);
    change(r.findByTestId(Toggle, 'writeBack.enabled'), false);
    await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(false));
    r.findByTestId(Button, 'save').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Alert, 'saved'));
    const body = api.saveSettings.mock.calls[0]![0];
    expect(body.expectedVersion).toBe(3);
    expect(body.settings.writeBack.enabled).toBe(false);
  });

  it("puts the server's field messages next to the fields", async () => {
    const api = fakeApi({
      getSettings: async () => buildSettingsView(),
      previewSettings: async () => buildPreview(),
      saveSettings: () =>
        Promise.reject(
          new ApiError('validation_failed', 'invalid', {
            fields: [{ path: 'windows.npsDays', message: 'NPS window must be at most 730 days' }],
          }),
        ),
    });
    const r = await renderSettings(api);
    change(r.findByTestId(NumberInput, 'windows.npsDays'), 900);
    await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(false));
    r.findByTestId(Button, 'save').trigger('onClick');
    await r.waitFor(() =>
      expect(r.findByTestId(NumberInput, 'windows.npsDays').props.validationMessage).toBe(
        'NPS window must be at most 730 days',
      ),
    );
    expect(r.findByTestId(Alert, 'save-error').text).toContain('Some fields need attention');
  });

  it('explains a conflict and reloads the newer version', async () => {
    const api = fakeApi({
      getSettings: async () => buildSettingsView(),
      previewSettings: async () => buildPreview(),
      saveSettings: () => Promise.reject(new ApiError('conflict', 'stale version')),
    });
    const r = await renderSettings(api);
    change(r.findByTestId(NumberInput, 'windows.npsDays'), 90);
    await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(false));
    r.findByTestId(Button, 'save').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Alert, 'save-error'));
    expect(r.findByTestId(Alert, 'save-error').props.title).toBe('Changed by someone else');
    api.getSettings.mockResolvedValueOnce(
      buildSettingsView({ version: 5, settings: { windows: { npsDays: 120 } } }),
    );
    r.findByTestId(Alert, 'save-error').find(Button).trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(NumberInput, 'windows.npsDays').props.value).toBe(120));
  });

  it('starts a sync on "Sync now" and shows it running', async () => {
    const api = fakeApi({
      getSettings: async () =>
        buildSettingsView({
          sync: buildSyncStatus({ lastRun: { status: 'failed', error: 'HubSpot answered 503 three times' } }),
        }),
      syncNow: async () =>
        buildSyncStatus({ state: 'running', progress: { phase: 'deals', done: 300, total: null } }),
    });
    const r = await renderSettings(api);
    expect(r.findByTestId(Alert, 'sync-error').text).toBe('HubSpot answered 503 three times');
    r.findByTestId(Button, 'sync-now').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(StatusTag, 'sync-state').text).toBe('Syncing'));
    expect(api.syncNow).toHaveBeenCalledTimes(1);
    expect(r.findByTestId(Button, 'sync-now').props.disabled).toBe(true);
    expect(allText(r.getRootNode())).toContain('deals: 300');
  });
});
