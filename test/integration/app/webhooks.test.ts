import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot, buildVerbatim } from '../store/snapshot-factory';
import {
  buildHarness,
  CLIENT_SECRET,
  installPortal,
  PORTAL_A,
  PUBLIC_URL,
  signV3,
  type Harness,
} from './harness';

let h: Harness;
beforeEach(async () => {
  h = await buildHarness();
  await installPortal(h.store, PORTAL_A);
});
afterEach(() => h.close());

const postWebhook = (events: unknown[], options: { secret?: string; timestamp?: number } = {}) => {
  const body = JSON.stringify(events);
  const timestamp = options.timestamp ?? Date.now();
  const signature = signV3({
    secret: options.secret ?? CLIENT_SECRET,
    method: 'POST',
    url: `${PUBLIC_URL}/webhooks/hubspot`,
    body,
    timestamp,
  });
  return request(h.app)
    .post('/webhooks/hubspot')
    .set('Content-Type', 'application/json')
    .set('X-HubSpot-Signature-v3', signature)
    .set('X-HubSpot-Request-Timestamp', String(timestamp))
    .send(body);
};

const event = (
  eventId: number,
  subscriptionType: string,
  objectId: number,
  extra: Record<string, unknown> = {},
) => ({
  eventId,
  subscriptionId: 1,
  portalId: PORTAL_A,
  appId: 777,
  occurredAt: Date.now(),
  subscriptionType,
  attemptNumber: 0,
  objectId,
  changeSource: 'CRM',
  ...extra,
});

describe('POST /webhooks/hubspot', () => {
  it('stores a batch, answers 200, queues the changes and asks for one incremental sync', async () => {
    const batch = [
      event(1, 'deal.propertyChange', 501, { propertyName: 'amount', propertyValue: '1000' }),
      event(2, 'object.creation', 601, { objectTypeId: '0-5' }),
      event(3, 'company.deletion', 701),
    ];
    const res = await postWebhook(batch);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 3, inserted: 3, duplicates: 0 });
    await h.app.background.idle();
    const queued = await h.store.forPortal(PORTAL_A).changes.take(10);
    expect(
      queued
        .map(({ objectType, id, kind }) => ({ objectType, id, kind }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual([
      { objectType: 'deals', id: '501', kind: 'upsert' },
      { objectType: 'tickets', id: '601', kind: 'upsert' },
      { objectType: 'companies', id: '701', kind: 'delete' },
    ]);
    expect(h.syncRequests).toEqual([{ portalId: PORTAL_A, full: false }]);
  });

  it('dedupes a redelivered batch by eventId', async () => {
    const batch = [event(10, 'ticket.creation', 900)];
    await postWebhook(batch);
    await h.app.background.idle();
    // HubSpot retries with a fresh signature; the events are the same
    const again = await postWebhook(batch, { timestamp: Date.now() + 1 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: 1, inserted: 0, duplicates: 1 });
    await h.app.background.idle();
    expect(h.syncRequests).toHaveLength(1);
  });

  it('removes a contact’s verbatims on contact.privacyDeletion and recomputes their companies', async () => {
    await h.store.forPortal(PORTAL_A).records.upsert(
      {
        objectType: 'contacts',
        records: [
          {
            id: '77',
            primaryCompanyId: '111',
            companyIds: ['111'],
            archived: false,
            updatedAt: Date.now(),
          },
        ],
      },
      { generation: 1 },
    );
    const snapshot = buildSnapshot('111', {
      verbatims: [
        buildVerbatim({ id: 'r1', contactId: '77', content: 'Support is slow' }),
        buildVerbatim({ id: 'r2', contactId: '88', content: 'Great team' }),
      ],
    });
    await h.store.forPortal(PORTAL_A).snapshots.put([snapshot], { syncedAt: Date.now() });

    const res = await postWebhook([event(20, 'contact.privacyDeletion', 77)]);
    expect(res.status).toBe(200);
    await h.app.background.idle();

    const stored = await h.store.forPortal(PORTAL_A).snapshots.get('111');
    expect(stored?.snapshot.nps.verbatims.map((v) => v.content)).toEqual(['Great team']);
    expect(h.recomputes).toEqual([{ portalId: PORTAL_A, companyIds: ['111'] }]);
  });

  it('refuses unsigned, stale and foreign-secret deliveries, storing nothing', async () => {
    const batch = [event(30, 'deal.creation', 1)];
    expect((await request(h.app).post('/webhooks/hubspot').send(batch)).status).toBe(401);
    const stale = await postWebhook(batch, { timestamp: Date.now() - 6 * 60_000 });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('stale_signature');
    expect((await postWebhook(batch, { secret: 'someone-else' })).status).toBe(401);
    await h.app.background.idle();
    expect(await h.store.forPortal(PORTAL_A).changes.take(10)).toEqual([]);
  });

  it('acknowledges events for a portal that is not installed without storing them', async () => {
    const res = await postWebhook([{ ...event(40, 'deal.creation', 1), portalId: 5555 }]);
    expect(res.status).toBe(200);
    expect(res.body.inserted).toBe(0);
  });
});
