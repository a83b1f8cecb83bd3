import type { Band, Health, Signals } from '../contracts/snapshot';
import { SIGNAL_KEYS, type Settings } from '../schemas/settings';
import type { RuleInput } from './rules';
import { compileRule, evalRule } from './compiled-rule';
import type { DriverContext } from './drivers';
import { evidenceNeeded } from './evidence';
import { explainHealth } from './explain-health';
import {
  CONFIDENCE,
  TOTAL,
  newTextCache,
  type CompiledGroup,
  type CompiledModel,
  type Evaluation,
} from './compiled-model';

export type { CompiledGroup, CompiledMeasure, CompiledModel, Evaluation } from './compiled-model';

/**
 * The health model (docs/metrics.md "Health score"). Every measure has a fixed EFFECTIVE weight
 * e = group share × its share of the group, set by the settings alone (Σ e = 1 over the model). A measure with
 * evidence counts for its rule's points — a survey measure from fewer than `lowSampleBelow` responses shrunk
 * toward neutral in proportion — and one without evidence counts as `neutralPoints`:
 *
 *   score = round(Σ e × scoredPoints)     confidence = Σ e over the measures with evidence
 *
 * Fixed non-negative weights make the score monotone in every input, including adding or removing data: a
 * worse value, or a newly present value below neutral, never raises it. Below the confidence floor there is
 * no score and no band.
 */

/** Float sums of shares may land a hair under a floor they reach exactly (0.3 + 0.2 = 0.49999…). */
const FLOOR_TOLERANCE = 1e-9;

/** Health band for a score: Healthy ≥ healthy, Monitor ≥ monitor, else At risk. */
export function bandOf(score: number | null, bands: Settings['scoring']['bands']): Band | null {
  if (score === null) return null;
  if (score >= bands.healthy) return 'healthy';
  if (score >= bands.monitor) return 'monitor';
  return 'at_risk';
}

const ADOPTION = -1;
const UNKNOWN = -2;
const NO_SAMPLE = 0;
const NPS_SAMPLE = 1;
const CSAT_SAMPLE = 2;
// readSignal's switch cases follow this order (SIGNAL_KEYS', the one list of signal names).
const SIGNAL_READ_ORDER = SIGNAL_KEYS satisfies readonly Exclude<keyof Signals, 'adoption' | 'samples'>[];

function signalIndexOf(signal: string): number {
  if (signal.startsWith('adoption:')) return ADOPTION;
  const index = (SIGNAL_READ_ORDER as readonly string[]).indexOf(signal);
  // parseSettings rejects unknown signals; an unvalidated one reads as "no data" rather than crashing.
  return index >= 0 ? index : UNKNOWN;
}

