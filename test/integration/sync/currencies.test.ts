import { afterEach, describe, expect, it } from 'vitest';
import { ZPortfolioQuery, type PortfolioView } from '@pulse/shared';
import { generateDataset, type SandboxDataset } from '../../../server/src/sandbox';
import { getCompanyHealthView } from '../../../server/src/services/company-health';
import { getPortfolioView } from '../../../server/src/services/portfolio';
import { getSyncStatus } from '../../../server/src/services/sync-status';
import { runSync } from '../../../server/src/sync';
import { createHarness, PORTAL, type Harness } from './harness';

const NOW = Date.UTC(2026, 3, 1, 12);
const OTHERS = [
  { code: 'GBP', perCompanyUnit: 0.86 },
  { code: 'CHF', perCompanyUnit: 0.94 },
];
let harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  harnesses = [];
});

/** A full sync of the dataset through the SDK, then the portfolio as the manager's page receives it. */
const syncAndReadPortfolio = async (dataset: SandboxDataset) => {
  const h = await createHarness(dataset);
  harnesses.push(h);
  const report = await runSync({
    store: h.store,
    client: h.client,
    portalId: PORTAL,
    kind: 'full',
    now: h.now,
  });
  const portal = h.store.forPortal(PORTAL);
  const portfolio = await getPortfolioView(portal, {
    userId: null,
    query: ZPortfolioQuery.parse({ limit: 100 }),
    now: h.now(),
  });
  return { h, report, portal, portfolio };
};

const money = (view: PortfolioView) => {
  const f = view.kpis.financial;
  return { arr: f.arr, atRiskArr: f.atRiskArr, due90: f.renewalsDue90, expansionWon: f.expansionWon };
};

const dataset = (currencies: Parameters<typeof generateDataset>[0]['currencies']) =>
  generateDataset({ seed: 17, now: NOW, companies: 40, ...(currencies ? { currencies } : {}) });

describe('currencies: every amount in the account’s company currency', () => {
  it('a EUR account: the views carry EUR and the account details are stored for the portal', async () => {
    const { portal, portfolio } = await syncAndReadPortfolio(dataset({ companyCurrency: 'EUR' }));
    expect(portfolio.currencyCode).toBe('EUR');
    expect(await portal.account.get()).toMatchObject({ companyCurrency: 'EUR' });
    const card = await getCompanyHealthView(portal, {
      companyId: portfolio.rows[0]!.companyId,
      now: NOW,
      syncIntervalMinutes: 15,
    });
    expect(card).toMatchObject({ status: 'ready', currencyCode: 'EUR' });
  });

  it('a multi-currency account sums the company-currency values, not the deals’ own amounts', async () => {
    const single = await syncAndReadPortfolio(dataset({ companyCurrency: 'EUR' }));
    const multiData = dataset({ companyCurrency: 'EUR', others: OTHERS, share: 0.4 });
    const foreign = multiData.objects.deals.filter((d) => d.properties.deal_currency_code !== 'EUR');
    expect(foreign.length).toBeGreaterThan(5);
    // the deals' own amounts really differ from their company-currency values
    expect(foreign.every((d) => d.properties.amount !== d.properties.amount_in_home_currency)).toBe(true);
    const multi = await syncAndReadPortfolio(multiData);
    expect(money(multi.portfolio)).toEqual(money(single.portfolio));
    expect(multi.portfolio.kpis.financial.arr).toBeGreaterThan(0);
    expect(multi.portfolio.kpis.financial.unconvertedDeals.deals).toBe(0);
    expect(multi.report.warnings).toBe(0);
  });

  it('a deal in another currency without a company-currency value is reported, never added at face value', async () => {
    const data = dataset({ companyCurrency: 'EUR', others: OTHERS, share: 0.4 });
    const baseline = await syncAndReadPortfolio(
      dataset({ companyCurrency: 'EUR', others: OTHERS, share: 0.4 }),
    );
    // HubSpot lost the conversion of one foreign renewal that is some company's next renewal
    const nextRenewals = new Map(
      baseline.portfolio.rows
        .filter((r) => r.renewalAmount !== null)
        .map((r) => [r.companyId, r.renewalAmount] as const),
    );
    const companyOfDeal = new Map(
      data.associations
        .filter((a) => a.fromType === 'deals' && a.toType === 'companies' && a.primary)
        .map((a) => [a.fromId, a.toId] as const),
    );
    const deal = data.objects.deals.find(
      (d) =>
        !d.archived &&
        d.properties.deal_currency_code !== 'EUR' &&
        nextRenewals.get(companyOfDeal.get(d.id) ?? '') === Number(d.properties.amount_in_home_currency),
    )!;
    expect(deal).toBeDefined();
    deal.properties.amount_in_home_currency = null;
    const companyId = companyOfDeal.get(deal.id)!;

    const { report, portal, portfolio } = await syncAndReadPortfolio(data);
    expect(report.warnings).toBe(1);
    expect(report.warningSamples[0]).toMatchObject({ objectType: 'deals', id: deal.id });
    expect(report.warningSamples[0]!.reason).toContain('no EUR value');
    // and the settings page's sync status lists it for the admin
    const status = await getSyncStatus(portal, 15);
    expect(status.lastRun).toMatchObject({
      warnings: 1,
      warningSamples: [{ objectType: 'deals', id: deal.id }],
    });
    expect(portfolio.kpis.financial.unconvertedDeals).toEqual({
      deals: 1,
      companies: 1,
      currencyCodes: [deal.properties.deal_currency_code],
    });
    const row = portfolio.rows.find((r) => r.companyId === companyId)!;
    expect(row.renewalAmount).toBeNull(); // not the pounds or francs read as euros
    const card = await getCompanyHealthView(portal, { companyId, now: NOW, syncIntervalMinutes: 15 });
    expect(card.status === 'ready' && card.snapshot.financial.unconvertedDeals).toEqual([
      {
        dealId: deal.id,
        name: deal.properties.dealname,
        amount: Number(deal.properties.amount),
        currencyCode: deal.properties.deal_currency_code,
      },
    ]);
    expect(portfolio.kpis.financial.renewalsDue90.amount).toBeLessThanOrEqual(
      baseline.portfolio.kpis.financial.renewalsDue90.amount,
    );
  });
});
