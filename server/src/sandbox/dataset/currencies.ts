// Currencies: HubSpot keeps a deal's `amount` (and `hs_arr`) in the deal's own currency (`deal_currency_code`)
// and its value in the account's company currency in `amount_in_home_currency`. Every generated deal carries all
// three. With other currencies, a share of the companies buy in one of them: their deals' amounts are in that
// currency while `amount_in_home_currency` keeps the company-currency value the story drew, so a multi-currency
// account's true figures are the single-currency account's (same seed), and summing `amount` would be wrong.
import type { SandboxDataset, SandboxRecord } from '../sandbox-dataset';
import { createSeededRandom } from '../seeded-random';

export type CurrencyOptions = {
  /** ISO 4217 code of the account's company currency (default USD) */
  companyCurrency: string;
  /** other currencies some customers buy in, each with how many of its units one company-currency unit buys */
  others?: { code: string; perCompanyUnit: number }[];
  /** share of the companies (0..1) whose deals are in one of `others` (default 0.2 when there are others) */
  share?: number;
};

/** Sets the deals' currency properties and the account's currencies, in place. Its own random stream: nothing else moves. */
export function applyCurrencies(dataset: SandboxDataset, options: CurrencyOptions): void {
  const others = options.others ?? [];
  const share = others.length === 0 ? 0 : (options.share ?? 0.2);
  if (!/^[A-Z]{3}$/.test(options.companyCurrency) || others.some((o) => !/^[A-Z]{3}$/.test(o.code)))
    throw new Error('generateDataset: currencies must be ISO 4217 codes such as "EUR"');
  if (others.some((o) => !(o.perCompanyUnit > 0)) || !(share >= 0 && share <= 1))
    throw new Error('generateDataset: perCompanyUnit must be > 0 and share within 0..1');

  const rng = createSeededRandom(dataset.seed ^ 0x5eed_c0de);
  const currencyOf = new Map<string, { code: string; perCompanyUnit: number }>();
  for (const company of dataset.objects.companies)
    if (others.length > 0 && rng.chance(share)) currencyOf.set(company.id, rng.pick(others));
  const companyOfDeal = new Map<string, string>();
  for (const a of dataset.associations)
    if (a.fromType === 'deals' && a.toType === 'companies' && a.primary) companyOfDeal.set(a.fromId, a.toId);

  for (const deal of dataset.objects.deals) {
    const companyId = companyOfDeal.get(deal.id);
    const foreign = companyId === undefined ? undefined : currencyOf.get(companyId);
    setDealCurrency(deal, options.companyCurrency, foreign);
  }
  dataset.account = {
    ...dataset.account,
    companyCurrency: options.companyCurrency,
    additionalCurrencies: others.map((o) => o.code),
  };
}

function setDealCurrency(
  deal: SandboxRecord,
  companyCurrency: string,
  foreign: { code: string; perCompanyUnit: number } | undefined,
): void {
  const p = deal.properties;
  const home = p.amount ?? null;
  p.amount_in_home_currency = home;
  p.deal_currency_code = foreign?.code ?? companyCurrency;
  if (foreign === undefined) return;
  const inDealCurrency = (value: string | null | undefined) =>
    value === null || value === undefined ? null : String(Math.round(Number(value) * foreign.perCompanyUnit));
  p.amount = inDealCurrency(home);
  p.hs_arr = inDealCurrency(p.hs_arr);
}
