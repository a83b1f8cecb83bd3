import { useState } from 'react';
import { Button, EmptyState, Flex, Heading, LoadingSpinner, Select, Text } from '@hubspot/ui-extensions';
import { ZBand, ZRiskLevel, ZPortfolioQuery, type PortfolioQuery, type PortfolioView } from '@pulse/shared';
import type { PulseApi } from './api';
import { CompaniesTable, type SortState } from './CompaniesTable';
import { ErrorView } from './ErrorView';
import { formatRelativeTime } from './format';
import { BAND_LABEL, RISK_LABEL } from './labels';
import { PortfolioKpiTiles } from './PortfolioKpis';
import { useAsync } from './use-async';

export type PortfolioPageProps = {
  api: PulseApi;
  recordUrl: (companyId: string) => string;
  now?: () => number;
};

export const PAGE_SIZE = 25;
const DEFAULT_SORT: SortState = { key: 'health', order: 'asc' };
const ALL = '';

/** Filter values as the Selects hold them: '' means "all". */
type Filters = { owner: string; team: string; band: string; risk: string; renewalWithinDays: string };
/** A CSM opens the page on their own book; the first answer says whether the caller owns companies at all. */
const INITIAL_FILTERS: Filters = { owner: 'me', team: ALL, band: ALL, risk: ALL, renewalWithinDays: ALL };

const BAND_OPTIONS = [
  { value: ALL, label: 'All bands' },
  ...ZBand.options.map((band) => ({ value: band, label: BAND_LABEL[band] })),
  { value: 'no_data', label: 'No data' },
];
const RISK_OPTIONS = [
  { value: ALL, label: 'All risk levels' },
  ...ZRiskLevel.options.map((risk) => ({ value: risk, label: RISK_LABEL[risk] })),
];
const WINDOW_OPTIONS = [
  { value: ALL, label: 'Any renewal date' },
  { value: '30', label: 'Renewing in 30 days' },
  { value: '90', label: 'Renewing in 90 days' },
  { value: '180', label: 'Renewing in 180 days' },
  { value: '365', label: 'Renewing in 12 months' },
];

function toQuery(filters: Filters, sort: SortState, cursor: string | undefined): Partial<PortfolioQuery> {
  return {
    owner: filters.owner || undefined,
    team: filters.team || undefined,
    band: ZPortfolioQuery.shape.band.safeParse(filters.band || undefined).data,
    risk: ZPortfolioQuery.shape.risk.safeParse(filters.risk || undefined).data,
    renewalWithinDays: filters.renewalWithinDays ? Number(filters.renewalWithinDays) : undefined,
    sort: sort.key,
    order: sort.order,
    cursor,
    limit: PAGE_SIZE,
  };
}

export function PortfolioPage({ api, recordUrl, now = Date.now }: PortfolioPageProps) {
  const [filters, setFilters] = useState<Filters>(INITIAL_FILTERS);
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  /** cursors of the pages before the current one, and the current one's ([] = first page) */
  const [cursors, setCursors] = useState<string[]>([]);
  const query = toQuery(filters, sort, cursors.at(-1));
  const { state, reload } = useAsync(() => api.getPortfolio(query), JSON.stringify(query));
  const view = state.data;

  // Not an owner: "my book" would be empty, so show the whole portfolio instead.
  const isNotAnOwner = state.status === 'success' && view !== undefined && view.myOwnerId === null;
  // Adjusted while rendering (not in an effect), so the next request goes out without an extra commit.
  if (isNotAnOwner && filters.owner === 'me') setFilters({ ...filters, owner: ALL });

  function changeFilter(name: keyof Filters, value: string | number | boolean) {
    setFilters((current) => ({ ...current, [name]: String(value) }));
    setCursors([]);
  }
  function changeSort(next: SortState | null) {
    setSort(next ?? DEFAULT_SORT);
    setCursors([]);
  }

  if (state.status === 'error' && view === undefined)
    return <ErrorView error={state.error} onRetry={reload} />;
  if (view === undefined)
    return <LoadingSpinner label="Loading portfolio…" layout="centered" testId="loading" />;

  return (
    <Flex direction="column" gap="md">
      <Flex direction="row" justify="between" align="center">
        <Text variant="microcopy" testId="freshness">
          Computed {formatRelativeTime(view.computedAt, now())}
        </Text>
        {state.status === 'loading' ? (
          <LoadingSpinner label="Updating…" size="xs" layout="inline" showLabel />
        ) : null}
      </Flex>
      {state.status === 'error' ? <ErrorView error={state.error} onRetry={reload} /> : null}
      <PortfolioFilters view={view} filters={filters} onChange={changeFilter} />
      <PortfolioKpiTiles kpis={view.kpis} recordUrl={recordUrl} />
      <Heading>Companies</Heading>
      {view.rows.length === 0 ? (
        <EmptyState title="No companies match these filters" imageName="companies" testId="no-rows">
          <Button
            onClick={() => {
              setFilters({ ...INITIAL_FILTERS, owner: ALL });
              setCursors([]);
            }}
          >
            Clear filters
          </Button>
        </EmptyState>
      ) : (
        <CompaniesTable rows={view.rows} sort={sort} onSort={changeSort} recordUrl={recordUrl} />
      )}
      <Pager
        page={cursors.length + 1}
        total={view.total}
        hasPrevious={cursors.length > 0}
        onPrevious={() => setCursors((current) => current.slice(0, -1))}
        nextCursor={view.nextCursor}
        onNext={(next) => setCursors((current) => [...current, next])}
      />
    </Flex>
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
  return (
    <Flex direction="row" gap="sm" wrap>
      <Select
        label="Owner"
        name="owner"
        options={ownerOptions}
        value={filters.owner}
        onChange={(v) => onChange('owner', v)}
        testId="filter-owner"
      />
      <Select
        label="Team"
        name="team"
        options={teamOptions}
        value={filters.team}
        onChange={(v) => onChange('team', v)}
        testId="filter-team"
      />
      <Select
        label="Health band"
        name="band"
        options={BAND_OPTIONS}
        value={filters.band}
        onChange={(v) => onChange('band', v)}
        testId="filter-band"
      />
      <Select
        label="Renewal risk"
        name="risk"
        options={RISK_OPTIONS}
        value={filters.risk}
        onChange={(v) => onChange('risk', v)}
        testId="filter-risk"
      />
      <Select
        label="Renewal window"
        name="renewalWithinDays"
        options={WINDOW_OPTIONS}
        value={filters.renewalWithinDays}
        onChange={(v) => onChange('renewalWithinDays', v)}
        testId="filter-window"
      />
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
