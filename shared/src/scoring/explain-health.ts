import type { Band, Driver, GroupResult, Health, MeasureResult } from '../contracts/snapshot';
import { formatSignalValue } from '../format/measure-value';
import type { RuleInput } from './rules';
import { apportionTenths } from './apportion';
import { CONFIDENCE, type CompiledMeasure, type CompiledModel, type Evaluation } from './compiled-model';
import { CONTEXTUAL_SIGNALS, describeMeasure, driverImpact, type DriverContext } from './drivers';

/**
 * The card's explanation of one evaluation: per group and measure the configured weights, the value for people,
 * the points, the points the score used and the contribution; drivers measured from neutral. Contributions are
 * apportioned in tenths so that, as shown, they add up exactly to the score.
 */

const CACHE_LIMIT = 2_000;

function displayOf(model: CompiledModel, m: CompiledMeasure, value: RuleInput): string {
  const cache = m.displays;
  if (typeof value === 'number') {
    const key = Math.round(value * 10);
    let text = cache.numbers.get(key);
    if (text === undefined) {
      text = formatSignalValue(m.signal, key / 10, model.settings);
      if (cache.numbers.size < CACHE_LIMIT) cache.numbers.set(key, text);
    }
    return text;
  }
  let text = cache.others.get(value);
  if (text === undefined) {
    text = formatSignalValue(m.signal, value, model.settings);
    if (cache.others.size < CACHE_LIMIT) cache.others.set(value, text);
  }
  return text;
}

function messageOf(model: CompiledModel, m: CompiledMeasure, value: RuleInput, context?: DriverContext) {
  if (context !== undefined && CONTEXTUAL_SIGNALS.has(m.signal))
    return describeMeasure(m.signal, m.label, value, model.settings, context);
  const cache = m.messages;
  if (typeof value === 'number') {
    const key = Math.round(value * 10);
    let text = cache.numbers.get(key);
    if (text === undefined) {
      text = describeMeasure(m.signal, m.label, key / 10, model.settings, {});
      if (cache.numbers.size < CACHE_LIMIT) cache.numbers.set(key, text);
    }
    return text;
  }
  let text = cache.others.get(value);
  if (text === undefined) {
    text = describeMeasure(m.signal, m.label, value, model.settings, {});
    if (cache.others.size < CACHE_LIMIT) cache.others.set(value, text);
  }
  return text;
}

/** Insertion sort by |impact| descending: driver lists are a handful long. */
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

const scratch = { parts: new Float64Array(64), tenths: new Int32Array(64), remainders: new Float64Array(64) };

function contributionsInTenths(model: CompiledModel, e: Evaluation, score: number): Int32Array {
  const n = model.measures.length;
  if (scratch.parts.length < n) {
    scratch.parts = new Float64Array(n);
    scratch.tenths = new Int32Array(n);
    scratch.remainders = new Float64Array(n);
  }
  for (let i = 0; i < n; i++) scratch.parts[i] = model.measures[i]!.effectiveWeight * e.scored[i]!;
  apportionTenths(scratch.parts, n, score * 10, scratch.tenths, scratch.remainders);
  return scratch.tenths;
}

function measureResult(
  model: CompiledModel,
  m: CompiledMeasure,
  e: Evaluation,
  i: number,
  contributionTenths: number | null,
): MeasureResult {
  const p = e.points[i]!;
  const hasEvidence = p === p;
  const value = e.values[i]!;
  const sample = e.samples[i]!;
  return {
    key: m.key,
    label: m.label,
    value: hasEvidence ? value : null,
    display: hasEvidence ? displayOf(model, m, value) : null,
    points: hasEvidence ? round2(p) : null,
    scoredPoints: round2(e.scored[i]!),
    lowSample:
      hasEvidence && sample < model.fullSample ? { responses: sample, fullAt: model.fullSample } : null,
    effectiveWeight: m.effectiveWeight,
    contribution: contributionTenths === null ? null : contributionTenths / 10,
    evidenceNeeded: hasEvidence ? null : m.evidenceNeeded,
  };
}

export function explainHealth(
  model: CompiledModel,
  e: Evaluation,
  score: number | null,
  band: Band | null,
  context?: DriverContext,
): Health {
  // Read before the loop: read after it, V8's mid-tier compiler fell into a deoptimization loop here (4× slower).
  const confidence = e.sums[CONFIDENCE]!;
  const tenths = score === null ? null : contributionsInTenths(model, e, score);
  const negative: Driver[] = [];
  const positive: Driver[] = [];
  const groups: GroupResult[] = [];
  let i = 0;
  for (const g of model.groups) {
    const measures: MeasureResult[] = new Array(g.measures.length);
    let groupTenths = 0;
    let weighted = 0;
    let shares = 0;
    let evidence = false;
    for (let mi = 0; mi < g.measures.length; mi++, i++) {
      const m = g.measures[mi]!;
      const t = tenths === null ? null : tenths[i]!;
      measures[mi] = measureResult(model, m, e, i, t);
      groupTenths += t ?? 0;
      weighted += m.groupShare * e.scored[i]!;
      shares += m.groupShare;
      if (e.points[i]! === e.points[i]!) evidence = true;
      if (score === null || m.effectiveWeight <= 0 || e.points[i]! !== e.points[i]!) continue;
      const impact = driverImpact(e.scored[i]!, m.effectiveWeight, model.neutral);
      if (impact === 0) continue;
      const driver: Driver = {
        key: m.key,
        group: g.key,
        message: messageOf(model, m, e.values[i]!, context),
        impact,
      };
      (impact < 0 ? negative : positive).push(driver);
    }
    groups.push({
      key: g.key,
      label: g.label,
      weight: g.weight,
      effectiveWeight: g.share,
      score: evidence && shares > 0 ? round2(weighted / shares) : null,
      contribution: tenths === null ? null : groupTenths / 10,
      measures,
    });
  }
  sortByImpact(negative);
  sortByImpact(positive);
  return {
    score,
    band,
    confidence,
    confidenceFloor: model.floor,
    neutralPoints: model.neutral,
    groups,
    negativeDrivers: negative,
    positiveDrivers: positive,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
