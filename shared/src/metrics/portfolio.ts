import type { Owner } from '../schemas/crm';
import type { Rule, Settings } from '../schemas/settings';
import type { Band, CompanySnapshot, RenewalDeal } from '../contracts/snapshot';
import type { BandCounts } from '../contracts/settings-api';
import type { PortfolioKpis, PortfolioRow, TeamRow } from '../contracts/portfolio';
import { applyRule } from '../scoring/rules';
import {
  annualizeChurn,
  arpa,
  grossRenewalRate,
  lifetimeValue,
  logoChurn,
  netRenewalRate,
} from './retention';
import { daysBetween, median } from './time';

export const HOW_TO_MAP_ADOPTION =
  'An admin maps a numeric company property (licence utilisation, active users…) in Settings → Adoption; ' +
  'this tile then shows its average and distribution, and it counts in the health score.';

const BAND_RANK: Record<Band, number> = { at_risk: 0, monitor: 1, healthy: 2 };

/** The renewal a company is judged on: its most overdue open renewal, else its next one. */
export function currentRenewal(snapshot: CompanySnapshot): RenewalDeal | null {
  return snapshot.renewal.overdue[0] ?? snapshot.renewal.next;
}

/** Days from `now` to a renewal's close date (recomputed: the snapshot may be hours old). */
function daysTo(renewal: RenewalDeal, now: number): number {
  return daysBetween(now, Date.parse(renewal.closeDate));
}

function isAtRisk(snapshot: CompanySnapshot, windowDays: number, now: number): boolean {
  const renewal = currentRenewal(snapshot);
  const level = snapshot.renewal.risk.level;
  return (
    renewal !== null &&
    renewal.amount !== null &&
    (level === 'high' || level === 'critical') &&
    daysTo(renewal, now) <= windowDays
  );
}

function atRiskArrOf(snapshots: readonly CompanySnapshot[], windowDays: number, now: number): number {
  let sum = 0;
  for (const s of snapshots) if (isAtRisk(s, windowDays, now)) sum += Math.max(0, currentRenewal(s)!.amount!);
  return sum;
}

/**
 * The company's upcoming (not overdue) renewal when it closes within `days` from `now` (today included),
 * else null. The "Renewals due" KPIs and the portfolio's renewal-window filter both use this, so a KPI and
 * the filter of the same window always count the same companies.
 */
export function renewalDueWithin(snapshot: CompanySnapshot, days: number, now: number): RenewalDeal | null {
  const next = snapshot.renewal.next;
  if (next === null) return null;
  const d = daysTo(next, now);
  return d >= 0 && d <= days ? next : null;
}

/** An open renewal past its close date (the "next" one too, when it passed since the snapshot was taken). */
export function hasOverdueRenewal(snapshot: CompanySnapshot, now: number): boolean {
  const next = snapshot.renewal.next;
  return snapshot.renewal.overdue.length > 0 || (next !== null && daysTo(next, now) < 0);
}

function countAndAmount(renewals: readonly (RenewalDeal | null | undefined)[]) {
  let count = 0;
  let amount = 0;
  for (const renewal of renewals) {
    if (renewal === null || renewal === undefined) continue;
    count++;
    amount += Math.max(0, renewal.amount ?? 0);
  }
  return { count, amount };
}

/** Upcoming (not overdue) renewals due within `days`. */
function renewalsDue(snapshots: readonly CompanySnapshot[], days: number, now: number) {
  return countAndAmount(snapshots.map((s) => renewalDueWithin(s, days, now)));
}

/** Companies with an overdue renewal, and the amounts of their most overdue one (the one the table shows). */
function renewalsOverdue(snapshots: readonly CompanySnapshot[], now: number) {
  return countAndAmount(
    snapshots.map((s) => (hasOverdueRenewal(s, now) ? (s.renewal.overdue[0] ?? s.renewal.next) : null)),
  );
}

/** Pooled NPS: all responses of all companies counted together (not an average of company scores). */
function pooledNps(snapshots: readonly CompanySnapshot[]): { score: number | null; responses: number } {
  let responses = 0;
  let net = 0;
  for (const s of snapshots) {
    responses += s.nps.responses;
    net += s.nps.promoters - s.nps.detractors;
  }
  return { score: responses === 0 ? null : Math.round((100 * net) / responses), responses };
}

function averageHealth(snapshots: readonly CompanySnapshot[]): number | null {
  let sum = 0;
  let n = 0;
  for (const s of snapshots) {
    if (s.health.score === null) continue;
    sum += s.health.score;
    n++;
  }
  return n === 0 ? null : Math.round((sum / n) * 10) / 10;
}

function renewalsClosed(snapshots: readonly CompanySnapshot[]) {
  return snapshots.flatMap((s) => s.financial.renewalsClosedInPeriod);
}

/** Expansion counted in NRR: that of the companies whose renewals closed in the period (the renewing cohort). */
function cohortExpansion(snapshots: readonly CompanySnapshot[]): number {
  let sum = 0;
  for (const s of snapshots)
    if (s.financial.renewalsClosedInPeriod.length > 0) sum += s.financial.expansionWonInPeriod;
  return sum;
}

