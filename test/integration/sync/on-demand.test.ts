import { afterEach, describe, expect, it } from 'vitest';
import type { CompanySnapshot } from '@pulse/shared';
import { isAppError } from '../../../server/src/errors';
import { createLogger } from '../../../server/src/logger';
import { createPortalClient, createRateLimiter, prioritized } from '../../../server/src/hubspot';
import { createSandbox, generateDataset, type SandboxServer } from '../../../server/src/sandbox';
import { createCompanyOnDemand } from '../../../server/src/services/company-on-demand';
import { getCompanyHealthView } from '../../../server/src/services/company-health';
import { createStore, type Store } from '../../../server/src/store';
import { runSync, syncOneCompany } from '../../../server/src/sync';
import { expectedFromDataset, identityCipher, PORTAL, TOKEN } from './harness';

const NOW = Date.UTC(2026, 3, 1, 12);
/** HubSpot's clock runs 5× fast, so its 10-second window passes in two real seconds. */
const SPEED = 5;
/**
 * The sandbox enforces this many calls per (fast) 10 s. Our limiter counts a call when it sends it, the sandbox
 * when it arrives; on a loaded machine arrivals reorder by tens of ms, which the fast clock multiplies, so ours
 * stays a few under (HubSpot's real window is 5× longer against the same jitter).
 */
const SANDBOX_PER_10S = 20;
const OURS_PER_WINDOW = 16;

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
});

const setup = async (companies: number) => {
  const dataset = generateDataset({
    seed: 13,
    now: NOW,
    companies,
    ticketsPerCompany: 5,
    dealsPerCompany: 3,
    contactsPerCompany: 3,
    responsesPerCompany: 3,
  });
  const started = Date.now();
  const now = () => NOW + (Date.now() - started) * SPEED;
  const sandbox = createSandbox({
    portals: [{ portalId: PORTAL, dataset, accessTokens: [TOKEN] }],
    clock: now,
    rateLimit: { perTenSeconds: SANDBOX_PER_10S, searchPerSecond: 5 },
  });
  const server: SandboxServer = await sandbox.listen();
  const store: Store = await createStore({ url: 'file::memory:', cipher: identityCipher });
  await store.migrate();
  closers.push(
    () => server.close(),
    () => store.close(),
  );
  // one budget for the portal, as in production: the bulk client and the card's priority client share it
  const limiter = createRateLimiter({
    maxRequests: OURS_PER_WINDOW,
    intervalMs: 10_000 / SPEED,
    searchMaxRequests: 4,
    searchIntervalMs: 1_000 / SPEED,
  });
  const clientWith = (l: typeof limiter) =>
    createPortalClient({
      portalId: PORTAL,
      baseUrl: server.url,
      getAccessToken: async () => TOKEN,
      limiter: l,
    });
  const bulk = clientWith(limiter);
  const priority = clientWith(prioritized(limiter));
  const onDemand = createCompanyOnDemand({
    sync: (portalId, companyId) => syncOneCompany({ store, client: priority, portalId, companyId, now }),
    logger: createLogger({ level: 'silent' }),
    now,
  });
  const card = (companyId: string) =>
    getCompanyHealthView(store.forPortal(PORTAL), {
      companyId,
      now: now(),
      syncIntervalMinutes: 15,
      fetchCompany: () => onDemand.fetch(PORTAL, companyId),
    });
  return { dataset, sandbox, store, bulk, priority, now, card };
};

/** What the card shows of a company: every number, not the moment it was computed. */
const numbers = (s: CompanySnapshot) => {
  const { computedAt: _computedAt, ...rest } = s;
  return rest;
};

