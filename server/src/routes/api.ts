import { Router } from 'express';
import { z } from 'zod';
import {
  ZAdminsRequest,
  ZPortfolioQuery,
  ZSetSentimentRequest,
  ZSettingsPreviewRequest,
  ZSyncRequest,
  ZUpdateSettingsRequest,
} from '@pulse/shared';
import { createRateLimit } from '../http/rate-limit';
import { route } from '../http/route';
import { getCompanyHealthView } from '../services/company-health';
import { disconnectPortal } from '../services/install';
import { getPortfolioView } from '../services/portfolio';
import { setCompanySentiment } from '../services/sentiment';
import { getSettingsView, previewSettings, updateSettings } from '../services/settings';
import { getRecomputeStatus } from '../services/settings-recompute';
import { listPortalUsers } from '../services/users';
import { getSyncStatus, requestSync } from '../services/sync-status';
import { callerOf, createCallerResolver, requireAdmin, type Caller } from '../http/caller';
import type { RouteContext } from './context';

const ZCompanyParams = z.object({
  companyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'companyId must be a HubSpot record id'),
});
// The shared request envelopes, with `settings` left to the service: parseSettings names each bad field and checks
// what a schema cannot (threshold order, unique keys, usable weights).
const ZSettingsBody = ZUpdateSettingsRequest.extend({ settings: z.unknown() });
const ZPreviewBody = ZSettingsPreviewRequest.extend({ settings: z.unknown() });

type ApiContext = RouteContext & { demo: { portalId: number; userId: () => Promise<number | null> } | null };

/** the caller's portal: the only rows a request can reach */
const portalOf = (ctx: ApiContext, caller: Caller) => ctx.store.forPortal(caller.portalId);

export const apiRoutes = (ctx: ApiContext) => {
  const { config, now } = ctx;
  const router = Router();
  router.use(
    createCallerResolver({
      ...ctx.signing,
      isInstalled: (portalId) => ctx.installations.isActive(portalId),
      isAdmin: (portalId, userId) => ctx.admins.isAdmin(portalId, userId),
      demo: ctx.demo,
      port: config.port,
    }),
  );
  router.use(
    createRateLimit({
      limit: config.rateLimitPer10s,
      keyOf: (req) => `portal:${callerOf(req).portalId}`,
      now,
    }),
  );
  companyRoutes(router, ctx);
  settingsRoutes(router, ctx);
  accountRoutes(router, ctx);
  return router;
};

/** the card: one company's health and its CSM sentiment */
function companyRoutes(router: Router, ctx: ApiContext): void {
  const { config, now } = ctx;
  router.get(
    '/companies/:companyId/health',
    route({ params: ZCompanyParams }, ({ params, caller }) => {
      const onDemand = ctx.companyOnDemand;
      return getCompanyHealthView(portalOf(ctx, caller), {
        companyId: params.companyId,
        now: now(),
        syncIntervalMinutes: config.syncIntervalMinutes,
        ...(onDemand ? { fetchCompany: () => onDemand.fetch(caller.portalId, params.companyId) } : {}),
      });
    }),
  );

  router.put(
    '/companies/:companyId/sentiment',
    route({ params: ZCompanyParams, body: ZSetSentimentRequest }, ({ params, body, caller }) =>
      setCompanySentiment(
        { portal: portalOf(ctx, caller), recompute: ctx.recompute },
        {
          companyId: params.companyId,
          sentiment: body,
          author: { userId: caller.userId, userEmail: caller.userEmail },
          now,
          syncIntervalMinutes: config.syncIntervalMinutes,
        },
      ),
    ),
  );
}

/** the portfolio page and the settings page (with the backtest of the saved model and of a draft) */
function settingsRoutes(router: Router, ctx: ApiContext): void {
  const { config, now } = ctx;
  router.get(
    '/portfolio',
    route({ query: ZPortfolioQuery }, ({ query, caller }) =>
      getPortfolioView(portalOf(ctx, caller), { userId: caller.userId, query, now: now() }),
    ),
  );

  router.get(
    '/settings',
    route({}, async ({ caller }) =>
      getSettingsView(portalOf(ctx, caller), {
        canEdit: await caller.isAdmin(),
        syncIntervalMinutes: config.syncIntervalMinutes,
        hubspot: ctx.hubspot,
        now: now(),
        reauthorizeUrl: config.mode === 'marketplace' ? `${config.publicUrl}/oauth/install` : null,
      }),
    ),
  );

  router.put(
    '/settings',
    requireAdmin,
    route({ body: ZSettingsBody }, ({ body, caller }) =>
      updateSettings(
        {
          portal: portalOf(ctx, caller),
          recompute: ctx.recompute,
          scoring: ctx.scoring,
          background: ctx.background,
          hubspot: ctx.hubspot,
        },
        {
          settings: body.settings,
          expectedVersion: body.expectedVersion,
          updatedBy: caller.userEmail ?? (caller.userId === null ? null : `user ${caller.userId}`),
          now,
          syncIntervalMinutes: config.syncIntervalMinutes,
        },
      ),
    ),
  );

  // admins only: a preview of a newly mapped property reads its values from HubSpot
  router.post(
    '/settings/preview',
    requireAdmin,
    route({ body: ZPreviewBody }, ({ body, caller }) =>
      previewSettings({ portal: portalOf(ctx, caller), scoring: ctx.scoring }, { settings: body.settings }),
    ),
  );

  router.get(
    '/settings/recompute',
    route({}, ({ caller }) => getRecomputeStatus(portalOf(ctx, caller), now())),
  );

  router.get(
    '/backtest',
    route({}, ({ caller }) => ctx.backtests.view(portalOf(ctx, caller))),
  );

  router.post(
    '/backtest/preview',
    route({ body: ZPreviewBody }, ({ body, caller }) =>
      ctx.backtests.preview(portalOf(ctx, caller), body.settings),
    ),
  );
}

/** the account: sync status and requests, admins, disconnect */
function accountRoutes(router: Router, ctx: ApiContext): void {
  const { config } = ctx;
  router.get(
    '/sync',
    route({}, ({ caller }) => getSyncStatus(portalOf(ctx, caller), config.syncIntervalMinutes)),
  );

  router.post(
    '/sync',
    requireAdmin,
    route(
      { body: ZSyncRequest },
      ({ body, caller }) =>
        requestSync(
          { portal: portalOf(ctx, caller), jobs: ctx.jobs },
          { full: body.full, syncIntervalMinutes: config.syncIntervalMinutes },
        ),
      { status: 202 },
    ),
  );

  router.get(
    '/users',
    route({}, ({ caller }) =>
      listPortalUsers(portalOf(ctx, caller), { hubspot: ctx.hubspot, now: ctx.now() }),
    ),
  );

  router.get(
    '/admins',
    route({}, async ({ caller }) => ({
      ...(await ctx.admins.get(caller.portalId)),
      isAdmin: await caller.isAdmin(),
    })),
  );

  router.put(
    '/admins',
    requireAdmin,
    route({ body: ZAdminsRequest }, async ({ body, caller }) => ({
      ...(await ctx.admins.setAdmins(caller.portalId, body.userIds)),
      isAdmin: true,
    })),
  );

  router.post(
    '/disconnect',
    requireAdmin,
    route({}, async ({ caller }) => {
      await disconnectPortal({
        portal: portalOf(ctx, caller),
        hubspot: ctx.hubspot,
        tokens: ctx.tokens,
        installations: ctx.installations,
        logger: ctx.logger,
      });
      return { disconnected: true, portalId: caller.portalId };
    }),
  );
}
