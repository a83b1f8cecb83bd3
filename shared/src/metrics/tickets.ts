import type { Ticket } from '../schemas/crm';
import type { Settings } from '../schemas/settings';
import type { SupportSummary } from '../contracts/snapshot';
import type { PipelineIndex } from './pipelines';
import { DAY_MS, HOUR_MS, daysBetween, median } from './time';

type Windows = Settings['windows'];

/**
 * Support load of one company. Open/closed comes from the stage's `ticketState`; a ticket in a stage the
 * index does not know is neither open nor closed and counts only in the volume trend.
 * - aging: open and created more than `agingTicketDays` ago
 * - volume trend: created in the last 30 days ÷ (created in the 90 days before ÷ 3); null when that base is 0
 * - time to close: median hours createdate→closed_date over tickets closed in the last 90 days
 * - first response: median `time_to_first_agent_reply` hours over tickets created in the last 90 days
 */
export function summarizeSupport(
  tickets: readonly Ticket[],
  index: PipelineIndex,
  windows: Windows,
  now: number,
): SupportSummary {
  let open = 0;
  let openHighPriority = 0;
  let openUrgent = 0;
  let agingOpen = 0;
  let oldestHighPriorityAt: number | null = null;
  let createdRecent = 0;
  let createdBase = 0;
  const closeHours: number[] = [];
  const firstReplyHours: number[] = [];

  const agingBefore = now - windows.agingTicketDays * DAY_MS;
  const recentFrom = now - windows.ticketTrendRecentDays * DAY_MS;
  const baseFrom = recentFrom - windows.ticketTrendBaseDays * DAY_MS;
  const medianFrom = now - windows.supportMedianDays * DAY_MS;

  for (const ticket of tickets) {
    if (ticket.archived) continue;
    const isOpen = index.isTicketOpen(ticket.pipelineId, ticket.stageId);
    if (isOpen === true) {
      open++;
      if (ticket.createdAt < agingBefore) agingOpen++;
      if (ticket.priority === 'HIGH' || ticket.priority === 'URGENT') {
        openHighPriority++;
        if (oldestHighPriorityAt === null || ticket.createdAt < oldestHighPriorityAt)
          oldestHighPriorityAt = ticket.createdAt;
      }
      if (ticket.priority === 'URGENT') openUrgent++;
    }
    if (ticket.createdAt > recentFrom && ticket.createdAt <= now) createdRecent++;
    else if (ticket.createdAt > baseFrom && ticket.createdAt <= recentFrom) createdBase++;

    if (
      isOpen === false &&
      ticket.closedAt !== null &&
      ticket.closedAt > medianFrom &&
      ticket.closedAt <= now
    ) {
      closeHours.push(Math.max(0, ticket.closedAt - ticket.createdAt) / HOUR_MS);
    }
    if (ticket.timeToFirstReplyMs !== null && ticket.createdAt > medianFrom && ticket.createdAt <= now) {
      firstReplyHours.push(ticket.timeToFirstReplyMs / HOUR_MS);
    }
  }

  // Unrounded on purpose: these feed threshold rules, where rounding would move a value across a boundary.
  return {
    open,
    openHighPriority,
    openUrgent,
    agingOpen,
    oldestHighPriorityDays:
      oldestHighPriorityAt === null ? null : Math.max(0, daysBetween(oldestHighPriorityAt, now)),
    // recent ÷ (base × recentDays ÷ baseDays): 30 vs 90 days gives the "÷ 3" of the definition. Written as
    // one division so 2 ÷ (1 ÷ 3) is exactly 6, not 6.000000000000001.
    volumeTrend:
      createdBase === 0
        ? null
        : (createdRecent * windows.ticketTrendBaseDays) / (createdBase * windows.ticketTrendRecentDays),
    medianTimeToCloseHours: median(closeHours),
    medianFirstResponseHours: median(firstReplyHours),
    createdLast30: createdRecent,
  };
}