describe('on-demand company sync', () => {
  it('answers a card asked during the first sync with the numbers the full sync later computes, with zero 429s', async () => {
    const t = await setup(150);
    const expected = expectedFromDataset(t.dataset, NOW);
    // a company with something in every section, so equal numbers mean something
    const [companyId] = [...expected].find(
      ([, e]) => e.openTickets > 0 && e.nps !== null && e.nextRenewal !== null,
    )!;

    let phase = '';
    const sync = runSync({
      store: t.store,
      client: t.bulk,
      portalId: PORTAL,
      kind: 'full',
      now: t.now,
      onProgress: (p) => (phase = p.phase),
    });
    // ask once the sync is deep in the bulk reads: the budget is saturated by then
    while (phase !== 'tickets') await new Promise((r) => setTimeout(r, 5));
    expect(await t.store.forPortal(PORTAL).snapshots.get(companyId)).toBeNull();

    const askedAt = Date.now();
    const view = await t.card(companyId);
    const answeredInMs = Date.now() - askedAt;
    // still importing the rest: the card did not simply wait for the end of the sync
    expect(await t.store.forPortal(PORTAL).syncRuns.running()).not.toBeNull();
    expect(view.status).toBe('ready');
    if (view.status !== 'ready') return;
    expect(view.importing).toBe(true);
    expect(answeredInMs).toBeLessThan(5_000);
    // the dataset's own arithmetic, independent of Pulse's metric code
    const e = expected.get(companyId)!;
    expect({
      openTickets: view.snapshot.support.open,
      npsResponses: view.snapshot.nps.responses,
      nps: view.snapshot.nps.score,
      nextRenewal: view.snapshot.renewal.next
        ? {
            closeAt: Date.parse(view.snapshot.renewal.next.closeDate),
            amount: view.snapshot.renewal.next.amount,
          }
        : null,
    }).toEqual(e);

    const report = await sync;
    expect(report.status).toBe('succeeded');
    const full = await t.store.forPortal(PORTAL).snapshots.get(companyId);
    expect(numbers(view.snapshot)).toEqual(numbers(full!.snapshot));
    // the card's view after the sync: the same numbers, no importing note
    const after = await t.card(companyId);
    expect(after).toMatchObject({ status: 'ready', snapshot: { health: full!.snapshot.health } });
    expect(after.status === 'ready' && after.importing).toBeUndefined();
    // the two clients together never went past the portal's budget
    expect(t.sandbox.stats(PORTAL).rateLimited).toBe(0);
    expect(report.rateLimited + t.priority.stats.rateLimited).toBe(0);
    expect(t.priority.stats.apiCalls).toBeLessThanOrEqual(15);
  }, 60_000);

  it('fetches a company created since the last sync, and answers 404 for one HubSpot does not have', async () => {
    const t = await setup(20);
    const report = await runSync({
      store: t.store,
      client: t.bulk,
      portalId: PORTAL,
      kind: 'full',
      now: t.now,
    });
    expect(report.status).toBe('succeeded');

    const company = t.sandbox.create(PORTAL, 'companies', {
      properties: { name: 'Newco', domain: 'newco.test' },
    });
    const pipeline = t.dataset.pipelines.tickets[0]!;
    const open = pipeline.stages.find((s) => s.metadata.ticketState === 'OPEN')!;
    t.sandbox.create(
      PORTAL,
      'tickets',
      { properties: { subject: 'Cannot log in', hs_pipeline: pipeline.id, hs_pipeline_stage: open.id } },
      [{ toType: 'companies', toId: company.id }],
    );
    t.sandbox.associate(
      PORTAL,
      'tickets',
      t.sandbox.dataset(PORTAL).objects.tickets.at(-1)!.id,
      'companies',
      company.id,
      {
        primary: true,
      },
    );

    const view = await t.card(company.id);
    expect(view.status).toBe('ready');
    if (view.status !== 'ready') return;
    expect(view.snapshot.support.open).toBe(1);
    expect(view.importing).toBeUndefined();

    // the next incremental sync finds it unchanged and keeps the same numbers
    const inc = await runSync({
      store: t.store,
      client: t.bulk,
      portalId: PORTAL,
      kind: 'incremental',
      now: t.now,
    });
    expect(inc.status).toBe('succeeded');
    const stored = await t.store.forPortal(PORTAL).snapshots.get(company.id);
    expect(stored?.snapshot.support.open).toBe(1);

    const missing = await t.card('999999999').catch((error: unknown) => error);
    expect(isAppError(missing) && missing.code).toBe('not_found');
    // asked again at once: answered from memory, not another round of calls
    const calls = t.priority.stats.apiCalls;
    await expect(t.card('999999999')).rejects.toMatchObject({ code: 'not_found' });
    expect(t.priority.stats.apiCalls).toBe(calls);
    expect(t.sandbox.stats(PORTAL).rateLimited).toBe(0);
  }, 60_000);
});
