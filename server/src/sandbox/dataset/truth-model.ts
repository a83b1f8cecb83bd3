/*
 * How a company's hidden true health h (0 = about to churn, 1 = thriving) shows in its CRM data.
 *
 * The demo must look like a real CS book under Pulse's default model: roughly 10–18 % At risk, 22–35 %
 * Monitor, 50–65 % Healthy, with health tracking h (r ≥ 0.8) but not reproducing it. So every signal below
 * moves monotonically with h, is drawn with noise by the generator, and is steep where the default
 * thresholds sit (e.g. contact 60+ days ago only for the worst accounts). Kept apart from the generator so
 * the whole mapping can be read, and tuned, in one place.
 *
 * "Mixed" accounts: a share of otherwise healthy companies (h ≥ 0.5) has one weak facet, drawn from a much
 * lower health than h: support trouble (escalations, slow closes) or a lost champion (no recent contact,
 * few contacts). Their NPS and renewals still follow h, so the card's drivers disagree with each other the
 * way they do for real accounts.
 */

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

export type Facet = 'support' | 'engagement';
export type FacetHealth = Record<Facet, number>;

/** Share of companies with h ≥ 0.5 that have one weak facet, the share of those whose weak facet is support, and how weak. */
export const MIXED_ACCOUNTS = {
  share: 0.2,
  fromHealth: 0.5,
  supportShare: 0.55,
  drop: 0.45,
  floor: 0.05,
} as const;

/** Support and engagement health: h itself, except for the weak facet of a mixed account. */
export function facetHealthOf(h: number, weakFacet: Facet | null): FacetHealth {
  const weak = Math.max(MIXED_ACCOUNTS.floor, h - MIXED_ACCOUNTS.drop);
  return { support: weakFacet === 'support' ? weak : h, engagement: weakFacet === 'engagement' ? weak : h };
}

/**
 * Yearly renewal outcome weights (lost, contraction, expansion, flat), h = truth + N(0, 0.1) per renewal.
 * P(lost) / P(contraction) ≈ 57 / 28 % at h = 0.1, 38 / 26 % at 0.3, 18 / 19 % at 0.5, 4 / 9 % at 0.7, 0 / 2 % at 0.9.
 * Losses hit small accounts most (ARR grows with h), so gross revenue retention stays at 85–95 %.
 */
export function renewalOutcomeWeights(
  h: number,
): [lost: number, contraction: number, expansion: number, flat: number] {
  const u = 1 - clamp01(h);
  return [1.4 * u ** 2.8, 0.6 * u ** 1.5, 0.35 * (1 - u) ** 2, 0.2 + 0.8 * (1 - u)];
}

/** Largest share of ARR a contraction can take: 15 % for a thriving account, 50 % for a failing one. */
export function maxContraction(h: number): number {
  return 0.15 + 0.35 * (1 - clamp01(h));
}

/** P(the open renewal is past its close date): ≈ 20 % at h = 0.1, 8 % at 0.5, 2 % at 0.9. */
export function overdueRenewalChance(h: number): number {
  return 0.02 + 0.22 * (1 - clamp01(h)) ** 2;
}

/** P(the open renewal has sat in its stage for 31+ days): ≈ 61 % at h = 0.1, 31 % at 0.5, 12 % at 0.9. */
export function staleRenewalChance(h: number): number {
  return 0.1 + 0.6 * (1 - clamp01(h)) ** 1.5;
}

/**
 * Median days since last contact (log-normal around it, σ = 0.4): ≈ 81 at h = 0.1, 57 at 0.3, 36 at 0.5, 19 at 0.7,
 * 7 at 0.9, so "no contact for 60+ days" is the worst accounts' signal (75 % of them at h = 0.1, 13 % at 0.5).
 */
export function contactDaysMedian(h: number): number {
  return 4 + 90 * (1 - clamp01(h)) ** 1.5;
}
export const CONTACT_DAYS_SIGMA = 0.4;

/**
 * Relative number of contacts (the generator multiplies it by log-normal noise, σ = 0.6, and splits the exact
 * total by these weights): with the demo's 4 per company, typically 1 at h ≤ 0.3, 1–2 at 0.5, 2–3 at 0.7, 6 at 0.9.
 */
export function contactWeight(h: number): number {
  return 0.15 + 1.7 * clamp01(h) ** 3.5;
}
export const CONTACT_WEIGHT_SIGMA = 0.6;

/** Relative ticket volume over the account's life (plus noise): ≈ 6× more for a failing account than for a thriving one. */
export function ticketWeight(hs: number): number {
  return 0.2 + 2.4 * (1 - clamp01(hs)) ** 2;
}

/**
 * Expected open escalations (HIGH/URGENT tickets stuck open, 2–80 days old): ≈ 2.5 at hs = 0.1, 1.6 at 0.3,
 * 0.9 at 0.5, 0.4 at 0.7, 0.06 at 0.9.
 */
export function escalationsMean(hs: number): number {
  return 3 * (1 - clamp01(hs)) ** 1.7;
}
/** A customer who churned did so in trouble: its escalations are drawn at this support health at most. */
export const CHURNED_SUPPORT_HEALTH = 0.2;
/** Share of escalations that are URGENT (the rest HIGH). URGENT is the rare P1 that adds renewal risk. */
export const ESCALATION_URGENT_SHARE = 0.12;

/** Share of tickets created in the last 30 days (a rising volume): ≈ 28 % at hs = 0.1, 9 % at 0.5, 0.4 % at 0.9. */
export function recentSurgeShare(hs: number): number {
  return 0.35 * (1 - clamp01(hs)) ** 2;
}

/** Median hours to close (log-normal, σ = 1): ≈ 165 at hs = 0.1, 114 at 0.3, 70 at 0.5, 34 at 0.7, 9 at 0.9. */
export function closeHoursMedian(hs: number): number {
  return 3 + 190 * (1 - clamp01(hs)) ** 1.5;
}

export function firstReplyHoursMedian(hs: number): number {
  return 0.4 + 8 * (1 - clamp01(hs)) ** 2;
}

/** Priority weights (LOW, MEDIUM, HIGH, URGENT) of ordinary tickets. */
export function priorityWeights(hs: number): [number, number, number, number] {
  const u = 1 - clamp01(hs);
  return [0.45 - 0.3 * u, 0.4, 0.12 + 0.3 * u, 0.03 + 0.03 * u];
}

/** Mean NPS score (0–10, σ = 1.5): detractors (≤ 6) dominate below h ≈ 0.3, promoters (≥ 9) above h ≈ 0.75. */
export function npsMean(h: number): number {
  return 4.2 + 6.8 * clamp01(h);
}

/**
 * Mean CSAT (1–5, σ = 0.9). Support CSAT rates the ticket, not the relationship, so it stays fairly high even
 * for troubled accounts: top-two share ≈ 26 % at h = 0.1, 65 % at 0.5, 92 % at 0.9 (B2B support CSAT ≈ 75–85 %).
 */
export function csatMean(h: number): number {
  return 2.7 + 2.3 * clamp01(h);
}
