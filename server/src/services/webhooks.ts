import { z } from 'zod';
import type { Logger } from '../logger';
import type { PortalStore, StoreObjectType } from '../store';
import type { JobsPort, RecomputePort } from './ports';

/**
 * HubSpot webhook batches: up to 100 events, at-least-once, unordered. The route stores them (deduped by
 * eventId) and answers; `processWebhookEvents` then turns stored events into queued changes for the
 * incremental sync, and privacy deletions into immediate removal of the contact's data.
 */
const ZId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

export const ZWebhookEvent = z.looseObject({
  eventId: ZId,
  portalId: z.number().int().positive(),
  subscriptionType: z.string().min(1).max(100),
  objectId: ZId.optional(),
  objectTypeId: z.string().optional(),
  fromObjectId: ZId.optional(),
  toObjectId: ZId.optional(),
  fromObjectTypeId: z.string().optional(),
  toObjectTypeId: z.string().optional(),
  /** classic association events name the pair instead of type ids: "CONTACT_TO_COMPANY" */
  associationType: z.string().max(100).optional(),
  primaryObjectId: ZId.optional(),
  mergedObjectIds: z.array(ZId).optional(),
});
export type WebhookEvent = z.infer<typeof ZWebhookEvent>;
/** HubSpot sends at most 100; a little headroom, and a hard stop well under the 1 MB body limit. */
export const ZWebhookBatch = z.array(ZWebhookEvent).min(1).max(1000);

const TYPE_BY_NAME: Record<string, StoreObjectType> = {
  company: 'companies',
  contact: 'contacts',
  deal: 'deals',
  ticket: 'tickets',
  feedback_submission: 'responses',
};
const TYPE_BY_ID: Record<string, StoreObjectType> = {
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-3': 'deals',
  '0-5': 'tickets',
  '0-19': 'responses',
};

/** Classic events name the type in `subscriptionType` ("deal.creation"); generic ones say "object.creation" + objectTypeId. */
const objectTypeOf = (event: WebhookEvent): StoreObjectType | null => {
  const prefix = event.subscriptionType.split('.')[0] ?? '';
  if (prefix !== 'object') return TYPE_BY_NAME[prefix] ?? null;
  return event.objectTypeId === undefined ? null : (TYPE_BY_ID[event.objectTypeId] ?? null);
};

type Change = { objectType: StoreObjectType; id: string; kind: 'upsert' | 'delete' };

/**
 * What an event changes. Association changes: both records are re-read (either side's company link may have
 * moved); HubSpot names the sides by `fromObjectTypeId`/`toObjectTypeId` in the generic `object.associationChange`
 * and by `associationType` ("DEAL_TO_COMPANY") in the classic `<type>.associationChange`. `associationRemoved`
 * and `isPrimaryAssociation` are not needed: the re-read returns the links as they are now.
 */
export const changesOf = (event: WebhookEvent): Change[] => {
  const action = event.subscriptionType.split('.').slice(1).join('.');
  if (action === 'associationChange') {
    const out: Change[] = [];
    const [fromName, toName] = (event.associationType ?? '').toLowerCase().split('_to_');
    const from =
      event.fromObjectTypeId === undefined
        ? (TYPE_BY_NAME[fromName ?? ''] ?? null)
        : (TYPE_BY_ID[event.fromObjectTypeId] ?? null);
    const to =
      event.toObjectTypeId === undefined
        ? (TYPE_BY_NAME[toName ?? ''] ?? null)
        : (TYPE_BY_ID[event.toObjectTypeId] ?? null);
    if (from !== null && event.fromObjectId !== undefined)
      out.push({ objectType: from, id: event.fromObjectId, kind: 'upsert' });
    if (to !== null && event.toObjectId !== undefined)
      out.push({ objectType: to, id: event.toObjectId, kind: 'upsert' });
    return out;
  }
  const objectType = objectTypeOf(event);
  if (objectType === null) return [];
  if (action === 'merge') {
    const out: Change[] = (event.mergedObjectIds ?? []).map((id) => ({ objectType, id, kind: 'delete' }));
    if (event.primaryObjectId !== undefined)
      out.push({ objectType, id: event.primaryObjectId, kind: 'upsert' });
    return out;
  }
  if (event.objectId === undefined) return [];
  return [{ objectType, id: event.objectId, kind: action === 'deletion' ? 'delete' : 'upsert' }];
};

export const processWebhookEvents = async (deps: {
  portal: PortalStore;
  jobs: JobsPort;
  recompute: RecomputePort;
  logger: Logger;
}): Promise<{ events: number; changes: number; privacyDeletions: number }> => {
  const { portal } = deps;
  const { portalId } = portal;
  let totals = { events: 0, changes: 0, privacyDeletions: 0 };
  for (;;) {
    const claimed = await portal.webhooks.claim(500);
    if (claimed.length === 0) break;
    const grouped = new Map<
      string,
      { objectType: StoreObjectType; kind: 'upsert' | 'delete'; ids: Set<string> }
    >();
    const affected = new Set<string>();
    let privacyDeletions = 0;
    for (const stored of claimed) {
      const parsed = ZWebhookEvent.safeParse(stored.payload);
      if (!parsed.success) {
        deps.logger.warn(
          { portalId, eventId: stored.eventId },
          'skipped a stored webhook event that no longer parses',
        );
        continue;
      }
      const event = parsed.data;
      if (event.subscriptionType === 'contact.privacyDeletion') {
        if (event.objectId === undefined) continue;
        // GDPR: the contact's verbatims go now, not at the next sync.
        for (const companyId of await portal.privacy.deleteContact(event.objectId)) affected.add(companyId);
        privacyDeletions += 1;
        continue;
      }
      for (const change of changesOf(event)) {
        const key = `${change.objectType}:${change.kind}`;
        const group = grouped.get(key) ?? {
          objectType: change.objectType,
          kind: change.kind,
          ids: new Set<string>(),
        };
        group.ids.add(change.id);
        grouped.set(key, group);
      }
    }
    let changes = 0;
    for (const group of grouped.values()) {
      await portal.changes.enqueue(group.objectType, [...group.ids], group.kind);
      changes += group.ids.size;
    }
    if (affected.size > 0) await deps.recompute(portalId, [...affected]);
    await portal.webhooks.markProcessed(claimed.map((e) => e.eventId));
    if (changes > 0) await deps.jobs.requestSync(portalId, { full: false });
    totals = {
      events: totals.events + claimed.length,
      changes: totals.changes + changes,
      privacyDeletions: totals.privacyDeletions + privacyDeletions,
    };
  }
  return totals;
};
