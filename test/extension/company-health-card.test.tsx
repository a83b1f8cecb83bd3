import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  Button,
  EmptyState,
  ErrorState,
  LineChart,
  LoadingSpinner,
  ProgressBar,
  ScoreCircle,
  Select,
  StatisticsItem,
  StatisticsTrend,
  StatusTag,
  Tag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { ApiError, CompanyHealthCard } from '@pulse/views';
import {
  NOW,
  allText,
  buildAtRiskSnapshot,
  buildNoDataSnapshot,
  buildReadyView,
  buildSnapshot,
  buildSyncingView,
  change,
  fakeApi,
} from './fixtures';

function renderCard(api: ReturnType<typeof fakeApi>, companyId = '101') {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<CompanyHealthCard api={api} companyId={companyId} now={() => NOW} />);
  return renderer;
}

describe('CompanyHealthCard', () => {
  it('shows a spinner until the health arrives, then asks for the right company', async () => {
    let resolve!: (value: ReturnType<typeof buildReadyView>) => void;
    const api = fakeApi({ getCompanyHealth: () => new Promise((r) => (resolve = r)) });
    const r = renderCard(api, '101');
    expect(r.find(LoadingSpinner).props.label).toMatch(/loading/i);
    await vi.waitFor(() => expect(api.getCompanyHealth).toHaveBeenCalledWith('101'));
    expect(r.find(LoadingSpinner)).toBeTruthy();
    resolve(buildReadyView());
    await r.waitFor(() => expect(r.maybeFind(LoadingSpinner)).toBeNull());
  });

  it('renders a healthy company: score, green band, trends, drivers, renewal, NPS, support, sentiment, freshness', async () => {
    const api = fakeApi({ getCompanyHealth: async () => buildReadyView(buildSnapshot()) });
    const r = renderCard(api);
    await r.waitFor(() => r.find(ScoreCircle));

    expect(r.find(ScoreCircle).props.score).toBe(82);
    const band = r.findByTestId(Tag, 'health-band');
    expect(band.text).toBe('Healthy');
    expect(band.props.variant).toBe('success');
    expect(r.maybeFindByTestId(Tag, 'low-confidence')).toBeNull();

    const delta7 = r.findByTestId(StatisticsItem, 'delta-7');
    expect(delta7.props.number).toBe('+3');
    expect(delta7.find(StatisticsTrend).props).toMatchObject({
      direction: 'increase',
      color: 'green',
      value: '3 pts',
    });
    const delta30 = r.findByTestId(StatisticsItem, 'delta-30');
    expect(delta30.props.number).toBe('−4');
    expect(delta30.find(StatisticsTrend).props).toMatchObject({ direction: 'decrease', color: 'red' });

    expect(r.find(LineChart).props.data).toHaveLength(5);
    const text = allText(r.getRootNode());
    expect(text).toContain('Updated 4 min ago');
    expect(text).toContain('Ticket volume up 40% on last quarter (−2.5 pts)');
    expect(text).toContain('Contacted 5 days ago (+4 pts)');
    expect(text).toMatch(/Settings changed on Mar 8, 2026/);
    // each measure with its value and definition; missing data said plainly
    expect(text).toContain('NPS: 50 → 75 points');
    expect(text).toContain('Promoters (9–10) minus detractors (0–6)');
    expect(text).toContain('CSAT: no data, not counted');

    // renewal
    expect(r.findByTestId(Text, 'renewal-date').text).toBe('Apr 24, 2026');
    expect(text).toContain('in 45 days');
    expect(text).toContain('$48k');
    const risk = r.findByTestId(StatusTag, 'renewal-risk');
    expect(risk.props.variant).toBe('success');
    expect(risk.text).toContain('Low');

    // NPS
    expect(r.findByTestId(StatisticsItem, 'nps-score').props.number).toBe(50);
    expect(text).toContain('“Great onboarding”');
    expect(text).toContain('Mar 7, 2026 · Quarterly NPS');
    expect(text).toContain('CSAT 90% satisfied (12 responses, scale 1–5)');

    // support
    expect(r.findByTestId(StatisticsItem, 'support-open').props.number).toBe(2);
    expect(r.findByTestId(StatisticsItem, 'support-ttc').props.number).toBe('20 h');

    // sentiment
    expect(text).toContain('set by Dana CSM 2 days ago');
    expect(text).toContain('Counts towards health until Jun 6, 2026');
  });

  it('renders an at-risk company: red band, low confidence, overdue renewal with critical risk and its drivers', async () => {
    const api = fakeApi({ getCompanyHealth: async () => buildReadyView(buildAtRiskSnapshot()) });
    const r = renderCard(api, '202');
    await r.waitFor(() => r.find(ScoreCircle));

    expect(r.find(ScoreCircle).props.score).toBe(31);
    expect(r.findByTestId(Tag, 'health-band').props.variant).toBe('error');
    expect(r.findByTestId(Tag, 'health-band').text).toBe('At risk');
    const text = allText(r.getRootNode());
    expect(text).toContain('Low confidence: only 40% of the model');
    expect(text).toContain('2 urgent tickets open for 9+ days (−8.3 pts)');

    const due = r.findByTestId(Tag, 'renewal-due');
    expect(due.text).toBe('5 days overdue');
    expect(due.props.variant).toBe('error');
    const risk = r.findByTestId(StatusTag, 'renewal-risk');
    expect(risk.props.variant).toBe('danger');
    expect(risk.text).toBe('Critical (91 pts)');
    expect(text).toContain('+20 Renewal is overdue');
    expect(text).toContain('+15 Detractor response in the last 90 days');
    expect(text).toContain('$120k');

    expect(text).toContain('Low sample: only 3 responses');
    expect(r.findByTestId(StatisticsItem, 'nps-score').find(StatisticsTrend).props.direction).toBe(
      'decrease',
    );
    expect(r.findByTestId(StatisticsItem, 'support-high').props.number).toBe(2);
    expect(text).toContain('oldest open 9 days');
    expect(text).toContain('No sentiment set yet.');
  });

  it('renders a company with no data: each section says what would fill it', async () => {
    const api = fakeApi({ getCompanyHealth: async () => buildReadyView(buildNoDataSnapshot()) });
    const r = renderCard(api, '303');
    await r.waitFor(() => r.findByTestId(EmptyState, 'health-empty'));
    expect(r.maybeFind(ScoreCircle)).toBeNull();
    expect(r.maybeFind(LineChart)).toBeNull();
    expect(r.findByTestId(EmptyState, 'renewal-empty').props.title).toBe('No open renewal');
    expect(r.findByTestId(EmptyState, 'nps-empty').props.title).toBe('No NPS responses in the last 180 days');
    expect(r.findByTestId(EmptyState, 'support-empty').props.title).toBe('No recent tickets');
    expect(allText(r.getRootNode())).toContain('Send a HubSpot NPS survey');
  });

  it('shows sync progress while the first sync runs, and "Check again" reloads', async () => {
    const api = fakeApi({ getCompanyHealth: async () => buildSyncingView() });
    const r = renderCard(api);
    await r.waitFor(() => r.find(ProgressBar));
    expect(r.find(ProgressBar).props).toMatchObject({
      value: 4200,
      maxValue: 10000,
      valueDescription: '4,200 of 10,000 companies',
    });
    expect(r.findByTestId(EmptyState, 'syncing').props.title).toBe('Pulse is importing this account');

    api.getCompanyHealth.mockResolvedValueOnce(buildReadyView());
    r.findByTestId(Button, 'check-again').trigger('onClick');
    await r.waitFor(() => expect(r.find(ScoreCircle).props.score).toBe(82));
    expect(api.getCompanyHealth).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['network', 'Pulse is unreachable right now'],
    ['not_installed', 'Pulse is not connected'],
    ['rate_limited', 'Too many requests'],
    ['internal', 'Something went wrong'],
  ] as const)('explains a %s error and retries on click', async (code, title) => {
    const api = fakeApi({
      getCompanyHealth: () => Promise.reject(new ApiError(code, 'x', { requestId: 'req-42' })),
    });
    const r = renderCard(api);
    await r.waitFor(() => r.find(ErrorState));
    expect(r.find(ErrorState).props.title).toBe(title);
    expect(allText(r.getRootNode())).toContain('Reference: req-42');

    api.getCompanyHealth.mockResolvedValueOnce(buildReadyView());
    r.findByTestId(Button, 'retry').trigger('onClick');
    await r.waitFor(() => r.find(ScoreCircle));
    expect(api.getCompanyHealth).toHaveBeenCalledTimes(2);
    expect(r.maybeFind(ErrorState)).toBeNull();
  });

  it('ignores a stale response: moving to another company before the first answers shows the second', async () => {
    const pending: Record<string, (view: ReturnType<typeof buildReadyView>) => void> = {};
    const api = fakeApi({ getCompanyHealth: (id) => new Promise((resolve) => (pending[id] = resolve)) });
    function Navigator() {
      const [companyId, setCompanyId] = useState('101');
      return (
        <>
          <Button testId="navigate" onClick={() => setCompanyId('202')}>
            next record
          </Button>
          <CompanyHealthCard api={api} companyId={companyId} now={() => NOW} />
        </>
      );
    }
    const r = createRenderer('crm.record.tab');
    r.render(<Navigator />);
    await vi.waitFor(() => expect(pending['101']).toBeDefined());
    r.findByTestId(Button, 'navigate').trigger('onClick');
    await vi.waitFor(() => expect(pending['202']).toBeDefined());
    pending['202']!(buildReadyView(buildAtRiskSnapshot()));
    await r.waitFor(() => expect(r.find(ScoreCircle).props.score).toBe(31));
    pending['101']!(buildReadyView(buildSnapshot()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.find(ScoreCircle).props.score).toBe(31);
  });

  it('saves the CSM sentiment with a note and shows the re-scored company', async () => {
    const api = fakeApi({
      getCompanyHealth: async () => buildReadyView(buildAtRiskSnapshot()),
      setSentiment: async () =>
        buildReadyView(
          buildSnapshot({
            sentiment: {
              value: 'concerned',
              note: 'Champion left',
              authorUserId: 55,
              authorName: 'Dana CSM',
              setAt: new Date(NOW).toISOString(),
              expiresAt: new Date(NOW + 90 * 86_400_000).toISOString(),
              isExpired: false,
            },
          }),
        ),
    });
    const r = renderCard(api, '202');
    await r.waitFor(() => r.find(ScoreCircle));
    expect(r.findByTestId(Button, 'sentiment-save').props.disabled).toBe(true);
    change(r.findByTestId(Select, 'sentiment-value'), 'concerned');
    change(r.findByTestId(TextArea, 'sentiment-note'), 'Champion left');
    r.findByTestId(Button, 'sentiment-save').trigger('onClick');
    await r.waitFor(() => expect(allText(r.getRootNode())).toContain('“Champion left”'));
    expect(api.setSentiment).toHaveBeenCalledWith('202', { value: 'concerned', note: 'Champion left' });
    expect(allText(r.getRootNode())).toContain('set by Dana CSM just now');
  });

  it('shows a note that is too long next to the field and does not call the API', async () => {
    const api = fakeApi({ getCompanyHealth: async () => buildReadyView() });
    const r = renderCard(api);
    await r.waitFor(() => r.find(ScoreCircle));
    change(r.findByTestId(Select, 'sentiment-value'), 'neutral');
    change(r.findByTestId(TextArea, 'sentiment-note'), 'x'.repeat(501));
    r.findByTestId(Button, 'sentiment-save').trigger('onClick');
    await r.waitFor(() =>
      expect(r.findByTestId(TextArea, 'sentiment-note').props.validationMessage).toBe(
        'note must be at most 500 characters',
      ),
    );
    expect(api.setSentiment).not.toHaveBeenCalled();
  });
});
