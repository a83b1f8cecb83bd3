import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { createApp, type AppDeps, type PulseApp } from '../../../server/src/app';
import { loadConfig, type Config } from '../../../server/src/config/config';
import { createLogger } from '../../../server/src/logger';
import { createSandbox, generateDataset, type Sandbox } from '../../../server/src/sandbox';
import { sandboxMswHandlers } from '../../msw/sandbox-handlers';
import { loadManifest } from '../../../server/src/services/manifest';
import { createTokenCipher } from '../../../server/src/services/token-cipher';
import { wireHubSpot } from '../../../server/src/runtime';
import type { PortalClients } from '../../../server/src/runtime/hubspot';
import type { TokenProvider } from '../../../server/src/services/tokens';
import { createScoring, recomputeCompanies, runSync } from '../../../server/src/sync';
import { createLimiterRegistry } from '../../../server/src/hubspot';
import { createStore, type Store } from '../../../server/src/store';

export const CLIENT_ID = 'pulse-test-client';
export const CLIENT_SECRET = 'test-client-secret-6f1d2c';
export const PUBLIC_URL = 'https://pulse.test';
export const HUBSPOT_BASE = 'https://hubspot.sandbox.test';
export const PORTAL_A = 1001;
export const PORTAL_B = 2002;
export const ENCRYPTION_KEY = randomBytes(32);

/** Every log line the app writes, as text, so tests can prove secrets never reach it. */
export const captureLogs = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => lines.join('') };
};

export type Harness = {
  app: PulseApp;
  store: Store;
  config: Config;
  sandbox: Sandbox;
  logs: () => string;
  tokens: TokenProvider;
  /** the per-portal HubSpot clients the app uses (real SDK against the sandbox) */
  clients: PortalClients;
  databasePath: string | null;
  syncRequests: { portalId: number; full: boolean }[];
  recomputes: { portalId: number; companyIds: string[] | 'all' }[];
  msw: ReturnType<typeof setupServer>;
  close(): Promise<void>;
};

export const buildHarness = async (
  options: {
    env?: Record<string, string>;
    now?: () => number;
    /** run real syncs (server/src/sync) when the app requests one, and really recompute snapshots */
    realSync?: boolean;
    /** a temporary SQLite file instead of memory (to inspect the raw rows) */
    fileDatabase?: boolean;
    sandboxPortals?: number[];
    /** scopes a sandbox portal's account cannot grant (it lacks the product), by portal id */
    ungrantableScopes?: Record<number, string[]>;
    demo?: AppDeps['demo'];
    signingSecret?: string | null;
    /** a built web host to serve at / (AppDeps.staticDir) */
    staticDir?: string;
  } = {},
): Promise<Harness> => {
  const logs = captureLogs();
  const logger = createLogger({ level: 'debug', destination: logs.stream });
  const config = loadConfig(
    options.env ?? {
      HUBSPOT_CLIENT_ID: CLIENT_ID,
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      PUBLIC_URL,
      TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
      HUBSPOT_API_BASE_URL: HUBSPOT_BASE,
      DATABASE_URL: 'file::memory:',
      NODE_ENV: 'test',
    },
  );
  const databasePath =
    options.fileDatabase === true ? join(mkdtempSync(join(tmpdir(), 'pulse-app-')), 'pulse.db') : null;
  const store = await createStore({
    url: databasePath === null ? 'file::memory:' : `file:${databasePath}`,
    cipher: createTokenCipher(ENCRYPTION_KEY),
  });
  await store.migrate();
  const now = options.now ?? Date.now;
  const sandbox = createSandbox({
    portals: (options.sandboxPortals ?? [PORTAL_A, PORTAL_B]).map((portalId, i) => ({
      portalId,
      dataset: generateDataset({
        seed: 7 + i,
        now: now(),
        companies: 6,
        dealsPerCompany: 2,
        ticketsPerCompany: 2,
        contactsPerCompany: 2,
        responsesPerCompany: 2,
      }),
      ungrantableScopes: options.ungrantableScopes?.[portalId] ?? [],
    })),
    // registered as the project declares it, so the sandbox's consent step checks what Pulse asks for
    oauth: {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: `${PUBLIC_URL}/oauth/callback`,
      requiredScopes: loadManifest().auth.requiredScopes,
      optionalScopes: loadManifest().auth.optionalScopes,
    },
    rateLimit: false,
  });
  const msw = setupServer(...sandboxMswHandlers(sandbox, HUBSPOT_BASE));
  // supertest talks to the app over loopback: let that through; anything else unhandled fails the test
  msw.listen({
    onUnhandledRequest: (req, print) => {
      if (new URL(req.url).hostname !== '127.0.0.1') print.error();
    },
  });

  const { clients, hubspot, tokens } = wireHubSpot({
    store,
    baseUrl: config.hubspot.apiBaseUrl,
    clientId: config.hubspot.clientId,
    clientSecret: config.hubspot.clientSecret,
    limiters: createLimiterRegistry(),
    logger,
    now,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });

  const syncRequests: Harness['syncRequests'] = [];
  const recomputes: Harness['recomputes'] = [];
  const runRealSync = async (portalId: number, full: boolean) => {
    await runSync({
      store,
      client: clients.for(portalId),
      portalId,
      kind: full ? 'full' : 'incremental',
      now,
    });
  };
  const app = createApp({
    config,
    store,
    logger,
    manifest: loadManifest(),
    hubspot,
    jobs: {
      requestSync: async (portalId, { full }) => {
        syncRequests.push({ portalId, full });
        if (options.realSync === true) await runRealSync(portalId, full);
      },
    },
    recompute: async (portalId, companyIds, recomputeOptions) => {
      recomputes.push({ portalId, companyIds });
      if (options.realSync === true)
        await recomputeCompanies({
          portal: store.forPortal(portalId),
          companyIds,
          now,
          ...(recomputeOptions?.onProgress ? { onProgress: recomputeOptions.onProgress } : {}),
        });
    },
    scoring: createScoring({
      forPortal: (portalId) => store.forPortal(portalId),
      clientFor: (portalId) => clients.for(portalId),
      now,
    }),
    tokens,
    signingSecret: options.signingSecret === undefined ? config.hubspot.clientSecret : options.signingSecret,
    demo: options.demo ?? null,
    staticDir: options.staticDir ?? null,
    now,
  });
  return {
    app,
    store,
    config,
    sandbox,
    tokens,
    clients,
    databasePath,
    logs: logs.text,
    syncRequests,
    recomputes,
    msw,
    async close() {
      await app.background.idle();
      msw.close();
      await store.close();
    },
  };
};

