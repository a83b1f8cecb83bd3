import { describe, expect, it } from 'vitest';
import {
  computeCompanySnapshot,
  rescore,
  toHistoryEntry,
  type HistoryEntry,
  computeSignals,
  buildPipelineIndex,
  defaultSettings,
  ZCompanySnapshot,
} from '@pulse/shared';
import {
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

const R = PIPELINES.renewals;
const S = PIPELINES.sales;

/** A struggling account: detractors, an old urgent ticket, no recent contact, a contraction, a stuck renewal. */
function strugglingBundle() {
  return buildBundle({
    company: buildCompany({
      id: '9001',
      name: 'Globex',
      ownerId: '501',
      lastContactedAt: null,
      lastSalesActivityAt: daysAgo(75),
    }),
    contactCount: 1,
    deals: [
      buildDeal({
        name: 'Globex',
        pipelineId: S.id,
        stageId: S.won,
        dealType: 'newbusiness',
        amount: 20_000,
        closeAt: daysAgo(500),
      }),
      buildDeal({ id: 'r-old', stageId: R.won, amount: 15_000, closeAt: daysAgo(135) }),
      buildDeal({
        id: 'r-next',
        stageId: R.negotiation,
        amount: 15_000,
        closeAt: daysAgo(-45),
        stageEnteredAt: daysAgo(40),
      }),
    ],
    tickets: [
      buildTicket({ priority: 'URGENT', createdAt: daysAgo(9) }),
      buildTicket({ priority: 'URGENT', createdAt: daysAgo(3) }),
      buildTicket({
        stageId: PIPELINES.support.closed,
        priority: 'LOW',
        createdAt: daysAgo(40),
        closedAt: daysAgo(40) + 100 * HOUR,
      }),
    ],
    responses: [
      buildResponse({
        id: 'n1',
        value: 3,
        content: 'Support is too slow',
        submittedAt: daysAgo(12),
        contactId: 'c1',
      }),
      buildResponse({ id: 'n2', value: 8, submittedAt: daysAgo(60) }),
      buildResponse({ id: 'cs1', surveyType: 'CSAT', value: 2, submittedAt: daysAgo(20) }),
      buildResponse({ id: 'cs2', surveyType: 'CSAT', value: 4, submittedAt: daysAgo(21) }),
    ],
  });
}

const base = {
  index,
  settings: defaultSettings,
  settingsVersion: 3,
  sentiment: null,
  history: [] as HistoryEntry[],
  now: NOW,
};

describe('computeCompanySnapshot', () => {
  const snapshot = computeCompanySnapshot({ ...base, bundle: strugglingBundle() });

  it('produces a snapshot that parses with ZCompanySnapshot', () => {
    expect(ZCompanySnapshot.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({
      companyId: '9001',
      companyName: 'Globex',
      ownerId: '501',
      computedAt: new Date(NOW).toISOString(),
      settingsVersion: 3,
    });
  });

  it('derives the signals from the records', () => {
    expect(snapshot.signals).toEqual({
      nps: -50, // 1 detractor, 1 passive
      latestNpsGroup: 'detractor',
      csatPercent: 50,
      csmSentiment: null,
      openHighPriority: 2,
      agingOpen: 0,
      volumeTrend: 6, // 2 created in 30 days ÷ (1 created in the 90 before ÷ 3)
      timeToCloseHours: 100,
      daysSinceContact: 75,
      associatedContacts: 1,
      lastRenewalOutcome: 'contraction_large', // 15k against 20k = 25%
      expansionWon12m: false, // a customer for 500 days, no expansion in the last 365
      renewalOverdue: false, // the open renewal is due in 45 days
      adoption: {},
      samples: { nps: 2, csatPercent: 2 },
    });
  });

  it('scores it by hand: 0.075×140 + 0.0625×165 + 0.1×65 + 0.0833×170 = 41.48 → 41, Monitor', () => {
    // sentiment: NPS −50 → 25 points, from 2 of 5 responses → 50 − 25 × 2/5 = 40; detractor 0; CSAT 50%
    //   from 2 → 50; no CSM sentiment → 50. Support: 2 open high-priority 10 + none aging 100 + volume 6×
    //   15 + 100 h to close 40. Engagement: 25 + 40. Commercial: contraction > 10% 20 + no expansion 50 +
    //   renewal on schedule 100.
    expect(snapshot.health.groups.map((g) => g.score)).toEqual([35, 41.25, 32.5, 56.67, null]);
    expect(snapshot.health.score).toBe(41);
    expect(snapshot.health.band).toBe('monitor');
    expect(snapshot.health.confidence).toBeCloseTo(0.925, 12); // all but CSM sentiment
    const nps = snapshot.health.groups[0]!.measures[0]!;
    expect(nps).toMatchObject({ points: 25, scoredPoints: 40, lowSample: { responses: 2, fullAt: 5 } });
  });

  it('explains the score with concrete drivers', () => {
    const messages = snapshot.health.negativeDrivers.map((d) => d.message);
    expect(messages).toContain('2 urgent tickets open for 9+ days');
    expect(messages).toContain('No contact for 75 days');
    expect(messages).toContain('Detractor in latest NPS response');
  });

  it('shows the next renewal and a risk with every point listed', () => {
    expect(snapshot.renewal.next).toMatchObject({
      dealId: 'r-next',
      daysToRenewal: 45,
      daysInStage: 40,
      amount: 15_000,
      stageLabel: 'Negotiation',
    });
    const keys = snapshot.renewal.risk.drivers.map((d) => d.key).sort();
    expect(keys).toEqual(['contraction', 'detractor', 'health', 'noContact', 'openUrgent', 'staleRenewal']);
    // 0.6 × 59 + detractor 15 + urgent 10 + no contact 10 + contraction 10 + stuck renewal 10 = 90.4
    expect(snapshot.renewal.risk.points).toBe(90);
    expect(snapshot.renewal.risk.level).toBe('critical');
    expect(snapshot.renewal.lastOutcome).toBe('contraction_large');
  });

  it('summarises NPS, CSAT, support and money for the card', () => {
    expect(snapshot.nps).toMatchObject({
      score: -50,
      responses: 2,
      detractors: 1,
      passives: 1,
      isLowSample: true,
    });
    expect(snapshot.nps.verbatims.map((v) => v.content)).toEqual(['Support is too slow']);
    expect(snapshot.csat).toEqual({ percent: 50, responses: 2, scale: { min: 1, max: 5 } });
    expect(snapshot.support).toMatchObject({ open: 2, openUrgent: 2, oldestHighPriorityDays: 9 });
    expect(snapshot.financial).toMatchObject({ arr: 15_000, isActive: true, expansionWonInPeriod: 0 });
    expect(snapshot.financial.renewalsClosedInPeriod).toEqual([
      {
        dealId: 'r-old',
        closedAt: new Date(daysAgo(135)).toISOString(),
        priorAmount: 20_000,
        renewedAmount: 15_000,
        isLost: false,
      },
    ]);
  });

  it('rescore on the stored signals gives the snapshot’s score and band', () => {
    expect(rescore(snapshot.signals, defaultSettings)).toEqual({
      score: snapshot.health.score,
      band: snapshot.health.band,
      confidence: snapshot.health.confidence,
    });
  });

  it('computeSignals returns the same signals the snapshot stores', () => {
    expect(computeSignals(strugglingBundle(), index, defaultSettings, null, NOW)).toEqual(snapshot.signals);
  });
});

/**
 * A steady account with just over half the model's weight in evidence: five promoters (NPS +100, full sample),
 * a ticket closed in 5 h (support history: nothing open), contacted yesterday, one contact, no deals.
 * 0.075×(100+100+50+50) + 0.0625×(100+100+50+100) + 0.1×(100+40) + 0.0833×(50+50+50) = 70.875 → 71, Healthy.
 */
function steadyBundle() {
  return buildBundle({
    company: buildCompany({ lastContactedAt: daysAgo(1), associatedContacts: 1 }),
    tickets: [
      buildTicket({
        stageId: PIPELINES.support.closed,
        createdAt: daysAgo(10),
        closedAt: daysAgo(10) + 5 * HOUR,
      }),
    ],
    responses: [1, 2, 3, 4, 5].map((d) => buildResponse({ value: 9, submittedAt: daysAgo(d) })),
  });
}

describe('CSM sentiment', () => {
  const bundle = steadyBundle();
  const sentiment = (setDaysAgo: number) => ({
    value: 'concerned' as const,
    note: 'Champion left',
    authorUserId: 7,
    authorName: 'Casey',
    setAt: daysAgo(setDaysAgo),
  });

  it('counts until it expires after 90 days', () => {
    const live = computeCompanySnapshot({ ...base, bundle, sentiment: sentiment(89) });
    expect(live.signals.csmSentiment).toBe('concerned');
    expect(live.sentiment).toMatchObject({
      value: 'concerned',
      isExpired: false,
      expiresAt: new Date(daysAgo(-1)).toISOString(),
    });
    // 70.875 + 0.075 × (20 − 50) = 68.625
    expect(live.health.score).toBe(69);
  });

  it('is shown but not scored once expired', () => {
    const expired = computeCompanySnapshot({ ...base, bundle, sentiment: sentiment(91) });
    expect(expired.signals.csmSentiment).toBeNull();
    expect(expired.sentiment).toMatchObject({ value: 'concerned', note: 'Champion left', isExpired: true });
    expect(expired.health.score).toBe(71);
  });
});

describe('trend from history', () => {
  const bundle = steadyBundle(); // scores 71
  const entry = (
    days: number,
    score: number,
    settingsVersion = 3,
    points: Record<string, number | null> = {},
  ): HistoryEntry => ({
    date: new Date(daysAgo(days)).toISOString().slice(0, 10),
    score,
    band: score >= 70 ? 'healthy' : score >= 40 ? 'monitor' : 'at_risk',
    settingsVersion,
    measurePoints: points,
  });

  it('gives deltas versus 7 and 30 days ago, the band then, and the measures that moved', () => {
    const history = [
      entry(30, 81, 3, { daysSinceContact: 100, associatedContacts: 70 }),
      entry(7, 61),
      entry(1, 80),
    ];
    const snapshot = computeCompanySnapshot({ ...base, bundle, history });
    expect(snapshot.health.score).toBe(71);
    expect(snapshot.trend).toEqual({
      delta7: 10,
      delta30: -10,
      band30dAgo: 'healthy',
      movedMeasures: [{ key: 'associatedContacts', label: 'Associated contacts', deltaPoints: -30 }],
      settingsChangedInWindow: false,
    });
  });

  it('bridges a missing day with the entry just before it, but not a long gap', () => {
    expect(computeCompanySnapshot({ ...base, bundle, history: [entry(9, 51)] }).trend.delta7).toBe(20);
    expect(computeCompanySnapshot({ ...base, bundle, history: [entry(12, 51)] }).trend.delta7).toBeNull();
  });

  it('marks a settings change inside the 30-day window', () => {
    const history = [entry(20, 60, 2), entry(7, 60, 3)];
    expect(computeCompanySnapshot({ ...base, bundle, history }).trend.settingsChangedInWindow).toBe(true);
    expect(
      computeCompanySnapshot({ ...base, bundle, history: [entry(45, 60, 2)] }).trend.settingsChangedInWindow,
    ).toBe(false);
  });

  it('toHistoryEntry keeps the UTC day, score, band, version and points per measure', () => {
    const snapshot = computeCompanySnapshot({ ...base, bundle });
    const h = toHistoryEntry(snapshot);
    expect(h).toMatchObject({ date: '2026-03-02', score: 71, band: 'healthy', settingsVersion: 3 });
    expect(h.measurePoints).toMatchObject({
      daysSinceContact: 100,
      associatedContacts: 40,
      volumeTrend: null,
    });
  });
});
