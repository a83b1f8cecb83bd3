import { createPortalClient, createRateLimiter, type PortalClient } from '../../../server/src/hubspot';
import {
  createSandbox,
  type Sandbox,
  type SandboxDataset,
  type SandboxServer,
} from '../../../server/src/sandbox';
import { createStore, type Store } from '../../../server/src/store';

export const PORTAL = 4242;
export const TOKEN = 'sandbox-token';
export const identityCipher = {
  encrypt: (s: string) => s,
  decrypt: (s: string) => s,
  isCurrent: () => true,
};

export type Harness = {
  sandbox: Sandbox;
  server: SandboxServer;
  store: Store;
  client: PortalClient;
  /** the sync's clock: the dataset's "now", advancing in real time like the sandbox's */
  now: () => number;
  close(): Promise<void>;
};

/** A sandbox portal over real HTTP, a store (in-memory SQLite unless given), and a client with fast retries. */
export const createHarness = async (
  dataset: SandboxDataset,
  options: {
    sandboxRateLimit?: false | { perTenSeconds?: number; searchPerSecond?: number };
    /** a migrated store to sync into (default: a new in-memory SQLite one); closed with the harness */
    store?: Store;
  } = {},
): Promise<Harness> => {
  const started = Date.now();
  const now = () => dataset.now + (Date.now() - started);
  const sandbox = createSandbox({
    portals: [{ portalId: PORTAL, dataset, accessTokens: [TOKEN] }],
    clock: now,
    rateLimit: options.sandboxRateLimit ?? false,
  });
  const server = await sandbox.listen();
  const store = options.store ?? (await createStore({ url: 'file::memory:', cipher: identityCipher }));
  if (options.store === undefined) await store.migrate();
  const client = createPortalClient({
    portalId: PORTAL,
    baseUrl: server.url,
    getAccessToken: async () => TOKEN,
    // A high budget over a short window, and short waits: injected 429s then cost milliseconds, not seconds.
    limiter: createRateLimiter({
      maxRequests: 10_000,
      intervalMs: 100,
      searchMaxRequests: 1_000,
      searchIntervalMs: 100,
    }),
    retry: { baseDelayMs: 2, maxDelayMs: 20, maxAttempts: 8, rateLimitFloorMs: 5, secondlyWaitMs: 5 },
  });
  return {
    sandbox,
    server,
    store,
    client,
    now,
    async close() {
      await store.close();
      await server.close();
    },
  };
};

type Raw = SandboxDataset['objects']['companies'][number];

/**
 * What Pulse should show, computed straight from the raw dataset (HubSpot's strings) with plain arithmetic:
 * no shared/ metric code, so a bug there cannot hide itself here.
 */
