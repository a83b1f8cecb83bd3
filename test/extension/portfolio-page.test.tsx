import { describe, expect, it, vi } from 'vitest';
import {
  BarChart,
  Button,
  EmptyState,
  ErrorState,
  Link,
  Select,
  StatisticsItem,
  StatusTag,
  Table,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { PortfolioQuery } from '@pulse/shared';
import { ApiError, PortfolioPage } from '@pulse/views';
import { NOW, allText, buildPortfolioView, change, fakeApi } from './fixtures';

const recordUrl = (id: string) => `https://app.hubspot.com/contacts/123/record/0-2/${id}`;

async function renderPage(api: ReturnType<typeof fakeApi>) {
  const r = createRenderer('pages');
  r.render(<PortfolioPage api={api} recordUrl={recordUrl} now={() => NOW} />);
  await r.waitFor(() => r.findByTestId(Text, 'page-info'));
  return r;
}
const lastQuery = (api: ReturnType<typeof fakeApi>): Partial<PortfolioQuery> =>
  api.getPortfolio.mock.calls.at(-1)![0];

describe('PortfolioPage', () => {
  it("opens on the caller's own book, sorted by health ascending, first page", async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView() });
    const r = await renderPage(api);
    expect(api.getPortfolio).toHaveBeenCalledTimes(1);
    expect(lastQuery(api)).toEqual({ owner: 'me', sort: 'health', order: 'asc', limit: 25 });
    expect(r.findByTestId(Select, 'filter-owner').props.value).toBe('me');
    expect(r.findByTestId(Select, 'filter-owner').props.options).toContainEqual({
      value: 'me',
      label: 'My book',
    });
    expect(r.findByTestId(Text, 'page-info').text).toBe('Page 1 of 3 · 60 companies');
  });

  it('falls back to the whole portfolio when the caller owns no companies', async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView({ myOwnerId: null }) });
    const r = await renderPage(api);
    await vi.waitFor(() => expect(api.getPortfolio).toHaveBeenCalledTimes(2));
    expect(lastQuery(api).owner).toBeUndefined();
    await r.waitFor(() => expect(r.findByTestId(Select, 'filter-owner').props.value).toBe(''));
    expect(r.findByTestId(Select, 'filter-owner').props.options).not.toContainEqual({
      value: 'me',
      label: 'My book',
    });
  });

  it('renders each company row with a record link, band tag, trend arrow, overdue renewal and risk', async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView() });
    const r = await renderPage(api);
    const globex = r.findByTestId(TableRow, 'row-202');
    expect(globex.find(Link).props.href).toEqual({ url: recordUrl('202'), external: false });
    expect(globex.find(Link).text).toBe('Globex');
    expect(globex.find(Tag).props.variant).toBe('error');
    expect(globex.find(Tag).text).toBe('31 At risk');
    expect(globex.find(StatusTag).text).toBe('Critical');
    const text = allText(globex);
    expect(text).toContain('↓ −6');
    expect(text).toContain('Mar 5, 2026 (overdue)');
    expect(allText(r.findByTestId(TableRow, 'row-101'))).toContain('$48k');
  });

  it('shows KPI tiles for the four levels', async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView() });
    const r = await renderPage(api);
    expect(r.findByTestId(StatisticsItem, 'kpi-arr').props.number).toBe('$1.3M');
    expect(r.findByTestId(StatisticsItem, 'kpi-grr').props.number).toBe('91%');
    expect(r.findByTestId(StatisticsItem, 'kpi-nrr').props.number).toBe('104%');
    expect(r.findByTestId(StatisticsItem, 'kpi-at-risk-arr').props.number).toBe('$210k');
    expect(r.findByTestId(StatisticsItem, 'kpi-due-90').props.number).toBe('9 · $310k');
    expect(r.findByTestId(StatisticsItem, 'kpi-average-health').props.number).toBe('64');
    // survey KPIs state their scale (METRICS.md): a 5.4 means nothing without "on 1–7, higher is easier"
    expect(r.findByTestId(StatisticsItem, 'kpi-csat').props.label).toBe('CSAT, top 2 of 1–5 (60 responses)');
    expect(r.findByTestId(StatisticsItem, 'kpi-ces').props).toMatchObject({
      label: 'CES on 1–7, higher is easier (20 responses)',
      number: '5.4',
    });
    expect(r.findByTestId(BarChart, 'band-distribution').props.data).toEqual([
      { band: 'Healthy', companies: 20 },
      { band: 'Monitor', companies: 12 },
      { band: 'At risk', companies: 6 },
      { band: 'No data', companies: 2 },
    ]);
    expect(r.findByTestId(Text, 'no-data-note').text).toContain(
      'No data: 2 companies without enough data to score',
    );
    expect(allText(r.findByTestId(Text, 'usage-not-mapped'))).toContain('Map a numeric company property');
    expect(allText(r.getRootNode())).toContain('Globex: Monitor → At risk');
    expect(allText(r.findByTestId(Table, 'team-table'))).toContain('Dana CSM');
  });

  it('counts one of a thing in the singular ("1 response", "1 company")', async () => {
    const api = fakeApi({
      getPortfolio: async () =>
        buildPortfolioView({
          kpis: {
            health: {
              bands: { healthy: 20, monitor: 12, at_risk: 6, no_data: 1 },
              nps: { score: 100, responses: 1 },
              csat: { percent: 100, responses: 1, scale: { min: 1, max: 5 } },
            },
          },
        }),
    });
    const r = await renderPage(api);
    expect(r.findByTestId(StatisticsItem, 'kpi-nps').props.label).toBe('NPS (1 response)');
    expect(r.findByTestId(StatisticsItem, 'kpi-csat').props.label).toBe('CSAT, top 2 of 1–5 (1 response)');
    expect(r.findByTestId(Text, 'no-data-note').text).toContain('No data: 1 company without enough data');
  });

  it('sends each filter to the API and starts again from the first page', async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView() });
    const r = await renderPage(api);
    r.findByTestId(Button, 'page-next').trigger('onClick');
    await vi.waitFor(() => expect(lastQuery(api).cursor).toBe('cursor-2'));

    change(r.findByTestId(Select, 'filter-band'), 'at_risk');
    await vi.waitFor(() =>
      expect(lastQuery(api)).toEqual({
        owner: 'me',
        band: 'at_risk',
        sort: 'health',
        order: 'asc',
        limit: 25,
      }),
    );
    change(r.findByTestId(Select, 'filter-risk'), 'high');
    await vi.waitFor(() => expect(lastQuery(api).risk).toBe('high'));
    change(r.findByTestId(Select, 'filter-window'), '90');
    await vi.waitFor(() => expect(lastQuery(api).renewalWithinDays).toBe(90));
    change(r.findByTestId(Select, 'filter-team'), 't1');
    await vi.waitFor(() => expect(lastQuery(api).team).toBe('t1'));
    change(r.findByTestId(Select, 'filter-owner'), '8');
    await vi.waitFor(() =>
      expect(lastQuery(api)).toEqual({
        owner: '8',
        team: 't1',
        band: 'at_risk',
        risk: 'high',
        renewalWithinDays: 90,
        sort: 'health',
        order: 'asc',
        limit: 25,
      }),
    );
    change(r.findByTestId(Select, 'filter-owner'), '');
    await vi.waitFor(() => expect(lastQuery(api).owner).toBeUndefined());
  });

  it('sorts by any column header, both directions', async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView() });
    const r = await renderPage(api);
    const headers = r.findAll(TableHeader).filter((h) => String(h.props.testId ?? '').startsWith('sort-'));
    expect(headers.map((h) => h.text)).toEqual([
      'Company',
      'Owner',
      'Health',
      '7-day trend',
      'Renewal',
      'Amount',
      'Risk',
      'NPS',
    ]);
    expect(r.findByTestId(TableHeader, 'sort-health').props.sortDirection).toBe('ascending');

    change(r.findByTestId(TableHeader, 'sort-renewalDate'), 'descending', 'onSortChange');
    await vi.waitFor(() => expect(lastQuery(api)).toMatchObject({ sort: 'renewalDate', order: 'desc' }));
    await r.waitFor(() =>
      expect(r.findByTestId(TableHeader, 'sort-renewalDate').props.sortDirection).toBe('descending'),
    );
    expect(r.findByTestId(TableHeader, 'sort-health').props.sortDirection).toBe('none');

    change(r.findByTestId(TableHeader, 'sort-nps'), 'ascending', 'onSortChange');
    await vi.waitFor(() => expect(lastQuery(api)).toMatchObject({ sort: 'nps', order: 'asc' }));
  });

  it('pages forward with the cursor and back to the previous cursor', async () => {
    const api = fakeApi({
      getPortfolio: async (query) =>
        buildPortfolioView({
          nextCursor:
            query.cursor === 'cursor-3' ? null : query.cursor === 'cursor-2' ? 'cursor-3' : 'cursor-2',
        }),
    });
    const r = await renderPage(api);
    expect(r.findByTestId(Button, 'page-previous').props.disabled).toBe(true);
    r.findByTestId(Button, 'page-next').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Text, 'page-info').text).toBe('Page 2 of 3 · 60 companies'));
    expect(lastQuery(api).cursor).toBe('cursor-2');
    r.findByTestId(Button, 'page-next').trigger('onClick');
    await r.waitFor(() => expect(r.findByTestId(Button, 'page-next').props.disabled).toBe(true));
    expect(lastQuery(api).cursor).toBe('cursor-3');
    r.findByTestId(Button, 'page-previous').trigger('onClick');
    await vi.waitFor(() => expect(lastQuery(api).cursor).toBe('cursor-2'));
    r.findByTestId(Button, 'page-previous').trigger('onClick');
    await vi.waitFor(() => expect(lastQuery(api).cursor).toBeUndefined());
  });

  it('says when no company matches, and explains a load error with retry', async () => {
    const api = fakeApi({
      getPortfolio: async () => buildPortfolioView({ rows: [], total: 0, nextCursor: null }),
    });
    const r = await renderPage(api);
    expect(r.findByTestId(EmptyState, 'no-rows').props.title).toBe('No companies match these filters');

    const failing = fakeApi({
      getPortfolio: () => Promise.reject(new ApiError('rate_limited', 'slow down')),
    });
    const r2 = createRenderer('pages');
    r2.render(<PortfolioPage api={failing} recordUrl={recordUrl} now={() => NOW} />);
    await r2.waitFor(() => r2.find(ErrorState));
    expect(r2.find(ErrorState).props.title).toBe('Too many requests');
    failing.getPortfolio.mockResolvedValueOnce(buildPortfolioView());
    r2.findByTestId(Button, 'retry').trigger('onClick');
    await r2.waitFor(() => r2.findByTestId(Text, 'page-info'));
  });
});
