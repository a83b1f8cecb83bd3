import { z } from 'zod';
import { ZCurrencyCode } from './currency';
import { ZUnavailableSource } from './sources';
import { ZBand, ZRiskLevel, ZScale } from './snapshot';
import { ZBandCounts } from './settings-api';

/** GET /api/v1/portfolio — the CS manager's page. KPIs are computed over the rows the filters select. */

export const PORTFOLIO_SORTS = [
  'name',
  'owner',
  'health',
  'trend',
  'renewalDate',
  'renewalAmount',
  'risk',
  'nps',
  'arr',
] as const;
export const ZPortfolioSort = z.enum(PORTFOLIO_SORTS);
export type PortfolioSort = z.infer<typeof ZPortfolioSort>;

/** Query strings arrive as strings: coerce here, once, so server and client agree. */
export const ZPortfolioQuery = z.object({
  /** an owner id, or "me" for the calling user's book (owner.userId = signed userId) */
  owner: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  band: z.union([ZBand, z.literal('no_data')]).optional(),
  risk: ZRiskLevel.optional(),
  /** only companies whose upcoming renewal closes within this many days (overdue ones are not included) */
  renewalWithinDays: z.coerce.number().int().min(0).max(730).optional(),
  /** true: only companies with an overdue renewal; false: only those without */
  renewalOverdue: z.stringbool().optional(),
  sort: ZPortfolioSort.default('health'),
  order: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type PortfolioQuery = z.infer<typeof ZPortfolioQuery>;

export const ZPortfolioRow = z.object({
  companyId: z.string(),
  name: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  health: z.number().nullable(),
  band: ZBand.nullable(),
  /** 7-day health delta */
  trend: z.number().nullable(),
  renewalDate: z.string().datetime({ offset: true }).nullable(),
  renewalAmount: z.number().nullable(),
  isRenewalOverdue: z.boolean(),
  risk: ZRiskLevel,
  nps: z.number().nullable(),
  arr: z.number().nullable(),
});
export type PortfolioRow = z.infer<typeof ZPortfolioRow>;

const ZCountAmount = z.object({ count: z.number().int().nonnegative(), amount: z.number().nonnegative() });
const ZRate = z.number().min(0).nullable();

export const ZFinancialKpis = z.object({
  periodDays: z.number().int().positive(),
  arr: z.number().nonnegative(),
  activeCompanies: z.number().int().nonnegative(),
  /** ARR ÷ active companies; null with none */
  arpa: z.number().nullable(),
  expansionWon: z.number().nonnegative(),
  /** ratios (0.91 = 91%) over renewals closed in the period; null with none */
  grossRenewalRate: ZRate,
  netRenewalRate: ZRate,
  logoChurn: ZRate,
  atRiskArr: z.number().nonnegative(),
  renewalsDue30: ZCountAmount,
  renewalsDue90: ZCountAmount,
  /** companies with an open renewal past its close date (never counted in renewalsDue30/90) */
  renewalsOverdue: ZCountAmount,
  /** ARPA × gross margin ÷ annual logo churn; null when churn is 0 */
  ltv: z.number().nullable(),
  /** deals in another currency with no company-currency value in HubSpot: left out of every amount above */
  unconvertedDeals: z.object({
    deals: z.number().int().nonnegative(),
    companies: z.number().int().nonnegative(),
    currencyCodes: z.array(z.string()),
  }),
});

export const ZHealthKpis = z.object({
  averageHealth: z.number().nullable(),
  bands: ZBandCounts,
  nps: z.object({ score: z.number().int().nullable(), responses: z.number().int().nonnegative() }),
  /** CSAT = share of responses in the top two values of `scale`; CES = mean on `scale` (METRICS.md: state them) */
  csat: z.object({
    percent: z.number().nullable(),
    responses: z.number().int().nonnegative(),
    scale: ZScale,
  }),
  ces: z.object({
    mean: z.number().nullable(),
    responses: z.number().int().nonnegative(),
    scale: ZScale,
    higherIsEasier: z.boolean(),
  }),
  /** companies whose band is lower than 30 days ago */
  fellABand30d: z.array(z.object({ companyId: z.string(), name: z.string(), from: ZBand, to: ZBand })),
});

export const ZUsageKpis = z.object({
  isMapped: z.boolean(),
  /** shown when nothing is mapped */
  howToMap: z.string(),
  measures: z.array(
    z.object({
      property: z.string(),
      label: z.string(),
      companiesWithData: z.number().int().nonnegative(),
      average: z.number().nullable(),
      /** bucket counts by the measure's own rule points (e.g. "≥ 80" → 12) */
      distribution: z.array(z.object({ label: z.string(), count: z.number().int().nonnegative() })),
    }),
  ),
});

export const ZTeamRow = z.object({
  ownerId: z.string().nullable(),
  ownerName: z.string(),
  companies: z.number().int().nonnegative(),
  arr: z.number().nonnegative(),
  averageHealth: z.number().nullable(),
  atRiskArr: z.number().nonnegative(),
  renewalsDue90: z.number().int().nonnegative(),
  grossRenewalRate: ZRate,
  nps: z.number().int().nullable(),
  openHighPriority: z.number().int().nonnegative(),
  medianDaysSinceContact: z.number().nullable(),
});
export type TeamRow = z.infer<typeof ZTeamRow>;

export const ZPortfolioKpis = z.object({
  financial: ZFinancialKpis,
  health: ZHealthKpis,
  usage: ZUsageKpis,
  team: z.array(ZTeamRow),
});
export type PortfolioKpis = z.infer<typeof ZPortfolioKpis>;

export const ZPortfolioView = z.object({
  portalId: z.number().int(),
  /** the account's company currency: every amount here is in it */
  currencyCode: ZCurrencyCode,
  kpis: ZPortfolioKpis,
  rows: z.array(ZPortfolioRow),
  total: z.number().int().nonnegative(),
  nextCursor: z.string().nullable(),
  /** for the filter dropdowns */
  owners: z.array(z.object({ id: z.string(), name: z.string(), teamIds: z.array(z.string()) })),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  /** the owner id "me" resolved to, when the caller is an owner */
  myOwnerId: z.string().nullable(),
  computedAt: z.string().datetime({ offset: true }),
  /** optional data sources this portal does not give Pulse (tier, declined scope) */
  unavailableSources: z.array(ZUnavailableSource).optional(),
});
export type PortfolioView = z.infer<typeof ZPortfolioView>;
