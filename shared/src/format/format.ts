/** Display formatting for every number Pulse shows. Pure: relative times take `now` as an argument. */

import { DAY_MS, HOUR_MS } from '../metrics/time';

const MINUTE_MS = 60_000;

function trimZero(s: string): string {
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

type MoneyFormats = { whole: Intl.NumberFormat; compact: Intl.NumberFormat };
const moneyFormats = new Map<string, MoneyFormats | null>();

/** A currency's two formatters, built once per code (constructing Intl formats is slow); null for an unknown code. */
function moneyFormatsOf(currencyCode: string | null): MoneyFormats | null {
  const key = currencyCode ?? '';
  if (moneyFormats.has(key)) return moneyFormats.get(key) ?? null;
  const currency: Intl.NumberFormatOptions =
    currencyCode === null ? {} : { style: 'currency', currency: currencyCode };
  let formats: MoneyFormats | null;
  try {
    formats = {
      whole: new Intl.NumberFormat('en-US', {
        ...currency,
        maximumFractionDigits: 0,
        minimumFractionDigits: 0,
      }),
      compact: new Intl.NumberFormat('en-US', {
        ...currency,
        notation: 'compact',
        maximumFractionDigits: 1,
        minimumFractionDigits: 0,
      }),
    };
  } catch {
    formats = null; // not an ISO 4217 code Intl knows
  }
  moneyFormats.set(key, formats);
  return formats;
}

/**
 * An amount in a currency (the account's company currency, an ISO 4217 code from HubSpot's account details),
 * compact: `€950`, `€12.3K`, `£1.2M`, `CHF 3.4B`; negative amounts keep their sign (`-€1.2K`); null → `—`. With no
 * known currency (the account details were never read) the number is shown bare, never with a guessed symbol; a
 * code Intl does not know follows the number (`12.3K XBT`).
 */
export function formatMoney(amount: number | null, currencyCode: string | null): string {
  if (amount === null || !Number.isFinite(amount)) return '—';
  const formats = moneyFormatsOf(currencyCode);
  if (formats === null) return `${formatMoney(amount, null)} ${currencyCode}`;
  const rounded = Math.round(amount) || 0; // `|| 0`: no "-€0"
  // Below 1,000 whole units; from there compact, rounded first so 999.6 shows as 1K, not 999.6.
  return Math.abs(amount) < 999.5 ? formats.whole.format(rounded) : formats.compact.format(rounded);
}

/** The symbol a currency is written with (`€`, `£`, `CA$`, `CHF`); the code itself when Intl has none. */
export function currencySymbol(currencyCode: string): string {
  const parts = moneyFormatsOf(currencyCode)?.whole.formatToParts(0) ?? [];
  return parts.find((part) => part.type === 'currency')?.value ?? currencyCode;
}

/** A ratio (0.915) as a percent: `91.5%` (one decimal, trailing .0 dropped); null → `—`. */
export function formatRatio(ratio: number | null, digits = 1): string {
  return ratio === null || !Number.isFinite(ratio) ? '—' : formatPercent(ratio * 100, digits);
}

/** A number already in percent (91.5) → `91.5%`; null → `—`. */
export function formatPercent(percent: number | null, digits = 0): string {
  if (percent === null || !Number.isFinite(percent)) return '—';
  return `${trimZero(percent.toFixed(digits))}%`;
}

/** `+5`, `−3` (true minus sign), `0`; null → `—`. */
export function formatDelta(delta: number | null, digits = 0): string {
  if (delta === null || !Number.isFinite(delta)) return '—';
  const rounded = Number(delta.toFixed(digits));
  if (rounded === 0) return '0';
  const text = trimZero(Math.abs(rounded).toFixed(digits));
  return rounded > 0 ? `+${text}` : `−${text}`;
}

/** Days to a date: `today`, `tomorrow`, `in 12 days`, `1 day overdue`, `3 days overdue`. */
export function formatDaysTo(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days > 1) return `in ${days} days`;
  const overdue = -days;
  return `${overdue} ${overdue === 1 ? 'day' : 'days'} overdue`;
}

/** How long ago `then` was, seen from `now`: `just now`, `4 min ago`, `3 h ago`, `2 days ago`. */
export function formatRelativeTime(then: number, now: number): string {
  const elapsed = now - then;
  if (elapsed < MINUTE_MS) return 'just now';
  if (elapsed < HOUR_MS) return `${Math.floor(elapsed / MINUTE_MS)} min ago`;
  if (elapsed < DAY_MS) return `${Math.floor(elapsed / HOUR_MS)} h ago`;
  const days = Math.floor(elapsed / DAY_MS);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** "updated 4 min ago" */
export function formatUpdated(then: number, now: number): string {
  return `updated ${formatRelativeTime(then, now)}`;
}

/** Hours as `6 h` or, from two days, `3.5 days`; null → `—`. */
export function formatHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return '—';
  return hours >= 48 ? `${trimZero((hours / 24).toFixed(1))} days` : `${trimZero(hours.toFixed(1))} h`;
}
