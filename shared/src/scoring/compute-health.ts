import type { Band, Driver, Health, Signals } from '../contracts/snapshot';
import { SIGNAL_KEYS, type GroupKey, type Settings } from '../schemas/settings';
import type { RuleInput } from './rules';
import { compileRule, evalRule, type CompiledRule } from './compiled-rule';
import { CONTEXTUAL_SIGNALS, describeMeasure, driverImpact, type DriverContext } from './drivers';

type CompiledMeasure = {
  key: string;
  label: string;
  signal: string;
  group: GroupKey;
  weight: number;
  rule: CompiledRule;
  /** index into SIGNAL_READ_ORDER, or ADOPTION for an adoption property */
  signalIndex: number;
  /** the adoption property, for adoption measures */
  property: string;
  /** share of the model's configured weight this measure carries (for confidence) */
  configuredShare: number;
  /** messages by value ×10 (numbers, as messages show one decimal) or by value (categories); bounded */
  numberMessages: Map<number, string>;
  otherMessages: Map<RuleInput, string>;
};

type CompiledGroup = { key: GroupKey; label: string; weight: number; measures: CompiledMeasure[] };

export type CompiledModel = {
  settings: Settings;
  groups: CompiledGroup[];
  /** score and band only, allocation-free: the settings preview */
  score(signals: Signals): { score: number | null; band: Band | null };
  /** the full explanation the card shows */
  health(signals: Signals, context?: DriverContext): Health;
};

const MESSAGE_CACHE_LIMIT = 2_000;

/** Health band for a score: Healthy ≥ healthy, Monitor ≥ monitor, else At risk. */
export function bandOf(score: number | null, bands: Settings['scoring']['bands']): Band | null {
  if (score === null) return null;
  if (score >= bands.healthy) return 'healthy';
  if (score >= bands.monitor) return 'monitor';
  return 'at_risk';
}

const ADOPTION = -1;
const UNKNOWN = -2;
// readSignal's switch cases follow this order (SIGNAL_KEYS', the one list of signal names).
const SIGNAL_READ_ORDER = SIGNAL_KEYS satisfies readonly Exclude<keyof Signals, 'adoption'>[];

function signalIndexOf(signal: string): number {
  if (signal.startsWith('adoption:')) return ADOPTION;
  const index = (SIGNAL_READ_ORDER as readonly string[]).indexOf(signal);
  // parseSettings rejects unknown signals; an unvalidated one reads as "no data" rather than crashing.
  return index >= 0 ? index : UNKNOWN;
}

// A switch of plain property reads keeps the hot loop monomorphic (no per-measure closures).
function readSignal(s: Signals, index: number, property: string): RuleInput {
  switch (index) {
    case 0:
      return s.nps;
    case 1:
      return s.latestNpsGroup;
    case 2:
      return s.csatPercent;
    case 3:
      return s.csmSentiment;
    case 4:
      return s.openHighPriority;
    case 5:
      return s.agingOpen;
    case 6:
      return s.volumeTrend;
    case 7:
      return s.timeToCloseHours;
    case 8:
      return s.daysSinceContact;
    case 9:
      return s.associatedContacts;
    case 10:
      return s.lastRenewalOutcome;
    case 11:
      return s.expansionWon12m;
    case 12:
      return s.renewalOverdue;
    case ADOPTION:
      return s.adoption[property] ?? null;
    default:
      return null;
  }
}

/** Insertion sort by |impact| descending: driver lists are a handful long, and this avoids a comparator call per pair. */
function sortByImpact(drivers: Driver[]): void {
  for (let i = 1; i < drivers.length; i++) {
    const d = drivers[i]!;
    const size = Math.abs(d.impact);
    let j = i - 1;
    while (j >= 0 && Math.abs(drivers[j]!.impact) < size) {
      drivers[j + 1] = drivers[j]!;
      j--;
    }
    drivers[j + 1] = d;
  }
}

