import type { Logger } from '../logger';
import type { Store } from '../store';
import type { BackgroundTasks } from './background';
import type { JobsPort, RecomputePort } from './ports';
import { processWebhookEvents, type WebhookEvent } from './webhooks';

export type WebhookIntakeResult = { received: number; inserted: number; duplicates: number };

/**
 * HubSpot gives a webhook delivery 5 seconds and retries failures for 24 hours: `receive` stores the batch (deduped
 * by eventId, per portal) and returns at once; each portal's events are then processed in the background, one
 * processor per portal at a time. Events for portals that are not installed are acknowledged and dropped, so
 * HubSpot stops retrying them.
 */
export const createWebhookIntake = (deps: {
  store: Store;
  jobs: JobsPort;
  recompute: RecomputePort;
  background: BackgroundTasks;
  logger: Logger;
}) => {
  const processing = new Map<number, Promise<unknown>>();

  const scheduleProcessing = (portalId: number) => {
    // one processor per portal at a time; a batch arriving meanwhile is picked up by a follow-up pass
    const previous = processing.get(portalId) ?? Promise.resolve();
    const next = previous.then(() =>
      processWebhookEvents({
        portal: deps.store.forPortal(portalId),
        jobs: deps.jobs,
        recompute: deps.recompute,
        logger: deps.logger,
      }),
    );
    const tracked = next
      .catch(() => undefined)
      .finally(() => {
        if (processing.get(portalId) === tracked) processing.delete(portalId);
      });
    processing.set(portalId, tracked);
    deps.background.run(`webhooks for portal ${portalId}`, () => next);
  };

  /** Stores one portal's events when it is installed; returns what was new, or null when the portal is not. */
  const storeForPortal = async (portalId: number, events: WebhookEvent[], receivedAt: number) => {
    const portal = deps.store.forPortal(portalId);
    const installation = await portal.installation.get();
    if (installation === null || installation.status !== 'active') return null;
    return portal.webhooks.insert(
      events.map((event) => ({ eventId: event.eventId, receivedAt, payload: event })),
    );
  };

  return {
    /** `log` is the request's logger (it carries the request id). */
    async receive(events: WebhookEvent[], receivedAt: number, log: Logger): Promise<WebhookIntakeResult> {
      const byPortal = new Map<number, WebhookEvent[]>();
      for (const event of events)
        byPortal.set(event.portalId, [...(byPortal.get(event.portalId) ?? []), event]);
      const result: WebhookIntakeResult = { received: events.length, inserted: 0, duplicates: 0 };
      for (const [portalId, portalEvents] of byPortal) {
        const stored = await storeForPortal(portalId, portalEvents, receivedAt);
        if (stored === null) {
          log.info(
            { portalId, events: portalEvents.length },
            'dropped webhook events for a portal that is not installed',
          );
          continue;
        }
        result.inserted += stored.inserted;
        result.duplicates += stored.duplicates;
        if (stored.inserted > 0) scheduleProcessing(portalId);
      }
      return result;
    },
  };
};
export type WebhookIntake = ReturnType<typeof createWebhookIntake>;
