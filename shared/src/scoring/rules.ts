import type { Rule } from '../schemas/settings';

/** A signal value as a rule sees it: numbers for steps/linear, strings or booleans for categories. */
export type RuleInput = number | string | boolean | null;

/**
 * Points (0..100) a rule gives a value, or null when the rule has nothing to say (no data, a category
 * the rule does not list, a number fed to a category rule). null means "drop the measure", never 0.
 */
export function applyRule(rule: Rule, value: RuleInput): number | null {
  if (value === null) return null;
  switch (rule.kind) {
    case 'steps': {
      if (typeof value !== 'number' || Number.isNaN(value)) return null;
      if (rule.direction === 'higher_is_better') {
        for (const step of rule.steps) if (value >= step.min) return step.points;
      } else {
        for (const step of rule.steps) if (value <= step.max) return step.points;
      }
      return rule.otherwise;
    }
    case 'linear': {
      if (typeof value !== 'number' || Number.isNaN(value)) return null;
      const t = (value - rule.from) / (rule.to - rule.from);
      const clamped = t < 0 ? 0 : t > 1 ? 1 : t;
      return rule.fromPoints + (rule.toPoints - rule.fromPoints) * clamped;
    }
    case 'category': {
      const points = rule.points[String(value)];
      return points === undefined ? null : points;
    }
    default: {
      const exhaustive: never = rule;
      return exhaustive;
    }
  }
}
