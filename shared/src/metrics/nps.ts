import type { FeedbackSubmission } from '../schemas/crm';
import type { NpsGroup, NpsSummary } from '../contracts/snapshot';
import { DAY_MS, isWithinDays, toIso } from './time';

export type NpsCounts = { responses: number; promoters: number; passives: number; detractors: number };

/**
 * A response's NPS group: HubSpot's `hs_response_group` when present, else from the 0–10 value
 * (9–10 promoter, 7–8 passive, 0–6 detractor). null when neither says (no value, out of range).
 */
export function npsGroupOf(response: FeedbackSubmission): NpsGroup | null {
  switch (response.responseGroup) {
    case 'PROMOTER':
      return 'promoter';
    case 'PASSIVE':
      return 'passive';
    case 'DETRACTOR':
      return 'detractor';
    case null:
      break;
  }
  const value = response.value;
  if (value === null || value < 0 || value > 10) return null;
  if (value >= 9) return 'promoter';
  if (value >= 7) return 'passive';
  return 'detractor';
}

/** Counts of NPS responses (survey type NPS, not archived, with a group) submitted in (from, to]. */
export function countNps(responses: readonly FeedbackSubmission[], from: number, to: number): NpsCounts {
  const counts: NpsCounts = { responses: 0, promoters: 0, passives: 0, detractors: 0 };
  for (const response of responses) {
    if (response.archived || response.surveyType !== 'NPS') continue;
    if (response.submittedAt <= from || response.submittedAt > to) continue;
    const group = npsGroupOf(response);
    if (group === null) continue;
    counts.responses++;
    if (group === 'promoter') counts.promoters++;
    else if (group === 'passive') counts.passives++;
    else counts.detractors++;
  }
  return counts;
}

/** round(100 × (promoters − detractors) ÷ responses), −100..100; null with no responses. */
export function npsScore(counts: NpsCounts): number | null {
  if (counts.responses === 0) return null;
  return Math.round((100 * (counts.promoters - counts.detractors)) / counts.responses);
}

/** The newest NPS response in the trailing window, or null. */
export function latestNpsResponse(
  responses: readonly FeedbackSubmission[],
  now: number,
  windowDays: number,
): FeedbackSubmission | null {
  let latest: FeedbackSubmission | null = null;
  for (const response of responses) {
    if (response.archived || response.surveyType !== 'NPS' || npsGroupOf(response) === null) continue;
    if (!isWithinDays(response.submittedAt, now, windowDays)) continue;
    if (latest === null || response.submittedAt > latest.submittedAt) latest = response;
  }
  return latest;
}

export type NpsOptions = {
  windowDays: number;
  trendDays: number;
  lowSampleBelow: number;
  verbatims?: number;
};

/**
 * NPS over the window, its breakdown and low-sample flag; trend = NPS of the last `trendDays` minus NPS of
 * the `trendDays` before (null if either is empty); the latest verbatims (non-empty comments, newest first).
 */
export function summarizeNps(
  responses: readonly FeedbackSubmission[],
  now: number,
  options: NpsOptions,
): NpsSummary {
  const counts = countNps(responses, now - options.windowDays * DAY_MS, now);
  const recent = npsScore(countNps(responses, now - options.trendDays * DAY_MS, now));
  const before = npsScore(
    countNps(responses, now - 2 * options.trendDays * DAY_MS, now - options.trendDays * DAY_MS),
  );
  const verbatims = responses
    .filter(
      (r) =>
        !r.archived &&
        r.surveyType === 'NPS' &&
        r.content !== null &&
        r.content.trim() !== '' &&
        isWithinDays(r.submittedAt, now, options.windowDays),
    )
    .sort((a, b) => b.submittedAt - a.submittedAt)
    .slice(0, options.verbatims ?? 3)
    .map((r) => ({
      id: r.id,
      value: r.value,
      group: npsGroupOf(r),
      content: r.content!.trim(),
      submittedAt: toIso(r.submittedAt),
      surveyName: r.surveyName,
      contactId: r.contactId,
    }));
  return {
    score: npsScore(counts),
    ...counts,
    isLowSample: counts.responses < options.lowSampleBelow,
    recent,
    previous: before,
    trend: recent === null || before === null ? null : recent - before,
    trendDays: options.trendDays,
    windowDays: options.windowDays,
    verbatims,
  };
}

/** Detractor responses submitted in the trailing `days` (a renewal-risk rule). */
export function countRecentDetractors(
  responses: readonly FeedbackSubmission[],
  now: number,
  days: number,
): number {
  return countNps(responses, now - days * DAY_MS, now).detractors;
}
