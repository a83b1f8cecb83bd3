import type { Health } from '../contracts/snapshot';

export type MissingEvidence = { key: string; label: string; effectiveWeight: number; evidenceNeeded: string };
export type LowSampleMeasure = { key: string; label: string; responses: number; fullAt: number };

/**
 * The measures that count in the score (a weight above 0) but have no evidence, largest share first: what the
 * card lists under "Not enough data to score" and what would raise confidence most.
 */
export function missingEvidence(health: Health): MissingEvidence[] {
  const missing: MissingEvidence[] = [];
  for (const g of health.groups)
    for (const m of g.measures)
      if (m.evidenceNeeded !== null && m.effectiveWeight > 0)
        missing.push({
          key: m.key,
          label: m.label,
          effectiveWeight: m.effectiveWeight,
          evidenceNeeded: m.evidenceNeeded,
        });
  return missing.sort((a, b) => b.effectiveWeight - a.effectiveWeight);
}

/** Survey measures counted at reduced strength because of few responses. */
export function lowSampleMeasures(health: Health): LowSampleMeasure[] {
  const low: LowSampleMeasure[] = [];
  for (const g of health.groups)
    for (const m of g.measures)
      if (m.lowSample !== null && m.effectiveWeight > 0)
        low.push({ key: m.key, label: m.label, ...m.lowSample });
  return low;
}
