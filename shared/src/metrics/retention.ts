/**
 * Book-level revenue retention over renewals that closed in a period (METRICS.md "Renewal and revenue").
 * Ratios are fractions (0.91 = 91%); every one is null when its denominator is 0.
 */

export type ClosedRenewalAmounts = { priorAmount: number; renewedAmount: number; isLost: boolean };

/** Σ min(renewed, prior) ÷ Σ prior; lost renewals renew 0. */
export function grossRenewalRate(renewals: readonly ClosedRenewalAmounts[]): number | null {
  let prior = 0;
  let kept = 0;
  for (const r of renewals) {
    prior += r.priorAmount;
    kept += Math.min(r.renewedAmount, r.priorAmount);
  }
  return prior > 0 ? kept / prior : null;
}

/** Σ (renewed + expansion won in the period) ÷ Σ prior. */
export function netRenewalRate(
  renewals: readonly ClosedRenewalAmounts[],
  expansionWon: number,
): number | null {
  let prior = 0;
  let renewed = 0;
  for (const r of renewals) {
    prior += r.priorAmount;
    renewed += r.renewedAmount;
  }
  return prior > 0 ? (renewed + expansionWon) / prior : null;
}

/** Lost renewals ÷ renewals closed. */
export function logoChurn(renewals: readonly ClosedRenewalAmounts[]): number | null {
  if (renewals.length === 0) return null;
  return renewals.filter((r) => r.isLost).length / renewals.length;
}

/** Logo churn over a period of `periodDays`, scaled to a year (capped at 100%). */
export function annualizeChurn(churn: number | null, periodDays: number): number | null {
  return churn === null ? null : Math.min(1, (churn * 365) / periodDays);
}

/** ARR ÷ active companies. */
export function arpa(arr: number, activeCompanies: number): number | null {
  return activeCompanies > 0 ? arr / activeCompanies : null;
}

/** ARPA × gross margin ÷ annual logo churn; null when churn is 0 or unknown (the lifetime is unbounded). */
export function lifetimeValue(
  arpaValue: number | null,
  grossMargin: number,
  annualChurn: number | null,
): number | null {
  if (arpaValue === null || annualChurn === null || annualChurn <= 0) return null;
  return (arpaValue * grossMargin) / annualChurn;
}
