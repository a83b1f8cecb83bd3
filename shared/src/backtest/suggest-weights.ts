import type { WeightSuggestion } from '../contracts/backtest';
import type { Settings } from '../schemas/settings';
import { modelFor } from '../scoring/compute-health';
import { notEnoughReason, type BacktestCase } from './backtest';
import { rocAuc } from './stats';

/**
 * Suggested group weights (docs/metrics.md "Suggested weights"): an L2-regularized logistic regression of churn
 * on the group scores the cases had, whose negative coefficients (a higher group score, less churn) become the
 * proposed group weights. Judged OUT OF FOLD: the cases are split into k folds by company, each fold is scored
 * with weights fitted on the others, and the AUC is computed over those held-out scores, so the figure is not
 * flattered by fitting. Pure and deterministic.
 */

export type SuggestOptions = { folds?: number; lambda?: number };

const NEUTRAL_SCALE = 50;

/** Group scores of each case under the saved model (neutral for a group without evidence), scaled to −1..1. */
function featuresOf(cases: readonly BacktestCase[], settings: Settings, groups: number[]): number[][] {
  const model = modelFor(settings);
  const neutral = model.neutral;
  return cases.map((c) => {
    const health = model.health(c.signals);
    return groups.map((g) => ((health.groups[g]!.score ?? neutral) - neutral) / NEUTRAL_SCALE);
  });
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let k = col; k <= n; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/**
 * Logistic regression P(churn) = σ(b₀ + Σ wⱼ xⱼ), minimizing the mean log loss + λ/2 · Σ wⱼ² (the intercept is
 * not penalized), by Newton's method. Returns [b₀, w₁, …].
 */
export function fitLogistic(x: readonly number[][], y: readonly boolean[], lambda: number): number[] {
  const d = (x[0]?.length ?? 0) + 1;
  const n = x.length;
  let beta = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < n; i++) {
      const row = [1, ...x[i]!];
      const z = row.reduce((s, v, j) => s + v * beta[j]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = p * (1 - p);
      for (let j = 0; j < d; j++) {
        grad[j]! += ((p - (y[i] ? 1 : 0)) * row[j]!) / n;
        for (let k = 0; k < d; k++) hess[j]![k]! += (w * row[j]! * row[k]!) / n;
      }
    }
    for (let j = 1; j < d; j++) {
      grad[j]! += lambda * beta[j]!;
      hess[j]![j]! += lambda;
    }
    const step = solve(hess, grad);
    beta = beta.map((b, j) => b - step[j]!);
    if (step.every((s) => Math.abs(s) < 1e-9)) break;
  }
  return beta;
}

/** Non-negative shares from fitted coefficients: a group whose higher score meant MORE churn gets 0. */
function sharesOf(beta: readonly number[]): number[] {
  const raw = beta.slice(1).map((w) => Math.max(0, -w));
  const total = raw.reduce((s, v) => s + v, 0);
  return total > 0 ? raw.map((v) => v / total) : raw.map(() => 1 / raw.length);
}

/** Whole-number weights summing to 100 from shares, by largest remainder. */
export function toWholeWeights(shares: readonly number[]): number[] {
  const exact = shares.map((s) => s * 100);
  const out = exact.map(Math.floor);
  const order = exact.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0, left = 100 - out.reduce((s, v) => s + v, 0); k < left; k++)
    out[order[k % order.length]!.i]!++;
  return out;
}

/** FNV-1a: a stable fold for a company, so all its renewals are held out together. */
function foldOf(companyId: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < companyId.length; i++) h = Math.imul(h ^ companyId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % folds;
}

const dot = (w: readonly number[], x: readonly number[]) => x.reduce((s, v, j) => s + v * w[j]!, 0);

/** Suggested group weights for the saved settings from the backtest's cases (scored ones). */
export function suggestWeights(
  allCases: readonly BacktestCase[],
  settings: Settings,
  options: SuggestOptions = {},
): WeightSuggestion {
  const folds = options.folds ?? 5;
  const lambda = options.lambda ?? 0.01;
  const cases = allCases.filter((c) => c.score !== null);
  const groupsWithMeasures = settings.scoring.groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => g.measures.some((m) => m.weight > 0));
  const groupIndexes = groupsWithMeasures.map(({ i }) => i);
  const reason = notEnoughReason(cases, settings.backtest.minOutcomes);
  const base = {
    folds,
    groups: groupsWithMeasures.map(({ g }) => ({
      key: g.key,
      label: g.label,
      current: g.weight,
      proposed: g.weight,
    })),
  };
  if (reason !== null || groupIndexes.length === 0)
    return { ...base, enoughHistory: false, notEnoughReason: reason, currentAuc: null, outOfFoldAuc: null };

  const x = featuresOf(cases, settings, groupIndexes);
  const y = cases.map((c) => c.outcome === 'lost');
  const currentWeights = groupsWithMeasures.map(({ g }) => g.weight);
  const kept = (i: number) => ({ value: 0, positive: !y[i] });
  const currentAuc = rocAuc(x.map((row, i) => ({ ...kept(i), value: dot(currentWeights, row) })));

  const heldOut = cases.map(() => 0);
  for (let f = 0; f < folds; f++) {
    const train = cases.map((c, i) => i).filter((i) => foldOf(cases[i]!.companyId, folds) !== f);
    const test = cases.map((c, i) => i).filter((i) => foldOf(cases[i]!.companyId, folds) === f);
    if (test.length === 0) continue;
    const shares = sharesOf(
      fitLogistic(
        train.map((i) => x[i]!),
        train.map((i) => y[i]!),
        lambda,
      ),
    );
    for (const i of test) heldOut[i] = dot(shares, x[i]!);
  }
  const outOfFoldAuc = rocAuc(heldOut.map((value, i) => ({ ...kept(i), value })));
  const proposed = toWholeWeights(sharesOf(fitLogistic(x, y, lambda)));
  return {
    ...base,
    groups: base.groups.map((g, j) => ({ ...g, proposed: proposed[j]! })),
    enoughHistory: true,
    notEnoughReason: null,
    currentAuc,
    outOfFoldAuc,
  };
}

/** The saved settings with the suggested group weights: what "apply" puts in the draft (never saved by itself). */
export function applySuggestion(settings: Settings, suggestion: WeightSuggestion): Settings {
  const proposed = new Map(suggestion.groups.map((g) => [g.key, g.proposed]));
  return {
    ...settings,
    scoring: {
      ...settings.scoring,
      groups: settings.scoring.groups.map((g) => ({ ...g, weight: proposed.get(g.key) ?? g.weight })),
    },
  };
}
