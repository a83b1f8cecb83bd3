import { describe, expect, it } from 'vitest';
import {
  computePortfolioKpis,
  HOW_TO_MAP_ADOPTION,
  toPortfolioRow,
  computeCompanySnapshot,
  type HistoryEntry,
  buildPipelineIndex,
  defaultSettings,
  type Settings,
  ZPortfolioKpis,
  ZPortfolioRow,
  type CompanyBundle,
} from '@pulse/shared';
import {
  NOW,
  PIPELINES,
  buildBundle,
  buildCompany,
  buildDeal,
  buildOwner,
  buildPipelines,
  buildResponse,
  buildTicket,
  daysAgo,
} from '../../factories';

const index = buildPipelineIndex(buildPipelines(), defaultSettings.renewals);
const R = PIPELINES.renewals;
const S = PIPELINES.sales;
const wonNew = (amount: number, closedDaysAgo: number) =>
  buildDeal({
    name: 'New logo',
    pipelineId: S.id,
    stageId: S.won,
    dealType: 'newbusiness',
    amount,
    closeAt: daysAgo(closedDaysAgo),
  });

/**
 * A hand-computed book of three companies (effective weights: sentiment 0.075, support 0.0625, engagement 0.1,
 * commercial 0.0833 per measure; no evidence counts 50; NPS from n < 5 responses shrunk to 50 + (p − 50)·n/5).
 * A (Casey): renewed 1000 → 1100, expanded 500, next renewal 1200 in 20 days, one promoter, no tickets (no
 *   support history: the four support measures count 50): 0.075×(60+100+50+50) + 0.25×50 + 0.1×(100+100) +
 *   0.0833×(100+100+100) = 19.5 + 12.5 + 20 + 25 = 77, Healthy; risk 0.6 × 23 = 14, low.
 * B (Casey): renewed 2000 → 1500 (−25%), next renewal 1500 in 80 days, two detractors, an urgent ticket open
 *   20 days, no contact for 70 days, contacts unknown: 0.075×(30+0+50+50) + 0.0625×(30+35+50+50) +
 *   0.1×(25+50) + 0.0833×(20+50+100) = 9.75 + 10.31 + 7.5 + 14.17 = 41.7 → 42, Monitor;
 *   risk 0.6 × 58 + 15 + 10 + 10 + 10 = 79.8 → 80, critical.
 * C (Dana): lost its 1000 renewal → ARR 0, inactive, no renewal; evidence only for the renewal outcome and
 *   expansion (0.1667 of the weight, below the 0.5 floor): no score, "No data".
 */
const A: CompanyBundle = buildBundle({
  company: buildCompany({ id: 'A', name: 'Alpha', ownerId: '501', lastContactedAt: daysAgo(3) }),
  contactCount: 4,
  deals: [
    wonNew(1000, 700),
    buildDeal({ stageId: R.won, amount: 1100, closeAt: daysAgo(30) }),
    buildDeal({ name: 'Add seats', pipelineId: S.id, stageId: S.won, amount: 500, closeAt: daysAgo(60) }),
    buildDeal({ stageId: R.open, amount: 1200, closeAt: daysAgo(-20) }),
  ],
  responses: [buildResponse({ value: 10, submittedAt: daysAgo(5) })],
});
const B: CompanyBundle = buildBundle({
  company: buildCompany({ id: 'B', name: 'Beta', ownerId: '501', lastContactedAt: daysAgo(70) }),
  deals: [
    wonNew(2000, 500),
    buildDeal({ stageId: R.won, amount: 1500, closeAt: daysAgo(100) }),
    buildDeal({ stageId: R.open, amount: 1500, closeAt: daysAgo(-80) }),
  ],
  tickets: [buildTicket({ priority: 'URGENT', createdAt: daysAgo(20) })],
  responses: [
    buildResponse({ value: 2, submittedAt: daysAgo(10) }),
    buildResponse({ value: 5, submittedAt: daysAgo(40) }),
  ],
});
const C: CompanyBundle = buildBundle({
  company: buildCompany({ id: 'C', name: 'Gamma', ownerId: '777' }),
  deals: [wonNew(1000, 400), buildDeal({ stageId: R.lost, amount: 1000, closeAt: daysAgo(10) })],
});
const wasHealthy: HistoryEntry = {
  date: new Date(daysAgo(30)).toISOString().slice(0, 10),
  score: 80,
  band: 'healthy',
  settingsVersion: 1,
  measurePoints: {},
};

