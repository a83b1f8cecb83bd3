/** Time and small numeric helpers shared by the metrics. `now` is always an argument: no clock here. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (floor), negative when `to` is earlier. */
export function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY_MS);
}

/** ISO-8601 in UTC, the wire format of every instant in a snapshot. */
export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** The UTC calendar day (YYYY-MM-DD) of an instant: the key of a daily history entry. */
export function utcDay(epochMs: number): string {
  return toIso(epochMs).slice(0, 10);
}

/** Epoch ms of midnight UTC of a YYYY-MM-DD day. */
export function parseUtcDay(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** Median of a list (mean of the middle two for an even count); null for an empty list. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Round to `digits` decimals (display-stable numbers in snapshots, no 66.66666666666667). */
export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** True when `at` lies in the trailing window (now − days, now]. */
export function isWithinDays(at: number, now: number, days: number): boolean {
  return at > now - days * DAY_MS && at <= now;
}

/** `items` in consecutive runs of at most `size` (the last may be shorter); [] for no items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
