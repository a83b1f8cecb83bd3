import type { z } from 'zod';
import { SIGNAL_KEYS, ZSettings, type Rule, type Settings } from '../schemas/settings';

export type SettingsError = { path: string; message: string };
export type ParseSettingsResult =
  { success: true; data: Settings } | { success: false; errors: SettingsError[] };

const signalKeys = new Set<string>(SIGNAL_KEYS);

/**
 * Settings as the scoring model can use them: the zod shape, then the checks a shape cannot express
 * (order of thresholds, unique keys, weights that can actually produce a score, regexes that compile).
 * Every problem is reported with the path of the field; nothing is silently defaulted.
 */
export function parseSettings(input: unknown): ParseSettingsResult {
  const shape = ZSettings.safeParse(input);
  if (!shape.success) {
    return {
      success: false,
      errors: shape.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: plainMessage(issue),
      })),
    };
  }
  const errors = semanticErrors(shape.data);
  return errors.length > 0 ? { success: false, errors } : { success: true, data: shape.data };
}

const EXPECTED: Record<string, string> = {
  number: 'Enter a number',
  int: 'Enter a whole number',
  string: 'Enter a text',
  boolean: 'Choose yes or no',
  array: 'Enter a list',
  object: 'This setting is missing',
};

const shownNumber = (n: number | bigint) => String(n);

/**
 * A schema problem in words an admin can act on ("Enter a number", "Must be 100 or less"), never zod's own text
 * ("Invalid input: expected number, received NaN"). The field's label stands next to it, so it is not repeated.
 */
export function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return EXPECTED[issue.expected] ?? 'This value has the wrong type';
    case 'too_small':
      if (issue.origin === 'string') return 'Must not be empty';
      if (issue.origin === 'array')
        return Number(issue.minimum) === 1
          ? 'Add at least one'
          : `Add at least ${shownNumber(issue.minimum)}`;
      return issue.inclusive === false
        ? `Must be more than ${shownNumber(issue.minimum)}`
        : `Must be ${shownNumber(issue.minimum)} or more`;
    case 'too_big':
      if (issue.origin === 'string') return `Must be at most ${shownNumber(issue.maximum)} characters`;
      if (issue.origin === 'array') return `At most ${shownNumber(issue.maximum)} allowed`;
      return issue.inclusive === false
        ? `Must be less than ${shownNumber(issue.maximum)}`
        : `Must be ${shownNumber(issue.maximum)} or less`;
    case 'invalid_value':
      return `Choose one of: ${issue.values.map(String).join(', ')}`;
    case 'not_multiple_of':
      return `Must be a multiple of ${shownNumber(issue.divisor)}`;
    default:
      // custom checks carry messages written for people; anything else says what is wrong in general terms
      return issue.code === 'custom' ? issue.message : 'This value is not valid';
  }
}

function semanticErrors(settings: Settings): SettingsError[] {
  const errors: SettingsError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  const groups = settings.scoring.groups;

  const groupKeys = new Set<string>();
  const measureKeys = new Set<string>();
  let usableGroupWeight = 0;
  groups.forEach((group, gi) => {
    const gp = `scoring.groups.${gi}`;
    if (groupKeys.has(group.key)) err(`${gp}.key`, `duplicate group key "${group.key}"`);
    groupKeys.add(group.key);
    const measureWeight = group.measures.reduce((s, m) => s + m.weight, 0);
    if (group.weight > 0 && measureWeight <= 0) {
      err(
        `${gp}.measures`,
        `group "${group.key}" has weight ${group.weight} but no measure with a weight above 0`,
      );
    }
    if (group.weight > 0 && measureWeight > 0) usableGroupWeight += group.weight;

    group.measures.forEach((measure, mi) => {
      const mp = `${gp}.measures.${mi}`;
      if (measureKeys.has(measure.key)) err(`${mp}.key`, `duplicate measure key "${measure.key}"`);
      measureKeys.add(measure.key);
      if (!isKnownSignal(measure.signal)) {
        err(
          `${mp}.signal`,
          `unknown signal "${measure.signal}": use one of ${SIGNAL_KEYS.join(', ')} or adoption:<property>`,
        );
      }
      ruleErrors(measure.rule, `${mp}.rule`, err);
    });
  });
  if (usableGroupWeight <= 0)
    err('scoring.groups', 'at least one group needs a weight above 0 and a measure with a weight above 0');

  const { bands } = settings.scoring;
  if (!(bands.healthy > bands.monitor)) {
    err('scoring.bands.healthy', `healthy (${bands.healthy}) must be above monitor (${bands.monitor})`);
  }

  const levels = settings.risk.levels;
  if (!(levels.medium < levels.high))
    err('risk.levels.high', `high (${levels.high}) must be above medium (${levels.medium})`);
  if (!(levels.high < levels.critical))
    err('risk.levels.critical', `critical (${levels.critical}) must be above high (${levels.high})`);
  if (levels.medium < 0 || levels.critical > 100) err('risk.levels', 'risk levels must lie within 0..100');

  for (const field of ['renewalPipelinePattern', 'renewalNamePattern'] as const) {
    const pattern = settings.renewals[field];
    try {
      new RegExp(pattern, 'i');
    } catch (e) {
      err(
        `renewals.${field}`,
        `invalid regular expression "${pattern}": ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  for (const field of ['csatScale', 'cesScale'] as const) {
    const scale = settings.surveys[field];
    if (!(scale.max > scale.min))
      err(`surveys.${field}.max`, `max (${scale.max}) must be above min (${scale.min})`);
  }
  return errors;
}

function isKnownSignal(signal: string): boolean {
  return signalKeys.has(signal) || (signal.startsWith('adoption:') && signal.length > 'adoption:'.length);
}

function ruleErrors(rule: Rule, path: string, err: (path: string, message: string) => void): void {
  switch (rule.kind) {
    case 'steps':
      if (rule.direction === 'higher_is_better') {
        for (let i = 1; i < rule.steps.length; i++) {
          if (!(rule.steps[i]!.min < rule.steps[i - 1]!.min)) {
            err(
              `${path}.steps`,
              `higher_is_better steps must have strictly decreasing min (step ${i} has min ${rule.steps[i]!.min} after ${rule.steps[i - 1]!.min})`,
            );
            return;
          }
        }
      } else {
        for (let i = 1; i < rule.steps.length; i++) {
          if (!(rule.steps[i]!.max > rule.steps[i - 1]!.max)) {
            err(
              `${path}.steps`,
              `lower_is_better steps must have strictly increasing max (step ${i} has max ${rule.steps[i]!.max} after ${rule.steps[i - 1]!.max})`,
            );
            return;
          }
        }
      }
      return;
    case 'linear':
      if (rule.from === rule.to) err(`${path}.to`, `linear rule needs from ≠ to (both are ${rule.from})`);
      return;
    case 'category':
      if (Object.keys(rule.points).length === 0)
        err(`${path}.points`, 'category rule needs at least one category');
      return;
    default: {
      const exhaustive: never = rule;
      return exhaustive;
    }
  }
}
