import { useState } from 'react';
import { Button, Flex, Heading, LoadingSpinner, Select, Text } from '@hubspot/ui-extensions';
import { ZBand, ZRiskLevel, type PortfolioView } from '@pulse/shared';
import type { PulseApi } from './api';
import { CompaniesTable } from './CompaniesTable';
import { ErrorView } from './ErrorView';
import { formatRelativeTime } from './format';
import { BAND_LABEL, RISK_LABEL } from './labels';
import { PortfolioExport } from './PortfolioExport';
import { EmptyPortfolio } from './PortfolioEmpty';
import { PortfolioKpiTiles } from './PortfolioKpis';
import {
  ALL,
  CLEARED_FILTERS,
  DEFAULT_SORT,
  OVERDUE,
  PAGE_SIZE,
  parseView,
  serializeView,
  toQuery,
  type Filters,
  type PortfolioViewState,
  type SortState,
} from './portfolio-query';
import { useAsync } from './use-async';
import { UnavailableSources } from './UnavailableSources';

export { PAGE_SIZE };

export type PortfolioPageProps = {
  api: PulseApi;
  recordUrl: (companyId: string) => string;
  now?: () => number;
  /** The view to open, as a query string ("band=at_risk&sort=name&order=desc"), e.g. from the page URL. */
  savedView?: string;
  /** Called with the view's query string after every filter or sort change, so a host can keep it in the URL. */
  onViewChange?: (savedView: string) => void;
  /** Saves a file on the user's machine; without it (inside HubSpot) the page offers no CSV export. */
  saveFile?: (file: { name: string; type: string; contents: string }) => void;
};

const BAND_OPTIONS = [
  { value: ALL, label: 'All bands' },
  ...ZBand.options.map((band) => ({ value: band, label: BAND_LABEL[band] })),
  { value: 'no_data', label: 'No data' },
];
const RISK_OPTIONS = [
  { value: ALL, label: 'All risk levels' },
  ...ZRiskLevel.options.map((risk) => ({ value: risk, label: RISK_LABEL[risk] })),
];
const RENEWAL_OPTIONS = [
  { value: ALL, label: 'Any renewal date' },
  { value: OVERDUE, label: 'Renewal overdue' },
  { value: '30', label: 'Renewing in 30 days' },
  { value: '90', label: 'Renewing in 90 days' },
  { value: '180', label: 'Renewing in 180 days' },
  { value: '365', label: 'Renewing in 12 months' },
];

export function PortfolioPage({
  api,
  recordUrl,
  now = Date.now,
  savedView,
  onViewChange,
  saveFile,
}: PortfolioPageProps) {
  const [{ filters, sort }, setView] = useState<PortfolioViewState>(() => parseView(savedView ?? ''));
  /** cursors of the pages before the current one, and the current one's ([] = first page) */
  const [cursors, setCursors] = useState<string[]>([]);
  const query = toQuery(filters, sort, cursors.at(-1));
  const { state, reload } = useAsync(() => api.getPortfolio(query), JSON.stringify(query));
  const view = state.data;

  // Not an owner: "my book" would be empty, so show the whole portfolio instead.
  const isNotAnOwner = state.status === 'success' && view !== undefined && view.myOwnerId === null;
  // Adjusted while rendering (not in an effect), so the next request goes out without an extra commit.
  if (isNotAnOwner && filters.owner === 'me') setView({ filters: { ...filters, owner: ALL }, sort });

  function show(next: PortfolioViewState) {
    setView(next);
    setCursors([]);
    onViewChange?.(serializeView(next));
  }
  const changeFilter = (name: keyof Filters, value: string | number | boolean) =>
    show({ filters: { ...filters, [name]: String(value) }, sort });

  if (state.status === 'error' && view === undefined)
    return <ErrorView error={state.error} onRetry={reload} />;
  if (view === undefined)
    return <LoadingSpinner label="Loading portfolio…" layout="centered" testId="loading" />;

  const hasFilters = Object.values(filters).some((value) => value !== ALL);
  return (
    <Flex direction="column" gap="md">
      <Flex direction="row" justify="between" align="center" wrap>
        <Text variant="microcopy" testId="freshness">
          Computed {formatRelativeTime(view.computedAt, now())}
        </Text>
        {state.status === 'loading' ? (
          <LoadingSpinner label="Updating…" size="xs" layout="inline" showLabel />
        ) : null}
      </Flex>
      {state.status === 'error' ? <ErrorView error={state.error} onRetry={reload} /> : null}
      <UnavailableSources sources={view.unavailableSources} />
      <PortfolioFilters view={view} filters={filters} onChange={changeFilter} />
      {view.total === 0 ? (
        <EmptyPortfolio
          api={api}
          hasFilters={hasFilters}
          onSynced={reload}
          onClearFilters={() => show({ filters: CLEARED_FILTERS, sort })}
        />
      ) : (
        <PortfolioBody
          view={view}
          sort={sort}
          recordUrl={recordUrl}
          onSort={(next) => show({ filters, sort: next ?? DEFAULT_SORT })}
          onOpenBook={(ownerId) => show({ filters: { ...CLEARED_FILTERS, owner: ownerId }, sort })}
          exportButton={
            saveFile ? <PortfolioExport api={api} query={query} saveFile={saveFile} now={now} /> : null
          }
          pager={
            <Pager
              page={cursors.length + 1}
              total={view.total}
              hasPrevious={cursors.length > 0}
              onPrevious={() => setCursors((current) => current.slice(0, -1))}
              nextCursor={view.nextCursor}
              onNext={(next) => setCursors((current) => [...current, next])}
            />
          }
        />
      )}
    </Flex>
  );
}

