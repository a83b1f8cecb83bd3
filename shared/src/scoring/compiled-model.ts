import type { Band, Health, Signals } from '../contracts/snapshot';
import type { GroupKey, Settings } from '../schemas/settings';
import type { RuleInput } from './rules';
import type { CompiledRule } from './compiled-rule';
import type { DriverContext } from './drivers';

/**
 * The shapes of a compiled health model (compute-health.ts builds them, explain-health.ts reads them), kept apart
 * so the two modules do not import each other.
 */

/** Indexes into `Evaluation.sums`. */
export const TOTAL = 0;
export const CONFIDENCE = 1;

/**
 * Texts by value, per measure: numbers keyed by their value in tenths (texts never show more), other values by
 * themselves. Split by key type so number lookups hash small integers. Bounded by the reader.
 */
export type TextCache = { numbers: Map<number, string>; others: Map<RuleInput, string> };

export function newTextCache(): TextCache {
  return { numbers: new Map(), others: new Map() };
}

export type CompiledMeasure = {
  key: string;
  label: string;
  signal: string;
  group: GroupKey;
  weight: number;
  rule: CompiledRule;
  /** index into SIGNAL_KEYS, or ADOPTION for an adoption property */
  signalIndex: number;
  /** the adoption property, for adoption measures */
  property: string;
  /** which sample shrinks this measure (survey measures), else NO_SAMPLE */
  sample: number;
  /** fixed share of the score: group share × measure share of the group */
  effectiveWeight: number;
  /** share of its group (for the group's own score) */
  groupShare: number;
  evidenceNeeded: string;
  /** driver messages and display values, cached by value; bounded */
  messages: TextCache;
  displays: TextCache;
};

export type CompiledGroup = {
  key: GroupKey;
  label: string;
  weight: number;
  /** the group's share of the score (0 when it cannot score) */
  share: number;
  measures: CompiledMeasure[];
};

/** Per-measure results of one evaluation, in model order; reused across calls (scoring is synchronous). */
export type Evaluation = {
  values: RuleInput[];
  /** the rule's points, NaN without evidence */
  points: Float64Array;
  /** the points the score uses (shrunk, or neutral) */
  scored: Float64Array;
  /** responses behind each survey measure (Infinity for the others) */
  samples: Float64Array;
  /**
   * [total, confidence]. A typed array, not two fields: a field that holds a double and sometimes a small
   * integer (confidence capped at 1) sends V8's optimized readers into a deoptimization loop (4× slower).
   */
  sums: Float64Array;
};

export type CompiledModel = {
  settings: Settings;
  groups: CompiledGroup[];
  /** every measure, group by group, in settings order */
  measures: CompiledMeasure[];
  neutral: number;
  /** survey measures from fewer responses are shrunk (0 = never) */
  fullSample: number;
  floor: number;
  /** score, band and confidence only, allocation-free: the settings preview and the backtest */
  score(signals: Signals): { score: number | null; band: Band | null; confidence: number };
  /** the rule's points per measure key, null without evidence (what a daily history entry keeps) */
  measurePoints(signals: Signals): Record<string, number | null>;
  /** the full explanation the card shows */
  health(signals: Signals, context?: DriverContext): Health;
};
