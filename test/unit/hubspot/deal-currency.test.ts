import { describe, expect, it } from 'vitest';
import { mapRecords } from '../../../server/src/hubspot/mappers';
import { mapContext } from '../../../server/src/hubspot/read-context';

const deal = (id: string, properties: Record<string, string | null>) => ({
  id,
  properties: { dealname: `Deal ${id}`, pipeline: 'p', dealstage: 's', ...properties },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
});

const mapDeals = (companyCurrency: string | null, raws: ReturnType<typeof deal>[]) => {
  const ctx = mapContext({ companyCurrency });
  return { deals: mapRecords('deals', raws, ctx), ctx };
};

describe('deal amounts in the company currency', () => {
  it('takes amount_in_home_currency, and converts hs_arr at the deal’s own rate', () => {
    const { deals, ctx } = mapDeals('EUR', [
      deal('1', {
        amount: '10000',
        deal_currency_code: 'GBP',
        amount_in_home_currency: '11600',
        hs_arr: '5000',
      }),
      deal('2', {
        amount: '9000',
        deal_currency_code: 'EUR',
        amount_in_home_currency: '9000',
        hs_arr: '9000',
      }),
    ]);
    expect(deals.map((d) => [d.amount, d.arr, d.unconvertedAmount])).toEqual([
      [11_600, 5_800, undefined],
      [9_000, 9_000, undefined],
    ]);
    expect(ctx.warnings).toEqual([]);
  });

  it('reads a deal in the company currency, or with no currency of its own, as is', () => {
    const { deals } = mapDeals('EUR', [
      deal('1', { amount: '7000', deal_currency_code: 'eur' }),
      deal('2', { amount: '3000' }),
    ]);
    expect(deals.map((d) => d.amount)).toEqual([7_000, 3_000]);
  });

  it('keeps a foreign deal without a company-currency value out of the amounts and reports it', () => {
    const { deals, ctx } = mapDeals('EUR', [
      deal('1', { amount: '12000', deal_currency_code: 'GBP', hs_arr: '12000' }),
    ]);
    expect(deals[0]).toMatchObject({
      amount: null,
      arr: null,
      unconvertedAmount: { amount: 12_000, currencyCode: 'GBP' },
    });
    expect(ctx.warnings).toEqual([
      {
        objectType: 'deals',
        id: '1',
        reason:
          'amount 12000 GBP has no EUR value (amount_in_home_currency): left out of ARR and renewal amounts',
      },
    ]);
  });

  it('does not guess when the account currency is unknown and the deal names one', () => {
    const { deals, ctx } = mapDeals(null, [deal('1', { amount: '500', deal_currency_code: 'USD' })]);
    expect(deals[0]).toMatchObject({ amount: null, unconvertedAmount: { amount: 500, currencyCode: 'USD' } });
    expect(ctx.warnings[0]?.reason).toContain('no company-currency value');
  });
});
