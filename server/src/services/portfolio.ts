import { z } from 'zod';
import {
  type PortfolioQuery,
  type PortfolioRow,
  type PortfolioSort,
  type PortfolioView,
  computePortfolioKpis,
  hasOverdueRenewal,
  renewalDueWithin,
  ownerName,
  toPortfolioRow,
  defaultSettings,
} from '@pulse/shared';
import { AppError } from '../errors';
import { readUnavailableSources, type PortalStore } from '../store';

const RISK_ORDER = { no_renewal: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;

/** The value a column sorts on; null sorts last in both directions (a blank is never "the best"). */
const sortValue = (row: PortfolioRow, sort: PortfolioSort): string | number | null => {
  switch (sort) {
    case 'name':
      return row.name.toLocaleLowerCase('en');
    case 'owner':
      return row.ownerName?.toLocaleLowerCase('en') ?? null;
    case 'health':
      return row.health;
    case 'trend':
      return row.trend;
    case 'renewalDate':
      return row.renewalDate === null ? null : Date.parse(row.renewalDate);
    case 'renewalAmount':
      return row.renewalAmount;
    case 'risk':
      return RISK_ORDER[row.risk];
    case 'nps':
      return row.nps;
    case 'arr':
      return row.arr;
    default: {
      const never: never = sort;
      return never;
    }
  }
};

type Key = { value: string | number | null; id: string };

const compareKeys = (a: Key, b: Key, order: 'asc' | 'desc'): number => {
  if (a.value !== b.value) {
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    const cmp = a.value < b.value ? -1 : 1;
    return order === 'asc' ? cmp : -cmp;
  }
  // ties broken by company id (ascending in both directions): the order is total, so pages never overlap or skip
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/** The cursor is opaque to clients: the last row's sort key, plus the sort it belongs to. */
const ZCursor = z.object({
  s: z.string(),
  o: z.enum(['asc', 'desc']),
  v: z.union([z.string(), z.number(), z.null()]),
  id: z.string(),
});
const encodeCursor = (sort: PortfolioSort, order: 'asc' | 'desc', key: Key) =>
  Buffer.from(JSON.stringify({ s: sort, o: order, v: key.value, id: key.id })).toString('base64url');
const decodeCursor = (cursor: string, sort: PortfolioSort, order: 'asc' | 'desc'): Key => {
  let parsed: z.infer<typeof ZCursor> | null = null;
  try {
    const result = ZCursor.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    parsed = result.success ? result.data : null;
  } catch {
    parsed = null;
  }
  if (parsed === null)
    throw new AppError('bad_request', 'The cursor is not valid; start again from the first page');
  if (parsed.s !== sort || parsed.o !== order)
    throw new AppError(
      'bad_request',
      'The cursor belongs to another sort order; start again from the first page',
    );
  return { value: parsed.v, id: parsed.id };
};

export const getPortfolioView = async (
  portal: PortalStore,
  input: { userId: number | null; query: PortfolioQuery; now: number },
): Promise<PortfolioView> => {
  const { query, now } = input;
  const [snapshots, owners, stored, me, account] = await Promise.all([
    portal.snapshots.list(),
    portal.owners.list(),
    portal.settings.get(),
    input.userId === null ? Promise.resolve(null) : portal.owners.byUserId(input.userId),
    portal.account.get(),
  ]);
  const settings = stored?.settings ?? defaultSettings;
  const ownersById = new Map(owners.map((o) => [o.id, o]));
  const myOwnerId = me?.id ?? null;

  const ownerFilter = query.owner === 'me' ? (myOwnerId ?? '\u0000nobody') : query.owner;
  const teamOwnerIds =
    query.team === undefined
      ? null
      : new Set(owners.filter((o) => o.teams.some((t) => t.id === query.team)).map((o) => o.id));

  const selected = snapshots.filter((s) => {
    if (ownerFilter !== undefined && s.ownerId !== ownerFilter) return false;
    if (teamOwnerIds !== null && (s.ownerId === null || !teamOwnerIds.has(s.ownerId))) return false;
    if (query.band !== undefined && (s.health.band ?? 'no_data') !== query.band) return false;
    if (query.risk !== undefined && s.renewal.risk.level !== query.risk) return false;
    if (query.renewalWithinDays !== undefined && renewalDueWithin(s, query.renewalWithinDays, now) === null)
      return false;
    if (query.renewalOverdue !== undefined && hasOverdueRenewal(s, now) !== query.renewalOverdue)
      return false;
    return true;
  });

  const keyed = selected.map((s) => {
    const row = toPortfolioRow(s, ownersById);
    return { row, key: { value: sortValue(row, query.sort), id: row.companyId } };
  });
  keyed.sort((a, b) => compareKeys(a.key, b.key, query.order));

  const after = query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort, query.order);
  const start = after === null ? 0 : firstAfter(keyed, after, query.order);
  const page = keyed.slice(start, start + query.limit);
  const last = page.at(-1);
  const hasMore = start + query.limit < keyed.length;

  const teams = new Map<string, string>();
  for (const owner of owners) for (const team of owner.teams) teams.set(team.id, team.name);

  return {
    portalId: portal.portalId,
    currencyCode: account?.companyCurrency ?? null,
    kpis: computePortfolioKpis(selected, owners, settings, now),
    rows: page.map((k) => k.row),
    total: keyed.length,
    nextCursor: hasMore && last !== undefined ? encodeCursor(query.sort, query.order, last.key) : null,
    owners: owners
      .filter((o) => !o.archived)
      .map((o) => ({ id: o.id, name: ownerName(o, o.id), teamIds: o.teams.map((t) => t.id) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    teams: [...teams].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    myOwnerId,
    computedAt: new Date(now).toISOString(),
    unavailableSources: await readUnavailableSources(portal),
  };
};

/** Index of the first row strictly after the cursor key (binary search over the sorted rows). */
const firstAfter = (rows: { key: Key }[], after: Key, order: 'asc' | 'desc') => {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = rows[mid];
    if (row !== undefined && compareKeys(row.key, after, order) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
