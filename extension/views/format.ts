/**
 * Formatting for the views: the shared formatters (one definition for server, card and web host) plus the
 * few helpers only the views need (dates on the wire are ISO strings here).
 */
import { DAY_MS, formatRelativeTime as formatRelativeMs } from '@pulse/shared';

export {
  formatDaysTo,
  formatDelta,
  formatHours,
  formatMoney,
  formatPercent,
  formatRatio,
} from '@pulse/shared';

/** "4 min ago" for an ISO instant seen from `now` (ms). */
export function formatRelativeTime(iso: string, now: number): string {
  return formatRelativeMs(Date.parse(iso), now);
}

/** "in 5 min" for a future ISO instant (next scheduled sync), else as formatRelativeTime. */
export function formatFromNow(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  if (ms <= 0) return formatRelativeTime(iso, now);
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'in under a minute';
  if (minutes < 60) return `in ${minutes} min`;
  if (minutes < 48 * 60) return `in ${Math.round(minutes / 60)} h`;
  return `in ${Math.round(ms / DAY_MS)} days`;
}

/** "Mar 4, 2026" in UTC, so the same instant reads the same for everyone on the account. */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** floor((closedate − now) ÷ 1 day), as METRICS.md defines days to renewal. */
export function daysUntil(iso: string, now: number): number {
  return Math.floor((Date.parse(iso) - now) / DAY_MS);
}

/** "1,234", "5.5"; null → "—". */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Number(value.toFixed(digits)).toLocaleString('en-US');
}
