import { afterEach, describe, expect, it } from 'vitest';
import { demoDataset, generateDataset } from '../../../server/src/sandbox';
import { runSync } from '../../../server/src/sync';
import { createHarness, expectedFromDataset, PORTAL, type Harness } from './harness';
import { NOW } from '../../factories';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const compareWithDataset = async (harness: Harness) => {
  const dataset = harness.sandbox.dataset(PORTAL);
  const snapshots = await harness.store.forPortal(PORTAL).snapshots.list();
  const expected = expectedFromDataset(dataset, Date.parse(snapshots[0]!.computedAt));
  expect(snapshots.map((s) => s.companyId).sort()).toEqual([...expected.keys()].sort());
  for (const s of snapshots) {
    const e = expected.get(s.companyId)!;
    const actual = {
      openTickets: s.support.open,
      npsResponses: s.nps.responses,
      nps: s.nps.score,
      nextRenewal: s.renewal.next
        ? { closeAt: Date.parse(s.renewal.next.closeDate), amount: s.renewal.next.amount }
        : null,
    };
    expect({ company: s.companyId, ...actual }).toEqual({ company: s.companyId, ...e });
  }
  return snapshots;
};

describe('full sync against the sandbox', () => {
  it('stores every record over many pages and yields exactly the dataset numbers for every company', async () => {
    h = await createHarness(demoDataset(NOW));
    const report = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'full',
      now: h.now,
    });
    const dataset = h.sandbox.dataset(PORTAL);
    const live = (type: keyof typeof dataset.objects) =>
      dataset.objects[type].filter((r) => !r.archived).length;
    expect(report).toMatchObject({
      status: 'succeeded',
      records: {
        companies: live('companies'),
        contacts: live('contacts'),
        deals: live('deals'),
        tickets: live('tickets'),
        responses: live('responses'),
      },
      skipped: 0,
      rateLimited: 0,
    });
    // tickets alone span 20 pages of 100
    expect(h.sandbox.stats(PORTAL).byEndpoint['GET /crm/v3/objects/tickets']).toBeGreaterThanOrEqual(20);
    const snapshots = await compareWithDataset(h);
    // the numbers are not all trivially empty
    expect(snapshots.filter((s) => s.support.open > 0).length).toBeGreaterThan(10);
    expect(snapshots.filter((s) => s.nps.score !== null).length).toBeGreaterThan(10);
    expect(snapshots.filter((s) => s.renewal.next !== null).length).toBeGreaterThan(10);
    // write-back sent every company's values once
    const written = new Set(h.sandbox.writes(PORTAL).map((w) => w.id));
    expect(written.size).toBe(snapshots.length);
  });

  it('survives 429 bursts, 5xx, HTML error pages and truncated pages with the same results', async () => {
    h = await createHarness(
      generateDataset({
        seed: 7,
        now: NOW,
        companies: 60,
        ticketsPerCompany: 6,
        dealsPerCompany: 3,
        contactsPerCompany: 3,
        responsesPerCompany: 4,
      }),
    );
    h.sandbox.faults.set({
      burst429: { every: 9, length: 2 },
      error5xxRate: 0.1,
      htmlErrorRate: 0.05,
      truncatePageRate: 0.1,
    });
    const report = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'full',
      now: h.now,
    });
    expect(report.status).toBe('succeeded');
    expect(report.rateLimited).toBeGreaterThan(5);
    expect(report.retries).toBeGreaterThan(report.rateLimited);
    expect(h.sandbox.stats(PORTAL).faults).toBeGreaterThan(10);
    h.sandbox.faults.clear();
    await compareWithDataset(h);
  });

  it('skips and reports a malformed record while storing the good records of its page', async () => {
    const dataset = generateDataset({ seed: 11, now: NOW, companies: 20, ticketsPerCompany: 4 });
    h = await createHarness(dataset);
    const badTicket = dataset.objects.tickets.find((t) => !t.archived)!;
    const badDeal = dataset.objects.deals.find((d) => !d.archived)!;
    h.sandbox.faults.set({ malformedIds: [badTicket.id, badDeal.id] });
    const report = await runSync({
      store: h.store,
      client: h.client,
      portalId: PORTAL,
      kind: 'full',
      now: h.now,
    });
    expect(report.skipped).toBe(2);
    expect(report.skippedSamples.map((s) => `${s.objectType}:${s.id}`).sort()).toEqual(
      [`deals:${badDeal.id}`, `tickets:${badTicket.id}`].sort(),
    );
    expect(report.skippedSamples.find((s) => s.objectType === 'tickets')!.reason).toMatch(
      /createdate is not a date/,
    );
    const counts = await h.store.forPortal(PORTAL).records.count();
    expect(counts.tickets).toBe(dataset.objects.tickets.filter((t) => !t.archived).length - 1);
    expect(counts.deals).toBe(dataset.objects.deals.filter((d) => !d.archived).length - 1);
  });

  it('respects HubSpot rate limits when they are enforced (no 429 with our limiter at the real budget)', async () => {
    h = await createHarness(generateDataset({ seed: 3, now: NOW, companies: 10 }), {
      sandboxRateLimit: { perTenSeconds: 110, searchPerSecond: 5 },
    });
    const limited = await import('../../../server/src/hubspot');
    const client = limited.createPortalClient({
      portalId: PORTAL,
      baseUrl: h.server.url,
      getAccessToken: async () => 'sandbox-token',
      limiter: limited.createRateLimiter(),
    });
    const report = await runSync({ store: h.store, client, portalId: PORTAL, kind: 'full', now: h.now });
    expect(report.rateLimited).toBe(0);
    expect(report.status).toBe('succeeded');
  });
});
