import { describe, expect, it } from 'vitest';
import {
  arrOf,
  classifyDeal,
  renewalOutcome,
  summarizeDeals,
  annualizeChurn,
  arpa,
  grossRenewalRate,
  lifetimeValue,
  logoChurn,
  netRenewalRate,
  buildPipelineIndex,
  defaultSettings,
  type Deal,
} from '@pulse/shared';
import { DAY, NOW, PIPELINES, buildCompany, buildDeal, buildPipelines, daysAgo } from '../../factories';

const index = buildPipelineIndex(buildPipelines(), defaultSettings.renewals);
const summarize = (deals: Deal[], settings = defaultSettings) => summarizeDeals(deals, index, settings, NOW);
const R = PIPELINES.renewals;
const S = PIPELINES.sales;
const wonNew = (amount: number | null, closedDaysAgo: number) =>
  buildDeal({
    name: 'New logo',
    pipelineId: S.id,
    stageId: S.won,
    dealType: 'newbusiness',
    amount,
    closeAt: daysAgo(closedDaysAgo),
  });
const renewal = (stageId: string, amount: number | null, closeDaysAgo: number, extra: Partial<Deal> = {}) =>
  buildDeal({ pipelineId: R.id, stageId, amount, closeAt: daysAgo(closeDaysAgo), ...extra });
const expansion = (stageId: string, amount: number, closedDaysAgo: number) =>
  buildDeal({
    name: 'Add 20 seats',
    pipelineId: S.id,
    stageId,
    dealType: 'existingbusiness',
    amount,
    closeAt: daysAgo(closedDaysAgo),
  });

describe('classifyDeal', () => {
  it.each([
    [
      'any deal in a renewal pipeline',
      { pipelineId: R.id, dealType: 'newbusiness', name: 'Whatever' },
      'renewal',
    ],
    [
      'existing business named like a renewal elsewhere',
      { pipelineId: S.id, dealType: 'existingbusiness', name: 'Acme RENEWAL FY27' },
      'renewal',
    ],
    [
      'existing business not named like a renewal',
      { pipelineId: S.id, dealType: 'existingbusiness', name: 'Add 20 seats' },
      'expansion',
    ],
    ['new business', { pipelineId: S.id, dealType: 'newbusiness', name: 'Renew nothing' }, 'other'],
    ['no deal type', { pipelineId: S.id, dealType: null, name: 'Acme' }, 'other'],
  ] as const)('%s → %s', (_name, deal, kind) => {
    expect(classifyDeal(buildDeal(deal), index, defaultSettings.renewals)).toBe(kind);
  });
});

describe('renewalOutcome', () => {
  it.each([
    [true, 1000, 1000, 'won'],
    [true, 1200, 1000, 'won'],
    [true, 900, 1000, 'contraction_small'], // exactly 10%
    [true, 899, 1000, 'contraction_large'], // 10.1%
    [true, 999, 1000, 'contraction_small'],
    [false, 0, 1000, 'lost'],
    [true, null, 1000, 'won'], // no amount: no evidence of contraction
    [true, 500, null, 'won'],
  ] as const)('won=%s renewed %s against prior %s → %s', (isWon, renewed, prior, outcome) => {
    expect(renewalOutcome(isWon, renewed, prior)).toBe(outcome);
  });
});

