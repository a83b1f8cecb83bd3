import type { Rule } from '../schemas/settings';
import type { RuleInput } from './rules';

const STEPS_HIGHER = 0;
const STEPS_LOWER = 1;
const LINEAR = 2;
const CATEGORY = 3;

/**
 * A rule flattened once per settings object into one object shape (whatever its kind), so the scoring
 * loop stays monomorphic: a few comparisons, no string building, no lookups by property name.
 */
export type CompiledRule = {
  kind: number;
  limits: Float64Array;
  points: Float64Array;
  otherwise: number;
  from: number;
  span: number;
  fromPoints: number;
  gain: number;
  categories: Map<RuleInput, number>;
};

export function compileRule(rule: Rule): CompiledRule {
  const compiled: CompiledRule = {
    kind: CATEGORY,
    limits: new Float64Array(0),
    points: new Float64Array(0),
    otherwise: NaN,
    from: 0,
    span: 1,
    fromPoints: 0,
    gain: 0,
    categories: new Map(),
  };
  switch (rule.kind) {
    case 'steps':
      compiled.otherwise = rule.otherwise;
      compiled.points = new Float64Array(rule.steps.map((s) => s.points));
      if (rule.direction === 'higher_is_better') {
        compiled.kind = STEPS_HIGHER;
        compiled.limits = new Float64Array(rule.steps.map((s) => s.min));
      } else {
        compiled.kind = STEPS_LOWER;
        compiled.limits = new Float64Array(rule.steps.map((s) => s.max));
      }
      return compiled;
    case 'linear':
      compiled.kind = LINEAR;
      compiled.from = rule.from;
      compiled.span = rule.to - rule.from;
      compiled.fromPoints = rule.fromPoints;
      compiled.gain = rule.toPoints - rule.fromPoints;
      return compiled;
    case 'category':
      // Keyed by the value itself; booleans are listed as "true"/"false" in settings, numbers as strings.
      for (const [key, points] of Object.entries(rule.points)) {
        compiled.categories.set(key, points);
        if (key === 'true') compiled.categories.set(true, points);
        if (key === 'false') compiled.categories.set(false, points);
      }
      return compiled;
    default: {
      const exhaustive: never = rule;
      return exhaustive;
    }
  }
}

/** Same result as `applyRule`, with NaN for "no points" (keeps the hot path on plain numbers). */
export function evalRule(rule: CompiledRule, value: RuleInput): number {
  if (value === null) return NaN;
  const kind = rule.kind;
  if (kind === CATEGORY) {
    const p = rule.categories.get(typeof value === 'number' ? String(value) : value);
    return p === undefined ? NaN : p;
  }
  if (typeof value !== 'number' || value !== value) return NaN;
  if (kind === LINEAR) {
    const t = (value - rule.from) / rule.span;
    return rule.fromPoints + rule.gain * (t < 0 ? 0 : t > 1 ? 1 : t);
  }
  const limits = rule.limits;
  const n = limits.length;
  if (kind === STEPS_HIGHER) {
    for (let i = 0; i < n; i++) if (value >= limits[i]!) return rule.points[i]!;
  } else {
    for (let i = 0; i < n; i++) if (value <= limits[i]!) return rule.points[i]!;
  }
  return rule.otherwise;
}
