import { describe, expect, it } from 'vitest';
import { Button, ErrorState, ProgressBar, ScoreCircle, StatusTag, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { ApiError, CompanySidebarCard } from '@pulse/views';
import {
  NOW,
  allText,
  buildAtRiskSnapshot,
  buildNoDataSnapshot,
  buildReadyView,
  buildSnapshot,
  buildSyncingView,
  buildThinDataSnapshot,
  fakeApi,
} from './fixtures';

function renderSidebar(api: ReturnType<typeof fakeApi>) {
  const r = createRenderer('crm.record.sidebar');
  r.render(<CompanySidebarCard api={api} companyId="101" now={() => NOW} />);
  return r;
}

describe('CompanySidebarCard', () => {
  it('shows score, band, renewal risk, NPS and freshness for a healthy company', async () => {
    const r = renderSidebar(fakeApi({ getCompanyHealth: async () => buildReadyView(buildSnapshot()) }));
    await r.waitFor(() => r.find(ScoreCircle));
    expect(r.find(ScoreCircle).props.score).toBe(88);
    expect(r.maybeFindByTestId(Text, 'low-sample')).toBeNull();
    expect(r.findByTestId(Tag, 'health-band').props.variant).toBe('success');
    expect(r.findByTestId(StatusTag, 'renewal-risk').text).toBe('Low');
    expect(r.findByTestId(Text, 'renewal-due').text).toBe('Renewal in 45 days');
    expect(r.findByTestId(Text, 'nps').text).toBe('NPS 50 (10 responses)');
    expect(r.findByTestId(Text, 'freshness').text).toBe('Updated 4 min ago');
  });

  it('leads with the top concern for an at-risk company', async () => {
    const r = renderSidebar(fakeApi({ getCompanyHealth: async () => buildReadyView(buildAtRiskSnapshot()) }));
    await r.waitFor(() => r.find(ScoreCircle));
    expect(r.findByTestId(Tag, 'health-band').text).toBe('At risk');
    const risk = r.findByTestId(StatusTag, 'renewal-risk');
    expect(risk.props.variant).toBe('danger');
    expect(risk.text).toBe('Critical');
    expect(r.findByTestId(Text, 'renewal-due').text).toBe('Renewal 5 days overdue');
    expect(allText(r.findByTestId(Text, 'top-driver'))).toBe('Top concern: Renewal 5 days overdue');
    expect(r.findByTestId(Text, 'low-sample').text).toBe('Low sample: few survey responses');
    expect(r.findByTestId(Text, 'nps').text).toBe('NPS -40 (3 responses, low sample)');
  });

  it('says plainly when there is not enough data, naming the largest missing measures', async () => {
    const r = renderSidebar(fakeApi({ getCompanyHealth: async () => buildReadyView(buildNoDataSnapshot()) }));
    await r.waitFor(() => r.findByTestId(Text, 'health-empty'));
    expect(allText(r.findByTestId(Text, 'health-empty'))).toBe(
      'Not enough data to score. Missing: Days since last contact, Associated contacts, Last renewal outcome.',
    );
    expect(r.maybeFind(ScoreCircle)).toBeNull();
    expect(r.maybeFindByTestId(Tag, 'health-band')).toBeNull();
    expect(r.findByTestId(StatusTag, 'renewal-risk').text).toBe('No renewal');
    expect(r.findByTestId(Text, 'nps').text).toBe('NPS: no responses yet');
  });

  it('counts one response as "1 response" and scores nothing below the floor', async () => {
    const r = renderSidebar(
      fakeApi({ getCompanyHealth: async () => buildReadyView(buildThinDataSnapshot()) }),
    );
    await r.waitFor(() => r.findByTestId(Text, 'nps'));
    expect(r.findByTestId(Text, 'nps').text).toBe('NPS 100 (1 response, low sample)');
    expect(r.maybeFind(ScoreCircle)).toBeNull();
  });

  it('shows sync progress, and an error with retry', async () => {
    const api = fakeApi({ getCompanyHealth: async () => buildSyncingView() });
    const r = renderSidebar(api);
    await r.waitFor(() => r.find(ProgressBar));

    api.getCompanyHealth.mockRejectedValueOnce(new ApiError('forbidden', 'no'));
    r.findByTestId(Button, 'check-again').trigger('onClick');
    await r.waitFor(() => r.find(ErrorState));
    expect(r.find(ErrorState).props).toMatchObject({ title: 'No access', type: 'lock' });

    api.getCompanyHealth.mockResolvedValueOnce(buildReadyView());
    r.findByTestId(Button, 'retry').trigger('onClick');
    await r.waitFor(() => r.find(ScoreCircle));
  });
});