export const expectedFromDataset = (dataset: SandboxDataset, now: number) => {
  const DAY = 86_400_000;
  const live = (type: keyof SandboxDataset['objects']) =>
    new Map(dataset.objects[type].filter((r) => !r.archived).map((r) => [r.id, r]));
  const companies = live('companies');
  const contacts = live('contacts');
  const tickets = live('tickets');
  const deals = live('deals');
  const responses = live('responses');

  // One company per record: the primary association, else the lowest id (METRICS.md attribution rules).
  const companyOf = new Map<string, string>();
  const candidates = new Map<string, { id: string; primary: boolean }[]>();
  const otherEnd = new Map<string, string>();
  for (const a of dataset.associations) {
    if (a.toType === 'companies') {
      const list = candidates.get(`${a.fromType}:${a.fromId}`) ?? [];
      if (companies.has(a.toId)) list.push({ id: a.toId, primary: a.primary });
      candidates.set(`${a.fromType}:${a.fromId}`, list);
    } else if (a.fromType === 'responses') {
      otherEnd.set(`${a.toType}:${a.fromId}`, a.toId);
    }
  }
  for (const [key, list] of candidates) {
    const primary = list.find((c) => c.primary) ?? [...list].sort((x, y) => Number(x.id) - Number(y.id))[0];
    if (primary) companyOf.set(key, primary.id);
  }

  const openStages = new Set(
    dataset.pipelines.tickets.flatMap((p) =>
      p.stages.filter((s) => s.metadata.ticketState === 'OPEN').map((s) => `${p.id}/${s.id}`),
    ),
  );
  const renewalPipelines = new Set(
    dataset.pipelines.deals.filter((p) => /renewal/i.test(p.label)).map((p) => p.id),
  );
  const closedDealStages = new Set(
    dataset.pipelines.deals.flatMap((p) =>
      p.stages.filter((s) => s.metadata.isClosed === 'true').map((s) => `${p.id}/${s.id}`),
    ),
  );

  type Expected = {
    openTickets: number;
    npsResponses: number;
    nps: number | null;
    nextRenewal: { closeAt: number; amount: number | null } | null;
  };
  const out = new Map<string, Expected>();
  for (const id of companies.keys())
    out.set(id, { openTickets: 0, npsResponses: 0, nps: null, nextRenewal: null });

  for (const t of tickets.values()) {
    const company = companyOf.get(`tickets:${t.id}`);
    if (company && openStages.has(`${t.properties.hs_pipeline}/${t.properties.hs_pipeline_stage}`))
      out.get(company)!.openTickets += 1;
  }

  const groups = new Map<string, { p: number; d: number; n: number }>();
  for (const r of responses.values()) {
    const p = r.properties;
    if (p.hs_survey_type !== 'NPS') continue;
    const at = Date.parse(p.hs_submission_timestamp!);
    if (at < now - 180 * DAY || at > now) continue;
    const contactId = otherEnd.get(`contacts:${r.id}`) ?? p.hs_contact_id;
    const ticketId = otherEnd.get(`tickets:${r.id}`) ?? p.hs_ticket_id;
    const viaContact =
      contactId && contacts.has(contactId) ? companyOf.get(`contacts:${contactId}`) : undefined;
    const viaTicket = ticketId && tickets.has(ticketId) ? companyOf.get(`tickets:${ticketId}`) : undefined;
    const company = viaContact ?? viaTicket;
    if (!company) continue;
    const value = Number(p.hs_value);
    const group = p.hs_response_group ?? (value >= 9 ? 'PROMOTER' : value <= 6 ? 'DETRACTOR' : 'PASSIVE');
    const g = groups.get(company) ?? { p: 0, d: 0, n: 0 };
    g.n += 1;
    if (group === 'PROMOTER') g.p += 1;
    if (group === 'DETRACTOR') g.d += 1;
    groups.set(company, g);
  }
  for (const [company, g] of groups) {
    const e = out.get(company)!;
    e.npsResponses = g.n;
    e.nps = Math.round((100 * (g.p - g.d)) / g.n);
  }

  for (const d of deals.values()) {
    const company = companyOf.get(`deals:${d.id}`);
    const p = d.properties;
    const isRenewal =
      renewalPipelines.has(p.pipeline!) ||
      (p.dealtype === 'existingbusiness' && /renew/i.test(p.dealname ?? ''));
    if (!company || !isRenewal || closedDealStages.has(`${p.pipeline}/${p.dealstage}`) || !p.closedate)
      continue;
    const closeAt = Date.parse(p.closedate);
    if (closeAt < now) continue;
    const e = out.get(company)!;
    if (!e.nextRenewal || closeAt < e.nextRenewal.closeAt)
      // in the company currency: HubSpot's value beside the deal's own-currency amount
      e.nextRenewal = {
        closeAt,
        amount: p.amount_in_home_currency ? Number(p.amount_in_home_currency) : null,
      };
  }
  return out;
};

export const rawIds = (records: Raw[]) =>
  records
    .filter((r) => !r.archived)
    .map((r) => r.id)
    .sort();