function sampleOf(signal: string): number {
  return signal === 'nps' ? NPS_SAMPLE : signal === 'csatPercent' ? CSAT_SAMPLE : NO_SAMPLE;
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

function readSample(s: Signals, sample: number): number {
  if (sample === NPS_SAMPLE) return s.samples.nps;
  if (sample === CSAT_SAMPLE) return s.samples.csatPercent;
  return Infinity;
}

/** Group shares: a group counts when it has a weight and a measure with a weight (parseSettings insists on one). */
function compileGroups(settings: Settings): CompiledGroup[] {
  const measureWeight = (g: Settings['scoring']['groups'][number]) =>
    g.measures.reduce((s, m) => s + m.weight, 0);
  const usable = (g: Settings['scoring']['groups'][number]) => g.weight > 0 && measureWeight(g) > 0;
  const totalGroupWeight = settings.scoring.groups.reduce((s, g) => s + (usable(g) ? g.weight : 0), 0);

  return settings.scoring.groups.map((g) => {
    const inGroup = measureWeight(g);
    const share = totalGroupWeight > 0 && usable(g) ? g.weight / totalGroupWeight : 0;
    return {
      key: g.key,
      label: g.label,
      weight: g.weight,
      share,
      measures: g.measures.map((m) => ({
        key: m.key,
        label: m.label,
        signal: m.signal,
        group: g.key,
        weight: m.weight,
        rule: compileRule(m.rule),
        signalIndex: signalIndexOf(m.signal),
        property: m.signal.startsWith('adoption:') ? m.signal.slice('adoption:'.length) : '',
        sample: sampleOf(m.signal),
        effectiveWeight: inGroup > 0 ? (share * m.weight) / inGroup : 0,
        groupShare: inGroup > 0 ? m.weight / inGroup : 0,
        evidenceNeeded: evidenceNeeded(m.signal, settings),
        messages: newTextCache(),
        displays: newTextCache(),
      })),
    };
  });
}

/**
 * Hoists everything that depends on settings alone (flattened rules, signal indexes, effective weights, message
 * caches) so scoring a company is one pass over the measures. Settings must already be valid (see
 * `parseSettings`) and are treated as immutable.
 */
export function compileModel(settings: Settings): CompiledModel {
  const groups = compileGroups(settings);
  const measures = groups.flatMap((g) => g.measures);
  const neutral = settings.scoring.neutralPoints;
  const fullSample = settings.windows.lowSampleBelow;
  const floor = settings.scoring.lowConfidenceBelow;
  const bands = settings.scoring.bands;
  const n = measures.length;
  const ev: Evaluation = {
    values: new Array<RuleInput>(n).fill(null),
    points: new Float64Array(n),
    scored: new Float64Array(n),
    samples: new Float64Array(n),
    sums: new Float64Array(2),
  };

  function evaluate(signals: Signals): Evaluation {
    let total = 0;
    let confidence = 0;
    for (let i = 0; i < n; i++) {
      const m = measures[i]!;
      const value = readSignal(signals, m.signalIndex, m.property);
      const p = evalRule(m.rule, value);
      const sample = readSample(signals, m.sample);
      let x = neutral;
      if (p === p) {
        confidence += m.effectiveWeight;
        // n responses move the measure n ÷ fullSample of the way from neutral to its points.
        x = sample < fullSample ? neutral + ((p - neutral) * sample) / fullSample : p;
      }
      ev.values[i] = value;
      ev.points[i] = p;
      ev.scored[i] = x;
      ev.samples[i] = sample;
      total += m.effectiveWeight * x;
    }
    ev.sums[TOTAL] = total;
    ev.sums[CONFIDENCE] = confidence > 1 ? 1 : confidence;
    return ev;
  }

  function scoreOf(e: Evaluation): number | null {
    if (e.sums[CONFIDENCE]! + FLOOR_TOLERANCE < floor) return null;
    // `| 0`: an integer score is always a small integer to V8 (a double-typed one sends readers into deopts)
    const rounded = Math.round(e.sums[TOTAL]!) | 0;
    return rounded > 100 ? 100 : rounded < 0 ? 0 : rounded;
  }

  const model: CompiledModel = {
    settings,
    groups,
    measures,
    neutral,
    fullSample,
    floor,
    score(signals) {
      const e = evaluate(signals);
      const score = scoreOf(e);
      return { score, band: bandOf(score, bands), confidence: e.sums[CONFIDENCE]! };
    },
    measurePoints(signals) {
      const e = evaluate(signals);
      const points: Record<string, number | null> = {};
      for (let i = 0; i < n; i++) {
        const p = e.points[i]!;
        // as the card's breakdown keeps them (explain-health rounds to 2 decimals)
        points[measures[i]!.key] = p === p ? Math.round(p * 100) / 100 : null;
      }
      return points;
    },
    health(signals, context) {
      const e = evaluate(signals);
      const score = scoreOf(e);
      return explainHealth(model, e, score, bandOf(score, bands), context);
    },
  };
  return model;
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

/** The health of one company under the settings' model (see the top of this file). */
export function computeHealth(signals: Signals, settings: Settings, context?: DriverContext): Health {
  return modelFor(settings).health(signals, context);
}
