/**
 * The statistics of the backtest (docs/metrics.md "Backtest"), pure and small enough to check by hand.
 */

/** A predicted value and whether the event (churn) happened. */
export type Scored = { value: number; positive: boolean };

/**
 * ROC AUC: the probability that a randomly chosen POSITIVE case has a HIGHER value than a randomly chosen
 * negative one, ties counting one half (the Mann–Whitney U statistic ÷ positives × negatives). null with a
 * single class: with no churn (or only churn) there is nothing to rank. Depends only on the order of the
 * values, so any strictly increasing transform of them leaves it unchanged.
 */
export function rocAuc(cases: readonly Scored[]): number | null {
  const sorted = [...cases].sort((a, b) => a.value - b.value);
  let positives = 0;
  let negatives = 0;
  let rankSumPositives = 0;
  // Midranks: a run of equal values shares the mean of the ranks it spans (1-based).
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.value === sorted[i]!.value) j++;
    const midrank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]!.positive) {
        positives++;
        rankSumPositives += midrank;
      } else negatives++;
    }
    i = j;
  }
  if (positives === 0 || negatives === 0) return null;
  const u = rankSumPositives - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export type Interval = { low: number; high: number };

/**
 * Wilson score interval for k successes in n trials (95% by default). Unlike p ± z·√(p(1−p)/n) it stays in
 * [0, 1] and is not zero-width at 0 of n or n of n. null when n is 0.
 */
export function wilsonInterval(k: number, n: number, z: number = Z95): Interval | null {
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** A churn rate over a group of renewals, with its interval. */
export type Rate = { renewals: number; churned: number; rate: number | null; interval: Interval | null };

export function rateOf(churned: number, renewals: number): Rate {
  return {
    renewals,
    churned,
    rate: renewals === 0 ? null : churned / renewals,
    interval: wilsonInterval(churned, renewals),
  };
}

/**
 * How many times more often the risky group churned than the safe one: rate(risky) ÷ rate(safe). null when either
 * group is empty or the safe group never churned (the ratio is unbounded; the rates themselves say it).
 */
export function liftOf(risky: Rate, safe: Rate): number | null {
  if (risky.rate === null || safe.rate === null || safe.rate === 0) return null;
  return risky.rate / safe.rate;
}
