import { describe, expect, it } from 'vitest';
import { Alert, Button, Input, NumberInput, Select, StatusTag, Text, Toggle } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { defaultSettings, type Settings, parseSettings } from '@pulse/shared';
import { SettingsPage } from '@pulse/views';
import {
  mapAdoptionProperty,
  withDirection,
  withStepAdded,
  exampleRule,
} from '../../extension/views/settings/adoption-mapping';
import { resetSection } from '../../extension/views/settings/reset-section';
import { NOW, allText, buildPreview, buildSettingsView, change, fakeApi } from './fixtures';

const PROPERTIES = [
  { name: 'licence_utilisation', label: 'Licence utilisation' },
  { name: 'active_users', label: 'Active users' },
  { name: 'hs_arr', label: 'Annual recurring revenue' },
];
const ADOPTION = 4; // index of the adoption group in the default model

function withLicenceMapped(): Settings {
  return mapAdoptionProperty(structuredClone(defaultSettings), PROPERTIES[0]!);
}

function editableApi(settings: Settings = structuredClone(defaultSettings)) {
  return fakeApi({
    getSettings: async () => buildSettingsView({ settings, numericCompanyProperties: PROPERTIES }),
    previewSettings: async () => buildPreview(),
    saveSettings: async (body) => buildSettingsView({ settings: body.settings, version: 4 }),
  });
}

async function renderSettings(api: ReturnType<typeof fakeApi>) {
  const r = createRenderer('settings');
  r.render(<SettingsPage api={api} now={() => NOW} previewDelayMs={10} />);
  await r.waitFor(() => r.findByTestId(NumberInput, 'scoring.bands.healthy'));
  return r;
}

async function saveAndGetBody(
  r: Awaited<ReturnType<typeof renderSettings>>,
  api: ReturnType<typeof fakeApi>,
) {
  await r.waitFor(() => expect(r.findByTestId(Button, 'save').props.disabled).toBe(false));
  r.findByTestId(Button, 'save').trigger('onClick');
  await r.waitFor(() => expect(api.saveSettings).toHaveBeenCalledTimes(1));
  return api.saveSettings.mock.calls[0]![0];
}

