import { useState } from 'react';
import {
  Button,
  Heading,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import { METRIC_DEFINITIONS as D, type CurrencyCode, type PortfolioView, type TeamRow } from '@pulse/shared';
import { formatMoney, formatNumber, formatRatio } from './format';
import { KpiDefinitions } from './KpiDefinitions';

type Column = {
  key: keyof TeamRow;
  label: string;
  definition: string;
  /** `currencyCode`: the account's company currency, for the amounts */
  show: (row: TeamRow, currencyCode: CurrencyCode) => string | number;
};

const COLUMNS: Column[] = [
  { key: 'ownerName', label: 'CSM', definition: 'The company owner in HubSpot.', show: (r) => r.ownerName },
  { key: 'companies', label: 'Companies', definition: D.bookSize, show: (r) => r.companies },
  { key: 'arr', label: 'ARR', definition: D.arrUnderManagement, show: (r, c) => formatMoney(r.arr, c) },
  {
    key: 'averageHealth',
    label: 'Avg health',
    definition: D.averageHealth,
    show: (r) => formatNumber(r.averageHealth),
  },
  {
    key: 'atRiskArr',
    label: 'At-risk ARR',
    definition: D.atRiskArr,
    show: (r, c) => formatMoney(r.atRiskArr, c),
  },
  { key: 'renewalsDue90', label: 'Renewals (90 d)', definition: D.renewalsDue, show: (r) => r.renewalsDue90 },
  {
    key: 'grossRenewalRate',
    label: 'GRR',
    definition: D.grossRenewalRate,
    show: (r) => formatRatio(r.grossRenewalRate),
  },
  { key: 'nps', label: 'NPS', definition: D.nps, show: (r) => r.nps ?? '—' },
  {
    key: 'openHighPriority',
    label: 'Urgent tickets',
    definition: D.openHighPriority,
    show: (r) => r.openHighPriority,
  },
  {
    key: 'medianDaysSinceContact',
    label: 'Days since contact',
    definition: D.medianDaysSinceContact,
    show: (r) => formatNumber(r.medianDaysSinceContact),
  },
];

type TeamSort = { key: keyof TeamRow; order: 'asc' | 'desc' } | null;

/** Sorted copy; blanks last in both directions, the unassigned row last unless sorting by something else. */
export function sortTeamRows(rows: readonly TeamRow[], sort: TeamSort): TeamRow[] {
  if (sort === null) return [...rows];
  const sign = sort.order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === y) return a.ownerName.localeCompare(b.ownerName);
    if (x === null) return 1;
    if (y === null) return -1;
    const cmp = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : x < y ? -1 : 1;
    return sign * cmp;
  });
}

export type TeamTileProps = {
  team: TeamRow[];
  /** the account's company currency: the ARR columns are in it */
  currencyCode: CurrencyCode;
  owners: PortfolioView['owners'];
  teams: PortfolioView['teams'];
  /** Filters the portfolio to this CSM's companies. */
  onOpenBook: (ownerId: string) => void;
};

/** "Ana and Bo belong to more than one team …", or null when every owner has at most one team. */
export function multiTeamNote(
  team: readonly TeamRow[],
  owners: PortfolioView['owners'],
  teams: PortfolioView['teams'],
): string | null {
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const shown = new Set(team.map((r) => r.ownerId));
  const several = owners.filter((o) => shown.has(o.id) && o.teamIds.length > 1);
  if (several.length === 0) return null;
  const who = several
    .map((o) => `${o.name} (${o.teamIds.map((id) => teamName.get(id) ?? id).join(', ')})`)
    .join('; ');
  return (
    `${several.length === 1 ? 'One CSM belongs' : `${several.length} CSMs belong`} to more than one team: ${who}. ` +
    'The Team filter counts their companies in each of their teams, so team totals add up to more than the company count.'
  );
}

export function TeamTile({ team, currencyCode, owners, teams, onOpenBook }: TeamTileProps) {
  const [sort, setSort] = useState<TeamSort>(null);
  const note = multiTeamNote(team, owners, teams);
  return (
    <Tile testId="kpi-team">
      <Heading>Team</Heading>
      {team.length === 0 ? (
        <Text>No owners with companies in this selection.</Text>
      ) : (
        <Table bordered density="condensed" testId="team-table">
          <TableHead>
            <TableRow>
              {COLUMNS.map((c) => (
                <TableHeader
                  key={c.key}
                  align={c.key === 'ownerName' ? undefined : 'right'}
                  sortDirection={
                    sort?.key === c.key ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'
                  }
                  onSortChange={(d) =>
                    setSort(d === 'none' ? null : { key: c.key, order: d === 'ascending' ? 'asc' : 'desc' })
                  }
                  testId={`team-sort-${c.key}`}
                >
                  {c.label}
                </TableHeader>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {sortTeamRows(team, sort).map((row) => (
              <TableRow key={row.ownerId ?? 'unassigned'} testId={`team-row-${row.ownerId ?? 'unassigned'}`}>
                {COLUMNS.map((c) => (
                  <TableCell key={c.key} align={c.key === 'ownerName' ? undefined : 'right'}>
                    {c.key === 'ownerName' && row.ownerId !== null ? (
                      <OpenBook ownerId={row.ownerId} name={row.ownerName} onOpenBook={onOpenBook} />
                    ) : (
                      c.show(row, currencyCode)
                    )}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {note === null ? null : (
        <Text variant="microcopy" testId="multi-team-note">
          {note}
        </Text>
      )}
      <KpiDefinitions items={COLUMNS} testId="definitions-team" />
    </Tile>
  );
}

function OpenBook({
  ownerId,
  name,
  onOpenBook,
}: {
  ownerId: string;
  name: string;
  onOpenBook: (ownerId: string) => void;
}) {
  return (
    <Button
      variant="transparent"
      size="sm"
      onClick={() => onOpenBook(ownerId)}
      testId={`open-book-${ownerId}`}
    >
      {name}
    </Button>
  );
}
