import { Router } from 'express';
import { z } from 'zod';
import { ZSetSentimentRequest, ZPortfolioQuery, ZAdminsRequest, ZSyncRequest } from '@pulse/shared';
import { AppError } from '../errors';
import { createCallerResolver, requireAdmin } from '../http/caller';
import { createRateLimit } from '../http/rate-limit';
import { route } from '../http/route';
import { getCompanyHealthView } from '../services/company-health';
import { disconnectPortal } from '../services/install';
import { getPortfolioView } from '../services/portfolio';
import { getSettingsView, previewSettings, saveSettings } from '../services/settings';
import { getSyncStatus } from '../services/sync-status';
import { callerOf, type Caller } from '../http/caller';
import type { RouteContext } from './context';

const ZCompanyParams = z.object({
  companyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'companyId must be a HubSpot record id'),
});
/** parseSettings validates `settings` (with field paths); here only the envelope. */
const ZSettingsEnvelope = z.object({
  settings: z.unknown(),
  expectedVersion: z.number().int().nonnegative(),
});
const ZPreviewEnvelope = z.object({ settings: z.unknown() });

export const apiRoutes = (
  ctx: RouteContext & { demo: { portalId: number; userId: () => Promise<number | null> } | null },
) => {
  const { store, config, now } = ctx;
  /** the caller's portal: the only rows a request can reach */
  const portalOf = (caller: Caller) => store.forPortal(caller.portalId);
  const router = Router();
  router.use(
    createCallerResolver({
      ...ctx.signing,
      installations: ctx.installations,
      admins: ctx.admins,
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

  router.get(
    '/companies/:companyId/health',
    route({ params: ZCompanyParams }, ({ params, caller }) =>
      getCompanyHealthView(portalOf(caller), {
        companyId: params.companyId,
        now: now(),
        syncIntervalMinutes: config.syncIntervalMinutes,
      }),
    ),
  );

  router.put(
    '/companies/:companyId/sentiment',
    route({ params: ZCompanyParams, body: ZSetSentimentRequest }, async ({ params, body, caller }) => {
      const portal = portalOf(caller);
      // the company must exist in the caller's portal before anything is written for it
      if ((await portal.snapshots.get(params.companyId)) === null)
        throw new AppError(
          'not_found',
          `Company ${params.companyId} is not in this HubSpot account's synced data`,
        );
      const owner = caller.userId === null ? null : await portal.owners.byUserId(caller.userId);
      const authorName =
        owner !== null
          ? [owner.firstName, owner.lastName].filter(Boolean).join(' ') || (owner.email ?? '')
          : '';
      await portal.sentiment.set(params.companyId, {
        value: body.value,
        note: body.note,
        authorUserId: caller.userId,
        authorName: authorName || caller.userEmail || 'A HubSpot user',
        setAt: now(),
      });
      await ctx.recompute(portal.portalId, [params.companyId]);
      return getCompanyHealthView(portal, {
        companyId: params.companyId,
        now: now(),
        syncIntervalMinutes: config.syncIntervalMinutes,
      });
    }),
  );

  router.get(
    '/portfolio',
    route({ query: ZPortfolioQuery }, ({ query, caller }) =>
      getPortfolioView(portalOf(caller), { userId: caller.userId, query, now: now() }),
    ),
  );

  router.get(
    '/settings',
    route({}, async ({ caller }) =>
      getSettingsView(portalOf(caller), {
        canEdit: await caller.isAdmin(),
        syncIntervalMinutes: config.syncIntervalMinutes,
        hubspot: ctx.hubspot,
        now: now(),
      }),
    ),
  );

  router.put(
    '/settings',
    requireAdmin,
    route({ body: ZSettingsEnvelope }, async ({ body, caller }) => {
      const portal = portalOf(caller);
      await saveSettings(portal, {
        settings: body.settings,
        expectedVersion: body.expectedVersion,
        updatedBy: caller.userEmail ?? (caller.userId === null ? null : `user ${caller.userId}`),
        now: now(),
      });
      // Every snapshot is re-scored under the new model; the answer does not wait for thousands of companies.
      ctx.background.run('recompute after settings change', () => ctx.recompute(portal.portalId, 'all'));
      return getSettingsView(portal, {
        canEdit: true,
        syncIntervalMinutes: config.syncIntervalMinutes,
        hubspot: ctx.hubspot,
        now: now(),
      });
    }),
  );

  router.post(
    '/settings/preview',
    route({ body: ZPreviewEnvelope }, ({ body, caller }) =>
      previewSettings(portalOf(caller), { settings: body.settings }),
    ),
  );

  router.get(
    '/sync',
    route({}, ({ caller }) => getSyncStatus(portalOf(caller), config.syncIntervalMinutes)),
  );

  router.post(
    '/sync',
    requireAdmin,
    route(
      { body: ZSyncRequest },
      async ({ body, caller }) => {
        await ctx.jobs.requestSync(caller.portalId, { full: body.full });
        return getSyncStatus(portalOf(caller), config.syncIntervalMinutes);
      },
      { status: 202 },
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
        portal: portalOf(caller),
        hubspot: ctx.hubspot,
        tokens: ctx.tokens,
        logger: ctx.logger,
      });
      ctx.installations.forget(caller.portalId);
      return { disconnected: true, portalId: caller.portalId };
    }),
  );

  return router;
};
