import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SORT,
  INITIAL_FILTERS,
  parseView,
  serializeView,
  toQuery,
} from '../../extension/views/portfolio-query';

describe('a saved portfolio view as a query string', () => {
  it('is empty for the default view, so a plain link opens the default page', () => {
    expect(serializeView({ filters: INITIAL_FILTERS, sort: DEFAULT_SORT })).toBe('');
    expect(parseView('')).toEqual({ filters: INITIAL_FILTERS, sort: DEFAULT_SORT });
  });

  it('round-trips every filter and the sort', () => {
    const view = {
      filters: { owner: '', team: 't 1&2', band: 'no_data', risk: 'critical', renewal: 'overdue' },
      sort: { key: 'renewalDate', order: 'desc' },
    } as const;
    const text = serializeView(view);
    expect(text).toBe(
      'owner=all&team=t+1%262&band=no_data&risk=critical&renewal=overdue&sort=renewalDate&order=desc',
    );
    expect(parseView(`?${text}`)).toEqual(view);
  });

  it('drops what is not valid instead of failing (an edited or old link still opens)', () => {
    expect(parseView('band=purple&renewal=9999&sort=vibes&order=desc&risk=high')).toEqual({
      filters: { ...INITIAL_FILTERS, risk: 'high' },
      sort: DEFAULT_SORT,
    });
  });

  it('asks the API for overdue renewals apart from a day window', () => {
    const overdue = toQuery({ ...INITIAL_FILTERS, renewal: 'overdue' }, DEFAULT_SORT, undefined);
    expect(overdue).toMatchObject({ renewalOverdue: true, renewalWithinDays: undefined });
    const window = toQuery({ ...INITIAL_FILTERS, renewal: '90' }, DEFAULT_SORT, undefined);
    expect(window).toMatchObject({ renewalOverdue: undefined, renewalWithinDays: 90 });
  });
});
