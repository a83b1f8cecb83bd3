import { describe, expect, it, vi } from 'vitest';
import {
  Alert,
  BarChart,
  Button,
  DescriptionListItem,
  Flex,
  ProgressBar,
  TableCell,
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
  Tile,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { HOW_TO_MAP_ADOPTION, type PortfolioQuery, type PortfolioView } from '@pulse/shared';
import { ApiError, PortfolioPage } from '@pulse/views';
import { SYNC_POLL_MS } from '../../extension/views/PortfolioEmpty';
import {
  NOW,
  allText,
  buildPortfolioRow,
  buildPortfolioView,
  buildSyncStatus,
  change,
  fakeApi,
} from './fixtures';

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
    expect(allText(r.findByTestId(TableRow, 'row-101'))).toContain('$48K');
  });

  it('shows KPI tiles for the four levels', async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView() });
    const r = await renderPage(api);
    expect(r.findByTestId(StatisticsItem, 'kpi-arr').props.number).toBe('$1.3M');
    expect(r.findByTestId(StatisticsItem, 'kpi-grr').props.number).toBe('91%');
    expect(r.findByTestId(StatisticsItem, 'kpi-nrr').props.number).toBe('104%');
    expect(r.findByTestId(StatisticsItem, 'kpi-at-risk-arr').props.number).toBe('$210K');
    expect(r.findByTestId(StatisticsItem, 'kpi-due-90').props.number).toBe('9 · $310K');
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

  it('says when no company matches the filters once synced, and clears them', async () => {
    const api = fakeApi({
      getPortfolio: async (query) =>
        query.band === undefined
          ? buildPortfolioView()
          : buildPortfolioView({ rows: [], total: 0, nextCursor: null }),
      getSyncStatus: async () => buildSyncStatus(),
    });
    const r = createRenderer('pages');
    r.render(<PortfolioPage api={api} recordUrl={recordUrl} now={() => NOW} savedView="band=at_risk" />);
    await r.waitFor(() => r.findByTestId(EmptyState, 'no-rows'));
    expect(r.findByTestId(EmptyState, 'no-rows').props.title).toBe('No companies match these filters');
    // nothing that reads like a number about an empty selection
    expect(r.maybeFindByTestId(StatisticsItem, 'kpi-arr')).toBeNull();
    r.findByTestId(EmptyState, 'no-rows').find(Button).trigger('onClick');
    await r.waitFor(() => r.findByTestId(Text, 'page-info'));
    expect(lastQuery(api)).toEqual({ sort: 'health', order: 'asc', limit: 25 });
  });

  it('explains a load error with retry', async () => {
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

  it('during the first sync shows its progress, not "no match" and $0, and fills in when it is done', async () => {
    let synced = false;
    const running = buildSyncStatus({
      state: 'running',
      progress: { phase: 'companies', done: 400, total: 1200 },
      lastRun: { status: 'running', finishedAt: null },
    });
    const api = fakeApi({
      getPortfolio: async () =>
        synced ? buildPortfolioView() : buildPortfolioView({ rows: [], total: 0, nextCursor: null }),
      getSyncStatus: async () => (synced ? buildSyncStatus() : { ...running, lastSuccessAt: null }),
    });
    const r = createRenderer('pages');
    r.render(<PortfolioPage api={api} recordUrl={recordUrl} now={() => NOW} />);
    await r.waitFor(() => r.findByTestId(Flex, 'first-sync'));
    expect(r.findByTestId(Flex, 'first-sync').find(EmptyState).props.title).toBe(
      'Pulse is importing your HubSpot account',
    );
    expect(allText(r.findByTestId(Flex, 'first-sync'))).toContain('This page updates itself');
    expect(r.findByTestId(ProgressBar, 'sync-progress').props).toMatchObject({
      value: 400,
      maxValue: 1200,
      valueDescription: '400 of 1,200 companies',
    });
    expect(r.maybeFindByTestId(EmptyState, 'no-rows')).toBeNull();
    expect(r.maybeFindByTestId(StatisticsItem, 'kpi-arr')).toBeNull();

    synced = true;
    await vi.waitFor(() => r.findByTestId(Text, 'page-info'), { timeout: SYNC_POLL_MS * 3 });
    expect(r.findByTestId(StatisticsItem, 'kpi-arr').props.number).toBe('$1.3M');
    expect(r.maybeFindByTestId(Flex, 'first-sync')).toBeNull();
  }, 10_000);
});

