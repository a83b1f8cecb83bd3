import { describe, expect, it } from 'vitest';
import { Alert, Link, NumberInput, ScoreCircle, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { UnavailableSource } from '@pulse/shared';
import { CompanyHealthCard, PortfolioPage, SettingsPage } from '@pulse/views';
import { NOW, buildPortfolioView, buildReadyView, buildSettingsView, fakeApi } from './fixtures';

const NO_SURVEYS: UnavailableSource = {
  source: 'surveys',
  reason: 'not_granted',
  scopes: ['crm.objects.feedback_submissions.read'],
};
const NO_TICKETS: UnavailableSource = { source: 'tickets', reason: 'refused', scopes: ['tickets'] };
const REAUTHORIZE = 'https://pulse.test/oauth/install';

const renderCard = async (unavailableSources: UnavailableSource[] | undefined) => {
  const r = createRenderer('crm.record.tab');
  const view = { ...buildReadyView(), ...(unavailableSources ? { unavailableSources } : {}) };
  r.render(
    <CompanyHealthCard
      api={fakeApi({ getCompanyHealth: async () => view })}
      companyId="101"
      now={() => NOW}
    />,
  );
  await r.waitFor(() => r.find(ScoreCircle));
  return r;
};

const renderSettings = async (canEdit: boolean) => {
  const r = createRenderer('settings');
  const view = {
    ...buildSettingsView({ canEdit }),
    unavailableSources: [NO_SURVEYS],
    reauthorizeUrl: REAUTHORIZE,
  };
  r.render(
    <SettingsPage api={fakeApi({ getSettings: async () => view })} now={() => NOW} previewDelayMs={20} />,
  );
  await r.waitFor(() => r.findByTestId(NumberInput, 'scoring.bands.healthy'));
  return r;
};

describe('unavailable HubSpot data, said plainly', () => {
  it('the card says which data the account does not give Pulse, why, and what the score does instead', async () => {
    const r = await renderCard([NO_SURVEYS, NO_TICKETS]);
    expect(r.findByTestId(Alert, 'unavailable-sources').props.title).toBe(
      'Some HubSpot data is not available to Pulse',
    );
    expect(r.findByTestId(Text, 'unavailable-surveys').text).toBe(
      'NPS and CSAT need HubSpot feedback surveys (Service Hub Professional): this HubSpot account did not grant Pulse that access (its subscription may not include it), so NPS and CSAT count as missing data (neutral) in the health score.',
    );
    expect(r.findByTestId(Text, 'unavailable-tickets').text).toBe(
      'Support metrics need HubSpot tickets (Service Hub): HubSpot refused Pulse access to it, so support counts as missing data (neutral) in the health score.',
    );
    // the card is no place to re-authorize: that is for admins, on the settings page
    expect(r.maybeFind(Link, { testId: 'reauthorize' })).toBeNull();
  });

  it('the card shows no notice when every source is there', async () => {
    for (const sources of [undefined, []]) {
      const r = await renderCard(sources);
      expect(r.maybeFindByTestId(Alert, 'unavailable-sources')).toBeNull();
    }
  });

  it('the portfolio says it too', async () => {
    const r = createRenderer('pages');
    const view = { ...buildPortfolioView(), unavailableSources: [NO_TICKETS] };
    r.render(
      <PortfolioPage
        api={fakeApi({ getPortfolio: async () => view })}
        recordUrl={(id) => `/r/${id}`}
        now={() => NOW}
      />,
    );
    await r.waitFor(() => r.findByTestId(Text, 'page-info'));
    expect(r.findByTestId(Text, 'unavailable-tickets').text).toContain(
      'Support metrics need HubSpot tickets',
    );
  });

  it('the settings page offers admins the re-authorize link, and only admins', async () => {
    const admin = await renderSettings(true);
    expect(admin.findByTestId(Text, 'unavailable-surveys').text).toContain('Service Hub Professional');
    expect(admin.findByTestId(Link, 'reauthorize').props.href).toEqual({ url: REAUTHORIZE, external: true });
    const reader = await renderSettings(false);
    expect(reader.findByTestId(Text, 'unavailable-surveys').text).toContain('Service Hub Professional');
    expect(reader.maybeFindByTestId(Link, 'reauthorize')).toBeNull();
  });
});
