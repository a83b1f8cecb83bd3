import {
  Link,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { CurrencyCode, PortfolioRow, PortfolioSort } from '@pulse/shared';
import { formatDate, formatMoney, formatDelta } from './format';
import { BAND_LABEL, BAND_TAG, RISK_LABEL, RISK_STATUS } from './labels';

export type SortState = { key: PortfolioSort; order: 'asc' | 'desc' };

const COLUMNS: { key: PortfolioSort; label: string; align?: 'right' }[] = [
  { key: 'name', label: 'Company' },
  { key: 'owner', label: 'Owner' },
  { key: 'health', label: 'Health' },
  { key: 'trend', label: '7-day trend', align: 'right' },
  { key: 'renewalDate', label: 'Renewal' },
  { key: 'renewalAmount', label: 'Amount', align: 'right' },
  { key: 'risk', label: 'Risk' },
  { key: 'nps', label: 'NPS', align: 'right' },
];

function trendArrow(trend: number | null): string {
  if (trend === null) return '—';
  const rounded = Math.round(trend);
  if (rounded === 0) return '→ 0';
  return `${rounded > 0 ? '↑' : '↓'} ${formatDelta(rounded)}`;
}

type Props = {
  rows: PortfolioRow[];
  /** the account's company currency: the renewal amounts are in it */
  currencyCode: CurrencyCode;
  sort: SortState;
  onSort: (sort: SortState | null) => void;
  recordUrl: (companyId: string) => string;
};

export function CompaniesTable({ rows, currencyCode, sort, onSort, recordUrl }: Props) {
  return (
    <Table bordered testId="companies-table">
      <TableHead>
        <TableRow>
          {COLUMNS.map((column) => (
            <TableHeader
              key={column.key}
              align={column.align}
              sortDirection={
                sort.key === column.key ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'
              }
              onSortChange={(direction) =>
                onSort(
                  direction === 'none'
                    ? null
                    : { key: column.key, order: direction === 'ascending' ? 'asc' : 'desc' },
                )
              }
              testId={`sort-${column.key}`}
            >
              {column.label}
            </TableHeader>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.companyId} testId={`row-${row.companyId}`}>
            <TableCell>
              <Link href={{ url: recordUrl(row.companyId), external: false }}>{row.name}</Link>
            </TableCell>
            <TableCell>{row.ownerName ?? 'Unassigned'}</TableCell>
            <TableCell>
              {row.health === null || row.band === null ? (
                <Text>No data</Text>
              ) : (
                <Tag variant={BAND_TAG[row.band]}>
                  {Math.round(row.health)} {BAND_LABEL[row.band]}
                </Tag>
              )}
            </TableCell>
            <TableCell align="right">{trendArrow(row.trend)}</TableCell>
            <TableCell>
              {row.renewalDate === null
                ? '—'
                : row.isRenewalOverdue
                  ? `${formatDate(row.renewalDate)} (overdue)`
                  : formatDate(row.renewalDate)}
            </TableCell>
            <TableCell align="right">{formatMoney(row.renewalAmount, currencyCode)}</TableCell>
            <TableCell>
              <StatusTag variant={RISK_STATUS[row.risk]}>{RISK_LABEL[row.risk]}</StatusTag>
            </TableCell>
            <TableCell align="right">{row.nps ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