export function ownerName(owner: Owner | undefined, ownerId: string | null): string {
  if (ownerId === null) return 'Unassigned';
  if (owner === undefined) return `Owner ${ownerId}`;
  const name = [owner.firstName, owner.lastName].filter((p) => p !== null && p.trim() !== '').join(' ');
  return name !== '' ? name : (owner.email ?? `Owner ${ownerId}`);
}

/**
 * The manager's KPIs over the given snapshots (the rows the filters selected), in the four levels of
 * METRICS.md: financial, customer health, usage, team. Ratios are fractions; null when undefined.
 */
export function computePortfolioKpis(
  snapshots: CompanySnapshot[],
  owners: Owner[],
  settings: Settings,
  now: number,
): PortfolioKpis {
  const periodDays = settings.windows.portfolioPeriodDays;
  const atRiskWindow = settings.renewals.atRiskWindowDays;

  // Financial
  let arr = 0;
  let activeCompanies = 0;
  let expansionWon = 0;
  for (const s of snapshots) {
    expansionWon += s.financial.expansionWonInPeriod;
    if (s.financial.isActive) {
      arr += s.financial.arr ?? 0;
      activeCompanies++;
    }
  }
  const closed = renewalsClosed(snapshots);
  const churn = logoChurn(closed);
  const arpaValue = arpa(arr, activeCompanies);

  // Customer health
  const bands: BandCounts = { healthy: 0, monitor: 0, at_risk: 0, no_data: 0 };
  const fellABand30d: PortfolioKpis['health']['fellABand30d'] = [];
  let csatResponses = 0;
  let csatSatisfied = 0;
  let cesResponses = 0;
  let cesSum = 0;
  for (const s of snapshots) {
    const band = s.health.band;
    bands[band ?? 'no_data']++;
    const before = s.trend.band30dAgo;
    if (band !== null && before !== null && BAND_RANK[band] < BAND_RANK[before]) {
      fellABand30d.push({ companyId: s.companyId, name: s.companyName, from: before, to: band });
    }
    if (s.csat.percent !== null) {
      csatResponses += s.csat.responses;
      csatSatisfied += (s.csat.percent * s.csat.responses) / 100;
    }
    if (s.ces.mean !== null) {
      cesResponses += s.ces.responses;
      cesSum += s.ces.mean * s.ces.responses;
    }
  }

  return {
    financial: {
      periodDays,
      arr,
      activeCompanies,
      arpa: arpaValue,
      expansionWon,
      grossRenewalRate: grossRenewalRate(closed),
      netRenewalRate: netRenewalRate(closed, cohortExpansion(snapshots)),
      logoChurn: churn,
      atRiskArr: atRiskArrOf(snapshots, atRiskWindow, now),
      renewalsDue30: renewalsDue(snapshots, 30, now),
      renewalsDue90: renewalsDue(snapshots, 90, now),
      renewalsOverdue: renewalsOverdue(snapshots, now),
      ltv: lifetimeValue(arpaValue, settings.financial.grossMargin, annualizeChurn(churn, periodDays)),
      unconvertedDeals: unconvertedDealsOf(snapshots),
    },
    health: {
      averageHealth: averageHealth(snapshots),
      bands,
      nps: pooledNps(snapshots),
      csat: {
        percent: csatResponses === 0 ? null : (100 * csatSatisfied) / csatResponses,
        responses: csatResponses,
        scale: settings.surveys.csatScale,
      },
      ces: {
        mean: cesResponses === 0 ? null : cesSum / cesResponses,
        responses: cesResponses,
        scale: settings.surveys.cesScale,
        higherIsEasier: settings.surveys.cesHigherIsEasier,
      },
      fellABand30d,
    },
    usage: usageKpis(snapshots, settings),
    team: teamRows(snapshots, owners, atRiskWindow, now),
  };
}

/** Deals left out of every amount above for want of a company-currency value: said, so no sum looks whole when it is not. */
function unconvertedDealsOf(
  snapshots: readonly CompanySnapshot[],
): PortfolioKpis['financial']['unconvertedDeals'] {
  let deals = 0;
  let companies = 0;
  const currencyCodes = new Set<string>();
  for (const s of snapshots) {
    const list = s.financial.unconvertedDeals;
    if (list.length === 0) continue;
    companies++;
    deals += list.length;
    for (const d of list) currencyCodes.add(d.currencyCode);
  }
  return { deals, companies, currencyCodes: [...currencyCodes].sort() };
}

