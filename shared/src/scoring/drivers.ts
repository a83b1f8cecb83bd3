import type { Driver, Signals } from '../contracts/snapshot';
import type { Settings } from '../schemas/settings';
import type { RuleInput } from './rules';
import { formatDelta, formatHours } from '../format/format';
import { formatPlainNumber } from '../format/measure-value';
import { pluralize } from '../format/plural';

/** Facts beyond the signals that make a message concrete ("for 9+ days"); all optional. */
export type DriverContext = {
  /** days the oldest open high-priority ticket has been open */
  oldestHighPriorityDays?: number | null;
  openUrgent?: number;
  /** days the most overdue renewal is past its close date */
  overdueDays?: number | null;
};

/**
 * Drivers are in score points and measured from neutral, the value a measure counts for without evidence:
 * impact = effectiveWeight × (scoredPoints − neutral). So the score is neutral + the sum of all impacts, and a
 * driver says exactly how far that measure moved the score. Below neutral it is a negative driver, above a
 * positive one; a measure without evidence moves nothing and is no driver.
 */
export function driverImpact(scoredPoints: number, effectiveWeight: number, neutral: number): number {
  return round1(effectiveWeight * (scoredPoints - neutral));
}

/** Largest |impact| first (negative drivers: most negative first; positive: largest first). */
export function byImpact(a: Driver, b: Driver): number {
  return Math.abs(b.impact) - Math.abs(a.impact);
}

/** Signals whose message uses the driver context (so it cannot be cached by value alone). */
export const CONTEXTUAL_SIGNALS: ReadonlySet<string> = new Set(['openHighPriority', 'renewalOverdue']);

/** A signal's value in plain words, e.g. "2 urgent tickets open for 9+ days", "No contact for 75 days". */
export function describeMeasure(
  signal: string,
  label: string,
  value: RuleInput,
  settings: Settings,
  context: DriverContext = {},
): string {
  if (signal.startsWith('adoption:'))
    return `${label}: ${typeof value === 'number' ? formatPlainNumber(value) : String(value)}`;
  const key = signal as keyof Omit<Signals, 'adoption'>;
  switch (key) {
    case 'nps':
      return `NPS of ${formatDelta(Math.round(Number(value)))} over the last ${settings.windows.npsDays} days`;
    case 'latestNpsGroup':
      return `${capitalize(String(value))} in latest NPS response`;
    case 'csatPercent':
      return `${Math.round(Number(value))}% of CSAT responses satisfied`;
    case 'csmSentiment':
      return `CSM sentiment: ${String(value)}`;
    case 'openHighPriority': {
      const n = Number(value);
      if (n === 0) return 'No high-priority tickets open';
      const kind = context.openUrgent !== undefined && context.openUrgent === n ? 'urgent' : 'high-priority';
      const days = context.oldestHighPriorityDays;
      return `${pluralize(n, `${kind} ticket`)} open${days !== undefined && days !== null && days > 0 ? ` for ${days}+ days` : ''}`;
    }
    case 'agingOpen': {
      const n = Number(value);
      const days = settings.windows.agingTicketDays;
      return n === 0
        ? `No tickets open longer than ${days} days`
        : `${pluralize(n, 'ticket')} open longer than ${days} days`;
    }
    case 'volumeTrend':
      return `Ticket volume at ${round1(Number(value))}× its usual rate`;
    case 'timeToCloseHours':
      return `Tickets take ${formatHours(Number(value))} to close (median)`;
    case 'daysSinceContact': {
      const days = Number(value);
      if (days === 0) return 'Contacted today';
      return days > 30 ? `No contact for ${days} days` : `Last contact ${pluralize(days, 'day')} ago`;
    }
    case 'associatedContacts': {
      const n = Number(value);
      return n === 0 ? 'No contacts associated with this customer' : `${pluralize(n, 'contact')} associated`;
    }
    case 'lastRenewalOutcome':
      switch (value) {
        case 'won':
          return 'Renewed without contraction last time';
        case 'contraction_small':
          return 'Contracted by up to 10% at the last renewal';
        case 'contraction_large':
          return 'Contracted by more than 10% at the last renewal';
        case 'lost':
          return 'Lost the last renewal';
        default:
          return `Last renewal: ${String(value)}`;
      }
    case 'expansionWon12m':
      return value === true
        ? `Expansion won in the last ${settings.windows.portfolioPeriodDays} days`
        : `No expansion in the last ${settings.windows.portfolioPeriodDays} days`;
    case 'renewalOverdue': {
      if (value === false) return 'Open renewal on schedule';
      const days = context.overdueDays;
      return days !== undefined && days !== null && days > 0
        ? `Renewal ${pluralize(days, 'day')} overdue`
        : 'Renewal overdue';
    }
    default:
      return `${label}: ${String(value)}`;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One decimal, halves away from zero (so −2.25 and +2.25 round alike). */
function round1(n: number): number {
  return n < 0 ? -Math.round(-n * 10) / 10 : Math.round(n * 10) / 10;
}
