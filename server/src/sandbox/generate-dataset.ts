/*
 * Deterministic, realistic demo/benchmark data for the CRM sandbox.
 *
 * Every company gets a hidden "true health" h in 0..1 (h = 1 − 0.95·u^1.8, mean ≈ 0.66, u drawn stratified so
 * every seed gets the same spread) and every observable signal is drawn from it with noise, so a good health
 * model correlates with `dataset.truth` without reproducing it. The mapping itself lives in ./dataset/truth-model
 * (one function per signal, each documented with its values); calibrated so that Pulse's default model gives
 * ≈ 14 % At risk / 26 % Monitor / 60 % Healthy, r(truth, score) ≈ 0.89, High+Critical renewal risk ≈ 15 % and
 * Critical ≈ 3.5 % of companies with a renewal (docs/decisions/003-crm-sandbox.md). In short, as h falls:
 *  - Support: more tickets (≈ 10×), open HIGH/URGENT "escalations" 2–80 days old (≈ 2.5 at h = 0.1, none at 0.9),
 *    a rising volume (up to ~28 % of tickets in the last 30 days), time to close median 9 h → 165 h.
 *  - Engagement: last contact median 7 → 81 days (log-normal), contacts ≈ 6 → 1.
 *  - Sentiment: NPS ≈ N(4.2 + 6.8·h', 1.5) → portfolio NPS ≈ 30–40 (Retently/CustomerGauge B2B SaaS benchmarks);
 *    hs_response_group missing on ~12 % on purpose. CSAT 1–5 (stays fairly high: it rates tickets), CES 1–7.
 *  - Renewals (yearly, "Renewals" pipeline): lost and contracted renewals rise steeply, the open renewal is
 *    more often overdue (2 → 18 %) or stale in stage (12 → 61 %). With ARR larger for healthier accounts, gross
 *    revenue retention lands at 85–95 % (KeyBanc/Sapphire: GRR ≈ 90 %; Recurly/ChartMogul: 1–2 %/month logo churn).
 *  - Mixed accounts: 20 % of companies with h ≥ 0.5 have one weak facet (support trouble or a lost champion).
 *  - A churned customer's last escalations stay open; its contact dates stop at the churn.
 *  - Adoption (custom properties, ~60 % of companies): licence utilisation ≈ 25 + 75·h ± 10.
 *  - ARR log-normal (median ≈ 16 k USD, larger for healthier accounts); history: customers started up to
 *    ~2.5 years before `now` (0–2 closed renewals each), one open renewal per active customer, expansion/upsell
 *    deals in the sales pipeline, win-back attempts after churn.
 *  - ~1 % of each object type archived; the last two companies (when ≥ 20) have no data at all.
 * Totals are exact: companies × per-company rate (rounded), split over companies by largest remainder.
 *
 * The sections (./dataset/*) run in a fixed order over one random stream: catalog (ids, pipelines, owners),
 * company profiles, deals, company records, contacts, tickets, survey responses, archiving.
 */
import { isoDate } from './iso-date';
import { CRM_OBJECT_TYPES } from '@pulse/shared';
import type { SandboxAccount, SandboxDataset } from './sandbox-dataset';
import { apportion, createSeededRandom } from './seeded-random';
import {
  buildOwners,
  buildPipelines,
  companyPropertyDefinitions,
  makeIdGenerators,
  PROPERTY_GROUPS,
  stageIdsOf,
} from './dataset/catalog';
import { drawProfiles, setLifecycleStages, writeCompany } from './dataset/companies';
import { linkSecondCompanies, writeContacts } from './dataset/contacts';
import { createContext, type CompanyProfile, type DatasetContext } from './dataset/context';
import { applyCurrencies, type CurrencyOptions } from './dataset/currencies';
import { writeDeals } from './dataset/deals';
import { writeResponses, type SurveyIds } from './dataset/responses';
import { writeTickets, type TicketRef } from './dataset/tickets';
import { CONTACT_WEIGHT_SIGMA, contactWeight, ticketWeight } from './dataset/truth-model';

export type GenerateDatasetOptions = {
  seed: number;
  /** Epoch ms; all dates are relative to it. */
  now: number;
  companies: number;
  dealsPerCompany?: number;
  ticketsPerCompany?: number;
  contactsPerCompany?: number;
  responsesPerCompany?: number;
  /** the account's company currency and the others some customers buy in (default: USD only) */
  currencies?: CurrencyOptions;
};

/** A US account with one currency, HubSpot's defaults for a new portal. */
export const DEFAULT_ACCOUNT: SandboxAccount = {
  accountType: 'STANDARD',
  timeZone: 'US/Eastern',
  companyCurrency: 'USD',
  additionalCurrencies: [],
  uiDomain: 'app.hubspot.com',
  dataHostingLocation: 'na1',
};

export function demoDataset(now: number, seed = 20_260_401): SandboxDataset {
  return generateDataset({
    seed,
    now,
    companies: 250,
    dealsPerCompany: 3,
    ticketsPerCompany: 8,
    contactsPerCompany: 4,
    responsesPerCompany: 6,
    // A US account with some European customers: amounts on those deals are in their currency, and Pulse must
    // read the company-currency values HubSpot keeps beside them.
    currencies: {
      companyCurrency: 'USD',
      others: [
        { code: 'EUR', perCompanyUnit: 0.92 },
        { code: 'GBP', perCompanyUnit: 0.79 },
      ],
      share: 0.2,
    },
  });
}

