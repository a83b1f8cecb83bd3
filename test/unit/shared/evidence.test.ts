import { describe, expect, it } from 'vitest';
import {
  buildPipelineIndex,
  computeCompanySnapshot,
  computeSignals,
  defaultSettings,
  evidenceNeeded,
  type CompanyBundle,
} from '@pulse/shared';
import {
  HOUR,
  NOW,
  PIPELINES,
  buildBundle,
  buildCompany,
  buildDeal,
  buildPipelines,
  buildTicket,
  daysAgo,
} from '../../factories';

const index = buildPipelineIndex(buildPipelines(), defaultSettings.renewals);
const signalsOf = (bundle: CompanyBundle) => computeSignals(bundle, index, defaultSettings, null, NOW);
const S = PIPELINES.sales;
const R = PIPELINES.renewals;
const wonAt = (at: number) =>
  buildDeal({ pipelineId: S.id, stageId: S.won, dealType: 'newbusiness', name: 'New logo', closeAt: at });
const closedTicket = (createdAt: number) =>
  buildTicket({ stageId: PIPELINES.support.closed, createdAt, closedAt: createdAt + 2 * HOUR });

describe('a company with no data', () => {
  // No tickets, surveys, deals or contact dates, and HubSpot's contact count says 0.
  const bundle = buildBundle({ company: buildCompany({ associatedContacts: 0 }), contactCount: 0 });
  const snapshot = computeCompanySnapshot({
    bundle,
    index,
    settings: defaultSettings,
    settingsVersion: 1,
    sentiment: null,
    history: [],
    now: NOW,
  });

  it('has no evidence for any measure: "no open tickets" and "0 contacts" are absence, not health', () => {
    const { samples, adoption, ...values } = snapshot.signals;
    expect(Object.values(values).every((v) => v === null)).toBe(true);
    expect(samples).toEqual({ nps: 0, csatPercent: 0 });
    expect(adoption).toEqual({});
  });

  it('gets no score and no band, and says for every measure what would count', () => {
    expect(snapshot.health).toMatchObject({ score: null, band: null, confidence: 0 });
    const missing = snapshot.health.groups.flatMap((g) => g.measures).map((m) => [m.key, m.evidenceNeeded]);
    expect(missing).toEqual([
      ['nps', 'an NPS response in the last 180 days'],
      ['latestNps', 'an NPS response in the last 180 days'],
      ['csat', 'a CSAT response in the last 180 days'],
      ['csmSentiment', 'a CSM sentiment set on this card in the last 90 days'],
      ['openHighPriority', 'a ticket in the last 365 days'],
      ['agingOpen', 'a ticket in the last 365 days'],
      ['volumeTrend', 'a ticket created in the 90 days before the last 30'],
      ['timeToClose', 'a ticket closed in the last 90 days'],
      ['daysSinceContact', 'a last-contacted or last-activity date on the company'],
      [
        'associatedContacts',
        'an associated contact (or a closed-won deal, after which no contacts counts as 0)',
      ],
      ['lastRenewal', 'a closed renewal deal'],
      ['expansion', 'an expansion won, or a closed-won deal more than 365 days ago'],
      ['renewalOverdue', 'an open renewal deal'],
    ]);
    expect(snapshot.renewal.risk).toMatchObject({ points: 0, level: 'no_renewal' });
  });
});

describe('support measures need a support history', () => {
  it.each([
    ['a ticket created 364 days ago', [closedTicket(daysAgo(364))], 0],
    ['a ticket created exactly 365 days ago (outside the window)', [closedTicket(daysAgo(365))], null],
    ['a ticket still open from 400 days ago', [buildTicket({ createdAt: daysAgo(400) })], 0],
    ['an archived ticket only', [{ ...closedTicket(daysAgo(10)), archived: true }], null],
    ['no ticket at all', [], null],
  ] as const)('%s → open high-priority %s', (_, tickets, expected) => {
    const s = signalsOf(buildBundle({ tickets: [...tickets] }));
    expect(s.openHighPriority).toBe(expected);
    if (expected === null) {
      expect(s.agingOpen).toBeNull();
      expect(s.volumeTrend).toBeNull();
    }
  });

  it('counts aging tickets for a company with a history (the 400-day-old open one is aging)', () => {
    expect(signalsOf(buildBundle({ tickets: [buildTicket({ createdAt: daysAgo(400) })] })).agingOpen).toBe(1);
  });

  it('follows windows.supportHistoryDays', () => {
    const settings = structuredClone(defaultSettings);
    settings.windows.supportHistoryDays = 30;
    const bundle = buildBundle({ tickets: [closedTicket(daysAgo(40))] });
    expect(computeSignals(bundle, index, settings, null, NOW).openHighPriority).toBeNull();
  });
});

describe('commercial and engagement measures need a customer', () => {
  it.each([
    ['contacts known, several', 3, [], 3],
    ['no contacts, never a customer', 0, [], null],
    ['no contacts, a customer (a closed-won deal)', 0, [wonAt(daysAgo(30))], 0],
    ['contact count unknown', null, [wonAt(daysAgo(30))], null],
  ] as const)('%s → associated contacts %s', (_, contacts, deals, expected) => {
    expect(signalsOf(buildBundle({ contactCount: contacts, deals: [...deals] })).associatedContacts).toBe(
      expected,
    );
  });

  it.each([
    ['customer for exactly the 365-day window', [wonAt(daysAgo(365))], false],
    ['customer for 364 days only', [wonAt(daysAgo(364))], null],
    [
      'an expansion won 100 days ago (even for a new customer)',
      [
        wonAt(daysAgo(200)),
        buildDeal({ name: 'Add seats', pipelineId: S.id, stageId: S.won, closeAt: daysAgo(100) }),
      ],
      true,
    ],
    ['never a customer', [], null],
  ] as const)('%s → expansion won %s', (_, deals, expected) => {
    expect(signalsOf(buildBundle({ deals: [...deals] })).expansionWon12m).toBe(expected);
  });

  it.each([
    ['an open renewal due in 45 days', [buildDeal({ closeAt: daysAgo(-45) })], false],
    ['an open renewal 3 days past its close date', [buildDeal({ closeAt: daysAgo(3) })], true],
    ['an open renewal due now (not yet overdue)', [buildDeal({ closeAt: NOW })], false],
    ['only closed renewals', [buildDeal({ stageId: R.won, closeAt: daysAgo(30) })], null],
    ['no renewal', [], null],
  ] as const)('%s → renewal overdue %s', (_, deals, expected) => {
    expect(signalsOf(buildBundle({ deals: [...deals] })).renewalOverdue).toBe(expected);
  });
});

describe('evidenceNeeded', () => {
  it('names the mapped property of an adoption measure and reads the windows from settings', () => {
    expect(evidenceNeeded('adoption:licence_utilisation', defaultSettings)).toBe(
      'a value in the licence_utilisation property',
    );
    const settings = structuredClone(defaultSettings);
    settings.windows.npsDays = 90;
    expect(evidenceNeeded('nps', settings)).toBe('an NPS response in the last 90 days');
  });
});
