import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AppManifest } from '@pulse/shared';
import { createApp, type PulseApp } from '../app';
import type { Config } from '../config/config';
import { createLimiterRegistry } from '../hubspot';
import { createJobRunner, type JobRunner } from '../jobs';
import type { Logger } from '../logger';
import { loadManifest, projectOriginMismatch, readProjectOrigin } from '../services/manifest';
import { createTokenCipher } from '../services/token-cipher';
import { createStore, type Store } from '../store';
import { createScoring, recomputeCompanies, runSync, syncOneCompany } from '../sync';
import { DEMO_PORTAL_ID, demoVisitor, startDemoCrm } from './demo';
import { wireHubSpot, type HubSpotWiring } from './hubspot';
import { webHostDir } from './web-host';

export type RunningPulse = {
  url: string;
  summary: string;
  app: PulseApp;
  store: Store;
  jobs: JobRunner;
  close(): Promise<void>;
};

type Cleanup = () => Promise<unknown>;

/** What start-up has built so far: each step adds what must be undone, and a failure undoes it in reverse. */
type Startup = { config: Config; logger: Logger; cleanups: Cleanup[] };

/** Where the HubSpot API is, and the one static token of single-portal and demo modes (null in marketplace mode). */
type Crm = { baseUrl: string; staticToken: string | null; summary: string };

/**
 * Everything `npm start` needs, in order: store (migrated), the CRM (the sandbox in demo mode), tokens, jobs, the
 * app, the web host files, listening. main.ts only reads the config and calls this.
 */
export const startPulse = async ({
  config,
  logger,
}: {
  config: Config;
  logger: Logger;
}): Promise<RunningPulse> => {
  const startup: Startup = { config, logger, cleanups: [] };
  try {
    const manifest = loadManifest();
    if (config.mode === 'marketplace') {
      const mismatch = projectOriginMismatch(config.publicUrl, readProjectOrigin());
      if (mismatch !== null) logger.warn(mismatch);
    }
    const store = await openStore(startup);
    const crm = await connectCrm(startup);
    const wiring = wireHubSpot({
      store,
      baseUrl: crm.baseUrl,
      clientId: config.hubspot.clientId,
      clientSecret: config.hubspot.clientSecret,
      limiters: createLimiterRegistry({
        maxRequests: config.hubspot.rateLimitPer10s,
        searchMaxRequests: config.hubspot.searchPerSecond,
      }),
      logger,
    });
    const staticPortalId = await registerStaticPortal(startup, { store, crm, wiring, manifest });
    const jobs = createJobs(startup, store, wiring);
    const app = buildApp(startup, { store, manifest, wiring, jobs });
    if (config.mode === 'single-portal' && config.hubspot.clientSecret === null)
      logger.warn(
        'HUBSPOT_CLIENT_SECRET is not set: signed card requests from HubSpot cannot be verified and will be refused',
      );
    const server = await listen(app, config.port);
    startup.cleanups.push(() => closeServer(server));
    await jobs.start();
    startup.cleanups.push(() => jobs.stop());
    if (staticPortalId !== null) await jobs.requestSync(staticPortalId, { full: config.mode === 'demo' });
    return running(startup, { app, store, jobs, server, crm });
  } catch (error) {
    for (const cleanup of startup.cleanups.reverse()) await cleanup().catch(() => undefined);
    throw error;
  }
};

const openStore = async ({ config, logger, cleanups }: Startup): Promise<Store> => {
  // Demo tokens are the sandbox's own and re-registered at every start, so a per-process key loses nothing.
  const cipher = createTokenCipher(config.tokenEncryptionKey ?? randomBytes(32), config.tokenPreviousKeys);
  const store = await createStore({ url: config.databaseUrl, cipher, logger });
  cleanups.push(() => store.close());
  await store.migrate();
  if (config.tokenEncryptionKey !== null) await reencryptTokens(store, cipher.keyId, logger);
  return store;
};

/**
 * Key rotation: tokens still under a previous key are rewritten under TOKEN_ENCRYPTION_KEY at every start, so
 * once every instance has restarted with the new key the old one can leave TOKEN_ENCRYPTION_PREVIOUS_KEYS.
 */
const reencryptTokens = async (store: Store, keyId: string, logger: Logger): Promise<void> => {
  const report = await store.reencryptTokens();
  if (report.reencrypted > 0)
    logger.info({ keyId, reencrypted: report.reencrypted }, 'tokens re-encrypted with the current key');
  if (report.unreadable.length > 0)
    logger.error(
      { keyId, portalIds: report.unreadable },
      'stored tokens no configured key can decrypt: add the key they were written with to TOKEN_ENCRYPTION_PREVIOUS_KEYS, or these portals must reinstall',
    );
};

const connectCrm = async ({ config, cleanups }: Startup): Promise<Crm> => {
  if (config.mode !== 'demo')
    return { baseUrl: config.hubspot.apiBaseUrl, staticToken: config.hubspot.accessToken, summary: '' };
  const demo = await startDemoCrm();
  cleanups.push(demo.close);
  return { baseUrl: demo.baseUrl, staticToken: demo.accessToken, summary: demo.summary };
};