describe('settings page: adoption mapping', () => {
  it('maps a property as an adoption measure with the example steps and gives the group a weight', async () => {
    const api = editableApi();
    const r = await renderSettings(api);
    expect(r.findByTestId(Text, 'adoption-not-mapped').text).toContain('does not count in the health score');
    expect(r.findByTestId(Button, 'adoption.map').props.disabled).toBe(true);

    change(r.findByTestId(Select, 'adoption.add-property'), 'licence_utilisation');
    await r.waitFor(() => expect(r.findByTestId(Button, 'adoption.map').props.disabled).toBe(false));
    r.findByTestId(Button, 'adoption.map').trigger('onClick');

    const m = `scoring.groups.${ADOPTION}.measures.0`;
    await r.waitFor(() =>
      expect(r.findByTestId(Select, `${m}.signal`).props.value).toBe('licence_utilisation'),
    );
    expect(r.findByTestId(NumberInput, `scoring.groups.${ADOPTION}.weight`).props.value).toBe(15);
    expect(r.findByTestId(Input, `${m}.label`).props.value).toBe('Licence utilisation');
    expect(r.findByTestId(Text, 'adoption-measure-0.summary').text).toContain(
      '≥ 80 → 100, ≥ 50 → 60, less → 20 points',
    );
    // The mapped property is no longer offered a second time.
    expect(r.findByTestId(Select, 'adoption.add-property').props.options.map((o) => o.value)).toEqual([
      'active_users',
      'hs_arr',
    ]);

    change(r.findByTestId(Input, `${m}.label`), 'Seats used');
    change(r.findByTestId(NumberInput, `${m}.rule.steps.0.min`), 90);
    change(r.findByTestId(NumberInput, `scoring.groups.${ADOPTION}.weight`), 20);
    // The preview is computed with the mapping before anything is saved.
    await r.waitFor(() => expect(api.previewSettings).toHaveBeenCalled());
    const previewed = api.previewSettings.mock.calls.at(-1)![0].settings.scoring.groups[ADOPTION]!;
    expect(previewed.measures[0]!.signal).toBe('adoption:licence_utilisation');

    const body = await saveAndGetBody(r, api);
    const group = body.settings.scoring.groups.find((g) => g.key === 'adoption')!;
    expect(group.weight).toBe(20);
    expect(group.measures).toEqual([
      {
        key: 'adoption_licence_utilisation',
        label: 'Seats used',
        signal: 'adoption:licence_utilisation',
        weight: 1,
        rule: {
          kind: 'steps',
          direction: 'higher_is_better',
          steps: [
            { min: 90, points: 100 },
            { min: 50, points: 60 },
          ],
          otherwise: 20,
        },
      },
    ]);
  });

  it('switches direction to the mirrored steps and saves them', async () => {
    const api = editableApi(withLicenceMapped());
    const r = await renderSettings(api);
    const m = `scoring.groups.${ADOPTION}.measures.0`;
    change(r.findByTestId(Select, `${m}.rule.direction`), 'lower_is_better');
    await r.waitFor(() => expect(r.findByTestId(NumberInput, `${m}.rule.steps.0.max`).props.value).toBe(50));
    expect(r.findByTestId(Text, 'adoption-measure-0.summary').text).toContain(
      '≤ 50 → 100, ≤ 80 → 60, more → 20',
    );
    const body = await saveAndGetBody(r, api);
    expect(body.settings.scoring.groups[ADOPTION]!.measures[0]!.rule).toEqual({
      kind: 'steps',
      direction: 'lower_is_better',
      steps: [
        { max: 50, points: 100 },
        { max: 80, points: 60 },
      ],
      otherwise: 20,
    });
  });

  it('removes a mapping and sets the adoption weight back to 0', async () => {
    const api = editableApi(withLicenceMapped());
    const r = await renderSettings(api);
    expect(r.findByTestId(NumberInput, `scoring.groups.${ADOPTION}.weight`).props.value).toBe(15);
    r.findByTestId(Button, 'adoption-measure-0.remove').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Text, 'adoption-not-mapped'));
    expect(r.maybeFindByTestId(Select, `scoring.groups.${ADOPTION}.measures.0.signal`)).toBeNull();
    const body = await saveAndGetBody(r, api);
    expect(body.settings.scoring.groups[ADOPTION]).toMatchObject({
      key: 'adoption',
      weight: 0,
      measures: [],
    });
  });

  it('says where properties come from when HubSpot has none', async () => {
    const api = fakeApi({ getSettings: async () => buildSettingsView({ numericCompanyProperties: [] }) });
    const r = await renderSettings(api);
    expect(r.findByTestId(Text, 'adoption-no-properties').text).toContain('after the next sync');
    expect(r.maybeFindByTestId(Select, 'adoption.add-property')).toBeNull();
  });
});