function PortfolioBody({
  view,
  sort,
  recordUrl,
  onSort,
  onOpenBook,
  exportButton,
  pager,
}: {
  view: PortfolioView;
  sort: SortState;
  recordUrl: (companyId: string) => string;
  onSort: (sort: SortState | null) => void;
  onOpenBook: (ownerId: string) => void;
  exportButton: React.ReactNode;
  pager: React.ReactNode;
}) {
  return (
    <>
      <PortfolioKpiTiles
        kpis={view.kpis}
        currencyCode={view.currencyCode}
        recordUrl={recordUrl}
        owners={view.owners}
        teams={view.teams}
        onOpenBook={onOpenBook}
      />
      <Flex direction="row" justify="between" align="center" wrap>
        <Heading>Companies</Heading>
        {exportButton}
      </Flex>
      <CompaniesTable
        rows={view.rows}
        currencyCode={view.currencyCode}
        sort={sort}
        onSort={onSort}
        recordUrl={recordUrl}
      />
      {pager}
    </>
  );
}

function PortfolioFilters({
  view,
  filters,
  onChange,
}: {
  view: PortfolioView;
  filters: Filters;
  onChange: (name: keyof Filters, value: string | number | boolean) => void;
}) {
  const ownerOptions = [
    { value: ALL, label: 'All owners' },
    ...(view.myOwnerId === null ? [] : [{ value: 'me', label: 'My book' }]),
    ...view.owners.map((owner) => ({ value: owner.id, label: owner.name })),
  ];
  const teamOptions = [
    { value: ALL, label: 'All teams' },
    ...view.teams.map((team) => ({ value: team.id, label: team.name })),
  ];
  const select = (
    name: keyof Filters,
    label: string,
    options: { value: string; label: string }[],
    testId: string,
  ) => (
    <Select
      label={label}
      name={name}
      options={options}
      value={filters[name]}
      onChange={(v) => onChange(name, v)}
      testId={testId}
    />
  );
  return (
    <Flex direction="row" gap="sm" wrap>
      {select('owner', 'Owner', ownerOptions, 'filter-owner')}
      {select('team', 'Team', teamOptions, 'filter-team')}
      {select('band', 'Health band', BAND_OPTIONS, 'filter-band')}
      {select('risk', 'Renewal risk', RISK_OPTIONS, 'filter-risk')}
      {select('renewal', 'Renewal', RENEWAL_OPTIONS, 'filter-window')}
    </Flex>
  );
}

/** Cursor paging: the page number and total, Previous and Next. */
function Pager({
  page,
  total,
  hasPrevious,
  onPrevious,
  nextCursor,
  onNext,
}: {
  page: number;
  total: number;
  hasPrevious: boolean;
  onPrevious: () => void;
  nextCursor: string | null;
  onNext: (cursor: string) => void;
}) {
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Flex direction="row" gap="sm" align="center" justify="between" wrap>
      <Text testId="page-info">
        Page {page} of {pageCount} · {total} {total === 1 ? 'company' : 'companies'}
      </Text>
      <Flex direction="row" gap="xs">
        <Button size="sm" disabled={!hasPrevious} onClick={onPrevious} testId="page-previous">
          Previous
        </Button>
        <Button
          size="sm"
          disabled={nextCursor === null}
          onClick={() => {
            if (nextCursor !== null) onNext(nextCursor);
          }}
          testId="page-next"
        >
          Next
        </Button>
      </Flex>
    </Flex>
  );
}