describe("PortfolioPage as a manager's tool", () => {
  it('opens the saved view a query string names, and reports every change as one', async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView() });
    const onViewChange = vi.fn();
    const r = createRenderer('pages');
    r.render(
      <PortfolioPage
        api={api}
        recordUrl={recordUrl}
        now={() => NOW}
        savedView="owner=all&band=at_risk&renewal=overdue&sort=name&order=desc&risk=nonsense"
        onViewChange={onViewChange}
      />,
    );
    await r.waitFor(() => r.findByTestId(Text, 'page-info'));
    // an invalid value falls back to its default instead of failing the page
    expect(api.getPortfolio.mock.calls[0]![0]).toEqual({
      band: 'at_risk',
      renewalOverdue: true,
      sort: 'name',
      order: 'desc',
      limit: 25,
    });
    expect(r.findByTestId(Select, 'filter-window').props.value).toBe('overdue');
    expect(r.findByTestId(TableHeader, 'sort-name').props.sortDirection).toBe('descending');

    change(r.findByTestId(Select, 'filter-window'), '30');
    expect(onViewChange).toHaveBeenLastCalledWith('owner=all&band=at_risk&renewal=30&sort=name&order=desc');
    await vi.waitFor(() => expect(lastQuery(api)).toMatchObject({ renewalWithinDays: 30 }));
    expect(lastQuery(api).renewalOverdue).toBeUndefined();
  });

  it('gives every KPI a definition', async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView() });
    const r = await renderPage(api);
    const labels = r.findAll(StatisticsItem).map((item) => String(item.props.label));
    expect(labels.length).toBeGreaterThanOrEqual(14);
    const defined = new Map(
      r.findAll(DescriptionListItem).map((item) => [String(item.props.label), allText(item)]),
    );
    expect(labels.filter((label) => (defined.get(label) ?? '').length < 20)).toEqual([]);
    expect(defined.get('Renewals due in 30 days')).toContain('overdue renewals are counted separately');
    expect(r.findByTestId(StatisticsItem, 'kpi-overdue').props.number).toBe('2 · $40K');
    expect(r.findByTestId(StatisticsItem, 'kpi-due-30').props.number).toBe('3 · $95K');
    // the team table's columns are defined too
    for (const header of r.findByTestId(Table, 'team-table').findAll(TableHeader))
      expect(defined.get(header.text ?? '')).toBeTruthy();
  });

  it('says what to do when usage is not mapped, once, without a Settings page that does not exist', async () => {
    const api = fakeApi({
      getPortfolio: async () => buildPortfolioView({ kpis: { usage: { howToMap: HOW_TO_MAP_ADOPTION } } }),
    });
    const r = await renderPage(api);
    const text = r.findByTestId(Text, 'usage-not-mapped').text ?? '';
    expect(text).toContain('Settings → Adoption');
    expect(text).not.toContain('Settings → Scoring');
    expect(text.match(/not (mapped|measured)/g)).toHaveLength(1);
  });

  it("sorts team rows by any column and opens a CSM's book from their row", async () => {
    const dana = buildPortfolioView().kpis.team[0]!;
    const api = fakeApi({
      getPortfolio: async () =>
        buildPortfolioView({
          kpis: {
            team: [
              dana,
              { ...dana, ownerId: '8', ownerName: 'Sam Lead', companies: 30, arr: 900_000 },
              { ...dana, ownerId: null, ownerName: 'Unassigned', companies: 8, arr: 10_000 },
            ],
          },
          owners: [
            { id: '7', name: 'Dana CSM', teamIds: ['t1', 't2'] },
            { id: '8', name: 'Sam Lead', teamIds: ['t1'] },
          ],
          teams: [
            { id: 't1', name: 'Enterprise' },
            { id: 't2', name: 'SMB' },
          ],
        }),
    });
    const r = await renderPage(api);
    const csms = () =>
      r
        .findByTestId(Table, 'team-table')
        .findAll(TableRow)
        .slice(1)
        .map((row) => allText(row.findAll(TableCell)[0]!));
    change(r.findByTestId(TableHeader, 'team-sort-companies'), 'descending', 'onSortChange');
    await r.waitFor(() => expect(csms()).toEqual(['Sam Lead', 'Dana CSM', 'Unassigned']));
    change(r.findByTestId(TableHeader, 'team-sort-companies'), 'ascending', 'onSortChange');
    await r.waitFor(() => expect(csms()).toEqual(['Unassigned', 'Dana CSM', 'Sam Lead']));
    expect(r.findByTestId(Text, 'multi-team-note').text).toContain('Dana CSM (Enterprise, SMB)');
    expect(r.findByTestId(Text, 'multi-team-note').text).toContain('add up to more than the company count');

    change(r.findByTestId(Select, 'filter-band'), 'at_risk');
    r.findByTestId(Button, 'open-book-8').trigger('onClick');
    await vi.waitFor(() =>
      expect(lastQuery(api)).toEqual({ owner: '8', sort: 'health', order: 'asc', limit: 25 }),
    );
    expect(r.maybeFindByTestId(Button, 'open-book-null')).toBeNull();
  });

  it('exports every filtered row of every page, with every column, as CSV', async () => {
    const pages: Record<string, PortfolioView> = {
      first: buildPortfolioView({ nextCursor: 'p2' }),
      p2: buildPortfolioView({
        rows: [
          buildPortfolioRow({ companyId: '303', name: 'Initech, "the" company', ownerName: null, trend: -4 }),
        ],
        nextCursor: null,
      }),
    };
    const api = fakeApi({ getPortfolio: async (query) => pages[query.cursor ?? 'first']! });
    const saveFile = vi.fn();
    const r = createRenderer('pages');
    r.render(
      <PortfolioPage
        api={api}
        recordUrl={recordUrl}
        now={() => NOW}
        saveFile={saveFile}
        savedView="band=at_risk"
      />,
    );
    await r.waitFor(() => r.findByTestId(Text, 'page-info'));
    r.findByTestId(Button, 'export-csv').trigger('onClick');
    await vi.waitFor(() => expect(saveFile).toHaveBeenCalledTimes(1));
    const exportCalls = api.getPortfolio.mock.calls.slice(1).map(([q]) => q);
    expect(exportCalls.every((q) => q.band === 'at_risk' && q.limit === 100)).toBe(true);
    const file = saveFile.mock.calls[0]![0] as { name: string; type: string; contents: string };
    expect(file.name).toBe('pulse-portfolio-2026-03-10.csv');
    expect(file.type).toContain('text/csv');
    const lines = file.contents.split('\r\n');
    expect(lines[0]).toBe(
      'Company ID,Company,Owner,Health,Band,7-day trend,Renewal date,Renewal overdue,Renewal amount (USD),Renewal risk,NPS,ARR (USD)',
    );
    expect(lines.slice(1, -1)).toHaveLength(3);
    expect(lines[2]).toMatch(/^202,Globex,Dana CSM,31,At risk,-6,2026-03-05,true,48000,Critical,-40,48000$/);
    expect(lines[3]).toContain('303,"Initech, ""the"" company",Unassigned,');
    expect(lines.at(-1)).toBe('');
  });

  it('offers no export where the host cannot save a file (inside HubSpot)', async () => {
    const api = fakeApi({ getPortfolio: async () => buildPortfolioView() });
    const r = await renderPage(api);
    expect(r.maybeFindByTestId(Button, 'export-csv')).toBeNull();
  });

  it('shows every amount in the account currency and says which deals the sums leave out', async () => {
    const view = buildPortfolioView({
      currencyCode: 'EUR',
      kpis: { financial: { unconvertedDeals: { deals: 3, companies: 2, currencyCodes: ['CHF', 'GBP'] } } },
    });
    const r = await renderPage(fakeApi({ getPortfolio: async () => view }));
    expect(r.findByTestId(StatisticsItem, 'kpi-arr').props.number).toBe('€1.3M');
    expect(r.findByTestId(StatisticsItem, 'kpi-due-90').props.number).toBe('9 · €310K');
    expect(allText(r.findByTestId(TableRow, 'row-101'))).toContain('€48K');
    expect(allText(r.findByTestId(Tile, 'kpi-financial'))).toContain(
      "Amounts in EUR (€), the account's company currency.",
    );
    expect(allText(r.findByTestId(Tile, 'kpi-team'))).not.toContain('$');
    const alert = r.findByTestId(Alert, 'kpi-unconverted-deals');
    expect(alert.props.title).toBe('3 deals left out of these amounts');
    expect(allText(alert)).toContain('3 deals of 2 companies in CHF, GBP have no EUR value in HubSpot');
  });
});