describe('settings page: revenue, risk, surveys', () => {
  it('saves the ARR property and the gross margin as a share', async () => {
    const api = editableApi();
    const r = await renderSettings(api);
    const arr = r.findByTestId(Select, 'financial.arrProperty');
    expect(arr.props.value).toBe('');
    expect(arr.props.options[0]!.label).toBe('None: from closed-won deals');
    expect(r.findByTestId(NumberInput, 'financial.grossMargin').props.value).toBe(80);
    change(arr, 'hs_arr');
    change(r.findByTestId(NumberInput, 'financial.grossMargin'), 72.5);
    const body = await saveAndGetBody(r, api);
    expect(body.settings.financial).toEqual({ arrProperty: 'hs_arr', grossMargin: 0.725 });
  });

  it('saves "from closed-won deals" as no ARR property', async () => {
    const settings = structuredClone(defaultSettings);
    settings.financial.arrProperty = 'hs_arr';
    const api = editableApi(settings);
    const r = await renderSettings(api);
    expect(r.findByTestId(Select, 'financial.arrProperty').props.value).toBe('hs_arr');
    change(r.findByTestId(Select, 'financial.arrProperty'), '');
    const body = await saveAndGetBody(r, api);
    expect(body.settings.financial.arrProperty).toBeNull();
  });

  it('shows each risk rule in plain words and saves an edit', async () => {
    const api = editableApi();
    const r = await renderSettings(api);
    expect(r.findByTestId(Text, 'risk-rule-detractor').text).toBe(
      'Detractor response in the last 90 days: +15',
    );
    expect(r.findByTestId(Text, 'risk-rule-stale').text).toBe(
      'Open renewal due within 60 days whose stage has not changed for 30+ days: +10',
    );
    expect(r.findByTestId(Text, 'risk-rule-levels').text).toBe(
      'Low under 25 · Medium 25+ · High 50+ · Critical 75+',
    );
    change(r.findByTestId(NumberInput, 'risk.detractorPoints'), 25);
    change(r.findByTestId(NumberInput, 'risk.detractorDays'), 60);
    await r.waitFor(() =>
      expect(r.findByTestId(Text, 'risk-rule-detractor').text).toBe(
        'Detractor response in the last 60 days: +25',
      ),
    );
    const body = await saveAndGetBody(r, api);
    expect(body.settings.risk).toEqual({ ...defaultSettings.risk, detractorPoints: 25, detractorDays: 60 });
  });

  it('saves survey scales, CES direction and the windows', async () => {
    const api = editableApi();
    const r = await renderSettings(api);
    change(r.findByTestId(NumberInput, 'surveys.csatScale.max'), 10);
    change(r.findByTestId(Select, 'surveys.cesHigherIsEasier'), false);
    change(r.findByTestId(NumberInput, 'windows.agingTicketDays'), 21);
    change(r.findByTestId(NumberInput, 'scoring.lowConfidenceBelow'), 40);
    await r.waitFor(() => expect(r.findByTestId(Text, 'csat-summary').text).toContain('(9 and 10 on 1–10)'));
    expect(r.findByTestId(Text, 'ces-summary').text).toContain('1 is the least effort');
    const body = await saveAndGetBody(r, api);
    expect(body.settings.surveys).toEqual({
      csatScale: { min: 1, max: 10 },
      cesScale: { min: 1, max: 7 },
      cesHigherIsEasier: false,
    });
    expect(body.settings.windows.agingTicketDays).toBe(21);
    expect(body.settings.scoring.lowConfidenceBelow).toBe(0.4);
  });

  it('shows an invalid value next to its field and blocks saving', async () => {
    const api = editableApi();
    const r = await renderSettings(api);
    change(r.findByTestId(NumberInput, 'surveys.cesScale.min'), 7);
    await r.waitFor(() =>
      expect(r.findByTestId(NumberInput, 'surveys.cesScale.max').props.validationMessage).toBe(
        'max (7) must be above min (7)',
      ),
    );
    expect(r.findByTestId(NumberInput, 'surveys.cesScale.max').props.error).toBe(true);
    expect(r.findByTestId(Alert, 'problems').text).toBe('Surveys: max (7) must be above min (7)');
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);

    change(r.findByTestId(NumberInput, 'surveys.cesScale.min'), 1);
    change(r.findByTestId(NumberInput, 'risk.noContactPoints'), -5);
    await r.waitFor(() =>
      expect(r.findByTestId(NumberInput, 'risk.noContactPoints').props.validationMessage).toBe(
        'Enter 0 to 100 risk points',
      ),
    );
    expect(r.findByTestId(NumberInput, 'surveys.cesScale.max').props.validationMessage).toBeUndefined();
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(api.previewSettings).not.toHaveBeenCalled();
    expect(api.saveSettings).not.toHaveBeenCalled();
  });

  it('shows a problem without a field of its own in its section (adoption steps out of order)', async () => {
    const api = editableApi(withLicenceMapped());
    const r = await renderSettings(api);
    const rule = `scoring.groups.${ADOPTION}.measures.0.rule`;
    change(r.findByTestId(NumberInput, `${rule}.steps.1.min`), 85);
    await r.waitFor(() =>
      expect(r.findByTestId(Text, `${rule}.steps.problem`).text).toContain('strictly decreasing min'),
    );
    expect(r.findByTestId(Button, 'save').props.disabled).toBe(true);
  });
});

