import { toCsv, type CurrencyCode, type PortfolioRow, type PortfolioQuery } from '@pulse/shared';
import type { PulseApi } from './api';
import { BAND_LABEL, RISK_LABEL } from './labels';

/** Every column of the table, plus the ids and raw values a spreadsheet needs (dates as YYYY-MM-DD, UTC). */
const COLUMNS: [header: string, value: (row: PortfolioRow) => string | number | boolean | null][] = [
  ['Company ID', (r) => r.companyId],
  ['Company', (r) => r.name],
  ['Owner', (r) => r.ownerName ?? 'Unassigned'],
  ['Health', (r) => (r.health === null ? null : Math.round(r.health))],
  ['Band', (r) => (r.band === null ? 'No data' : BAND_LABEL[r.band])],
  ['7-day trend', (r) => (r.trend === null ? null : Math.round(r.trend))],
  ['Renewal date', (r) => r.renewalDate?.slice(0, 10) ?? null],
  ['Renewal overdue', (r) => r.isRenewalOverdue],
  ['Renewal amount', (r) => r.renewalAmount],
  ['Renewal risk', (r) => RISK_LABEL[r.risk]],
  ['NPS', (r) => r.nps],
  ['ARR', (r) => r.arr],
];

/** Amounts go out as plain numbers, so their headers name the account's company currency: "ARR (EUR)". */
const MONEY_COLUMNS = new Set(['Renewal amount', 'ARR']);

export function portfolioCsv(rows: readonly PortfolioRow[], currencyCode: CurrencyCode): string {
  return toCsv(
    COLUMNS.map(([header]) =>
      MONEY_COLUMNS.has(header) && currencyCode ? `${header} (${currencyCode})` : header,
    ),
    rows.map((row) => COLUMNS.map(([, value]) => value(row))),
  );
}

/** The API's largest page; an export walks every page of the filtered rows. */
const EXPORT_PAGE = 100;

/** All rows the filters select, in the table's order (every page, not just the one on screen). */
export async function fetchAllRows(
  api: PulseApi,
  query: Partial<PortfolioQuery>,
): Promise<{ rows: PortfolioRow[]; currencyCode: CurrencyCode }> {
  const rows: PortfolioRow[] = [];
  let currencyCode: CurrencyCode = null;
  let cursor: string | undefined;
  do {
    const page = await api.getPortfolio({ ...query, cursor, limit: EXPORT_PAGE });
    rows.push(...page.rows);
    currencyCode = page.currencyCode;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { rows, currencyCode };
}
