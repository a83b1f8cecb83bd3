import { describe, expect, it } from 'vitest';
import { summarizeSupport, buildPipelineIndex, defaultSettings } from '@pulse/shared';
import { HOUR, PIPELINES, buildPipelines, buildTicket, daysAgo, NOW } from '../../factories';

const index = buildPipelineIndex(buildPipelines(), defaultSettings.renewals);
const support = (tickets: Parameters<typeof summarizeSupport>[0]) =>
  summarizeSupport(tickets, index, defaultSettings.windows, NOW);
const closed = (createdDaysAgo: number, hoursToClose: number, extra = {}) =>
  buildTicket({
    stageId: PIPELINES.support.closed,
    createdAt: daysAgo(createdDaysAgo),
    closedAt: daysAgo(createdDaysAgo) + hoursToClose * HOUR,
    ...extra,
  });

describe('summarizeSupport', () => {
  it('counts open, open high-priority (HIGH or URGENT), urgent and aging (> 14 days) tickets', () => {
    const s = support([
      buildTicket({ priority: 'URGENT', createdAt: daysAgo(9) }),
      buildTicket({ priority: 'HIGH', createdAt: daysAgo(3), stageId: PIPELINES.support.waiting }),
      buildTicket({ priority: 'LOW', createdAt: daysAgo(15) }), // aging
      buildTicket({ priority: null, createdAt: daysAgo(14) }), // exactly 14 days: not more than 14
      closed(20, 5, { priority: 'URGENT' }), // closed: not open
      buildTicket({ priority: 'URGENT', archived: true }),
      buildTicket({ priority: 'URGENT', stageId: 'unknown-stage' }), // unknown stage: neither open nor closed
    ]);
    expect(s).toMatchObject({
      open: 4,
      openHighPriority: 2,
      openUrgent: 1,
      agingOpen: 1,
      oldestHighPriorityDays: 9,
    });
  });

  it('volume trend = created in last 30 days ÷ (created in the 90 before ÷ 3)', () => {
    const recent = [1, 5, 29].map((d) => buildTicket({ createdAt: daysAgo(d) }));
    const base = [31, 60, 90, 119].map((d) => buildTicket({ createdAt: daysAgo(d) }));
    const tooOld = buildTicket({ createdAt: daysAgo(121) });
    // 3 ÷ (4 ÷ 3) = 2.25
    expect(support([...recent, ...base, tooOld]).volumeTrend).toBe(2.25);
    expect(support([...recent, ...base, tooOld]).createdLast30).toBe(3);
  });

  it('volume trend is null when the base period had no tickets', () => {
    expect(support([buildTicket({ createdAt: daysAgo(1) })]).volumeTrend).toBeNull();
    expect(support([]).volumeTrend).toBeNull();
  });

  it('time to close = median hours created→closed over tickets closed in the last 90 days', () => {
    const s = support([closed(10, 4), closed(20, 10), closed(30, 30), closed(40, 100), closed(200, 1)]);
    expect(s.medianTimeToCloseHours).toBe(20); // median of 4, 10, 30, 100 = (10 + 30) ÷ 2
    expect(support([]).medianTimeToCloseHours).toBeNull();
  });

  it('first response = median of time_to_first_agent_reply over tickets created in the last 90 days', () => {
    const s = support([
      buildTicket({ timeToFirstReplyMs: 2 * HOUR, createdAt: daysAgo(5) }),
      buildTicket({ timeToFirstReplyMs: 6 * HOUR, createdAt: daysAgo(50) }),
      buildTicket({ timeToFirstReplyMs: 1 * HOUR, createdAt: daysAgo(80) }),
      buildTicket({ timeToFirstReplyMs: 99 * HOUR, createdAt: daysAgo(91) }),
      buildTicket({ timeToFirstReplyMs: null, createdAt: daysAgo(3) }),
    ]);
    expect(s.medianFirstResponseHours).toBe(2);
  });

  it('reports nothing open for a company without tickets', () => {
    expect(support([])).toEqual({
      open: 0,
      openHighPriority: 0,
      openUrgent: 0,
      agingOpen: 0,
      oldestHighPriorityDays: null,
      volumeTrend: null,
      medianTimeToCloseHours: null,
      medianFirstResponseHours: null,
      createdLast30: 0,
    });
  });
});
