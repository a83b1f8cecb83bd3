import { useCallback, useEffect, useState } from 'react';
import type { PortfolioRow } from '@pulse/shared';
import { type PulseApi, BAND_LABEL, BAND_TAG } from '@pulse/views';
import { Alert, Button, LoadingSpinner, Tag } from '../ui';
import { routeHref } from './router';

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; rows: PortfolioRow[]; total: number; nextCursor: string | null; loadingMore: boolean };

/** HubSpot's companies index, reduced to what the demo needs: find a company and open its record. */
export function CompanyList({ api }: { api: PulseApi }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [search, setSearch] = useState('');

  const load = useCallback(
    async (cursor: string | undefined, previous: PortfolioRow[]) => {
      try {
        const page = await api.getPortfolio({
          limit: 100,
          sort: 'name',
          order: 'asc',
          ...(cursor ? { cursor } : {}),
        });
        setState({
          status: 'ready',
          rows: [...previous, ...page.rows],
          total: page.total,
          nextCursor: page.nextCursor,
          loadingMore: false,
        });
      } catch (error) {
        setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [api],
  );

  useEffect(() => {
    void load(undefined, []);
  }, [load]);

  const query = search.trim().toLowerCase();
  const rows =
    state.status === 'ready' ? state.rows.filter((row) => row.name.toLowerCase().includes(query)) : [];
  return (
    <div className="shell-page">
      <div className="shell-page__header shell-page__header--row">
        <div>
          <h1>Companies</h1>
          <p>{state.status === 'ready' ? `${state.total} records` : ' '}</p>
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
        {state.status === 'ready' && (
          <>
            <table className="shell-table" data-testid="company-list">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Owner</th>
                  <th className="num">Health</th>
                  <th>Band</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.companyId} data-testid="company-row" data-company-id={row.companyId}>
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
                      {row.band ? (
                        <Tag variant={BAND_TAG[row.band]}>{BAND_LABEL[row.band]}</Tag>
                      ) : (
                        <Tag>No data</Tag>
                      )}
                    </td>
                  </tr>
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
            {state.nextCursor !== null && (
              <div className="shell-more">
                <Button
                  disabled={state.loadingMore}
                  onClick={() => {
                    setState({ ...state, loadingMore: true });
                    void load(state.nextCursor ?? undefined, state.rows);
                  }}
                >
                  {state.loadingMore ? 'Loading…' : `Load more (${state.rows.length} of ${state.total})`}
                </Button>
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}