/** HubSpot signs the URI with these escapes decoded (its request-validation docs list exactly these). */
const hubspotDecoded = (url: string) =>
  url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) =>
    String.fromCharCode(parseInt(escape.slice(1), 16)),
  );

/** Signs like HubSpot does (written out here, independently of the server's verifier). */
export const signV3 = (input: {
  secret: string;
  method: string;
  url: string;
  body: string;
  timestamp: number;
}) =>
  createHmac('sha256', input.secret)
    .update(`${input.method}${hubspotDecoded(input.url)}${input.body}${input.timestamp}`)
    .digest('base64');

type SignedOptions = {
  portalId?: number;
  userId?: number;
  userEmail?: string;
  secret?: string;
  timestamp?: number;
  body?: unknown;
  /** extra query string, appended after HubSpot's parameters */
  query?: string;
};

/** A request as hubspot.fetch sends it: HubSpot's query parameters appended, signed headers set. */
export const signedRequest = (
  app: PulseApp,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  options: SignedOptions = {},
) => {
  const portalId = options.portalId ?? PORTAL_A;
  const params = new URLSearchParams({
    userId: String(options.userId ?? 42),
    userEmail: options.userEmail ?? 'csm@example.com',
    appId: '777',
    portalId: String(portalId),
  });
  const separator = path.includes('?') ? '&' : '?';
  const pathWithQuery = `${path}${separator}${params.toString()}${options.query ?? ''}`;
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const timestamp = options.timestamp ?? Date.now();
  const signature = signV3({
    secret: options.secret ?? CLIENT_SECRET,
    method,
    url: `${PUBLIC_URL}${pathWithQuery}`,
    body,
    timestamp,
  });
  const agent = request(app);
  const req =
    method === 'GET'
      ? agent.get(pathWithQuery)
      : method === 'PUT'
        ? agent.put(pathWithQuery)
        : agent.post(pathWithQuery);
  req.set('X-HubSpot-Signature-v3', signature).set('X-HubSpot-Request-Timestamp', String(timestamp));
  if (options.body !== undefined) req.set('Content-Type', 'application/json').send(body);
  return { req, signature, timestamp, pathWithQuery, body };
};

/** Registers an OAuth installation straight in the store (tests that are not about the install flow). */
export const installPortal = async (
  store: Store,
  portalId: number,
  overrides: { installerUserId?: number } = {},
) => {
  const now = Date.now();
  const portal = store.forPortal(portalId);
  await portal.installation.upsert({
    mode: 'oauth',
    status: 'active',
    scopes: [],
    accessToken: `access-${portalId}`,
    refreshToken: `refresh-${portalId}`,
    accessTokenExpiresAt: now + 30 * 60_000,
    hubDomain: null,
    installedAt: now,
    updatedAt: now,
  });
  await portal.checkpoints.set(
    'pulse.admins',
    JSON.stringify({ installerUserId: overrides.installerUserId ?? 42, userIds: [] }),
  );
};