describe('summarizeDeals: upcoming and overdue renewals', () => {
  it('next renewal = the open renewal with the earliest close date ≥ now; overdue ones listed apart', () => {
    const later = renewal(R.open, 5000, -40, { id: 'later' });
    const sooner = renewal(R.negotiation, 7000, -10, { id: 'sooner', stageEnteredAt: daysAgo(33) });
    const overdue = renewal(R.open, 3000, 5, { id: 'overdue' });
    const s = summarize([later, overdue, sooner]);
    expect(s.next).toEqual({
      dealId: 'sooner',
      name: 'Acme renewal 2026',
      closeDate: new Date(daysAgo(-10)).toISOString(),
      amount: 7000,
      daysToRenewal: 10,
      isOverdue: false,
      stageLabel: 'Negotiation',
      daysInStage: 33,
    });
    expect(s.overdue.map((d) => [d.dealId, d.daysToRenewal, d.isOverdue])).toEqual([['overdue', -5, true]]);
  });

  it('days to renewal is floored', () => {
    expect(summarize([buildDeal({ closeAt: NOW + 12.7 * DAY })]).next?.daysToRenewal).toBe(12);
    expect(summarize([buildDeal({ closeAt: NOW })]).next?.daysToRenewal).toBe(0); // due now counts as upcoming
    expect(summarize([buildDeal({ closeAt: NOW - 0.5 * DAY })]).overdue[0]?.daysToRenewal).toBe(-1);
  });

  it('keeps a renewal with no amount (amount unknown, not 0)', () => {
    expect(summarize([buildDeal({ amount: null })]).next?.amount).toBeNull();
  });

  it('ignores archived deals, deals in unknown stages, open renewals without a close date and closed ones', () => {
    const s = summarize([
      buildDeal({ archived: true }),
      buildDeal({ stageId: 'closedwon' }),
      buildDeal({ closeAt: null }),
      renewal(R.won, 1000, -30),
      buildDeal({ pipelineId: S.id, stageId: S.open, dealType: 'newbusiness', name: 'New deal' }),
    ]);
    expect(s.next).toBeNull();
    expect(s.overdue).toEqual([]);
  });
});

describe('summarizeDeals: outcomes, prior amounts, expansion and ARR', () => {
  it('compares the last renewal with the first closed-won deal when there is no earlier renewal', () => {
    expect(summarize([wonNew(1000, 400), renewal(R.won, 900, 30)]).lastOutcome).toBe('contraction_small');
    expect(summarize([wonNew(1000, 400), renewal(R.won, 899, 30)]).lastOutcome).toBe('contraction_large');
    expect(summarize([wonNew(1000, 400), renewal(R.lost, 1000, 30)]).lastOutcome).toBe('lost');
    expect(summarize([wonNew(1000, 400), renewal(R.won, 1000, 30)]).lastOutcome).toBe('won');
  });

  it('uses the previous closed-won renewal as the prior amount', () => {
    const s = summarize([
      wonNew(1000, 700),
      renewal(R.won, 1200, 340, { id: 'r1' }),
      renewal(R.won, 1100, 10, { id: 'r2' }),
    ]);
    expect(s.lastOutcome).toBe('contraction_small'); // 100 ÷ 1200 = 8.3%
    expect(s.renewalsClosedInPeriod).toEqual([
      {
        dealId: 'r1',
        closedAt: new Date(daysAgo(340)).toISOString(),
        priorAmount: 1000,
        renewedAmount: 1200,
        isLost: false,
      },
      {
        dealId: 'r2',
        closedAt: new Date(daysAgo(10)).toISOString(),
        priorAmount: 1200,
        renewedAmount: 1100,
        isLost: false,
      },
    ]);
    expect(s.dealArr).toBe(1100);
  });

  it('counts a lost renewal as renewing 0 against its prior amount, and the company as churned', () => {
    const s = summarize([wonNew(2000, 500), renewal(R.lost, 2500, 20, { id: 'lost' })]);
    expect(s.renewalsClosedInPeriod).toEqual([
      {
        dealId: 'lost',
        closedAt: new Date(daysAgo(20)).toISOString(),
        priorAmount: 2000,
        renewedAmount: 0,
        isLost: true,
      },
    ]);
    expect(s.dealArr).toBe(0);
  });

  it('falls back to a lost renewal’s own amount when nothing was won before it', () => {
    expect(summarize([renewal(R.lost, 3000, 20)]).renewalsClosedInPeriod[0]).toMatchObject({
      priorAmount: 3000,
      renewedAmount: 0,
    });
  });

  it('counts a won renewal without an amount for logo churn but with no money', () => {
    const s = summarize([wonNew(1000, 400), renewal(R.won, null, 20)]);
    expect(s.lastOutcome).toBe('won');
    expect(s.renewalsClosedInPeriod[0]).toMatchObject({ priorAmount: 0, renewedAmount: 0, isLost: false });
  });

  it('leaves renewals closed before the period out of the period list', () => {
    expect(summarize([wonNew(1000, 900), renewal(R.won, 1000, 400)]).renewalsClosedInPeriod).toEqual([]);
  });

  it('sums expansion won in the period and says since when the company is a customer', () => {
    const s = summarize([
      wonNew(1000, 500),
      expansion(S.won, 300, 100),
      expansion(S.won, 200, 400),
      expansion(S.lost, 900, 10),
    ]);
    expect(s.expansionWonInPeriod).toBe(300);
    expect(s.expansionWon).toBe(true);
    expect(summarize([wonNew(1000, 500), expansion(S.won, 200, 400)]).expansionWon).toBe(false);
    expect(summarize([buildDeal()]).expansionWon).toBe(false);
    expect(s.customerSince).toBe(daysAgo(500));
    expect(summarize([buildDeal()]).customerSince).toBeNull();
  });

  it('ARR: latest closed-won renewal, else first closed-won deal, else none', () => {
    expect(summarize([wonNew(1000, 700), wonNew(5000, 100), renewal(R.won, 1500, 300)]).dealArr).toBe(1500);
    expect(summarize([wonNew(1000, 700), wonNew(5000, 100)]).dealArr).toBe(1000);
    expect(summarize([buildDeal()]).dealArr).toBeNull();
  });

  it('ARR from a mapped company property wins when set and present', () => {
    const financial = { arrProperty: 'hs_arr', grossMargin: 0.8 };
    expect(arrOf(buildCompany({ mapped: { hs_arr: 42_000 } }), 1000, financial)).toBe(42_000);
    expect(arrOf(buildCompany({ mapped: { hs_arr: null } }), 1000, financial)).toBe(1000);
    expect(arrOf(buildCompany({ mapped: { hs_arr: 42_000 } }), 1000, defaultSettings.financial)).toBe(1000);
  });
});

