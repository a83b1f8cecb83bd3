import type { Logger } from '../logger';
import type { CompanySyncPort } from './ports';

/** What a card may wait for an on-demand fetch: well inside hubspot.fetch's 15 s, with room for the rest. */
export const ON_DEMAND_BUDGET_MS = 8_000;
/** A company HubSpot said it does not have is not asked for again this soon (each miss costs a few calls). */
const MISSING_TTL_MS = 60_000;
/** Cards fetching companies of one portal at the same time; more wait for the bulk sync (bounded budget use). */
const MAX_IN_FLIGHT_PER_PORTAL = 4;

export type OnDemandOutcome = 'synced' | 'missing' | 'pending';

export type CompanyOnDemand = {
  /**
   * Fetches the company unless a fetch of it is running (then joins it), waiting at most the card's budget:
   * 'pending' when the fetch goes on past it (its result lands in the store for the next look) or too many run.
   */
  fetch(portalId: number, companyId: string): Promise<OnDemandOutcome>;
};

export const createCompanyOnDemand = (options: {
  sync: CompanySyncPort;
  logger: Logger;
  now: () => number;
  budgetMs?: number;
}): CompanyOnDemand => {
  const budgetMs = options.budgetMs ?? ON_DEMAND_BUDGET_MS;
  const inFlight = new Map<string, Promise<'synced' | 'missing'>>();
  const perPortal = new Map<number, number>();
  const missingUntil = new Map<string, number>();

  const start = (portalId: number, companyId: string, key: string) => {
    perPortal.set(portalId, (perPortal.get(portalId) ?? 0) + 1);
    const promise = options.sync(portalId, companyId).finally(() => {
      inFlight.delete(key);
      perPortal.set(portalId, (perPortal.get(portalId) ?? 1) - 1);
    });
    inFlight.set(key, promise);
    promise.then(
      (outcome) => {
        if (outcome === 'missing') missingUntil.set(key, options.now() + MISSING_TTL_MS);
      },
      (err: unknown) => options.logger.warn({ err, portalId }, 'on-demand company sync failed'),
    );
    return promise;
  };

  return {
    async fetch(portalId, companyId) {
      const key = `${portalId}:${companyId}`;
      const until = missingUntil.get(key);
      if (until !== undefined) {
        if (until > options.now()) return 'missing';
        missingUntil.delete(key);
      }
      let promise = inFlight.get(key);
      if (promise === undefined) {
        if ((perPortal.get(portalId) ?? 0) >= MAX_IN_FLIGHT_PER_PORTAL) return 'pending';
        promise = start(portalId, companyId, key);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'pending'>((resolve) => {
        timer = setTimeout(() => resolve('pending'), budgetMs);
      });
      try {
        // a failed fetch leaves the card as it was before on-demand sync existed: waiting for the bulk sync
        return await Promise.race([promise.catch(() => 'pending' as const), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
};
