import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  Alert,
  Button,
  EmptyState,
  Flex,
  ErrorState,
  LineChart,
  LoadingSpinner,
  ProgressBar,
  ScoreCircle,
  Select,
  StatisticsItem,
  StatisticsTrend,
  StatusTag,
  TableRow,
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
  buildThinDataSnapshot,
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

    expect(r.find(ScoreCircle).props.score).toBe(88);
    const band = r.findByTestId(Tag, 'health-band');
    expect(band.text).toBe('Healthy');
    expect(band.props.variant).toBe('success');
    expect(r.maybeFindByTestId(Text, 'confidence')).toBeNull(); // every measure has data
    expect(r.maybeFindByTestId(Text, 'low-sample')).toBeNull();

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
    // drivers in points from neutral (50)
    expect(allText(r.findByTestId(Flex, 'negative-drivers'))).toBe(
      'Pulling the score downTicket volume at 1.4× its usual rate (−0.6 pts)', // 0.0625 × (40 − 50)
    );
    expect(text).toContain('Last contact 5 days ago (+5 pts)'); // 0.1 × (100 − 50)
    expect(text).toMatch(/Settings changed on Mar 8, 2026/);
    expect(text).toContain('CSAT 90% satisfied (12 responses, scale 1–5)');

    // renewal
    expect(r.findByTestId(Text, 'renewal-date').text).toBe('Apr 24, 2026');
    expect(text).toContain('in 45 days');
    expect(text).toContain('$48K');
    const risk = r.findByTestId(StatusTag, 'renewal-risk');
    expect(risk.props.variant).toBe('success');
    expect(risk.text).toContain('Low');

    // NPS
    expect(r.findByTestId(StatisticsItem, 'nps-score').props.number).toBe(50);
    expect(text).toContain('“Great onboarding”');
    expect(text).toContain('Mar 7, 2026 · Quarterly NPS');

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

    expect(r.find(ScoreCircle).props.score).toBe(30);
    expect(r.findByTestId(Tag, 'health-band').props.variant).toBe('error');
    expect(r.findByTestId(Tag, 'health-band').text).toBe('At risk');
    const text = allText(r.getRootNode());
    expect(r.findByTestId(Text, 'confidence').text).toBe(
      'Based on data for 79% of the model; the rest counts as neutral (50).',
    );
    expect(r.findByTestId(Text, 'low-sample').text).toBe(
      'Low sample: NPS from 3 responses counts at 60% strength until it has 5.',
    );
    // the three largest, in points from neutral
    expect(allText(r.findByTestId(Flex, 'negative-drivers'))).toBe(
      'Pulling the score down' +
        'Renewal 5 days overdue (−4.2 pts)' + // 0.0833 × (0 − 50)
        'Detractor in latest NPS response (−3.8 pts)' + // 0.075 × (0 − 50)
        '2 urgent tickets open for 9+ days (−2.5 pts)', // 0.0625 × (10 − 50)
    );
    // the breakdown: values for people, the low-sample shrink, shares and contributions adding up to 30
    expect(allText(r.findByTestId(TableRow, 'breakdown-nps'))).toBe(
      'NPS−40 (3 of 5 responses, low sample)30 → 387.5%2.9',
    );
    expect(allText(r.findByTestId(TableRow, 'breakdown-timeToClose'))).toBe('Time to close4.2 days406.3%2.5');
    expect(allText(r.findByTestId(TableRow, 'breakdown-csat'))).toBe(
      'CSATNo data — counted as neutral (50)507.5%3.8',
    );
    expect(r.findByTestId(Text, 'breakdown-total').text).toBe('30.0');

    const due = r.findByTestId(Tag, 'renewal-due');
    expect(due.text).toBe('5 days overdue');
    expect(due.props.variant).toBe('error');
    const risk = r.findByTestId(StatusTag, 'renewal-risk');
    expect(risk.props.variant).toBe('danger');
    expect(risk.text).toBe('Critical (91 pts)');
    expect(text).toContain('+20 Renewal is overdue');
    expect(text).toContain('+15 Detractor response in the last 90 days');
    expect(text).toContain('$120K');

    expect(text).toContain('Low sample: only 3 responses');
    // the trend sits on the last 90 days' own NPS, never on the 180-day headline
    expect(r.findByTestId(StatisticsItem, 'nps-score').maybeFind(StatisticsTrend)).toBeNull();
    const recent = r.findByTestId(StatisticsItem, 'nps-recent');
    expect(recent.props).toMatchObject({ label: 'NPS, last 90 days', number: '−67' });
    expect(recent.find(StatisticsTrend).props).toMatchObject({
      direction: 'decrease',
      value: '−50 from −17 in the 90 days before',
    });
    expect(r.findByTestId(StatisticsItem, 'support-high').props.number).toBe(2);
    expect(text).toContain('oldest open 9 days');
    expect(text).toContain('No sentiment set yet.');
  });

  it('renders a company with no data: not enough data to score, what is missing, each section says what would fill it', async () => {
    const api = fakeApi({ getCompanyHealth: async () => buildReadyView(buildNoDataSnapshot()) });
    const r = renderCard(api, '303');
    await r.waitFor(() => r.findByTestId(EmptyState, 'health-empty'));
    expect(r.findByTestId(EmptyState, 'health-empty').props.title).toBe('Not enough data to score');
    expect(allText(r.findByTestId(EmptyState, 'health-empty'))).toContain(
      'Pulse has data for 0% of the scoring model and scores a company from 50%',
    );
    const missing = allText(r.findByTestId(Flex, 'health-missing'));
    // largest share first: engagement measures (10%) before commercial (8.3%), sentiment (7.5%), support (6.3%)
    expect(missing).toMatch(
      /^What is missingDays since last contact \(10% of the score\): needs a last-contacted or last-activity date/,
    );
    expect(missing).toContain(
      'Open high-priority tickets (6.3% of the score): needs a ticket in the last 365 days',
    );
    expect(r.maybeFindByTestId(Flex, 'health-known')).toBeNull();
    expect(r.maybeFind(ScoreCircle)).toBeNull();
    expect(r.maybeFind(LineChart)).toBeNull();
    expect(r.findByTestId(EmptyState, 'renewal-empty').props.title).toBe('No open renewal');
    expect(r.findByTestId(EmptyState, 'nps-empty').props.title).toBe('No NPS responses in the last 180 days');
    expect(r.findByTestId(EmptyState, 'support-empty').props.title).toBe('No recent tickets');
    expect(allText(r.getRootNode())).toContain('Send a HubSpot NPS survey');
  });

  it('a company with some data below the floor: no score, what is missing and what Pulse knows so far', async () => {
    const api = fakeApi({ getCompanyHealth: async () => buildReadyView(buildThinDataSnapshot()) });
    const r = renderCard(api, '404');
    await r.waitFor(() => r.findByTestId(EmptyState, 'health-empty'));
    expect(r.maybeFind(ScoreCircle)).toBeNull();
    expect(r.maybeFindByTestId(Tag, 'health-band')).toBeNull();
    expect(allText(r.findByTestId(EmptyState, 'health-empty'))).toContain(
      'Pulse has data for 25% of the scoring model',
    );
    expect(allText(r.findByTestId(Flex, 'health-known'))).toBe(
      'What Pulse knows so farNPS: +100Latest NPS response: PromoterDays since last contact: 10 days ago',
    );
    expect(allText(r.findByTestId(Flex, 'health-missing'))).not.toContain('Days since last contact');
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
    await r.waitFor(() => expect(r.find(ScoreCircle).props.score).toBe(88));
    expect(api.getCompanyHealth).toHaveBeenCalledTimes(2);
  });

  it('shows a company fetched ahead of the first sync with its numbers and a note that the account is still importing', async () => {
    const api = fakeApi({ getCompanyHealth: async () => ({ ...buildReadyView(), importing: true }) });
    const r = renderCard(api);
    await r.waitFor(() => expect(r.find(ScoreCircle).props.score).toBe(88));
    expect(allText(r.findByTestId(Text, 'importing-note'))).toMatch(/rest of the account is still importing/);

    api.getCompanyHealth.mockResolvedValueOnce(buildReadyView());
    r.findByTestId(Button, 'refresh').trigger('onClick');
    await r.waitFor(() => expect(api.getCompanyHealth).toHaveBeenCalledTimes(2));
    await r.waitFor(() => expect(r.maybeFindByTestId(Text, 'importing-note')).toBeNull());
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
    await r.waitFor(() => expect(r.find(ScoreCircle).props.score).toBe(30));
    pending['101']!(buildReadyView(buildSnapshot()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.find(ScoreCircle).props.score).toBe(30);
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
  it('shows amounts in the account currency, and lists the deals it could not put in it', async () => {
    const snapshot = buildSnapshot({
      financial: {
        unconvertedDeals: [{ dealId: '9', name: 'Acme UK renewal', amount: 12_000, currencyCode: 'GBP' }],
      },
    });
    const api = fakeApi({ getCompanyHealth: async () => buildReadyView(snapshot, { currencyCode: 'EUR' }) });
    const r = renderCard(api);
    await r.waitFor(() => r.find(ScoreCircle));
    expect(r.findByTestId(Text, 'renewal-amount').text).toBe('€48K');
    expect(allText(r.find(Flex))).not.toContain('$');
    const note = r.findByTestId(Alert, 'unconverted-deals');
    expect(note.props.title).toBe('1 deal left out of the amounts');
    expect(allText(note)).toContain('Acme UK renewal (£12K): HubSpot has no EUR value for it');
  });
});
