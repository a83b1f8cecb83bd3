import { vi } from 'vitest';
import {
  ZCompanyHealthView,
  type CompanyHealthView,
  ZPortfolioView,
  type PortfolioRow,
  type PortfolioView,
  ZSettingsPreview,
  ZSettingsView,
  type SettingsPreview,
  type SettingsView,
  ZCompanySnapshot,
  type CompanySnapshot,
  ZSyncStatus,
  type SyncStatus,
  computeHealth,
  defaultSettings,
  type Signals,
} from '@pulse/shared';
import type { PulseApi } from '@pulse/views';
import type { RenderedNode } from '@hubspot/ui-extensions/testing';

/** Every builder parses its result with the shared contract, so a fixture can never drift from the API. */

export const NOW = Date.parse('2026-03-10T12:00:00Z');
const iso = (msFromNow: number) => new Date(NOW + msFromNow).toISOString();
const DAY = 86_400_000;

type DeepPartial<T> = T extends object
  ? { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : DeepPartial<T[K]> }
  : T;

function merge<T>(base: T, overrides: DeepPartial<T> | undefined): T {
  if (overrides === undefined) return base;
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return overrides as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    const current = out[key];
    out[key] =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current !== null &&
      typeof current === 'object'
        ? merge(current, value as DeepPartial<typeof current>)
        : value;
  }
  return out as T;
}

/**
 * A healthy company: renewal in 45 days at low risk, NPS 50 from 10 responses. Its health is the real model's
 * (default settings), so the fixture can never disagree with how Pulse scores:
 * 0.075×(75+100+90+100) + 0.0625×(100+100+40+70) + 0.1×(100+100) + 0.0833×(100+50+100) = 87.58 → 88.
 */
const HEALTHY_SIGNALS: Signals = {
  nps: 50,
  latestNpsGroup: 'promoter',
  csatPercent: 90,
  csmSentiment: 'good',
  openHighPriority: 0,
  agingOpen: 0,
  volumeTrend: 1.4,
  timeToCloseHours: 30,
  daysSinceContact: 5,
  associatedContacts: 4,
  lastRenewalOutcome: 'won',
  expansionWon12m: false,
  renewalOverdue: false,
  adoption: {},
  samples: { nps: 10, csatPercent: 12 },
};

export function buildSnapshot(overrides?: DeepPartial<CompanySnapshot>): CompanySnapshot {
  const base: CompanySnapshot = {
    companyId: '101',
    companyName: 'Acme Corp',
    ownerId: '7',
    computedAt: iso(-10 * 60_000),
    settingsVersion: 1,
    signals: HEALTHY_SIGNALS,
    health: computeHealth(HEALTHY_SIGNALS, defaultSettings),
    trend: {
      delta7: 3,
      delta30: -4,
      band30dAgo: 'healthy',
      movedMeasures: [],
      settingsChangedInWindow: false,
    },
    renewal: {
      next: {
        dealId: 'd1',
        name: 'Acme renewal 2026',
        closeDate: iso(45 * DAY),
        amount: 48000,
        daysToRenewal: 45,
        isOverdue: false,
        stageLabel: 'Negotiation',
        daysInStage: 6,
      },
      overdue: [],
      risk: { points: 11, level: 'low', drivers: [] },
      lastOutcome: 'won',
    },
    nps: {
      score: 50,
      responses: 10,
      promoters: 6,
      passives: 3,
      detractors: 1,
      isLowSample: false,
      recent: 55,
      previous: 47,
      trend: 8,
      trendDays: 90,
      windowDays: 180,
      verbatims: [
        {
          id: 'v1',
          value: 10,
          group: 'promoter',
          content: 'Great onboarding',
          submittedAt: iso(-3 * DAY),
          surveyName: 'Quarterly NPS',
          contactId: 'c1',
        },
      ],
    },
    csat: { percent: 90, responses: 12, scale: { min: 1, max: 5 } },
    ces: { mean: 5.5, responses: 4, scale: { min: 1, max: 7 }, higherIsEasier: true },
    support: {
      open: 2,
      openHighPriority: 0,
      openUrgent: 0,
      agingOpen: 0,
      oldestHighPriorityDays: null,
      volumeTrend: 0.8,
      medianTimeToCloseHours: 20,
      medianFirstResponseHours: 2,
      createdLast30: 3,
    },
    engagement: { daysSinceContact: 5, contacts: 4 },
    financial: {
      arr: 48000,
      expansionWonInPeriod: 5000,
      renewalsClosedInPeriod: [],
      isActive: true,
      unconvertedDeals: [],
    },
    adoption: {},
    sentiment: {
      value: 'good',
      note: 'Exec sponsor engaged',
      authorUserId: 55,
      authorName: 'Dana CSM',
      setAt: iso(-2 * DAY),
      expiresAt: iso(88 * DAY),
      isExpired: false,
    },
  };
  return ZCompanySnapshot.parse(merge(base, overrides));
}

