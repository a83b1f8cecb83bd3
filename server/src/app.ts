import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppManifest } from '@pulse/shared';
import type { Config } from './config/config';
import { keepRawBody } from './http/caller';
import { createErrorHandler, notFoundHandler } from './http/error-handler';
import { requestLog } from './http/request-log';
import { createReplayGuard } from './http/signature';
import type { Logger } from './logger';
import { apiRoutes } from './routes/api';
import type { RouteContext } from './routes/context';
import { healthRoutes } from './routes/health';
import { oauthRoutes } from './routes/oauth';
import { publicPageRoutes } from './routes/pages';
import { webhookRoutes } from './routes/webhooks';
import { createAdminDirectory, type AdminDirectory } from './services/admins';
import { createBackgroundTasks, type BackgroundTasks } from './services/background';
import { createBacktests } from './services/backtest';
import { createInstallationCache } from './services/installation-cache';
import { createOAuthStates } from './services/oauth-state';
import { createCompanyOnDemand } from './services/company-on-demand';
import type { CompanySyncPort, HubSpotPort, JobsPort, RecomputePort, ScoringPort } from './services/ports';
import type { TokenProvider } from './services/tokens';
import { createWebhookIntake } from './services/webhook-intake';
import type { Store } from './store';

export type AppDeps = {
  config: Config;
  store: Store;
  logger: Logger;
  /** app.manifest.json, parsed (services/manifest.ts `loadManifest`) */
  manifest: AppManifest;
  hubspot: HubSpotPort;
  jobs: JobsPort;
  recompute: RecomputePort;
  /** fetches one company ahead of the bulk sync for a card (absent: cards wait for the bulk sync) */
  companySync?: CompanySyncPort | null;
  /** the settings preview: stored records scored under candidate settings */
  scoring: ScoringPort;
  tokens: TokenProvider;
  /** the secret v3 signatures are made with: HUBSPOT_CLIENT_SECRET, or a per-process one in demo mode */
  signingSecret: string | null;
  /** demo mode: the portal same-origin unsigned calls act on, and which user they act as */
  demo?: { portalId: number; userId: () => Promise<number | null> } | null;
  /** the built web host (extension/web/dist); served at / when the folder exists */
  staticDir?: string | null;
  now?: () => number;
  background?: BackgroundTasks;
  admins?: AdminDirectory;
};

export type PulseApp = Express & { background: BackgroundTasks };

/** The embeddable widget's files, which other sites load cross-origin (extension/web, `--mode widget`). */
const WIDGET_FILES = new Set(['widget.js', 'widget.css']);

/**
 * helmet answers `Cross-Origin-Resource-Policy: same-origin`, which stops another site's page from loading the
 * widget; these two files (and only these) may be embedded anywhere.
 */
const allowWidgetEmbeds = (res: ServerResponse, path: string) => {
  if (WIDGET_FILES.has(basename(path))) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
};

/** Builds the whole HTTP app without listening (tests drive it with supertest; main.ts listens). */
export const createApp = (deps: AppDeps): PulseApp => {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const background = deps.background ?? createBackgroundTasks(logger);
  const clientSecret = config.hubspot.clientSecret;
  const ctx: RouteContext = {
    config,
    store: deps.store,
    logger,
    manifest: deps.manifest,
    hubspot: deps.hubspot,
    jobs: deps.jobs,
    recompute: deps.recompute,
    scoring: deps.scoring,
    tokens: deps.tokens,
    admins: deps.admins ?? createAdminDirectory({ store: deps.store, mode: config.mode }),
    installations: createInstallationCache(deps.store, 5000, now),
    background,
    backtests: createBacktests({ background, now }),
    webhooks: createWebhookIntake({
      store: deps.store,
      jobs: deps.jobs,
      recompute: deps.recompute,
      background,
      logger,
    }),
    companyOnDemand: deps.companySync ? createCompanyOnDemand({ sync: deps.companySync, logger, now }) : null,
    states:
      config.mode === 'marketplace' && clientSecret !== null
        ? createOAuthStates({ secret: clientSecret, now })
        : null,
    signing: {
      signingSecret: deps.signingSecret,
      publicUrl: config.publicUrl,
      trustProxy: config.trustProxy !== false,
      replay: createReplayGuard(),
      now,
    },
    now,
  };

  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestLog(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        // the demo is served over plain http on localhost: upgrading its requests to https would break it
        directives: { upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null },
      },
    }),
  );
  app.use(
    express.json({ limit: '1mb', verify: (req, _res, buf) => keepRawBody(req as express.Request, buf) }),
  );

  // the API first: card requests are most of the traffic and need not walk the other routers' route lists
  app.use('/api/v1', apiRoutes({ ...ctx, demo: deps.demo ?? null }));
  app.use('/api', notFoundHandler);
  app.use(healthRoutes(ctx));
  app.use(oauthRoutes(ctx));
  app.use(webhookRoutes(ctx));
  // before the web host, whose client-side router would otherwise answer these paths with its app shell
  app.use(publicPageRoutes(ctx));

  const staticDir = deps.staticDir ?? null;
  if (staticDir !== null && existsSync(join(staticDir, 'index.html'))) {
    app.use(express.static(staticDir, { index: 'index.html', maxAge: '1h', setHeaders: allowWidgetEmbeds }));
    // the web host routes on the client: unknown GETs get the app shell
    app.get(/^\/(?!api\/|oauth\/|webhooks\/).*/, (_req, res) => res.sendFile(join(staticDir, 'index.html')));
  }

  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return Object.assign(app, { background });
};
