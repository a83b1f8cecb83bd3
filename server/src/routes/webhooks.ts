import { Router } from 'express';
import { assertSignedRequest } from '../http/caller';
import { processWebhookEvents, ZWebhookBatch } from '../services/webhooks';
import type { RouteContext } from './context';

/**
 * HubSpot gives us 5 seconds and retries failures for 24 hours: verify, store (deduped by eventId), answer 200,
 * then process in the background. Events for portals that are not installed are acknowledged and dropped, so
 * HubSpot stops retrying them.
 */
export const webhookRoutes = (ctx: RouteContext) => {
  const router = Router();
  const processing = new Map<number, Promise<unknown>>();

  const scheduleProcessing = (portalId: number) => {
    // one processor per portal at a time; a batch arriving meanwhile is picked up by a follow-up pass
    const previous = processing.get(portalId) ?? Promise.resolve();
    const next = previous.then(() =>
      processWebhookEvents({
        portal: ctx.store.forPortal(portalId),
        jobs: ctx.jobs,
        recompute: ctx.recompute,
        logger: ctx.logger,
      }),
    );
    const tracked = next
      .catch(() => undefined)
      .finally(() => {
        if (processing.get(portalId) === tracked) processing.delete(portalId);
      });
    processing.set(portalId, tracked);
    ctx.background.run(`webhooks for portal ${portalId}`, () => next);
  };

  router.post('/webhooks/hubspot', async (req, res) => {
    // a webhook's bytes are unique per delivery; the replay memory needs no portal scope
    assertSignedRequest(req, ctx.signing, () => 'webhook');
    const events = ZWebhookBatch.parse(req.body);
    const receivedAt = ctx.now();
    const byPortal = new Map<number, typeof events>();
    for (const event of events)
      byPortal.set(event.portalId, [...(byPortal.get(event.portalId) ?? []), event]);
    let inserted = 0;
    let duplicates = 0;
    for (const [portalId, portalEvents] of byPortal) {
      const portal = ctx.store.forPortal(portalId);
      const installation = await portal.installation.get();
      if (installation === null || installation.status !== 'active') {
        req.log.info(
          { portalId, events: portalEvents.length },
          'dropped webhook events for a portal that is not installed',
        );
        continue;
      }
      const result = await portal.webhooks.insert(
        portalEvents.map((event) => ({ eventId: event.eventId, receivedAt, payload: event })),
      );
      inserted += result.inserted;
      duplicates += result.duplicates;
      if (result.inserted > 0) scheduleProcessing(portalId);
    }
    res.json({ received: events.length, inserted, duplicates });
  });
  return router;
};
