import { ZPortfolioQuery, ZPortfolioSort, type PortfolioQuery, type PortfolioSort } from '@pulse/shared';

export const PAGE_SIZE = 25;
export const ALL = '';

export type SortState = { key: PortfolioSort; order: 'asc' | 'desc' };
export const DEFAULT_SORT: SortState = { key: 'health', order: 'asc' };

/**
 * Filter values as the Selects hold them: '' means "all". `renewal` is a number of days or 'overdue'
 * (overdue renewals are never part of a day window, as in the KPI tiles).
 */
export type Filters = { owner: string; team: string; band: string; risk: string; renewal: string };
const FILTER_KEYS = ['owner', 'team', 'band', 'risk', 'renewal'] as const;

/** A CSM opens the page on their own book; the first answer says whether the caller owns companies at all. */
export const INITIAL_FILTERS: Filters = { owner: 'me', team: ALL, band: ALL, risk: ALL, renewal: ALL };
export const CLEARED_FILTERS: Filters = { ...INITIAL_FILTERS, owner: ALL };
export const OVERDUE = 'overdue';

/** What the page shows: a saved view is exactly this, written as a query string. */
export type PortfolioViewState = { filters: Filters; sort: SortState };

export function toQuery(
  filters: Filters,
  sort: SortState,
  cursor: string | undefined,
): Partial<PortfolioQuery> {
  const days = ZPortfolioQuery.shape.renewalWithinDays.safeParse(filters.renewal || undefined).data;
  return {
    owner: filters.owner || undefined,
    team: filters.team || undefined,
    band: ZPortfolioQuery.shape.band.safeParse(filters.band || undefined).data,
    risk: ZPortfolioQuery.shape.risk.safeParse(filters.risk || undefined).data,
    renewalWithinDays: filters.renewal === OVERDUE ? undefined : days,
    renewalOverdue: filters.renewal === OVERDUE ? true : undefined,
    sort: sort.key,
    order: sort.order,
    cursor,
    limit: PAGE_SIZE,
  };
}

/** "All owners" has to be written down: without `owner`, a saved view opens on the reader's own book. */
const OWNER_ALL = 'all';

/**
 * The query string of a view ("band=at_risk&sort=name&order=desc"): only what differs from the page's
 * defaults, so a plain link opens the default page.
 */
export function serializeView({ filters, sort }: PortfolioViewState): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === INITIAL_FILTERS[key]) continue;
    params.set(key, key === 'owner' && value === ALL ? OWNER_ALL : value);
  }
  if (sort.key !== DEFAULT_SORT.key || sort.order !== DEFAULT_SORT.order) {
    params.set('sort', sort.key);
    params.set('order', sort.order);
  }
  return params.toString();
}

const VALID: Record<(typeof FILTER_KEYS)[number], (value: string) => boolean> = {
  owner: (v) => v.length > 0 && v.length <= 64,
  team: (v) => v.length > 0 && v.length <= 64,
  band: (v) => ZPortfolioQuery.shape.band.safeParse(v).success,
  risk: (v) => ZPortfolioQuery.shape.risk.safeParse(v).success,
  renewal: (v) => v === OVERDUE || ZPortfolioQuery.shape.renewalWithinDays.safeParse(v).success,
};

/** The view a query string names; a value that is not valid falls back to its default, never an error. */
export function parseView(search: string): PortfolioViewState {
  const params = new URLSearchParams(search.replace(/^\?/, ''));
  const filters = { ...INITIAL_FILTERS };
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value === null) continue;
    if (key === 'owner' && value === OWNER_ALL) filters.owner = ALL;
    else if (VALID[key](value)) filters[key] = value;
  }
  const key = ZPortfolioSort.safeParse(params.get('sort'));
  const order = params.get('order');
  const sort: SortState =
    key.success && (order === 'asc' || order === 'desc') ? { key: key.data, order } : DEFAULT_SORT;
  return { filters, sort };
}
