import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type PulseApp } from '../app';
import type { Config } from '../config/config';
import { createLimiterRegistry, type LimiterRegistry } from '../hubspot';
import { createJobRunner, type JobRunner } from '../jobs';
import type { Logger } from '../logger';
import { createSandbox, demoDataset, type SandboxServer } from '../sandbox';
import { createStore, type Store } from '../store';
import { recomputeCompanies, runSync } from '../sync';
import { createHubSpotPort, createPortalClients } from './hubspot-port';
import { loadManifest } from './manifest';
import { createTokenCipher } from './token-cipher';
import { createTokenProvider, type TokenProvider } from './tokens';

export const DEMO_PORTAL_ID = 20260401;
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../extension/web/dist', import.meta.url));

export type RunningPulse = {
  url: string;
  summary: string;
  app: PulseApp;
  store: Store;
  jobs: JobRunner;
  close(): Promise<void>;
};

/**
 * The HubSpot side of the app: per-portal API clients, the OAuth port and the token provider. The clients need
 * the token provider, which needs the OAuth port, which needs the clients: the knot is tied lazily.
 */
export const wireHubSpot = (options: {
  store: Store;
  baseUrl: string;
  clientId: string | null;
  clientSecret: string | null;
  limiters: LimiterRegistry;
  logger: Logger;
  now?: () => number;
}) => {
  const lazy: { tokens: TokenProvider | null } = { tokens: null };
  const clients = createPortalClients({
    baseUrl: options.baseUrl,
    tokens: {
      getAccessToken: (portalId) => {
        if (lazy.tokens === null) throw new Error('token provider not ready');
        return lazy.tokens.getAccessToken(portalId);
      },
    },
    limiters: options.limiters,
    logger: options.logger,
  });
  const hubspot = createHubSpotPort({
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clients,
  });
  const tokens = createTokenProvider({
    store: options.store,
    refreshTokens: hubspot.refreshTokens,
    logger: options.logger,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  lazy.tokens = tokens;
  return { clients, hubspot, tokens };
};

/**
 * Everything `npm start` needs, in order: store (migrated), the CRM (the sandbox in demo mode), tokens, jobs,
 * the app, the web host files, listening. main.ts only reads the config and calls this.
 */
export const startPulse = async ({
  config,
  logger,
}: {
  config: Config;
  logger: Logger;
}): Promise<RunningPulse> => {
  const manifest = loadManifest();
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    // Demo tokens are the sandbox's own and re-registered at every start, so a per-process key loses nothing.
    const cipher = createTokenCipher(config.tokenEncryptionKey ?? randomBytes(32));
    const store = await createStore({ url: config.databaseUrl, cipher, logger });
    cleanups.push(() => store.close());
    await store.migrate();

    let apiBaseUrl = config.hubspot.apiBaseUrl;
    let staticToken = config.hubspot.accessToken;
    let demoSummary = '';
    if (config.mode === 'demo') {
      staticToken = `demo-${randomBytes(16).toString('hex')}`;
      const dataset = demoDataset(Date.now());
      const sandbox = createSandbox({
        portals: [{ portalId: DEMO_PORTAL_ID, dataset, accessTokens: [staticToken] }],
      });
      const server: SandboxServer = await sandbox.listen(0, '127.0.0.1');
      cleanups.push(() => server.close());
      apiBaseUrl = server.url;
      demoSummary = `sandbox CRM with ${dataset.objects.companies.length} companies`;
    }

    const { clients, hubspot, tokens } = wireHubSpot({
      store,
      baseUrl: apiBaseUrl,
      clientId: config.hubspot.clientId,
      clientSecret: config.hubspot.clientSecret,
      limiters: createLimiterRegistry({
        maxRequests: config.hubspot.rateLimitPer10s,
        searchMaxRequests: config.hubspot.searchPerSecond,
      }),
      logger,
    });

    // Single-portal and demo modes register their one portal at start-up (no OAuth install happens).
    let staticPortalId: number | null = null;
    if (staticToken !== null) {
      staticPortalId =
        config.mode === 'demo'
          ? DEMO_PORTAL_ID
          : (config.hubspot.portalId ?? (await hubspot.getTokenInfo(staticToken)).hubId);
      const portal = store.forPortal(staticPortalId);
      const existing = await portal.installation.get();
      const now = Date.now();
      await portal.installation.upsert({
        mode: config.mode === 'demo' ? 'demo' : 'static',
        status: 'active',
        scopes: manifest.auth.requiredScopes,
        accessToken: staticToken,
        refreshToken: null,
        accessTokenExpiresAt: null,
        hubDomain: existing?.hubDomain ?? null,
        installedAt: existing?.installedAt ?? now,
        updatedAt: now,
      });
    }

    const jobs = createJobRunner({
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

    const demoPortalId = config.mode === 'demo' ? DEMO_PORTAL_ID : null;
    let demoUserId: number | null | undefined;
    const app = createApp({
      config,
      store,
      logger,
      manifest,
      hubspot,
      jobs: { requestSync: (portalId, options) => jobs.requestSync(portalId, options) },
      recompute: async (portalId, companyIds) => {
        await recomputeCompanies({
          portal: store.forPortal(portalId),
          companyIds,
          now: Date.now,
          client: clients.for(portalId),
          logger,
        });
      },
      tokens,
      // the demo has no HubSpot app; a per-process secret still lets the sandbox or a test sign webhooks
      signingSecret:
        config.hubspot.clientSecret ?? (config.mode === 'demo' ? randomBytes(32).toString('hex') : null),
      demo:
        demoPortalId === null
          ? null
          : {
              portalId: demoPortalId,
              // the demo visitor acts as the first CSM, so "my book" shows something
              userId: async () => {
                if (demoUserId === undefined || demoUserId === null)
                  demoUserId =
                    (await store.forPortal(demoPortalId).owners.list()).find(
                      (o) => o.userId !== null && !o.archived,
                    )?.userId ?? null;
                return demoUserId;
              },
            },
      staticDir: await ensureWebHost(logger),
    });
    cleanups.push(() => app.background.idle());

    if (config.mode === 'single-portal' && config.hubspot.clientSecret === null)
      logger.warn(
        'HUBSPOT_CLIENT_SECRET is not set: signed card requests from HubSpot cannot be verified and will be refused',
      );

    const server = await listen(app, config.port);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    await jobs.start();
    cleanups.push(() => jobs.stop());
    if (staticPortalId !== null) await jobs.requestSync(staticPortalId, { full: config.mode === 'demo' });

    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const url =
      config.mode === 'demo' || config.publicUrl.startsWith('http://localhost')
        ? `http://localhost:${port}`
        : config.publicUrl;
    const summary =
      config.mode === 'demo'
        ? `Pulse demo running at ${url} (${demoSummary}, first sync running; Ctrl+C to stop)`
        : `Pulse running at ${url} (${config.mode} mode, ${store.dialect} store${config.mode === 'marketplace' ? `, install at ${config.publicUrl}/oauth/install` : ''})`;
    return {
      url,
      summary,
      app,
      store,
      jobs,
      async close() {
        for (const cleanup of cleanups.reverse())
          await cleanup().catch((err: unknown) => logger.warn({ err }, 'shutdown step failed'));
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    throw error;
  }
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

/** The web host is built by Vite; a fresh checkout may not have built it yet, so build it once here. */
const ensureWebHost = async (logger: Logger): Promise<string | null> => {
  if (existsSync(join(WEB_DIST_DIR, 'index.html'))) return WEB_DIST_DIR;
  try {
    const { buildWebHost } = await import('../../../extension/web/build');
    const { distDir } = await buildWebHost();
    return distDir;
  } catch (err) {
    logger.error(
      { err },
      'Could not build the web host (extension/web): the API runs, but / has no pages. Run `npx vite build extension/web` to see why.',
    );
    return null;
  }
};
