// Companies: each one's hidden health and commercial profile first (everything else is drawn from it), then,
// once the deals have fixed when it became a customer, its company record.
import { isoDate } from '../iso-date';
import { clamp, DAY, shuffled, type CompanyProfile, type DatasetContext } from './context';
import {
  CONTACT_DAYS_SIGMA,
  contactDaysMedian,
  facetHealthOf,
  MIXED_ACCOUNTS,
  type Facet,
} from './truth-model';
import { CITIES, INDUSTRIES, NAME_KINDS, NAME_PREFIXES, NAME_ROOTS, NAME_SUFFIXES } from './words';

const iso = isoDate;

/** Companies from this many on keep their last two without any data (the "No data" state must show). */
const NO_DATA_FROM = 20;

/**
 * One profile per company. True health h = 1 − 0.95·u^1.8 with u drawn stratified (one per 1/n slice of the
 * unit interval, in shuffled order): every seed gets the same spread of true health, so a portfolio's bands
 * differ between seeds by signal noise, not by luck of the draw.
 */
export function drawProfiles(ctx: DatasetContext, companyCount: number): CompanyProfile[] {
  const { rng } = ctx;
  const usedNames = new Set<string>();
  const profiles: CompanyProfile[] = [];
  const strata = shuffled(
    rng,
    Array.from({ length: companyCount }, (_, i) => i),
  );
  for (let i = 0; i < companyCount; i++) {
    const u = ((strata[i] ?? 0) + rng.next()) / companyCount;
    const h = clamp(1 - 0.95 * Math.pow(u, 1.8), 0.02, 0.99);
    const weakFacet: Facet | null =
      h >= MIXED_ACCOUNTS.fromHealth && rng.chance(MIXED_ACCOUNTS.share)
        ? rng.chance(MIXED_ACCOUNTS.supportShare)
          ? 'support'
          : 'engagement'
        : null;
    const base = uniqueName(ctx, usedNames);
    const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '');
    profiles.push({
      id: ctx.ids.companies(),
      name: base + rng.pick(NAME_SUFFIXES),
      domain: `${slug}.${rng.pick(['com', 'com', 'io', 'co', 'net'])}`,
      h,
      facets: facetHealthOf(h, weakFacet),
      arr: Math.round(clamp(rng.logNormal(14_000 * (0.35 + 1.15 * h), 0.7), 2_400, 600_000) / 100) * 100,
      ownerId: rng.chance(0.02) ? null : rng.pick(ctx.owners).id,
      noData: companyCount >= NO_DATA_FROM && i >= companyCount - 2,
      start: 0,
      churnedAt: null,
      wonRevenue: 0,
      created: 0,
    });
  }
  return profiles;
}

function uniqueName(ctx: DatasetContext, used: Set<string>): string {
  const prefix = ctx.rng.pick(NAME_PREFIXES);
  const root = ctx.rng.pick(NAME_ROOTS);
  const kind = ctx.rng.pick(NAME_KINDS);
  let base = `${prefix}${root} ${kind}`;
  for (let n = 2; used.has(base); n++) base = `${prefix}${root} ${kind} ${n}`;
  used.add(base);
  return base;
}

/**
 * The company record: last contact (log-normal days before now, or before the churn), adoption on ~60 % of
 * companies (licence utilisation ≈ 25 + 75·h ± 10), firmographics. `num_associated_contacts` is filled in by
 * the contacts section.
 */
/**
 * Lifecycle stages, set last (so the rest of the dataset does not depend on them): customers, a few
 * evangelists among the healthy ones, and most churned customers moved to "Other".
 */
export function setLifecycleStages(ctx: DatasetContext, profiles: CompanyProfile[]): void {
  for (const p of profiles) {
    if (!p.record || p.noData) continue;
    const stage =
      p.churnedAt !== null
        ? ctx.rng.chance(0.7)
          ? 'other'
          : 'customer'
        : ctx.rng.chance(0.25 * p.h ** 3)
          ? 'evangelist'
          : 'customer';
    p.record.properties.lifecyclestage = stage;
  }
}

export function writeCompany(ctx: DatasetContext, p: CompanyProfile): void {
  const { rng, now } = ctx;
  const h = p.h;
  p.created = p.start - rng.between(30, 240) * DAY;
  const end = p.churnedAt ?? now;
  const lastContact =
    p.noData || rng.chance(0.06)
      ? null
      : ctx.at(end - rng.logNormal(contactDaysMedian(p.facets.engagement), CONTACT_DAYS_SIGMA) * DAY);
  const lastActivity =
    lastContact === null || rng.chance(0.1) ? null : lastContact - rng.between(0, 20) * DAY;
  const hasAdoption = !p.noData && rng.chance(0.6);
  const utilization = clamp(Math.round(25 + 75 * h + 10 * rng.normal() - (p.churnedAt ? 30 : 0)), 0, 100);
  const seats = Math.max(5, Math.round(p.arr / 600));
  const [city, country] = rng.pick(CITIES);
  ctx.truth[p.id] = Math.round(h * 1000) / 1000;
  p.record = ctx.record('companies', p.id, p.created, Math.max(p.created, now - rng.between(0, 45) * DAY), {
    name: p.name,
    domain: p.domain,
    hubspot_owner_id: p.ownerId,
    notes_last_contacted: lastContact === null ? null : iso(lastContact),
    hs_last_sales_activity_date: lastActivity === null ? null : iso(lastActivity),
    num_associated_contacts: '0',
    annualrevenue: String(Math.round((p.arr * rng.between(150, 1500)) / 1000) * 1000),
    numberofemployees: String(Math.max(10, Math.round(seats * rng.between(2, 12)))),
    total_revenue: p.wonRevenue > 0 ? String(p.wonRevenue) : null,
    industry: rng.pick(INDUSTRIES),
    city,
    country,
    lifecyclestage: 'customer',
    pulse_license_utilization: hasAdoption ? String(utilization) : null,
    pulse_active_users: hasAdoption ? String(Math.round((seats * utilization) / 100)) : null,
  });
}
