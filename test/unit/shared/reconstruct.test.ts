import { describe, expect, it } from 'vitest';
import {
  buildPipelineIndex,
  computeSignals,
  defaultSettings,
  reconstructAsOf,
  reconstructHistory,
  scoreAsOf,
  summarizeSupport,
  summarizeDeals,
  countNps,
  type StoredSentiment,
} from '@pulse/shared';
import {
  DAY,
  HOUR,
  NOW,
  PIPELINES,
  buildBundle,
  buildCompany,
  buildDeal,
  buildPipelines,
  buildResponse,
  buildTicket,
  daysAgo,
} from '../../factories';

const index = buildPipelineIndex(buildPipelines(), defaultSettings.renewals);
const T = daysAgo(30);
const R = PIPELINES.renewals;
const SUP = PIPELINES.support;

const openAt = (tickets: ReturnType<typeof buildTicket>[], at: number) => {
  const pit = reconstructAsOf(buildBundle({ tickets }), index, null, at);
  return summarizeSupport(pit.bundle.tickets, pit.index, defaultSettings.windows, at).open;
};

describe('reconstructAsOf: tickets', () => {
  const closedTicket = (createdAt: number, closedAt: number | null) =>
    buildTicket({ stageId: SUP.closed, createdAt, closedAt });

  it.each([
    ['created before T, still open now', buildTicket({ createdAt: T - DAY }), 1],
    ['created exactly at T, open now', buildTicket({ createdAt: T }), 1],
    ['created after T', buildTicket({ createdAt: T + 1 }), 0],
    ['closed after T', closedTicket(T - DAY, T + 1), 1],
    ['closed exactly at T', closedTicket(T - DAY, T), 0],
    ['closed before T', closedTicket(T - 2 * DAY, T - DAY), 0],
    [
      'closed, no close date, closed after T by time to close',
      { ...closedTicket(T - DAY, null), timeToCloseMs: 2 * DAY },
      1,
    ],
    ['closed, no close date and no time to close: closed', closedTicket(T - DAY, null), 0],
  ])('%s → open at T: %i', (_case, ticket, expected) => {
    expect(openAt([ticket], T)).toBe(expected);
  });

  it('a ticket closed after T is not in the time to close at T; one closed by T is', () => {
    const after = closedTicket(T - 10 * HOUR, T + HOUR);
    const atT = closedTicket(T - 5 * HOUR, T);
    const pit = reconstructAsOf(buildBundle({ tickets: [after, atT] }), index, null, T);
    const support = summarizeSupport(pit.bundle.tickets, pit.index, defaultSettings.windows, T);
    expect(support.medianTimeToCloseHours).toBe(5);
  });

  it('a first agent reply after T does not count at T', () => {
    const ticket = buildTicket({ createdAt: T - HOUR, timeToFirstReplyMs: 2 * HOUR });
    const pit = reconstructAsOf(buildBundle({ tickets: [ticket] }), index, null, T);
    expect(pit.bundle.tickets[0]!.timeToFirstReplyMs).toBeNull();
    const later = reconstructAsOf(buildBundle({ tickets: [ticket] }), index, null, T + HOUR);
    expect(later.bundle.tickets[0]!.timeToFirstReplyMs).toBe(2 * HOUR);
  });

  it('says how many closed tickets had no close date', () => {
    const pit = reconstructAsOf(
      buildBundle({ tickets: [closedTicket(T - DAY, null), closedTicket(T - DAY, null)] }),
      index,
      null,
      T,
    );
    expect(pit.limits.find((l) => l.key === 'ticketCloseDate')?.reason).toBe(
      '2 closed tickets have no close date: counted as closed.',
    );
  });
});

describe('reconstructAsOf: responses', () => {
  it.each([
    ['submitted before T', T - 1, 1],
    ['submitted exactly at T', T, 1],
    ['submitted after T', T + 1, 0],
  ])('%s → counts at T', (_case, submittedAt, expected) => {
    const pit = reconstructAsOf(buildBundle({ responses: [buildResponse({ submittedAt })] }), index, null, T);
    expect(countNps(pit.bundle.responses, T - 180 * DAY, T).responses).toBe(expected);
  });
});