describe('settings page: reset to defaults', () => {
  it('restores one section, previews it before saving, and leaves the others alone', async () => {
    const settings = withLicenceMapped();
    settings.risk.detractorPoints = 30;
    settings.risk.levels.critical = 90;
    settings.windows.npsDays = 120;
    const api = editableApi(settings);
    const r = await renderSettings(api);
    expect(r.findByTestId(Button, 'reset-surveys').props.disabled).toBe(false);
    expect(r.findByTestId(Button, 'reset-renewals').props.disabled).toBe(true);

    r.findByTestId(Button, 'reset-risk').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(NumberInput, 'risk.detractorPoints').props.value).toBe(15));
    expect(r.findByTestId(NumberInput, 'risk.levels.critical').props.value).toBe(75);
    expect(r.findByTestId(Button, 'reset-risk').props.disabled).toBe(true);
    expect(r.findByTestId(NumberInput, 'windows.npsDays').props.value).toBe(120);
    await r.waitFor(() => expect(api.previewSettings).toHaveBeenCalled());
    expect(api.previewSettings.mock.calls.at(-1)![0].settings.risk).toEqual(defaultSettings.risk);

    // Resetting the health score keeps the adoption mapping, and the other way round.
    change(r.findByTestId(NumberInput, 'scoring.groups.0.weight'), 50);
    r.findByTestId(Button, 'reset-health').trigger('onClick');
    await r.waitFor(() =>
      expect(r.findByTestId(NumberInput, 'scoring.groups.0.weight').props.value).toBe(30),
    );
    expect(r.findByTestId(Select, `scoring.groups.${ADOPTION}.measures.0.signal`).props.value).toBe(
      'licence_utilisation',
    );

    const body = await saveAndGetBody(r, api);
    expect(body.settings.risk).toEqual(defaultSettings.risk);
    expect(body.settings.windows.npsDays).toBe(120);
    expect(body.settings.scoring.groups[ADOPTION]!.measures).toHaveLength(1);
  });

  it('resets adoption without touching the health groups', async () => {
    const settings = withLicenceMapped();
    settings.scoring.groups[0]!.weight = 50;
    const api = editableApi(settings);
    const r = await renderSettings(api);
    r.findByTestId(Button, 'reset-adoption').trigger('onClick');
    await r.waitFor(() => r.findByTestId(Text, 'adoption-not-mapped'));
    expect(r.findByTestId(NumberInput, 'scoring.groups.0.weight').props.value).toBe(50);
  });
});

describe('settings page: read-only', () => {
  it('shows every setting without an editable input or an edit button', async () => {
    const settings = withLicenceMapped();
    const api = fakeApi({
      getSettings: async () =>
        buildSettingsView({ settings, canEdit: false, numericCompanyProperties: PROPERTIES }),
      getAdmins: async () => ({ installerUserId: 11, userIds: [42], isAdmin: false }),
    });
    const r = await renderSettings(api);
    const inputs = [...r.findAll(NumberInput), ...r.findAll(Input), ...r.findAll(Select)];
    expect(inputs.length).toBeGreaterThan(60);
    expect(inputs.filter((node) => node.props.readOnly !== true).map((node) => node.props.testId)).toEqual(
      [],
    );
    expect(r.findAll(Toggle).every((node) => node.props.readOnly === true)).toBe(true);
    // No save, reset, map, remove or "Sync now" (the server refuses a sync to non-editors); the status still shows.
    expect(r.findAll(Button).map((node) => node.props.testId)).toEqual([]);
    expect(r.findByTestId(StatusTag, 'sync-state').text).toBe('Up to date');
    expect(r.findByTestId(Select, `scoring.groups.${ADOPTION}.measures.0.signal`).props.value).toBe(
      'licence_utilisation',
    );
    expect(allText(r.getRootNode())).toContain('Detractor response in the last 90 days: +15');
  });
});

describe('settings helpers', () => {
  it('keeps added and mirrored steps valid for parseSettings', () => {
    const rule = exampleRule();
    const lower = withDirection(rule, 'lower_is_better');
    for (const next of [
      withStepAdded(rule),
      lower,
      withStepAdded(lower),
      withStepAdded(withStepAdded(lower)),
    ]) {
      const settings = withLicenceMapped();
      settings.scoring.groups[ADOPTION]!.measures[0]!.rule = next;
      expect(parseSettings(settings)).toMatchObject({ success: true });
    }
    expect(withDirection(withDirection(rule, 'lower_is_better'), 'higher_is_better')).toEqual(rule);
  });

  it('maps a second property without changing the weight the admin set', () => {
    const once = withLicenceMapped();
    once.scoring.groups[ADOPTION]!.weight = 5;
    const twice = mapAdoptionProperty(once, PROPERTIES[1]!);
    expect(twice.scoring.groups[ADOPTION]!.weight).toBe(5);
    expect(twice.scoring.groups[ADOPTION]!.measures.map((m) => m.key)).toEqual([
      'adoption_licence_utilisation',
      'adoption_active_users',
    ]);
    expect(parseSettings(twice).success).toBe(true);
  });

  it('adds the adoption group when the model has none', () => {
    const settings = structuredClone(defaultSettings);
    settings.scoring.groups = settings.scoring.groups.filter((g) => g.key !== 'adoption');
    const mapped = mapAdoptionProperty(settings, PROPERTIES[0]!);
    expect(mapped.scoring.groups.at(-1)).toMatchObject({ key: 'adoption', weight: 15 });
    expect(resetSection('adoption', mapped, defaultSettings).scoring.groups.at(-1)).toEqual(
      defaultSettings.scoring.groups[ADOPTION],
    );
  });
});
