import { describe, expect, it } from 'vitest';
import {
  formatDaysTo,
  formatDelta,
  formatHours,
  formatMoney,
  currencySymbol,
  formatPercent,
  formatRatio,
  formatRelativeTime,
  formatUpdated,
  formatSignalValue,
  defaultSettings,
  pluralize,
  METRIC_DEFINITIONS,
} from '@pulse/shared';

describe('format', () => {
  it.each([
    [0, 'USD', '$0'],
    [950, 'USD', '$950'],
    [999.4, 'USD', '$999'],
    [999.6, 'USD', '$1K'],
    [1000, 'USD', '$1K'],
    [12_345, 'EUR', '€12.3K'],
    [999_949, 'EUR', '€999.9K'],
    [999_950, 'EUR', '€1M'],
    [1_234_567, 'GBP', '£1.2M'],
    [3_400_000_000, 'CHF', 'CHF\u00a03.4B'],
    [-1_200, 'EUR', '-€1.2K'],
    [-0.4, 'EUR', '€0'],
    [48_000, 'CAD', 'CA$48K'],
    [12_345, null, '12.3K'],
    [12_345, 'XQZ', 'XQZ\u00a012.3K'], // well-formed but unknown: the code stands in for a symbol
    [12_345, 'E1', '12.3K E1'], // not a currency code: the number, then what HubSpot said
    [null, 'EUR', '—'],
  ] as const)('money %s %s → %s', (amount, code, text) => expect(formatMoney(amount, code)).toBe(text));

  it('writes a currency with its own symbol, never a dollar for another currency', () => {
    expect(currencySymbol('EUR')).toBe('€');
    expect(currencySymbol('GBP')).toBe('£');
    expect(currencySymbol('JPY')).toBe('¥');
    expect(currencySymbol('CHF')).toBe('CHF');
    expect(formatMoney(950, 'JPY')).toBe('¥950');
  });

  it('percent and ratios', () => {
    expect(formatPercent(66.666)).toBe('67%');
    expect(formatPercent(null)).toBe('—');
    expect(formatRatio(0.915)).toBe('91.5%');
    expect(formatRatio(1)).toBe('100%');
    expect(formatRatio(null)).toBe('—');
  });

  it.each([
    [5, '+5'],
    [-3, '−3'],
    [0, '0'],
    [-0.2, '0'],
    [null, '—'],
  ] as const)('delta %s → %s', (delta, text) => expect(formatDelta(delta)).toBe(text));

  it.each([
    [12, 'in 12 days'],
    [1, 'tomorrow'],
    [0, 'today'],
    [-1, '1 day overdue'],
    [-3, '3 days overdue'],
  ])('days %d → %s', (days, text) => expect(formatDaysTo(days)).toBe(text));

  it('relative time from (then, now)', () => {
    const now = Date.UTC(2026, 2, 2, 12);
    expect(formatRelativeTime(now - 20_000, now)).toBe('just now');
    expect(formatUpdated(now - 4 * 60_000 - 5_000, now)).toBe('updated 4 min ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatRelativeTime(now - 30 * 3_600_000, now)).toBe('yesterday');
    expect(formatRelativeTime(now - 5 * 86_400_000, now)).toBe('5 days ago');
  });

  it('hours', () => {
    expect(formatHours(5.25)).toBe('5.3 h');
    expect(formatHours(84)).toBe('3.5 days');
    expect(formatHours(null)).toBe('—');
  });

  it('has a one-line definition for every metric the card and portfolio show', () => {
    for (const key of [
      'health',
      'band',
      'confidence',
      'nps',
      'npsTrend',
      'csat',
      'ces',
      'openTickets',
      'openHighPriority',
      'agingTickets',
      'volumeTrend',
      'timeToClose',
      'firstResponse',
      'renewalRisk',
      'atRiskArr',
      'grossRenewalRate',
      'netRenewalRate',
      'logoChurn',
      'arpa',
      'ltv',
      'arr',
    ] as const) {
      const text = METRIC_DEFINITIONS[key];
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toContain('\n');
    }
  });
});

describe('pluralize', () => {
  it.each([
    [0, 'response', undefined, '0 responses'],
    [1, 'response', undefined, '1 response'],
    [2, 'response', undefined, '2 responses'],
    [1, 'company', 'companies', '1 company'],
    [3, 'company', 'companies', '3 companies'],
    [1204, 'ticket', undefined, '1,204 tickets'],
  ] as const)('%d %s → %s', (n, singular, plural, text) => {
    expect(pluralize(n, singular, plural)).toBe(text);
  });
});

describe('formatSignalValue: the breakdown never shows a raw float, enum or boolean', () => {
  it.each([
    ['timeToCloseHours', 61.74364111111111, '2.6 days'],
    ['timeToCloseHours', 5.25, '5.3 h'],
    ['lastRenewalOutcome', 'contraction_large', 'Contracted by more than 10%'],
    ['lastRenewalOutcome', 'contraction_small', 'Contracted by up to 10%'],
    ['lastRenewalOutcome', 'won', 'Renewed without contraction'],
    ['expansionWon12m', false, 'No (last 365 days)'],
    ['expansionWon12m', true, 'Yes (last 365 days)'],
    ['renewalOverdue', true, 'Yes'],
    ['renewalOverdue', false, 'No'],
    ['nps', -66.6, '−67'],
    ['nps', 12, '+12'],
    ['csatPercent', 83.33333333333333, '83% satisfied'],
    ['latestNpsGroup', 'detractor', 'Detractor'],
    ['csmSentiment', 'concerned', 'Concerned'],
    ['openHighPriority', 0, 'None'],
    ['openHighPriority', 1, '1 ticket'],
    ['agingOpen', 3, '3 tickets'],
    ['volumeTrend', 1.3333333333333333, '1.3× the usual rate'],
    ['daysSinceContact', 0, 'Today'],
    ['daysSinceContact', 1, '1 day ago'],
    ['associatedContacts', 1, '1 contact'],
    ['adoption:licence_utilisation', 0.8333333, '0.83'],
    ['adoption:active_users', 1234, '1,234'],
  ] as const)('%s = %j → %s', (signal, value, text) => {
    expect(formatSignalValue(signal, value, defaultSettings)).toBe(text);
  });
});
