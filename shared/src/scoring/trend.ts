import type { z } from 'zod';
import type { Band, ZTrend } from '../contracts/snapshot';
import type { Settings } from '../schemas/settings';
import { DAY_MS, parseUtcDay, utcDay } from '../metrics/time';

export type Trend = z.infer<typeof ZTrend>;

/** What the store keeps per company per UTC day. */
export type HistoryEntry = {
  /** YYYY-MM-DD, UTC */
  date: string;
  score: number | null;
  band: Band | null;
  settingsVersion: number;
  /** points per measure key (null = no data) */
  measurePoints: Record<string, number | null>;
  /** rebuilt from HubSpot's timestamps by the first full sync (shared/src/backtest), not scored on that day */
  reconstructed?: boolean;
};

/** Days a missing daily entry may be bridged by an earlier one (a sync that skipped a day or two). */
const LOOKBACK_SLACK_DAYS = 3;
const MOVED_MEASURES = 5;

/** The entry for `daysAgo` days before today: that day's, else the latest within the slack before it. */
export function entryDaysAgo(
  history: readonly HistoryEntry[],
  now: number,
  daysAgo: number,
): HistoryEntry | null {
  const target = parseUtcDay(utcDay(now)) - daysAgo * DAY_MS;
  const earliest = target - LOOKBACK_SLACK_DAYS * DAY_MS;
  let best: HistoryEntry | null = null;
  let bestAt = -Infinity;
  for (const entry of history) {
    const at = parseUtcDay(entry.date);
    if (at <= target && at >= earliest && at > bestAt) {
      best = entry;
      bestAt = at;
    }
  }
  return best;
}

/**
 * Health deltas versus 7 and 30 days ago, the band 30 days ago, the measures whose points moved most over
 * 30 days, and whether the settings changed inside that window (so a jump from a config edit is not read
 * as the customer's behaviour).
 */
export function computeTrend(
  history: readonly HistoryEntry[],
  current: { score: number | null; measurePoints: Record<string, number | null>; settingsVersion: number },
  settings: Settings,
  now: number,
): Trend {
  const week = entryDaysAgo(history, now, 7);
  const month = entryDaysAgo(history, now, 30);
  const delta = (past: HistoryEntry | null) =>
    past === null || past.score === null || current.score === null ? null : current.score - past.score;

  const labels = new Map<string, string>();
  for (const g of settings.scoring.groups) for (const m of g.measures) labels.set(m.key, m.label);
  const movedMeasures: Trend['movedMeasures'] = [];
  if (month !== null) {
    for (const [key, points] of Object.entries(current.measurePoints)) {
      const before = month.measurePoints[key];
      if (points === null || before === null || before === undefined) continue;
      const deltaPoints = Math.round((points - before) * 10) / 10;
      if (deltaPoints !== 0) movedMeasures.push({ key, label: labels.get(key) ?? key, deltaPoints });
    }
    movedMeasures.sort((a, b) => Math.abs(b.deltaPoints) - Math.abs(a.deltaPoints));
  }

  const windowStart = parseUtcDay(utcDay(now)) - 30 * DAY_MS;
  const settingsChangedInWindow = history.some(
    (e) => parseUtcDay(e.date) >= windowStart && e.settingsVersion !== current.settingsVersion,
  );

  return {
    delta7: delta(week),
    delta30: delta(month),
    band30dAgo: month?.band ?? null,
    movedMeasures: movedMeasures.slice(0, MOVED_MEASURES),
    settingsChangedInWindow,
  };
}
