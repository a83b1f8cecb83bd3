import { useEffect, useState } from 'react';
import { pluralize, type PortfolioRow } from '@pulse/shared';
import { type PulseApi, BAND_LABEL, BAND_TAG } from '@pulse/views';
import { Alert, Button, LoadingSpinner, Tag } from '../ui';
import { routeHref } from './router';

type Ready = {
  status: 'ready';
  rows: PortfolioRow[];
  total: number;
  nextCursor: string | null;
  loadingMore: boolean;
};
type State = { status: 'loading' } | { status: 'error'; message: string } | Ready;

/** One page of 100 companies by name, appended to the rows already loaded. */
function fetchCompanies(api: PulseApi, cursor: string | undefined, previous: PortfolioRow[]): Promise<State> {
  return api.getPortfolio({ limit: 100, sort: 'name', order: 'asc', ...(cursor ? { cursor } : {}) }).then(
    (page): State => ({
      status: 'ready',
      rows: [...previous, ...page.rows],
      total: page.total,
      nextCursor: page.nextCursor,
      loadingMore: false,
    }),
    (error: unknown): State => ({
      status: 'error',
      message: error instanceof Error ? error.message : String(error),
    }),
  );
}

/** The companies index: the first page on mount, `loadMore` for the next. */
function useCompanies(api: PulseApi) {
  const [state, setState] = useState<State>({ status: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    void fetchCompanies(api, undefined, []).then((next) => isCurrent && setState(next));
    return () => {
      isCurrent = false;
    };
  }, [api]);
  const loadMore = () => {
    if (state.status !== 'ready' || state.nextCursor === null) return;
    setState({ ...state, loadingMore: true });
    void fetchCompanies(api, state.nextCursor, state.rows).then(setState);
  };
  return { state, loadMore };
}

/** HubSpot's companies index, reduced to what the demo needs: find a company and open its record. */
export function CompanyList({ api }: { api: PulseApi }) {
  const { state, loadMore } = useCompanies(api);
  const [search, setSearch] = useState('');
  return (
    <div className="shell-page">
      <div className="shell-page__header shell-page__header--row">
        <div>
          <h1>Companies</h1>
          <p>{state.status === 'ready' ? pluralize(state.total, 'record') : ' '}</p>
        </div>
        <input
          className="shell-search"
          type="search"
          placeholder="Search name"
          aria-label="Search companies by name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="company-search"
        />
      </div>
      <div className="shell-page__body">
        {state.status === 'loading' && (
          <LoadingSpinner label="Loading companies…" showLabel layout="centered" />
        )}
        {state.status === 'error' && (
          <Alert title="Companies could not be loaded" variant="error">
            {state.message}
          </Alert>
        )}
        {state.status === 'ready' && <CompanyTable state={state} search={search} onLoadMore={loadMore} />}
      </div>
    </div>
  );
}

function CompanyTable({
  state,
  search,
  onLoadMore,
}: {
  state: Ready;
  search: string;
  onLoadMore: () => void;
}) {
  const query = search.trim().toLowerCase();
  const rows = state.rows.filter((row) => row.name.toLowerCase().includes(query));
  return (
    <>
      <div className="shell-table-scroll" tabIndex={0} role="region" aria-label="Companies">
        <table className="shell-table" data-testid="company-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Owner</th>
              <th scope="col" className="num">
                Health
              </th>
              <th scope="col">Band</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <CompanyRow key={row.companyId} row={row} />
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="shell-table__empty">
                  {!query
                    ? 'No companies synced yet.'
                    : state.nextCursor === null
                      ? `No company matches “${search.trim()}”.`
                      : `None of the ${state.rows.length} loaded companies matches “${search.trim()}”: load more to search further.`}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {state.nextCursor !== null && (
        <div className="shell-more">
          <Button disabled={state.loadingMore} onClick={onLoadMore}>
            {state.loadingMore ? 'Loading…' : `Load more (${state.rows.length} of ${state.total})`}
          </Button>
        </div>
      )}
    </>
  );
}

function CompanyRow({ row }: { row: PortfolioRow }) {
  return (
    <tr data-testid="company-row" data-company-id={row.companyId}>
      <td>
        <a className="hs-link" href={routeHref.company(row.companyId)}>
          {row.name}
        </a>
      </td>
      <td>{row.ownerName ?? 'No owner'}</td>
      <td className="num" data-testid="company-health">
        {row.health === null ? '—' : Math.round(row.health)}
      </td>
      <td>
        {row.band ? <Tag variant={BAND_TAG[row.band]}>{BAND_LABEL[row.band]}</Tag> : <Tag>No data</Tag>}
      </td>
    </tr>
  );
}