function snapshotOf(
  bundle: CompanyBundle,
  settings: Settings = defaultSettings,
  history: HistoryEntry[] = [],
) {
  return computeCompanySnapshot({
    bundle,
    index,
    settings,
    settingsVersion: 1,
    sentiment: null,
    history,
    now: NOW,
  });
}
const book = [snapshotOf(A), snapshotOf(B, defaultSettings, [wasHealthy]), snapshotOf(C)];
const owners = [
  buildOwner({ id: '501', firstName: 'Casey', lastName: 'Smith' }),
  buildOwner({ id: '777', firstName: 'Dana', lastName: 'Lee' }),
];

describe('the book as the pieces see it', () => {
  it('has the hand-computed health and risk per company', () => {
    expect(
      book.map((s) => [
        s.companyId,
        s.health.score,
        s.health.band,
        s.renewal.risk.points,
        s.renewal.risk.level,
      ]),
    ).toEqual([
      ['A', 77, 'healthy', 14, 'low'],
      ['B', 42, 'monitor', 80, 'critical'],
      ['C', null, null, 0, 'no_renewal'],
    ]);
  });
});

describe('computePortfolioKpis', () => {
  const kpis = computePortfolioKpis(book, owners, defaultSettings, NOW);

  it('parses with ZPortfolioKpis', () => {
    expect(ZPortfolioKpis.parse(kpis)).toEqual(kpis);
  });

  it("states the portal's CSAT and CES scales with the survey KPIs", () => {
    const surveys = { csatScale: { min: 1, max: 3 }, cesScale: { min: 1, max: 5 }, cesHigherIsEasier: false };
    const custom = computePortfolioKpis(book, owners, { ...defaultSettings, surveys }, NOW);
    expect(custom.health.csat.scale).toEqual({ min: 1, max: 3 });
    expect(custom.health.ces).toMatchObject({ scale: { min: 1, max: 5 }, higherIsEasier: false });
  });

  it('financial: ARR, ARPA, rates, churn, LTV, at-risk ARR and renewals due', () => {
    const f = kpis.financial;
    expect(f).toMatchObject({
      periodDays: 365,
      arr: 2600, // 1100 + 1500; C churned
      activeCompanies: 2,
      arpa: 1300,
      expansionWon: 500,
      grossRenewalRate: 0.625, // (1000 + 1500 + 0) ÷ 4000
      netRenewalRate: 0.775, // (1100 + 1500 + 0 + 500) ÷ 4000
      atRiskArr: 1500, // B: critical, renewal in 80 ≤ 90 days
      renewalsDue30: { count: 1, amount: 1200 },
      renewalsDue90: { count: 2, amount: 2700 },
    });
    expect(f.logoChurn).toBeCloseTo(1 / 3, 12);
    expect(f.ltv).toBeCloseTo(3120, 6); // 1300 × 0.8 ÷ (1/3)
  });

  it('customer health: bands, average, pooled NPS, companies that fell a band', () => {
    expect(kpis.health).toMatchObject({
      averageHealth: 59.5, // (77 + 42) ÷ 2: a company without a score is not averaged in
      bands: { healthy: 1, monitor: 1, at_risk: 0, no_data: 1 },
      nps: { score: -33, responses: 3 }, // 1 promoter, 2 detractors
      fellABand30d: [{ companyId: 'B', name: 'Beta', from: 'healthy', to: 'monitor' }],
    });
  });

  it('usage: says how to map when nothing is mapped', () => {
    expect(kpis.usage).toEqual({ isMapped: false, howToMap: HOW_TO_MAP_ADOPTION, measures: [] });
  });

  it('team: one row per CSM with their book’s numbers', () => {
    expect(kpis.team).toEqual([
      {
        ownerId: '501',
        ownerName: 'Casey Smith',
        companies: 2,
        arr: 2600,
        averageHealth: 59.5,
        atRiskArr: 1500,
        renewalsDue90: 2,
        grossRenewalRate: 2500 / 3000,
        nps: -33,
        openHighPriority: 1,
        medianDaysSinceContact: 36.5, // 3 and 70
      },
      {
        ownerId: '777',
        ownerName: 'Dana Lee',
        companies: 1,
        arr: 0,
        averageHealth: null,
        atRiskArr: 0,
        renewalsDue90: 0,
        grossRenewalRate: 0,
        nps: null,
        openHighPriority: 0,
        medianDaysSinceContact: null,
      },
    ]);
  });

  it('is empty-safe', () => {
    const empty = computePortfolioKpis([], owners, defaultSettings, NOW);
    expect(ZPortfolioKpis.parse(empty)).toEqual(empty);
    expect(empty.financial).toMatchObject({
      arr: 0,
      arpa: null,
      grossRenewalRate: null,
      logoChurn: null,
      ltv: null,
    });
    expect(empty.team).toEqual([]);
  });

  it('usage: distribution and average of a mapped adoption measure', () => {
    const settings = structuredClone(defaultSettings);
    settings.scoring.groups[4]!.weight = 10;
    settings.scoring.groups[4]!.measures.push({
      key: 'licence',
      label: 'Licence utilisation',
      signal: 'adoption:licence_utilisation',
      weight: 1,
      rule: {
        kind: 'steps',
        direction: 'higher_is_better',
        steps: [
          { min: 80, points: 100 },
          { min: 50, points: 60 },
        ],
        otherwise: 20,
      },
    });
    const mapped = [90, 85, 55, 10, null].map((v, i) =>
      snapshotOf(
        buildBundle({
          company: buildCompany({ id: `u${i}`, mapped: v === null ? {} : { licence_utilisation: v } }),
        }),
        settings,
      ),
    );
    const usage = computePortfolioKpis(mapped, owners, settings, NOW).usage;
    expect(usage.isMapped).toBe(true);
    expect(usage.measures).toEqual([
      {
        property: 'licence_utilisation',
        label: 'Licence utilisation',
        companiesWithData: 4,
        average: 60,
        distribution: [
          { label: '≥ 80', count: 2 },
          { label: '≥ 50', count: 1 },
          { label: '< 50', count: 1 },
        ],
      },
    ]);
  });
});

describe('toPortfolioRow', () => {
  it('shows the next renewal, risk, NPS and ARR with the owner’s name', () => {
    const row = toPortfolioRow(book[1]!, new Map(owners.map((o) => [o.id, o])));
    expect(ZPortfolioRow.parse(row)).toEqual(row);
    expect(row).toEqual({
      companyId: 'B',
      name: 'Beta',
      ownerId: '501',
      ownerName: 'Casey Smith',
      health: 42,
      band: 'monitor',
      trend: null,
      renewalDate: new Date(daysAgo(-80)).toISOString(),
      renewalAmount: 1500,
      isRenewalOverdue: false,
      risk: 'critical',
      nps: -100,
      arr: 1500,
    });
  });

  it('shows an overdue renewal first', () => {
    const overdue = snapshotOf(
      buildBundle({
        deals: [
          buildDeal({ amount: 800, closeAt: daysAgo(3) }),
          buildDeal({ amount: 900, closeAt: daysAgo(-30) }),
        ],
      }),
    );
    const row = toPortfolioRow(overdue, new Map());
    expect(row).toMatchObject({
      renewalAmount: 800,
      isRenewalOverdue: true,
      renewalDate: new Date(daysAgo(3)).toISOString(),
    });
  });
});
