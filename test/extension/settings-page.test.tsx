import { describe, expect, it } from 'vitest';
import {
  Alert,
  BarChart,
  Button,
  Flex,
  Input,
  NumberInput,
  ProgressBar,
  StatusTag,
  TableRow,
  Text,
  Toggle,
} from '@hubspot/ui-extensions';
import type { RecomputeStatus } from '@pulse/shared';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { ApiError, SettingsPage } from '@pulse/views';
import { NOW, allText, buildPreview, buildSettingsView, buildSyncStatus, change, fakeApi } from './fixtures';

async function renderSettings(api: ReturnType<typeof fakeApi>, previewDelayMs = 20) {
  const r = createRenderer('settings');
  r.render(<SettingsPage api={api} now={() => NOW} previewDelayMs={previewDelayMs} pollMs={5} />);
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
        'Must be 0 or more',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(api.previewSettings).not.toHaveBeenCalled();
  });

  it('refuses out-of-range and non-numbers in plain words instead of clamping them, and keeps Save disabled', async () => {
    const api = fakeApi({ getSettings: async () => buildSettingsView() });
    const r = await renderSettings(api);
    const input = (id: string) => r.findByTestId(NumberInput, id);
    // no min/max reach the input, so no host can clamp −5 to 0 or 150 to 100 behind the admin's back
    expect(input('scoring.bands.healthy').props).not.toHaveProperty('max');
    change(input('scoring.bands.healthy'), 150);
    await r.waitFor(() =>
      expect(input('scoring.bands.healthy').props.validationMessage).toBe('Enter 0 to 100 points'),
    );
    expect(input('scoring.bands.healthy').props.value).toBe(150);
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);

    change(input('scoring.bands.healthy'), 70);
    change(input('financial.grossMargin'), -5);
    await r.waitFor(() =>
      expect(input('financial.grossMargin').props.validationMessage).toBe('Enter 0 to 100%'),
    );
    expect(input('financial.grossMargin').props.value).toBe(-5);

    change(input('financial.grossMargin'), 80);
    // what a host reports for "abc" (the web host's NumberInput) or a cleared field
    change(input('windows.npsDays'), Number.NaN);
    await r.waitFor(() => expect(input('windows.npsDays').props.validationMessage).toBe('Enter a number'));
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);
    expect(allText(r.getRootNode())).not.toMatch(/\bexpected\b|\breceived\b|\bNaN\b/);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(api.saveSettings).not.toHaveBeenCalled();
  });

  it("shows each group's weight as its share of the health score, and each measure's within its group", async () => {
    const r = await renderSettings(fakeApi({ getSettings: async () => buildSettingsView() }));
    // default weights 30 / 25 / 20 / 25 (adoption 0, unmapped); four equally weighted sentiment measures
    expect(r.findByTestId(NumberInput, 'scoring.groups.0.weight').props.description).toBe(
      '30% of the health score',
    );
    expect(r.findByTestId(NumberInput, 'scoring.groups.0.measures.0.weight').props.description).toBe(
      '25% of Sentiment',
    );
    change(r.findByTestId(NumberInput, 'scoring.groups.0.weight'), 0);
    await r.waitFor(() =>
      expect(r.findByTestId(NumberInput, 'scoring.groups.0.weight').props.description).toBe(
        '0% of the health score: not counted',
      ),
    );
    // the other groups now share the whole score: support 25 of 70
    expect(r.findByTestId(NumberInput, 'scoring.groups.1.weight').props.description).toBe(
      '35.7% of the health score',
    );
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
      '6 of 40 companies would change band, 1 renewal-risk level · average health 64 → 60',
    );
    // each company that would change is named, with its band, score and risk level before → after
    const rows = r.findByTestId(Flex, 'preview-changes').findAll(TableRow);
    expect(rows.map((row) => allText(row))).toEqual([
      'CompanyBandHealth scoreRenewal risk',
      'Acme CorpHealthy → Monitor72 → 64Low → Medium',
    ]);
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

  it('saves and recomputes now: progress next to the Save button, then what changed', async () => {
    const saved = buildSettingsView({ version: 4 });
    const status = (over: Partial<RecomputeStatus>): RecomputeStatus => ({
      state: 'running',
      version: 4,
      done: 0,
      total: 40,
      startedAt: new Date(NOW).toISOString(),
      progressAt: null,
      finishedAt: null,
      bandChanged: null,
      riskChanged: null,
      error: null,
      ...over,
    });
    const answers = [
      status({ version: 3, state: 'done' }), // the previous save's, before ours is recorded
      status({ done: 20 }),
      status({
        state: 'done',
        done: 40,
        finishedAt: new Date(NOW).toISOString(),
        bandChanged: 6,
        riskChanged: 1,
      }),
    ];
    const api = fakeApi({
      getSettings: async () => buildSettingsView(),
      previewSettings: async () => buildPreview(),
      saveSettings: async () => saved,
      getRecomputeStatus: async () =>
        answers.shift() ?? status({ state: 'done', done: 40, bandChanged: 6, riskChanged: 1 }),
    });
    const r = await renderSettings(api);
    expect(r.findByTestId(Button, 'save').text).toBe('Save and recompute now');
    change(r.findByTestId(Toggle, 'writeBack.enabled'), false);
    await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(false));
    r.findByTestId(Button, 'save').trigger('onClick');
    await r.waitFor(() =>
      expect(r.findByTestId(ProgressBar, 'recompute-progress').props.valueDescription).toBe(
        '20 of 40 companies',
      ),
    );
    await r.waitFor(() =>
      expect(r.findByTestId(Alert, 'saved').props.title).toBe('Settings saved and applied'),
    );
    expect(r.findByTestId(Alert, 'saved').text).toBe(
      '40 companies recomputed with version 4: 6 changed band, 1 changed renewal-risk level. The history marks the change.',
    );
    expect(allText(r.getRootNode())).not.toContain('next sync');
    const body = api.saveSettings.mock.calls[0]![0];
    expect(body.expectedVersion).toBe(3);
    expect(body.settings.writeBack.enabled).toBe(false);
    const calls = api.getRecomputeStatus.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(api.getRecomputeStatus.mock.calls.length).toBe(calls); // done: polling stopped
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

  it('follows the sync it started live and shows the new result when it ends', async () => {
    const before = buildSyncStatus();
    const running = (done: number) =>
      buildSyncStatus({ state: 'running', progress: { phase: 'companies', done, total: 1200 } });
    const finished = buildSyncStatus({
      state: 'idle',
      lastRun: {
        id: 'run-new',
        kind: 'incremental',
        status: 'succeeded',
        records: { companies: 12, deals: 3 },
      },
    });
    const polls = [running(300), running(900), finished];
    const api = fakeApi({
      getSettings: async () => buildSettingsView({ sync: before }),
      syncNow: async () => before, // queued: the server still reports the previous run
      getSyncStatus: async () => polls.shift() ?? finished,
    });
    const r = await renderSettings(api);
    expect(before.lastRun?.id).not.toBe('run-new');
    r.findByTestId(Button, 'sync-now').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Text, 'sync-progress').text).toBe('companies: 900 of 1,200'));
    expect(r.findByTestId(Button, 'sync-now').props.disabled).toBe(true);
    await r.waitFor(() => r.findByTestId(Alert, 'sync-finished'));
    expect(r.findByTestId(Alert, 'sync-finished').text).toBe(
      'The incremental sync you started is done: 12 companies, 3 deals. Scores are up to date.',
    );
    expect(r.findByTestId(StatusTag, 'sync-state').text).toBe('Up to date');
    expect(r.findByTestId(Button, 'sync-now').props.disabled).toBe(false);
  });
});