/**
 * At risk: overdue renewal, critical risk, detractors, urgent tickets; NPS from 3 responses (low sample).
 * 0.075×(38+0+50+50) + 0.0625×(10+15+50+40) + 0.1×(25+40) + 0.0833×(20+50+0) = 29.87 → 30.
 */
const AT_RISK_SIGNALS: Signals = {
  nps: -40,
  latestNpsGroup: 'detractor',
  csatPercent: null,
  csmSentiment: null,
  openHighPriority: 2,
  agingOpen: 3,
  volumeTrend: null,
  timeToCloseHours: 100,
  daysSinceContact: 75,
  associatedContacts: 1,
  lastRenewalOutcome: 'contraction_large',
  expansionWon12m: false,
  renewalOverdue: true,
  adoption: {},
  samples: { nps: 3, csatPercent: 0 },
};

export function buildAtRiskSnapshot(): CompanySnapshot {
  const overdue = {
    dealId: 'd9',
    name: 'Globex renewal',
    closeDate: iso(-5 * DAY),
    amount: 120000,
    daysToRenewal: -5,
    isOverdue: true,
    stageLabel: 'Contract sent',
    daysInStage: 40,
  };
  return buildSnapshot({
    companyId: '202',
    companyName: 'Globex',
    signals: AT_RISK_SIGNALS,
    health: computeHealth(AT_RISK_SIGNALS, defaultSettings, {
      openUrgent: 2,
      oldestHighPriorityDays: 9,
      overdueDays: 5,
    }),
    trend: {
      delta7: -6,
      delta30: -22,
      band30dAgo: 'monitor',
      movedMeasures: [],
      settingsChangedInWindow: false,
    },
    renewal: {
      next: null,
      overdue: [overdue],
      risk: {
        points: 91,
        level: 'critical',
        drivers: [
          { key: 'overdue', group: null, message: 'Renewal is overdue', impact: 20 },
          { key: 'detractor', group: null, message: 'Detractor response in the last 90 days', impact: 15 },
        ],
      },
      lastOutcome: 'contraction_large',
    },
    nps: {
      score: -40,
      responses: 3,
      promoters: 0,
      passives: 1,
      detractors: 2,
      isLowSample: true,
      recent: -67,
      previous: -17,
      trend: -50,
      verbatims: [],
    },
    support: {
      open: 5,
      openHighPriority: 2,
      openUrgent: 2,
      agingOpen: 3,
      oldestHighPriorityDays: 9,
      medianTimeToCloseHours: 100,
    },
    sentiment: null,
  });
}

const NO_SIGNALS: Signals = {
  ...HEALTHY_SIGNALS,
  ...Object.fromEntries(Object.keys(HEALTHY_SIGNALS).map((key) => [key, null])),
  adoption: {},
  samples: { nps: 0, csatPercent: 0 },
};

/** Nothing known about the company yet. */
export function buildNoDataSnapshot(): CompanySnapshot {
  return buildSnapshot({
    companyId: '303',
    companyName: 'Initech',
    signals: NO_SIGNALS,
    health: computeHealth(NO_SIGNALS, defaultSettings),
    trend: { delta7: null, delta30: null, band30dAgo: null },
    renewal: {
      next: null,
      overdue: [],
      risk: { points: 0, level: 'no_renewal', drivers: [] },
      lastOutcome: null,
    },
    nps: {
      score: null,
      responses: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      isLowSample: true,
      recent: null,
      previous: null,
      trend: null,
      verbatims: [],
    },
    csat: { percent: null, responses: 0, scale: { min: 1, max: 5 } },
    ces: { mean: null, responses: 0, scale: { min: 1, max: 7 }, higherIsEasier: true },
    support: {
      open: 0,
      openHighPriority: 0,
      openUrgent: 0,
      agingOpen: 0,
      volumeTrend: null,
      medianTimeToCloseHours: null,
      medianFirstResponseHours: null,
      createdLast30: 0,
    },
    sentiment: null,
  });
}

