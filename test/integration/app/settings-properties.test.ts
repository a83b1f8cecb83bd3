import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ZSettingsView, defaultSettings } from '@pulse/shared';
import { loadManifest } from '../../../server/src/services/manifest';
import { isMappableProperty, PROPERTY_CATALOGUE_TTL_MS } from '../../../server/src/services/settings';
import { buildHarness, PORTAL_A, signedRequest, type Harness } from './harness';

let h: Harness;
afterEach(() => h.close());

const PROPERTIES_ENDPOINT = 'GET /crm/v3/properties/companies';

/** Installs PORTAL_A through OAuth, as a user would: tokens the sandbox accepts, Pulse's properties created. */
const install = async () => {
  const res = await request(h.app).get('/oauth/install');
  const state = new URL(res.headers.location ?? '').searchParams.get('state') ?? '';
  const code = h.sandbox.oauth.issueCode(PORTAL_A, loadManifest().auth.requiredScopes);
  const callback = await request(h.app).get(
    `/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`,
  );
  expect(callback.status).toBe(200);
};

/** `at`: the app's clock, which the request's signature timestamp must agree with */
const settingsPage = async (at = Date.now()) => {
  const res = await signedRequest(h.app, 'GET', '/api/v1/settings', { timestamp: at }).req;
  expect(res.status).toBe(200);
  return ZSettingsView.parse(res.body);
};

const propertyReads = () => h.sandbox.stats(PORTAL_A).byEndpoint[PROPERTIES_ENDPOINT] ?? 0;

describe('settings page: numeric company properties', () => {
  it("lists the portal's numeric properties, not Pulse's own, and re-reads them after 10 minutes", async () => {
    let clock = Date.now();
    h = await buildHarness({ now: () => clock });
    await install();
    // write-back's properties exist in the portal (numeric ones among them), so leaving them out is a real rule
    const portal = h.sandbox.dataset(PORTAL_A);
    expect(
      portal.companyProperties
        .filter((p) => p.name === 'pulse_health_score' || p.name === 'pulse_nps')
        .map((p) => p.type),
    ).toEqual(['number', 'number']);

    const view = await settingsPage();
    const names = view.numericCompanyProperties.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'pulse_license_utilization',
        'pulse_active_users',
        'annualrevenue',
        'numberofemployees',
        'num_associated_contacts',
      ]),
    );
    expect(view.numericCompanyProperties).toContainEqual({
      name: 'pulse_license_utilization',
      label: 'Licence utilisation (%)',
    });
    for (const own of ['pulse_health_score', 'pulse_nps', 'pulse_health_band', 'pulse_last_computed'])
      expect(names).not.toContain(own);
    for (const notNumeric of ['name', 'industry', 'notes_last_contacted'])
      expect(names).not.toContain(notNumeric);
    // numeric, but an identifier (HubSpot's unique-value "Record ID"): never offered as ARR or adoption
    expect(portal.companyProperties.find((p) => p.name === 'hs_object_id')?.type).toBe('number');
    expect(names).not.toContain('hs_object_id');
    expect(view.numericCompanyProperties.map((p) => p.label)).not.toContain('Record ID');
    expect(view.warning ?? null).toBeNull();
    expect(propertyReads()).toBe(1);

    // an admin adds a property in HubSpot: the cached list serves the next loads, a later one shows it
    portal.companyProperties.push({
      ...portal.companyProperties.find((p) => p.name === 'pulse_active_users')!,
      name: 'seats_purchased',
      label: 'Seats purchased',
    });
    expect((await settingsPage()).numericCompanyProperties.map((p) => p.name)).not.toContain(
      'seats_purchased',
    );
    expect(propertyReads()).toBe(1);
    clock += PROPERTY_CATALOGUE_TTL_MS + 1;
    expect((await settingsPage(clock)).numericCompanyProperties).toContainEqual({
      name: 'seats_purchased',
      label: 'Seats purchased',
    });
    expect(propertyReads()).toBe(2);
  });

  it('still opens when HubSpot refuses, with the mapped properties and a warning', async () => {
    h = await buildHarness();
    await install();
    await h.store
      .forPortal(PORTAL_A)
      .settings.save(
        { ...defaultSettings, financial: { ...defaultSettings.financial, arrProperty: 'contract_arr' } },
        { expectedVersion: 0, updatedBy: null, now: Date.now() },
      );
    h.sandbox.oauth.revoke(PORTAL_A); // uninstalled in HubSpot: every call answers 401, the refresh is refused

    const view = await settingsPage();
    expect(view.numericCompanyProperties).toEqual([{ name: 'contract_arr', label: 'contract_arr' }]);
    expect(view.warning).toMatch(/could not be read from HubSpot/);
    expect(view.warning).toMatch(/refused the refresh token/);
    // the 401 led to one refresh, which HubSpot refused: the installation is disconnected at once
    expect((await h.store.forPortal(PORTAL_A).installation.get())?.status).toBe('disconnected');
    expect(view.settings.financial.arrProperty).toBe('contract_arr');
  });
});

describe('isMappableProperty', () => {
  const number = (name: string, label: string, unique?: boolean) => ({
    name,
    label,
    type: 'number',
    ...(unique === undefined ? {} : { unique }),
  });
  it.each([
    [number('annualrevenue', 'Annual revenue'), true],
    [number('pulse_license_utilization', 'Licence utilisation (%)'), true],
    [number('num_associated_contacts', 'Number of associated contacts'), true],
    [number('seats_purchased', 'Seats purchased'), true],
    [number('hs_object_id', 'Record ID', true), false],
    [number('erp_customer_id', 'ERP customer'), false],
    [number('legacy_ref', 'Legacy ID'), false],
    [number('contract_start_date', 'Contract start'), false],
    [number('hs_time_in_customer', 'Time in Customer'), false],
    [number('last_login_timestamp', 'Last login'), false],
    [number('pulse_health_score', 'Pulse health score'), false],
    [{ name: 'industry', label: 'Industry', type: 'enumeration' }, false],
  ])('%o → %s', (property, expected) => {
    expect(isMappableProperty(property)).toBe(expected);
  });
});