/** Single-portal and demo modes register their one portal at start-up (no OAuth install happens). */
const registerStaticPortal = async (
  { config }: Startup,
  deps: { store: Store; crm: Crm; wiring: HubSpotWiring; manifest: AppManifest },
): Promise<number | null> => {
  const token = deps.crm.staticToken;
  if (token === null) return null;
  const portalId =
    config.mode === 'demo'
      ? DEMO_PORTAL_ID
      : (config.hubspot.portalId ?? (await deps.wiring.hubspot.getAccountDetails(token)).portalId);
  const portal = deps.store.forPortal(portalId);
  const existing = await portal.installation.get();
  const now = Date.now();
  await portal.installation.upsert({
    mode: config.mode === 'demo' ? 'demo' : 'static',
    status: 'active',
    // A private app's token does not report its scopes: none recorded, so the sync reads every source and
    // HubSpot's 403 MISSING_SCOPES answers decide which are unavailable.
    scopes: [],
    accessToken: token,
    refreshToken: null,
    accessTokenExpiresAt: null,
    hubDomain: existing?.hubDomain ?? null,
    installedAt: existing?.installedAt ?? now,
    updatedAt: now,
  });
  return portalId;
};

const createJobs = ({ config, logger }: Startup, store: Store, { clients }: HubSpotWiring): JobRunner =>
  createJobRunner({
    store,
    databaseUrl: config.databaseUrl,
    intervalMs: config.syncIntervalMinutes * 60_000,
    fullSyncEveryMs: config.fullSyncIntervalHours * 3600_000,
    uninstalledRetentionMs: config.uninstalledRetentionDays * 24 * 3600_000,
    logger,
    runSyncForPortal: (portalId, kind, signal) =>
      runSync({
        store,
        client: clients.for(portalId),
        portalId,
        kind,
        now: Date.now,
        logger,
        ...(signal === undefined ? {} : { signal }),
      }),
  });

const buildApp = (
  { config, logger, cleanups }: Startup,
  deps: { store: Store; manifest: AppManifest; wiring: HubSpotWiring; jobs: JobRunner },
): PulseApp => {
  const { store, wiring, jobs } = deps;
  const app = createApp({
    config,
    store,
    logger,
    manifest: deps.manifest,
    hubspot: wiring.hubspot,
    jobs: { requestSync: (portalId, options) => jobs.requestSync(portalId, options) },
    recompute: async (portalId, companyIds, options) => {
      await recomputeCompanies({
        portal: store.forPortal(portalId),
        companyIds,
        now: Date.now,
        client: wiring.clients.for(portalId),
        logger,
        ...(options?.onProgress ? { onProgress: options.onProgress } : {}),
      });
    },
    companySync: (portalId, companyId) =>
      syncOneCompany({
        store,
        client: wiring.clients.priorityFor(portalId),
        portalId,
        companyId,
        now: Date.now,
        logger,
      }),
    scoring: createScoring({
      forPortal: (portalId) => store.forPortal(portalId),
      clientFor: (portalId) => wiring.clients.for(portalId),
      now: Date.now,
    }),
    tokens: wiring.tokens,
    // the demo has no HubSpot app; a per-process secret still lets the sandbox or a test sign webhooks
    signingSecret:
      config.hubspot.clientSecret ?? (config.mode === 'demo' ? randomBytes(32).toString('hex') : null),
    demo: config.mode === 'demo' ? { portalId: DEMO_PORTAL_ID, userId: demoVisitor(store) } : null,
    staticDir: webHostDir(logger),
  });
  cleanups.push(() => app.background.idle());
  return app;
};

const listen = (app: PulseApp, port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = app.listen(port);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use: stop the other process or set PORT to a free port`)
          : error,
      ),
    );
  });

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** The running app, the one line `npm start` prints, and `close` (every start-up step undone in reverse). */
const running = (
  { config, logger, cleanups }: Startup,
  parts: { app: PulseApp; store: Store; jobs: JobRunner; server: Server; crm: Crm },
): RunningPulse => {
  const address = parts.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url =
    config.mode === 'demo' || config.publicUrl.startsWith('http://localhost')
      ? `http://localhost:${port}`
      : config.publicUrl;
  const install = config.mode === 'marketplace' ? `, install at ${config.publicUrl}/oauth/install` : '';
  const summary =
    config.mode === 'demo'
      ? `Pulse demo running at ${url} (${parts.crm.summary}, first sync running; Ctrl+C to stop)`
      : `Pulse running at ${url} (${config.mode} mode, ${parts.store.dialect} store${install})`;
  return {
    url,
    summary,
    app: parts.app,
    store: parts.store,
    jobs: parts.jobs,
    async close() {
      for (const cleanup of cleanups.reverse())
        await cleanup().catch((err: unknown) => logger.warn({ err }, 'shutdown step failed'));
    },
  };
};