/** Some data, but below the confidence floor: one NPS response and a recent contact (25% of the weight). */
export function buildThinDataSnapshot(): CompanySnapshot {
  const signals: Signals = {
    ...NO_SIGNALS,
    nps: 100,
    latestNpsGroup: 'promoter',
    daysSinceContact: 10,
    samples: { nps: 1, csatPercent: 0 },
  };
  return buildSnapshot({
    companyId: '404',
    companyName: 'Hooli',
    signals,
    health: computeHealth(signals, defaultSettings),
    nps: {
      score: 100,
      responses: 1,
      promoters: 1,
      passives: 0,
      detractors: 0,
      isLowSample: true,
      recent: 100,
      previous: null,
      trend: null,
      verbatims: [],
    },
  });
}

export function buildReadyView(
  snapshot: CompanySnapshot = buildSnapshot(),
  overrides: { syncedAt?: string; currencyCode?: string | null } = {},
): CompanyHealthView {
  const history = Array.from({ length: 5 }, (_, i) => ({
    date: new Date(NOW - (4 - i) * DAY).toISOString().slice(0, 10),
    score: snapshot.health.score === null ? null : snapshot.health.score - 4 + i,
    band: snapshot.health.band,
    settingsChanged: i === 2,
  }));
  return ZCompanyHealthView.parse({
    status: 'ready',
    portalId: 123,
    currencyCode: overrides.currencyCode === undefined ? 'USD' : overrides.currencyCode,
    snapshot,
    history,
    syncedAt: overrides.syncedAt ?? iso(-4 * 60_000),
  });
}

export function buildSyncStatus(overrides?: DeepPartial<SyncStatus>): SyncStatus {
  const base: SyncStatus = {
    state: 'idle',
    progress: null,
    lastRun: {
      id: 'run-1',
      kind: 'full',
      status: 'succeeded',
      startedAt: iso(-60 * 60_000),
      finishedAt: iso(-50 * 60_000),
      records: { companies: 1200, deals: 3400 },
      apiCalls: 410,
      rateLimited: 0,
      retries: 1,
      skipped: 0,
      skippedSamples: [],
      warnings: 0,
      warningSamples: [],
      error: null,
    },
    lastSuccessAt: iso(-50 * 60_000),
    nextRunAt: iso(10 * 60_000),
  };
  return ZSyncStatus.parse(merge(base, overrides));
}

export function buildSyncingView(): CompanyHealthView {
  return ZCompanyHealthView.parse({
    status: 'syncing',
    portalId: 123,
    sync: buildSyncStatus({
      state: 'running',
      progress: { phase: 'companies', done: 4200, total: 10000 },
      lastRun: null,
      lastSuccessAt: null,
    }),
  });
}

export function buildPortfolioRow(overrides: Partial<PortfolioRow> = {}): PortfolioRow {
  return {
    companyId: '101',
    name: 'Acme Corp',
    ownerId: '7',
    ownerName: 'Dana CSM',
    health: 82,
    band: 'healthy',
    trend: 3,
    renewalDate: iso(45 * DAY),
    renewalAmount: 48000,
    isRenewalOverdue: false,
    risk: 'low',
    nps: 50,
    arr: 48000,
    ...overrides,
  };
}

export function buildPortfolioView(overrides?: DeepPartial<PortfolioView>): PortfolioView {
  const base: PortfolioView = {
    portalId: 123,
    currencyCode: 'USD',
    kpis: {
      financial: {
        periodDays: 365,
        arr: 1_250_000,
        activeCompanies: 40,
        arpa: 31_250,
        expansionWon: 90_000,
        grossRenewalRate: 0.91,
        netRenewalRate: 1.04,
        logoChurn: 0.05,
        atRiskArr: 210_000,
        renewalsDue30: { count: 3, amount: 95_000 },
        renewalsDue90: { count: 9, amount: 310_000 },
        renewalsOverdue: { count: 2, amount: 40_000 },
        ltv: 500_000,
        unconvertedDeals: { deals: 0, companies: 0, currencyCodes: [] },
      },
      health: {
        averageHealth: 64.2,
        bands: { healthy: 20, monitor: 12, at_risk: 6, no_data: 2 },
        nps: { score: 31, responses: 140 },
        csat: { percent: 88, responses: 60, scale: { min: 1, max: 5 } },
        ces: { mean: 5.4, responses: 20, scale: { min: 1, max: 7 }, higherIsEasier: true },
        fellABand30d: [{ companyId: '202', name: 'Globex', from: 'monitor', to: 'at_risk' }],
      },
      usage: {
        isMapped: false,
        howToMap: 'Map a numeric company property in Settings → Adoption.',
        measures: [],
      },
      team: [
        {
          ownerId: '7',
          ownerName: 'Dana CSM',
          companies: 22,
          arr: 700_000,
          averageHealth: 70,
          atRiskArr: 50_000,
          renewalsDue90: 4,
          grossRenewalRate: 0.95,
          nps: 40,
          openHighPriority: 1,
          medianDaysSinceContact: 12,
        },
      ],
    },
    rows: [
      buildPortfolioRow(),
      buildPortfolioRow({
        companyId: '202',
        name: 'Globex',
        health: 31,
        band: 'at_risk',
        trend: -6,
        risk: 'critical',
        isRenewalOverdue: true,
        renewalDate: iso(-5 * DAY),
        nps: -40,
      }),
    ],
    total: 60,
    nextCursor: 'cursor-2',
    owners: [
      { id: '7', name: 'Dana CSM', teamIds: ['t1'] },
      { id: '8', name: 'Sam Lead', teamIds: ['t1'] },
    ],
    teams: [{ id: 't1', name: 'Enterprise' }],
    myOwnerId: '7',
    computedAt: iso(-5 * 60_000),
  };
  return ZPortfolioView.parse(merge(base, overrides));
}

