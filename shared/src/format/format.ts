/** Display formatting for every number Pulse shows. Pure: relative times take `now` as an argument. */

import { DAY_MS, HOUR_MS } from '../metrics/time';

const MINUTE_MS = 60_000;

function trimZero(s: string): string {
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

/** `$950`, `$12.3k`, `$1.2M`, `$3.4B`; null → `—`. Negative amounts keep their sign (`-$1.2k`). */
export function formatMoney(amount: number | null, currencySymbol = '$'): string {
  if (amount === null || !Number.isFinite(amount)) return '—';
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  // Round first so 999,950 shows as $1M, not $1000k.
  if (abs >= 999_950_000) return `${sign}${currencySymbol}${trimZero((abs / 1e9).toFixed(1))}B`;
  if (abs >= 999_950) return `${sign}${currencySymbol}${trimZero((abs / 1e6).toFixed(1))}M`;
  if (abs >= 999.5) return `${sign}${currencySymbol}${trimZero((abs / 1e3).toFixed(1))}k`;
  return `${sign}${currencySymbol}${Math.round(abs)}`;
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
