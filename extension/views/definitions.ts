import { METRIC_DEFINITIONS, type MetricKey } from '@pulse/shared';

/**
 * The one-line definition shown next to a number: the shared METRICS.md definitions, plus the measures of
 * the scoring model that have no metric of their own (keys as in the default model).
 */
const MEASURE_DEFINITIONS: Record<string, string> = {
  latestNps:
    'Group of the most recent NPS response: promoter 100, passive 60, detractor 0 points (by default).',
  csmSentiment:
    'Set on this card by the CSM: good 100, neutral 60, concerned 20 points; expires after 90 days (by default).',
  agingOpen: METRIC_DEFINITIONS.agingTickets,
  associatedContacts:
    'Contacts associated with the company; having none counts (as 0 points) only for a customer, a company with a closed-won deal.',
  lastRenewal:
    'Outcome of the last closed renewal: won, contracted by up to 10%, contracted by more, or lost.',
  renewalOverdue:
    'Whether an open renewal deal is past its close date: overdue 0 points, on schedule 100 (by default); no data without an open renewal.',
};

function isMetricKey(key: string): key is MetricKey {
  return key in METRIC_DEFINITIONS;
}

export function definitionOf(key: string): string | undefined {
  return isMetricKey(key) ? METRIC_DEFINITIONS[key] : MEASURE_DEFINITIONS[key];
}
