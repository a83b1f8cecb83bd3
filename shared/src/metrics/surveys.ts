import type { FeedbackSubmission } from '../schemas/crm';
import { isWithinDays } from './time';

export type Scale = { min: number; max: number };
export type CsatSummary = { percent: number | null; responses: number; scale: Scale };
export type CesSummary = { mean: number | null; responses: number; scale: Scale; higherIsEasier: boolean };

function valuesOf(
  responses: readonly FeedbackSubmission[],
  type: 'CSAT' | 'CES',
  scale: Scale,
  now: number,
  windowDays: number,
): number[] {
  const values: number[] = [];
  for (const r of responses) {
    if (r.archived || r.surveyType !== type || r.value === null) continue;
    // An answer outside the configured scale means the scale setting is wrong for that survey: skip it
    // rather than let it distort the percentage.
    if (r.value < scale.min || r.value > scale.max) continue;
    if (isWithinDays(r.submittedAt, now, windowDays)) values.push(r.value);
  }
  return values;
}

/** CSAT: percent of CSAT responses in the top two values of the scale (4–5 on 1–5); null with none. */
export function summarizeCsat(
  responses: readonly FeedbackSubmission[],
  scale: Scale,
  now: number,
  windowDays: number,
): CsatSummary {
  const values = valuesOf(responses, 'CSAT', scale, now, windowDays);
  if (values.length === 0) return { percent: null, responses: 0, scale };
  const satisfied = values.filter((v) => v >= scale.max - 1).length;
  return { percent: (100 * satisfied) / values.length, responses: values.length, scale };
}

/** CES: mean answer on the survey's scale; `higherIsEasier` states the direction. null with none. */
export function summarizeCes(
  responses: readonly FeedbackSubmission[],
  scale: Scale,
  higherIsEasier: boolean,
  now: number,
  windowDays: number,
): CesSummary {
  const values = valuesOf(responses, 'CES', scale, now, windowDays);
  const mean = values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
  return { mean, responses: values.length, scale, higherIsEasier };
}
