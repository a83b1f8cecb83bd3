import type { Settings } from '../schemas/settings';
import type { RuleInput } from '../scoring/rules';
import { formatDelta, formatHours } from './format';
import { pluralize } from './plural';

const OUTCOME: Record<string, string> = {
  won: 'Renewed without contraction',
  contraction_small: 'Contracted by up to 10%',
  contraction_large: 'Contracted by more than 10%',
  lost: 'Lost',
};

const CATEGORY: Record<string, string> = {
  promoter: 'Promoter',
  passive: 'Passive',
  detractor: 'Detractor',
  good: 'Good',
  neutral: 'Neutral',
  concerned: 'Concerned',
};

function yesNo(value: RuleInput): string {
  return value === true || value === 'true'
    ? 'Yes'
    : value === false || value === 'false'
      ? 'No'
      : String(value);
}

/** Up to two decimals, no trailing zeros, thousands separators: 1,234.5 */
export function formatPlainNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/**
 * A signal's value as the breakdown shows it: units, labels, yes/no — never a raw float, enum or boolean
 * ("2.6 days", "Contracted by more than 10%", "No"). `null` (no evidence) is the caller's to word.
 */
export function formatSignalValue(signal: string, value: RuleInput, settings: Settings): string {
  if (value === null) return '—';
  if (typeof value === 'number' && !Number.isFinite(value)) return '—';
  if (signal.startsWith('adoption:'))
    return typeof value === 'number' ? formatPlainNumber(value) : String(value);
  const n = Number(value);
  switch (signal) {
    case 'nps':
      return formatDelta(Math.round(n));
    case 'latestNpsGroup':
    case 'csmSentiment':
      return CATEGORY[String(value)] ?? String(value);
    case 'csatPercent':
      return `${Math.round(n)}% satisfied`;
    case 'openHighPriority':
    case 'agingOpen':
      return n === 0 ? 'None' : pluralize(n, 'ticket');
    case 'volumeTrend':
      return `${formatPlainNumber(Math.round(n * 10) / 10)}× the usual rate`;
    case 'timeToCloseHours':
      return formatHours(n);
    case 'daysSinceContact':
      return n === 0 ? 'Today' : `${pluralize(n, 'day')} ago`;
    case 'associatedContacts':
      return pluralize(n, 'contact');
    case 'lastRenewalOutcome':
      return OUTCOME[String(value)] ?? String(value);
    case 'expansionWon12m':
      return `${yesNo(value)} (last ${settings.windows.portfolioPeriodDays} days)`;
    case 'renewalOverdue':
      return yesNo(value);
    default:
      return typeof value === 'number' ? formatPlainNumber(value) : String(value);
  }
}
