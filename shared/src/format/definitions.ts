/**
 * One-line definitions shown next to each number (tooltips, "how is this computed"), from METRICS.md.
 * Default windows are stated; where an admin can change a number the text says "by default".
 */
export const METRIC_DEFINITIONS = {
  health:
    'Each measure scores its value 0–100 and counts for a fixed share of the score (its group’s weight × its share of the group); a measure without data counts as neutral (50), and one from fewer than 5 survey responses is pulled toward neutral. The score is the sum of the contributions (by default).',
  band: 'Healthy at 70 or more, Monitor from 40 to 69, At risk below 40 (by default).',
  confidence:
    'Share of the scoring weight whose measures have data; below 50% there is no score, only the list of what is missing (by default).',
  nps: 'Promoters (9–10) minus detractors (0–6) as a percentage of NPS responses in the last 180 days, from −100 to 100; low sample under 5 responses.',
  npsTrend:
    'NPS of the last 90 days minus NPS of the 90 days before; shown only when both periods have responses.',
  csat: 'Share of CSAT responses in the top two values of the survey scale (4–5 on a 1–5 scale) over the last 180 days.',
  ces: 'Mean customer-effort answer on the survey scale over the last 180 days; on HubSpot’s scale higher means easier.',
  openTickets: 'Tickets in a pipeline stage whose ticket state is Open.',
  openHighPriority: 'Open tickets with priority High or Urgent.',
  agingTickets: 'Open tickets created more than 14 days ago.',
  volumeTrend:
    'Tickets created in the last 30 days divided by the 30-day average of the 90 days before; 1.0 means the usual rate.',
  timeToClose: 'Median hours from creation to close over tickets closed in the last 90 days.',
  firstResponse: 'Median hours to the first agent reply over tickets created in the last 90 days.',
  renewalRisk:
    '0.6 × (100 − health) plus points for a recent detractor, an urgent ticket, no contact for 60+ days, a past contraction, a stalled or overdue renewal; Low < 25, Medium 25–49, High 50–74, Critical 75+.',
  atRiskArr:
    'Sum of next-renewal amounts of companies with High or Critical renewal risk whose renewal falls in the next 90 days.',
  grossRenewalRate:
    'Renewed amount, capped at the prior amount, divided by the prior amount, over renewals closed in the period; lost renewals count as 0.',
  netRenewalRate:
    'Renewed amount plus expansion won in the period, divided by the prior amount, over renewals closed in the period.',
  logoChurn: 'Lost renewals divided by renewals closed in the period.',
  arpa: 'ARR divided by the number of active companies.',
  ltv: 'ARPA × gross margin ÷ annual logo churn; shown only when churn is above 0.',
  arr: 'Amount of the company’s latest closed-won renewal, else of its first closed-won deal, or the mapped ARR property.',
  renewalDate:
    'Close date of the earliest open renewal deal due today or later; an open renewal past its close date is overdue.',
  expansion: 'Won existing-business deals that are not renewals, in the period.',
  daysSinceContact: 'Days since the last logged contact (last contacted, else last sales activity).',
  arrUnderManagement:
    'Sum of the ARR of the active companies in this selection (a company’s ARR as defined on its card).',
  averageHealth: 'Mean health score of the companies that have one; companies with No data are left out.',
  renewalsDue:
    'Companies whose next open renewal closes within the window (today included), and the sum of those renewal amounts; overdue renewals are counted separately.',
  renewalsOverdue:
    'Companies with an open renewal past its close date, and the sum of the most overdue renewal of each; never part of “Renewals due”.',
  fellABand: 'Companies whose band today is lower than their band 30 days ago.',
  usageAverage:
    'Mean of the mapped company property over the companies that have a value; the chart counts companies per scoring threshold of the measure.',
  companiesWithData: 'Companies in this selection with a value for the mapped property.',
  bookSize: 'Companies owned by the CSM in this selection.',
  medianDaysSinceContact:
    'Median, over the CSM’s companies with a logged contact, of the days since the last contact.',
} as const;

export type MetricKey = keyof typeof METRIC_DEFINITIONS;

export function definitionOf(metric: MetricKey): string {
  return METRIC_DEFINITIONS[metric];
}