function usageKpis(snapshots: readonly CompanySnapshot[], settings: Settings): PortfolioKpis['usage'] {
  const measures: PortfolioKpis['usage']['measures'] = [];
  for (const group of settings.scoring.groups) {
    for (const m of group.measures) {
      if (!m.signal.startsWith('adoption:')) continue;
      const property = m.signal.slice('adoption:'.length);
      const buckets = bucketsOf(m.rule);
      const counts = buckets.map(() => 0);
      let sum = 0;
      let n = 0;
      for (const s of snapshots) {
        const value = s.signals.adoption[property];
        if (value === undefined || value === null) continue;
        sum += value;
        n++;
        const points = applyRule(m.rule, value);
        const bucket = points === null ? -1 : buckets.findIndex((b) => points >= b.minPoints);
        if (bucket >= 0) counts[bucket]!++;
      }
      measures.push({
        property,
        label: m.label,
        companiesWithData: n,
        average: n === 0 ? null : sum / n,
        distribution: buckets.map((b, i) => ({ label: b.label, count: counts[i]! })),
      });
    }
  }
  return { isMapped: measures.length > 0, howToMap: HOW_TO_MAP_ADOPTION, measures };
}

type Bucket = { label: string; minPoints: number };

/**
 * Distribution buckets from the measure's own rule, best first; a value falls in the first bucket whose
 * `minPoints` its points reach. Steps bucket by their thresholds ("≥ 80", "≥ 50", "< 50"); a linear rule
 * has no thresholds, so it is bucketed by points in quarters.
 */
function bucketsOf(rule: Rule): Bucket[] {
  switch (rule.kind) {
    case 'steps': {
      const steps =
        rule.direction === 'higher_is_better'
          ? rule.steps.map((s) => ({ label: `≥ ${s.min}`, minPoints: s.points }))
          : rule.steps.map((s) => ({ label: `≤ ${s.max}`, minPoints: s.points }));
      const rest =
        rule.direction === 'higher_is_better'
          ? `< ${Math.min(...rule.steps.map((s) => s.min))}`
          : `> ${Math.max(...rule.steps.map((s) => s.max))}`;
      const buckets = [...steps, { label: rest, minPoints: rule.otherwise }];
      return buckets
        .filter((b, i) => buckets.findIndex((c) => c.minPoints === b.minPoints) === i)
        .sort((a, b) => b.minPoints - a.minPoints);
    }
    case 'category':
      return Object.entries(rule.points)
        .map(([label, minPoints]) => ({ label, minPoints }))
        .sort((a, b) => b.minPoints - a.minPoints);
    case 'linear':
      return [
        { label: '75–100 points', minPoints: 75 },
        { label: '50–74 points', minPoints: 50 },
        { label: '25–49 points', minPoints: 25 },
        { label: '0–24 points', minPoints: 0 },
      ];
    default: {
      const exhaustive: never = rule;
      return exhaustive;
    }
  }
}

function teamRows(
  snapshots: readonly CompanySnapshot[],
  owners: readonly Owner[],
  atRiskWindow: number,
  now: number,
): TeamRow[] {
  const ownersById = new Map(owners.map((o) => [o.id, o]));
  const byOwner = new Map<string | null, CompanySnapshot[]>();
  for (const s of snapshots) {
    const list = byOwner.get(s.ownerId);
    if (list) list.push(s);
    else byOwner.set(s.ownerId, [s]);
  }
  const rows: TeamRow[] = [];
  for (const [ownerId, book] of byOwner) {
    const contactDays = book.map((s) => s.engagement.daysSinceContact).filter((d): d is number => d !== null);
    rows.push({
      ownerId,
      ownerName: ownerName(ownerId === null ? undefined : ownersById.get(ownerId), ownerId),
      companies: book.length,
      arr: book.reduce((sum, s) => sum + (s.financial.isActive ? (s.financial.arr ?? 0) : 0), 0),
      averageHealth: averageHealth(book),
      atRiskArr: atRiskArrOf(book, atRiskWindow, now),
      renewalsDue90: renewalsDue(book, 90, now).count,
      grossRenewalRate: grossRenewalRate(renewalsClosed(book)),
      nps: pooledNps(book).score,
      openHighPriority: book.reduce((sum, s) => sum + s.support.openHighPriority, 0),
      medianDaysSinceContact: median(contactDays),
    });
  }
  // Largest books first; the unassigned row last so it never looks like a CSM.
  return rows.sort(
    (a, b) =>
      (a.ownerId === null ? 1 : 0) - (b.ownerId === null ? 1 : 0) ||
      b.arr - a.arr ||
      a.ownerName.localeCompare(b.ownerName),
  );
}

/** One row of the portfolio table. The renewal shown is the most overdue one, else the next. */
export function toPortfolioRow(snapshot: CompanySnapshot, ownersById: Map<string, Owner>): PortfolioRow {
  const renewal = currentRenewal(snapshot);
  return {
    companyId: snapshot.companyId,
    name: snapshot.companyName,
    ownerId: snapshot.ownerId,
    ownerName:
      snapshot.ownerId === null ? null : ownerName(ownersById.get(snapshot.ownerId), snapshot.ownerId),
    health: snapshot.health.score,
    band: snapshot.health.band,
    trend: snapshot.trend.delta7,
    renewalDate: renewal?.closeDate ?? null,
    renewalAmount: renewal?.amount ?? null,
    isRenewalOverdue: snapshot.renewal.overdue.length > 0,
    risk: snapshot.renewal.risk.level,
    nps: snapshot.nps.score,
    arr: snapshot.financial.arr,
  };
}