describe('reconstructAsOf: deals', () => {
  const summaryAt = (deals: ReturnType<typeof buildDeal>[], at: number) => {
    const pit = reconstructAsOf(buildBundle({ deals }), index, null, at);
    return summarizeDeals(pit.bundle.deals, pit.index, defaultSettings, at);
  };

  it('a renewal lost after T was the open renewal at T', () => {
    const lost = buildDeal({ stageId: R.lost, createdAt: T - 60 * DAY, closeAt: T + 20 * DAY });
    const s = summaryAt([lost], T);
    expect(s.next?.dealId).toBe(lost.id);
    expect(s.next?.daysToRenewal).toBe(20);
    expect(s.lastOutcome).toBeNull();
  });

  it('a renewal lost exactly at T is lost at T', () => {
    const lost = buildDeal({ stageId: R.lost, createdAt: T - 60 * DAY, closeAt: T });
    const s = summaryAt([lost], T);
    expect(s.next).toBeNull();
    expect(s.lastOutcome).toBe('lost');
  });

  it('a deal created after T did not exist at T', () => {
    const later = buildDeal({ createdAt: T + DAY, closeAt: T + 40 * DAY });
    expect(summaryAt([later], T).next).toBeNull();
  });

  it('an open renewal whose close date had passed at T was overdue then', () => {
    const open = buildDeal({ createdAt: T - 90 * DAY, closeAt: T - 5 * DAY });
    const s = summaryAt([open], T);
    expect(s.overdue.map((d) => d.dealId)).toEqual([open.id]);
    expect(s.overdue[0]!.daysInStage).toBeNull();
  });
});

describe('reconstructAsOf: what cannot be rebuilt', () => {
  const sentiment: StoredSentiment = {
    value: 'concerned',
    note: '',
    authorUserId: 1,
    authorName: 'Casey',
    setAt: T + DAY,
  };

  it('drops a sentiment set after T and says so; keeps one set by T', () => {
    const bundle = buildBundle({});
    const after = reconstructAsOf(bundle, index, sentiment, T);
    expect(after.sentiment).toBeNull();
    expect(after.limits.map((l) => l.key)).toContain('csmSentiment');
    const before = reconstructAsOf(bundle, index, { ...sentiment, setAt: T }, T);
    expect(before.sentiment?.value).toBe('concerned');
    expect(before.limits.map((l) => l.key)).not.toContain('csmSentiment');
  });

  it('adoption values, contacts and a contact date after T are no data at T', () => {
    const bundle = buildBundle({
      company: buildCompany({ mapped: { logins: 40 }, lastContactedAt: T + DAY, associatedContacts: 5 }),
      contactCount: 5,
    });
    const pit = reconstructAsOf(bundle, index, null, T);
    const signals = computeSignals(pit.bundle, pit.index, defaultSettings, pit.sentiment, T);
    expect(signals.adoption).toEqual({ logins: null });
    expect(signals.associatedContacts).toBeNull();
    expect(signals.daysSinceContact).toBeNull();
    expect(pit.limits.map((l) => l.key)).toEqual(
      expect.arrayContaining(['adoption', 'associatedContacts', 'daysSinceContact']),
    );
  });

  it('a last contact before T is kept, measured from T', () => {
    const bundle = buildBundle({ company: buildCompany({ lastContactedAt: T - 10 * DAY }) });
    const pit = reconstructAsOf(bundle, index, null, T);
    expect(computeSignals(pit.bundle, pit.index, defaultSettings, null, T).daysSinceContact).toBe(10);
  });
});

describe('scoreAsOf and reconstructHistory', () => {
  /** Promoters all along; from 20 days ago urgent tickets and detractors pile up. */
  const declining = () =>
    buildBundle({
      company: buildCompany({ lastContactedAt: daysAgo(100) }),
      deals: [buildDeal({ stageId: R.won, closeAt: daysAgo(400), createdAt: daysAgo(460) })],
      responses: [
        ...[120, 100, 80, 60, 40].map((d) => buildResponse({ value: 10, submittedAt: daysAgo(d) })),
        ...[15, 12, 10, 8, 5, 3].map((d) => buildResponse({ value: 1, submittedAt: daysAgo(d) })),
      ],
      tickets: [30, 25, 18, 15, 12].map((d) => buildTicket({ priority: 'URGENT', createdAt: daysAgo(d) })),
    });

  it('scores the company lower now than 30 days ago, as its records say', () => {
    const bundle = declining();
    const before = scoreAsOf(bundle, index, defaultSettings, null, daysAgo(30));
    const now = scoreAsOf(bundle, index, defaultSettings, null, NOW);
    expect(before.score).not.toBeNull();
    expect(now.score!).toBeLessThan(before.score!);
  });

  it('gives one reconstructed entry per day for the 90 days before today, oldest first', () => {
    const history = reconstructHistory(declining(), index, defaultSettings, 3, null, NOW);
    expect(history).toHaveLength(90);
    expect(history[0]!.date).toBe('2025-12-02');
    expect(history.at(-1)!.date).toBe('2026-03-01');
    expect(history.every((e) => e.reconstructed === true && e.settingsVersion === 3)).toBe(true);
    // 90 days ago it had too little evidence (no tickets yet): no score; 30 days ago, the score of that day
    expect(history[0]!.score).toBeNull();
    expect(history[60]!.score).toBe(scoreAsOf(declining(), index, defaultSettings, null, daysAgo(30)).score);
    expect(history.at(-1)!.score!).toBeLessThan(history[60]!.score!);
  });
});