export function benchDataset(now: number, seed = 424_242): SandboxDataset {
  return generateDataset({
    seed,
    now,
    companies: 10_000,
    dealsPerCompany: 3,
    ticketsPerCompany: 10,
    contactsPerCompany: 2,
    responsesPerCompany: 1.5,
  });
}

function checkOptions(o: GenerateDatasetOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(o.seed)) problems.push(`seed must be an integer (got ${o.seed})`);
  if (!Number.isFinite(o.now) || o.now <= 0) problems.push(`now must be epoch milliseconds (got ${o.now})`);
  if (!Number.isInteger(o.companies) || o.companies < 0)
    problems.push(`companies must be a whole number ≥ 0 (got ${o.companies})`);
  for (const key of [
    'dealsPerCompany',
    'ticketsPerCompany',
    'contactsPerCompany',
    'responsesPerCompany',
  ] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0))
      problems.push(`${key} must be a number ≥ 0 (got ${v})`);
  }
  if (problems.length > 0) throw new Error(`generateDataset: ${problems.join('; ')}`);
}

export function generateDataset(options: GenerateDatasetOptions): SandboxDataset {
  checkOptions(options);
  const { seed, now, companies: companyCount } = options;
  const rng = createSeededRandom(seed);
  const ids = makeIdGenerators(rng);
  const pipelines = buildPipelines(rng, now);
  const owners = buildOwners(rng, now, Math.max(2, Math.round(companyCount / 31)));
  const surveyIds: SurveyIds = {
    NPS: String(rng.int(1000, 9999)),
    CSAT: String(rng.int(1000, 9999)),
    CES: String(rng.int(1000, 9999)),
  };
  const ctx = createContext({ rng, now, ids, stages: stageIdsOf(pipelines), owners });
  const total = (rate: number | undefined, fallback: number) => Math.round(companyCount * (rate ?? fallback));

  const profiles = drawProfiles(ctx, companyCount);
  const dealCounts = apportion(
    total(options.dealsPerCompany, 3),
    profiles.map((p) => (p.noData ? 0 : 0.6 + 0.8 * rng.next())),
  );
  const contactCounts = apportion(
    total(options.contactsPerCompany, 3),
    profiles.map((p) =>
      p.noData ? 0 : rng.logNormal(contactWeight(p.facets.engagement), CONTACT_WEIGHT_SIGMA),
    ),
  );
  profiles.forEach((p, i) => writeDeals(ctx, p, dealCounts[i] ?? 0));
  for (const p of profiles) writeCompany(ctx, p);
  const contactsOf = new Map(profiles.map((p, i) => [p.id, writeContacts(ctx, p, contactCounts[i] ?? 0)]));
  linkSecondCompanies(ctx, profiles, new Map([...contactsOf].map(([id, list]) => [id, list.length])));

  const ticketCounts = apportion(
    total(options.ticketsPerCompany, 6),
    profiles.map((p) =>
      p.noData ? 0 : (ticketWeight(p.facets.support) + 0.3 * rng.next()) * (p.churnedAt === null ? 1 : 0.6),
    ),
  );
  const ticketsOf = new Map(profiles.map((p, i) => [p.id, writeTickets(ctx, p, ticketCounts[i] ?? 0)]));
  writeAllResponses(ctx, profiles, {
    total: total(options.responsesPerCompany, 4),
    contactsOf,
    ticketsOf,
    surveyIds,
  });
  archiveSome(ctx, profiles);
  setLifecycleStages(ctx, profiles);

  const dataset: SandboxDataset = {
    seed,
    now,
    objects: ctx.objects,
    associations: ctx.associations,
    pipelines,
    owners,
    account: { ...DEFAULT_ACCOUNT, additionalCurrencies: [] },
    propertyGroups: PROPERTY_GROUPS.map((g) => ({ ...g })),
    companyProperties: companyPropertyDefinitions(now),
    truth: ctx.truth,
  };
  applyCurrencies(dataset, options.currencies ?? { companyCurrency: DEFAULT_ACCOUNT.companyCurrency });
  return dataset;
}

function writeAllResponses(
  ctx: DatasetContext,
  profiles: CompanyProfile[],
  args: {
    total: number;
    contactsOf: Map<string, string[]>;
    ticketsOf: Map<string, TicketRef[]>;
    surveyIds: SurveyIds;
  },
): void {
  const counts = apportion(
    args.total,
    profiles.map((p) =>
      p.noData ||
      ((args.contactsOf.get(p.id)?.length ?? 0) === 0 && (args.ticketsOf.get(p.id)?.length ?? 0) === 0)
        ? 0
        : 0.5 + ctx.rng.next(),
    ),
  );
  profiles.forEach((p, i) =>
    writeResponses(ctx, p, counts[i] ?? 0, {
      contacts: args.contactsOf.get(p.id) ?? [],
      tickets: args.ticketsOf.get(p.id) ?? [],
      surveyIds: args.surveyIds,
    }),
  );
}

/** ~1 % of the records of each type archived (a deletion in HubSpot), never a no-data company. */
function archiveSome(ctx: DatasetContext, profiles: CompanyProfile[]): void {
  const noDataIds = new Set(profiles.filter((p) => p.noData).map((p) => p.id));
  for (const type of CRM_OBJECT_TYPES) {
    for (const rec of ctx.objects[type]) {
      if (noDataIds.has(rec.id) || !ctx.rng.chance(0.01)) continue;
      const when = isoDate(ctx.rng.between(Date.parse(rec.updatedAt), ctx.now));
      rec.archived = true;
      rec.archivedAt = when;
      rec.updatedAt = when;
    }
  }
}