/**
 * Hoists everything that depends on settings alone (flattened rules, signal indexes, weights,
 * configured shares, message caches) so scoring a company is one pass over the measures.
 * Settings must already be valid (see `parseSettings`) and are treated as immutable.
 */
export function compileModel(settings: Settings): CompiledModel {
  const measureWeight = (g: Settings['scoring']['groups'][number]) =>
    g.measures.reduce((s, m) => s + m.weight, 0);
  // Only groups that can carry weight count towards the configured total.
  const totalGroupWeight = settings.scoring.groups.reduce(
    (s, g) => s + (g.weight > 0 && measureWeight(g) > 0 ? g.weight : 0),
    0,
  );

  const groups: CompiledGroup[] = settings.scoring.groups.map((g) => {
    const inGroup = measureWeight(g);
    const groupShare = totalGroupWeight > 0 && g.weight > 0 && inGroup > 0 ? g.weight / totalGroupWeight : 0;
    return {
      key: g.key,
      label: g.label,
      weight: g.weight,
      measures: g.measures.map((m) => ({
        key: m.key,
        label: m.label,
        signal: m.signal,
        group: g.key,
        weight: m.weight,
        rule: compileRule(m.rule),
        signalIndex: signalIndexOf(m.signal),
        property: m.signal.startsWith('adoption:') ? m.signal.slice('adoption:'.length) : '',
        configuredShare: inGroup > 0 ? (groupShare * m.weight) / inGroup : 0,
        numberMessages: new Map(),
        otherMessages: new Map(),
      })),
    };
  });
  const { bands, lowConfidenceBelow } = settings.scoring;
  const healthyLine = bands.healthy;
  const measureCount = groups.reduce((n, g) => n + g.measures.length, 0);
  // Scratch space reused across calls (scoring is synchronous, so never shared by two calls at once).
  const values: RuleInput[] = new Array<RuleInput>(measureCount).fill(null);
  const points = new Float64Array(measureCount);
  const groupScores = new Float64Array(groups.length);
  const groupDataWeight = new Float64Array(groups.length);

  function message(m: CompiledMeasure, value: RuleInput, context: DriverContext | undefined): string {
    if (context !== undefined && CONTEXTUAL_SIGNALS.has(m.signal))
      return describeMeasure(m.signal, m.label, value, settings, context);
    if (typeof value === 'number') {
      // Messages show at most one decimal, so values that round alike share a message.
      const key = Math.round(value * 10);
      let text = m.numberMessages.get(key);
      if (text === undefined) {
        text = describeMeasure(m.signal, m.label, key / 10, settings, {});
        if (m.numberMessages.size < MESSAGE_CACHE_LIMIT) m.numberMessages.set(key, text);
      }
      return text;
    }
    let text = m.otherMessages.get(value);
    if (text === undefined) {
      text = describeMeasure(m.signal, m.label, value, settings, {});
      if (m.otherMessages.size < MESSAGE_CACHE_LIMIT) m.otherMessages.set(value, text);
    }
    return text;
  }

  function score(signals: Signals): { score: number | null; band: Band | null } {
    let total = 0;
    let totalWeight = 0;
    for (const g of groups) {
      if (g.weight <= 0) continue;
      let sum = 0;
      let weight = 0;
      for (const m of g.measures) {
        if (m.weight <= 0) continue;
        const p = evalRule(m.rule, readSignal(signals, m.signalIndex, m.property));
        if (p !== p) continue; // NaN: no data
        sum += m.weight * p;
        weight += m.weight;
      }
      if (weight > 0) {
        total += (g.weight * sum) / weight;
        totalWeight += g.weight;
      }
    }
    const value = totalWeight > 0 ? Math.round(total / totalWeight) : null;
    return { score: value, band: bandOf(value, bands) };
  }

  function health(signals: Signals, context?: DriverContext): Health {
    let total = 0;
    let totalWeight = 0;
    let confidence = 0;
    let i = 0;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      let sum = 0;
      let weight = 0;
      for (const m of g.measures) {
        const value = readSignal(signals, m.signalIndex, m.property);
        const p = evalRule(m.rule, value);
        values[i] = value;
        points[i] = p;
        i++;
        if (p !== p || m.weight <= 0) continue;
        sum += m.weight * p;
        weight += m.weight;
        confidence += m.configuredShare;
      }
      groupDataWeight[gi] = weight;
      groupScores[gi] = weight > 0 ? sum / weight : NaN;
      if (weight > 0 && g.weight > 0) {
        total += g.weight * groupScores[gi]!;
        totalWeight += g.weight;
      }
    }

    const scoreValue = totalWeight > 0 ? Math.round(total / totalWeight) : null;
    const negative: Driver[] = [];
    const positive: Driver[] = [];
    const groupResults: Health['groups'] = [];
    i = 0;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      const groupScore = groupScores[gi]!;
      const hasScore = groupScore === groupScore;
      const groupShare = hasScore && g.weight > 0 && totalWeight > 0 ? g.weight / totalWeight : 0;
      const dataWeight = groupDataWeight[gi]!;
      const count = g.measures.length;
      const measures: Health['groups'][number]['measures'] = new Array(count);
      for (let mi = 0; mi < count; mi++) {
        const m = g.measures[mi]!;
        const value = values[i]!;
        const p = points[i]!;
        i++;
        if (p !== p) {
          measures[mi] = { key: m.key, label: m.label, value: null, points: null, effectiveWeight: 0 };
          continue;
        }
        const effectiveWeight = m.weight > 0 && dataWeight > 0 ? (groupShare * m.weight) / dataWeight : 0;
        measures[mi] = { key: m.key, label: m.label, value, points: round2(p), effectiveWeight };
        if (effectiveWeight > 0) {
          const impact = driverImpact(p, effectiveWeight, healthyLine);
          const driver: Driver = { key: m.key, group: g.key, message: message(m, value, context), impact };
          if (p >= healthyLine) positive.push(driver);
          else negative.push(driver);
        }
      }
      groupResults.push({
        key: g.key,
        label: g.label,
        score: hasScore ? round2(groupScore) : null,
        effectiveWeight: groupShare,
        measures,
      });
    }
    sortByImpact(negative);
    sortByImpact(positive);

    // Shares are sums of float fractions; clamp so 1.0000000000000002 never leaves 0..1.
    const clampedConfidence = confidence > 1 ? 1 : confidence < 0 ? 0 : confidence;
    return {
      score: scoreValue,
      band: bandOf(scoreValue, bands),
      confidence: clampedConfidence,
      isLowConfidence: clampedConfidence < lowConfidenceBelow,
      groups: groupResults,
      negativeDrivers: negative,
      positiveDrivers: positive,
    };
  }

  return { settings, groups, score, health };
}

const cache = new WeakMap<Settings, CompiledModel>();
let lastSettings: Settings | null = null;
let lastModel: CompiledModel | null = null;

/** The compiled model for a settings object, compiled once per object (settings are treated as immutable). */
export function modelFor(settings: Settings): CompiledModel {
  // A one-entry memo in front of the WeakMap: a batch scores thousands of companies with one settings object.
  if (settings === lastSettings && lastModel !== null) return lastModel;
  let model = cache.get(settings);
  if (model === undefined) {
    model = compileModel(settings);
    cache.set(settings, model);
  }
  lastSettings = settings;
  lastModel = model;
  return model;
}

/**
 * Health = weighted mean of groups, group = weighted mean of its measures' points. A measure without data
 * is dropped and its weight spread over the rest of its group; an empty group is dropped likewise.
 * Confidence = share of the configured weight that had data. Score rounded to a whole point; the band is
 * taken from the rounded score, so the number and the band the user sees always agree.
 */
export function computeHealth(signals: Signals, settings: Settings, context?: DriverContext): Health {
  return modelFor(settings).health(signals, context);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
