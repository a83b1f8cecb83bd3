import type { Driver, RiskLevel, Signals } from '../contracts/snapshot';
import type { RiskRules, Settings } from '../schemas/settings';
import { pluralize } from '../format/plural';

/** What the risk rules need beyond the health score and signals. */
export type RiskFacts = {
  /** an upcoming or overdue open renewal exists; without one the level is "no_renewal" */
  hasRenewal: boolean;
  /** detractor NPS responses in the last `risk.detractorDays` */
  recentDetractors: number;
  openUrgent: number;
  /** the next (upcoming) renewal, for the "stuck in stage" rule */
  nextRenewal: { daysToRenewal: number; daysInStage: number | null } | null;
  /** days the most overdue renewal is past due, null when none is overdue */
  overdueDays: number | null;
};

export type RenewalRisk = { points: number; level: RiskLevel; drivers: Driver[] };

/** Low < medium ≤ Medium < high ≤ High < critical ≤ Critical. */
export function riskLevelOf(points: number, levels: RiskRules['levels']): Exclude<RiskLevel, 'no_renewal'> {
  if (points >= levels.critical) return 'critical';
  if (points >= levels.high) return 'high';
  if (points >= levels.medium) return 'medium';
  return 'low';
}

/**
 * Risk-rule messages by the number they show, per settings object: the same few strings recur across a
 * whole book, so they are built once. Bounded so odd inputs cannot grow them without limit.
 */
type MessageCache = {
  [K in 'health' | 'detractor' | 'urgent' | 'contact' | 'stale' | 'overdue']: Map<number, string>;
};
const messageCaches = new WeakMap<Settings, MessageCache>();
const MESSAGE_CACHE_LIMIT = 5_000;

function cacheFor(settings: Settings): MessageCache {
  let cache = messageCaches.get(settings);
  if (cache === undefined) {
    cache = {
      health: new Map(),
      detractor: new Map(),
      urgent: new Map(),
      contact: new Map(),
      stale: new Map(),
      overdue: new Map(),
    };
    messageCaches.set(settings, cache);
  }
  return cache;
}

function remember(map: Map<number, string>, key: number, text: string): string {
  if (map.size < MESSAGE_CACHE_LIMIT) map.set(key, text);
  return text;
}

function driver(key: string, points: number, message: string): Driver {
  return { key, group: null, message, impact: Math.round(points * 10) / 10 };
}

/**
 * Risk points = healthFactor × (100 − health) plus the listed rule points, clamped to 0..100 and rounded;
 * every point added is a driver. Without a health score the health part adds nothing (missing data is not
 * bad). Points are computed even with no renewal, but the level is then "no_renewal".
 */
export function computeRenewalRisk(
  health: number | null,
  signals: Signals,
  facts: RiskFacts,
  settings: Settings,
): RenewalRisk {
  const r = settings.risk;
  const acc: RiskAccumulator = { drivers: [], total: 0 };
  addAccountDrivers(acc, health, signals, facts, settings);
  addRenewalDrivers(acc, signals, facts, settings);
  const { drivers, total } = acc;

  const points = Math.round(total > 100 ? 100 : total < 0 ? 0 : total);
  sortByImpact(drivers);
  return { points, level: facts.hasRenewal ? riskLevelOf(points, r.levels) : 'no_renewal', drivers };
}

type RiskAccumulator = { drivers: Driver[]; total: number };

/** health, detractors, urgent tickets, silence: what the account itself says */
function addAccountDrivers(
  acc: RiskAccumulator,
  health: number | null,
  signals: Signals,
  facts: RiskFacts,
  settings: Settings,
): void {
  const r = settings.risk;
  const cache = cacheFor(settings);
  const drivers = acc.drivers;
  let total = 0;
  if (health !== null && health < 100 && r.healthFactor > 0) {
    const points = r.healthFactor * (100 - health);
    total += points;
    drivers.push(
      driver(
        'health',
        points,
        cache.health.get(health) ?? remember(cache.health, health, `Health score ${health} of 100`),
      ),
    );
  }
  if (facts.recentDetractors > 0 && r.detractorPoints > 0) {
    total += r.detractorPoints;
    const n = facts.recentDetractors;
    drivers.push(
      driver(
        'detractor',
        r.detractorPoints,
        cache.detractor.get(n) ??
          remember(
            cache.detractor,
            n,
            `${pluralize(n, 'detractor response')} in the last ${r.detractorDays} days`,
          ),
      ),
    );
  }
  if (facts.openUrgent > 0 && r.openUrgentPoints > 0) {
    total += r.openUrgentPoints;
    const n = facts.openUrgent;
    drivers.push(
      driver(
        'openUrgent',
        r.openUrgentPoints,
        cache.urgent.get(n) ?? remember(cache.urgent, n, `${pluralize(n, 'urgent ticket')} open`),
      ),
    );
  }
  const days = signals.daysSinceContact;
  if (days !== null && days >= r.noContactDays && r.noContactPoints > 0) {
    total += r.noContactPoints;
    drivers.push(
      driver(
        'noContact',
        r.noContactPoints,
        cache.contact.get(days) ?? remember(cache.contact, days, `No contact for ${pluralize(days, 'day')}`),
      ),
    );
  }
  acc.total += total;
}

/** the renewal itself: a contraction last time, a stale or overdue renewal */
function addRenewalDrivers(
  acc: RiskAccumulator,
  signals: Signals,
  facts: RiskFacts,
  settings: Settings,
): void {
  const r = settings.risk;
  const cache = cacheFor(settings);
  const drivers = acc.drivers;
  let total = 0;
  if (
    (signals.lastRenewalOutcome === 'contraction_small' ||
      signals.lastRenewalOutcome === 'contraction_large') &&
    r.contractionPoints > 0
  ) {
    total += r.contractionPoints;
    drivers.push(driver('contraction', r.contractionPoints, 'Contracted at the last renewal'));
  }
  const next = facts.nextRenewal;
  if (
    next !== null &&
    next.daysToRenewal <= r.staleRenewalDueDays &&
    next.daysInStage !== null &&
    next.daysInStage >= r.staleRenewalStageDays &&
    r.staleRenewalPoints > 0
  ) {
    total += r.staleRenewalPoints;
    const { daysToRenewal, daysInStage } = next;
    const key = daysToRenewal * 100_000 + daysInStage;
    const message =
      cache.stale.get(key) ??
      remember(
        cache.stale,
        key,
        `Renewal due in ${pluralize(daysToRenewal, 'day')}, stage unchanged for ${pluralize(daysInStage, 'day')}`,
      );
    drivers.push(driver('staleRenewal', r.staleRenewalPoints, message));
  }
  if (signals.renewalOverdue === true && r.overduePoints > 0) {
    total += r.overduePoints;
    const overdue = facts.overdueDays;
    const message =
      overdue !== null && overdue > 0
        ? (cache.overdue.get(overdue) ??
          remember(cache.overdue, overdue, `Renewal ${pluralize(overdue, 'day')} overdue`))
        : 'Renewal overdue';
    drivers.push(driver('overdue', r.overduePoints, message));
  }
  acc.total += total;
}

/** largest impact first */
function sortByImpact(drivers: Driver[]): void {
  // Insertion sort: at most seven drivers, no comparator call per pair.
  for (let i = 1; i < drivers.length; i++) {
    const d = drivers[i]!;
    let j = i - 1;
    while (j >= 0 && drivers[j]!.impact < d.impact) {
      drivers[j + 1] = drivers[j]!;
      j--;
    }
    drivers[j + 1] = d;
  }
}