export function buildSettingsView(overrides?: DeepPartial<SettingsView>): SettingsView {
  const base: SettingsView = {
    settings: structuredClone(defaultSettings),
    defaults: structuredClone(defaultSettings),
    version: 3,
    updatedAt: iso(-DAY),
    updatedBy: 'Admin Ann',
    canEdit: true,
    currencyCode: 'USD',
    sync: buildSyncStatus(),
    numericCompanyProperties: [{ name: 'licence_utilisation', label: 'Licence utilisation' }],
  };
  return ZSettingsView.parse(merge(base, overrides));
}

export function buildPreview(overrides?: DeepPartial<SettingsPreview>): SettingsPreview {
  const base: SettingsPreview = {
    companies: 40,
    current: { healthy: 20, monitor: 12, at_risk: 6, no_data: 2 },
    proposed: { healthy: 16, monitor: 14, at_risk: 8, no_data: 2 },
    changed: 6,
    riskChanged: 1,
    averageCurrent: 64.2,
    averageProposed: 60.1,
    changes: [
      {
        companyId: '101',
        companyName: 'Acme Corp',
        band: { from: 'healthy', to: 'monitor' },
        score: { from: 72, to: 64 },
        risk: { from: 'low', to: 'medium' },
      },
    ],
    propertiesRead: [],
  };
  return ZSettingsPreview.parse(merge(base, overrides));
}

/** A fake API: every method is a spy that fails loudly unless the test gives it an implementation. */
export function fakeApi(overrides: Partial<PulseApi> = {}) {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call to api.${name}`));
  return {
    getCompanyHealth: vi.fn(overrides.getCompanyHealth ?? unexpected('getCompanyHealth')),
    setSentiment: vi.fn(overrides.setSentiment ?? unexpected('setSentiment')),
    getPortfolio: vi.fn(overrides.getPortfolio ?? unexpected('getPortfolio')),
    getSettings: vi.fn(overrides.getSettings ?? unexpected('getSettings')),
    saveSettings: vi.fn(overrides.saveSettings ?? unexpected('saveSettings')),
    previewSettings: vi.fn(overrides.previewSettings ?? unexpected('previewSettings')),
    getBacktest: vi.fn(overrides.getBacktest ?? unexpected('getBacktest')),
    previewBacktest: vi.fn(overrides.previewBacktest ?? unexpected('previewBacktest')),
    getRecomputeStatus: vi.fn(overrides.getRecomputeStatus ?? unexpected('getRecomputeStatus')),
    getSyncStatus: vi.fn(overrides.getSyncStatus ?? unexpected('getSyncStatus')),
    syncNow: vi.fn(overrides.syncNow ?? unexpected('syncNow')),
    getUsers: vi.fn(overrides.getUsers ?? unexpected('getUsers')),
    getAdmins: vi.fn(overrides.getAdmins ?? unexpected('getAdmins')),
    saveAdmins: vi.fn(overrides.saveAdmins ?? unexpected('saveAdmins')),
    disconnect: vi.fn(overrides.disconnect ?? unexpected('disconnect')),
  } satisfies PulseApi;
}

/** All text a user would read under a node, in order (the renderer's `.text` is null on the root). */
export function allText(node: RenderedNode): string {
  if (node.nodeType === 'text') return node.text;
  return node.childNodes.map((child) => allText(child)).join('');
}

/**
 * Fire an event handler with the value a user would produce (a Select's option, a NumberInput's number).
 * The renderer's `trigger` types its argument as the handler itself, so the one cast lives here.
 */
export function change(node: { trigger: unknown }, value: unknown, event = 'onChange'): void {
  (node.trigger as (eventName: string, eventArg: unknown) => void)(event, value);
}
