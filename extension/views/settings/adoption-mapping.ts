import type { Group, Measure, Rule, Settings } from '@pulse/shared';

/**
 * Mapping a numeric company property = adding a measure with `signal: 'adoption:<property>'` and a steps
 * rule to the adoption group. The group weighs 0 until something is mapped, so the first mapping gives it
 * a weight; removing the last one sets it back to 0 (a weighted group without measures is invalid).
 */
export const ADOPTION_WEIGHT_ON_FIRST_MAPPING = 15;
const SIGNAL_PREFIX = 'adoption:';

type StepsRule = Extract<Rule, { kind: 'steps' }>;
export type Direction = StepsRule['direction'];

/** METRICS.md's example, licence utilisation: ≥ 80% → 100, ≥ 50% → 60, less → 20. */
export function exampleRule(): StepsRule {
  return {
    kind: 'steps',
    direction: 'higher_is_better',
    steps: [
      { min: 80, points: 100 },
      { min: 50, points: 60 },
    ],
    otherwise: 20,
  };
}

export function adoptionProperty(measure: Measure): string | null {
  return measure.signal.startsWith(SIGNAL_PREFIX) ? measure.signal.slice(SIGNAL_PREFIX.length) : null;
}

export function adoptionGroupIndex(settings: Settings): number {
  return settings.scoring.groups.findIndex((g) => g.key === 'adoption');
}

function measureKeyFor(settings: Settings, property: string, except?: Measure): string {
  const taken = new Set(
    settings.scoring.groups.flatMap((g) => g.measures.filter((m) => m !== except).map((m) => m.key)),
  );
  const base = `adoption_${property}`;
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
}

function withAdoptionGroup(settings: Settings, change: (group: Group) => Group): Settings {
  const index = adoptionGroupIndex(settings);
  const groups =
    index === -1
      ? [...settings.scoring.groups, change({ key: 'adoption', label: 'Adoption', weight: 0, measures: [] })]
      : settings.scoring.groups.map((g, i) => (i === index ? change(g) : g));
  return { ...settings, scoring: { ...settings.scoring, groups } };
}

export function mapAdoptionProperty(settings: Settings, property: { name: string; label: string }): Settings {
  const measure: Measure = {
    key: measureKeyFor(settings, property.name),
    label: property.label,
    signal: `${SIGNAL_PREFIX}${property.name}`,
    weight: 1,
    rule: exampleRule(),
  };
  return withAdoptionGroup(settings, (group) => ({
    ...group,
    weight:
      group.measures.length === 0 && group.weight === 0 ? ADOPTION_WEIGHT_ON_FIRST_MAPPING : group.weight,
    measures: [...group.measures, measure],
  }));
}

export function unmapAdoptionMeasure(settings: Settings, measureIndex: number): Settings {
  return withAdoptionGroup(settings, (group) => {
    const measures = group.measures.filter((_, i) => i !== measureIndex);
    return { ...group, measures, weight: measures.length === 0 ? 0 : group.weight };
  });
}

/** Points the measure at another property; a label that was the old property's name follows it. */
export function changeAdoptionProperty(
  settings: Settings,
  measureIndex: number,
  property: { name: string; label: string },
  previousLabel: string | undefined,
): Settings {
  return withAdoptionGroup(settings, (group) => ({
    ...group,
    measures: group.measures.map((m, i) =>
      i === measureIndex
        ? {
            ...m,
            key: measureKeyFor(settings, property.name, m),
            signal: `${SIGNAL_PREFIX}${property.name}`,
            label: m.label === previousLabel || m.label === '' ? property.label : m.label,
          }
        : m,
    ),
  }));
}

/**
 * The mirror rule in the other direction: thresholds reversed so they stay strictly ordered, points kept
 * in order (≥ 80 → 100, ≥ 50 → 60 becomes ≤ 50 → 100, ≤ 80 → 60).
 */
export function withDirection(rule: StepsRule, direction: Direction): StepsRule {
  if (rule.direction === direction) return rule;
  const thresholds = rule.steps.map((s) => ('min' in s ? s.min : s.max)).reverse();
  return direction === 'higher_is_better'
    ? {
        kind: 'steps',
        direction,
        steps: rule.steps.map((s, i) => ({ min: thresholds[i]!, points: s.points })),
        otherwise: rule.otherwise,
      }
    : {
        kind: 'steps',
        direction,
        steps: rule.steps.map((s, i) => ({ max: thresholds[i]!, points: s.points })),
        otherwise: rule.otherwise,
      };
}

/** One more step past the last, keeping the thresholds strictly ordered; its points sit halfway down. */
export function withStepAdded(rule: StepsRule): StepsRule {
  const points = Math.round(((rule.steps.at(-1)?.points ?? 100) + rule.otherwise) / 2);
  if (rule.direction === 'higher_is_better') {
    const last = rule.steps.at(-1)?.min ?? 100;
    return { ...rule, steps: [...rule.steps, { min: last > 0 ? Math.floor(last / 2) : last - 10, points }] };
  }
  const last = rule.steps.at(-1)?.max ?? 0;
  return { ...rule, steps: [...rule.steps, { max: last > 0 ? last * 2 : last + 10, points }] };
}

export function withLastStepRemoved(rule: StepsRule): StepsRule {
  if (rule.steps.length <= 1) return rule;
  return rule.direction === 'higher_is_better'
    ? { ...rule, steps: rule.steps.slice(0, -1) }
    : { ...rule, steps: rule.steps.slice(0, -1) };
}

/** "≥ 80 → 100 points, ≥ 50 → 60, less → 20" */
export function describeStepsRule(rule: StepsRule): string {
  const steps =
    rule.direction === 'higher_is_better'
      ? rule.steps.map((s) => `≥ ${s.min} → ${s.points}`)
      : rule.steps.map((s) => `≤ ${s.max} → ${s.points}`);
  const otherwise = rule.direction === 'higher_is_better' ? 'less' : 'more';
  return `${steps.join(', ')}, ${otherwise} → ${rule.otherwise} points`;
}