describe('retention on a small hand-computed book', () => {
  // A renewed 1000 → 1100, B contracted 2000 → 1500, C lost 1000; A also expanded by 500.
  const book = [
    { priorAmount: 1000, renewedAmount: 1100, isLost: false },
    { priorAmount: 2000, renewedAmount: 1500, isLost: false },
    { priorAmount: 1000, renewedAmount: 0, isLost: true },
  ];

  it('GRR = (1000 + 1500 + 0) ÷ 4000 = 62.5%', () => expect(grossRenewalRate(book)).toBe(0.625));
  it('NRR = (1100 + 1500 + 0 + 500) ÷ 4000 = 77.5%', () => expect(netRenewalRate(book, 500)).toBe(0.775));
  it('logo churn = 1 of 3', () => expect(logoChurn(book)).toBeCloseTo(1 / 3, 12));
  it('ARPA = 2600 ÷ 2 active = 1300', () => expect(arpa(2600, 2)).toBe(1300));
  it('LTV = 1300 × 0.8 ÷ (1/3) = 3120', () => expect(lifetimeValue(1300, 0.8, 1 / 3)).toBeCloseTo(3120, 9));

  it('is null where undefined: no renewals, no active companies, no churn', () => {
    expect(grossRenewalRate([])).toBeNull();
    expect(netRenewalRate([], 100)).toBeNull();
    expect(logoChurn([])).toBeNull();
    expect(arpa(0, 0)).toBeNull();
    expect(lifetimeValue(1300, 0.8, 0)).toBeNull();
    expect(lifetimeValue(1300, 0.8, null)).toBeNull();
  });

  it('annualises churn measured over a shorter period', () => {
    expect(annualizeChurn(0.1, 365)).toBe(0.1);
    expect(annualizeChurn(0.1, 73)).toBeCloseTo(0.5, 12);
    expect(annualizeChurn(0.5, 73)).toBe(1);
  });
});
