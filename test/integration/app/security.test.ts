import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZErrorBody } from '@pulse/shared';
import { buildSnapshot } from '../store/snapshot-factory';
import {
  buildHarness,
  CLIENT_SECRET,
  installPortal,
  PORTAL_A,
  PORTAL_B,
  PUBLIC_URL,
  signedRequest,
  signV3,
  type Harness,
} from './harness';

let h: Harness;

const seedCompany = async (portalId: number, companyId: string) => {
  await h.store.forPortal(portalId).snapshots.put([buildSnapshot(companyId, { name: `Co ${companyId}` })], {
    syncedAt: Date.now(),
  });
  // a finished full sync: a missing company is then really missing (404), not "still syncing"
  const run = await h.store.forPortal(portalId).syncRuns.start('full', Date.now() - 1000);
  await h.store.forPortal(portalId).syncRuns.finish(run, { status: 'succeeded', error: null });
};

beforeEach(async () => {
  h = await buildHarness();
  await installPortal(h.store, PORTAL_A);
  await installPortal(h.store, PORTAL_B);
  await seedCompany(PORTAL_A, '111');
  await seedCompany(PORTAL_B, '222');
});
afterEach(() => h.close());

const expectError = (res: request.Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  const body = ZErrorBody.parse(res.body);
  expect(body.code).toBe(code);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
};

describe('v3 signatures on the card API', () => {
  it('serves a correctly signed request', async () => {
    const res = await signedRequest(h.app, 'GET', '/api/v1/companies/111/health').req;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready', portalId: PORTAL_A, snapshot: { companyId: '111' } });
  });

  it('refuses a request without a signature', async () => {
    const res = await request(h.app).get(`/api/v1/companies/111/health?portalId=${PORTAL_A}`);
    expectError(res, 401, 'invalid_signature');
  });

  it('refuses a signature that does not match', async () => {
    const { pathWithQuery, timestamp } = signedRequest(h.app, 'GET', '/api/v1/companies/111/health');
    const res = await request(h.app)
      .get(pathWithQuery)
      .set('X-HubSpot-Signature-v3', 'bm90IGEgc2lnbmF0dXJl')
      .set('X-HubSpot-Request-Timestamp', String(timestamp));
    expectError(res, 401, 'invalid_signature');
  });

  it('refuses a timestamp older than 5 minutes, and one more than 5 minutes ahead', async () => {
    const old = await signedRequest(h.app, 'GET', '/api/v1/companies/111/health', {
      timestamp: Date.now() - 5 * 60_000 - 2000,
    }).req;
    expect(expectError(old, 401, 'stale_signature').message).toMatch(/expired/);
    const future = await signedRequest(h.app, 'GET', '/api/v1/companies/111/health', {
      timestamp: Date.now() + 6 * 60_000,
    }).req;
    expectError(future, 401, 'stale_signature');
  });

  it('refuses the same signed write a second time (replay)', async () => {
    const first = signedRequest(h.app, 'PUT', '/api/v1/companies/111/sentiment', {
      body: { value: 'good', note: 'fine' },
    });
    expect((await first.req).status).toBe(200);
    const replay = await request(h.app)
      .put(first.pathWithQuery)
      .set('X-HubSpot-Signature-v3', first.signature)
      .set('X-HubSpot-Request-Timestamp', String(first.timestamp))
      .set('Content-Type', 'application/json')
      .send(first.body);
    expect(expectError(replay, 401, 'invalid_signature').message).toMatch(/replay/);
  });

  it("answers a retried read (hubspot.fetch's one retry, same signature) and identical reads in one millisecond", async () => {
    const timestamp = Date.now();
    const first = signedRequest(h.app, 'GET', '/api/v1/companies/111/health', { timestamp });
    const twin = signedRequest(h.app, 'GET', '/api/v1/companies/111/health', { timestamp });
    expect(twin.signature).toBe(first.signature);
    const [a, b] = await Promise.all([first.req, twin.req]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const retried = await request(h.app)
      .get(first.pathWithQuery)
      .set('X-HubSpot-Signature-v3', first.signature)
      .set('X-HubSpot-Request-Timestamp', String(first.timestamp));
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'ready', snapshot: { companyId: '111' } });
  });

  it('refuses a tampered body', async () => {
    const signed = signedRequest(h.app, 'PUT', '/api/v1/companies/111/sentiment', {
      body: { value: 'good', note: 'fine' },
    });
    const res = await request(h.app)
      .put(signed.pathWithQuery)
      .set('X-HubSpot-Signature-v3', signed.signature)
      .set('X-HubSpot-Request-Timestamp', String(signed.timestamp))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ value: 'concerned', note: 'fine' }));
    expectError(res, 401, 'invalid_signature');
    expect(await h.store.forPortal(PORTAL_A).sentiment.get('111')).toBeNull();
  });

  it('refuses a tampered query (another portal swapped in)', async () => {
    const signed = signedRequest(h.app, 'GET', '/api/v1/companies/111/health');
    const res = await request(h.app)
      .get(signed.pathWithQuery.replace(`portalId=${PORTAL_A}`, `portalId=${PORTAL_B}`))
      .set('X-HubSpot-Signature-v3', signed.signature)
      .set('X-HubSpot-Request-Timestamp', String(signed.timestamp));
    expectError(res, 401, 'invalid_signature');
  });

  it("refuses a signature made with another app's secret", async () => {
    const res = await signedRequest(h.app, 'GET', '/api/v1/companies/111/health', {
      secret: 'another-apps-secret',
    }).req;
    expectError(res, 401, 'invalid_signature');
  });

  it('verifies behind a proxy only against the configured public origin', async () => {
    // signed for an attacker-controlled host: without TRUST_PROXY the forwarded host is ignored
    const path = `/api/v1/companies/111/health?portalId=${PORTAL_A}&userId=42`;
    const timestamp = Date.now();
    const signature = signV3({
      secret: CLIENT_SECRET,
      method: 'GET',
      url: `https://evil.test${path}`,
      body: '',
      timestamp,
    });
    const res = await request(h.app)
      .get(path)
      .set('X-Forwarded-Host', 'evil.test')
      .set('X-HubSpot-Signature-v3', signature)
      .set('X-HubSpot-Request-Timestamp', String(timestamp));
    expectError(res, 401, 'invalid_signature');
  });

  it('accepts percent-escapes HubSpot decodes before signing (e-mail with @)', async () => {
    const path = `/api/v1/companies/111/health?userId=42&userEmail=csm%40example.com&portalId=${PORTAL_A}`;
    const timestamp = Date.now();
    const signature = signV3({
      secret: CLIENT_SECRET,
      method: 'GET',
      url: `${PUBLIC_URL}${path.replace('%40', '@')}`,
      body: '',
      timestamp,
    });
    const res = await request(h.app)
      .get(path)
      .set('X-HubSpot-Signature-v3', signature)
      .set('X-HubSpot-Request-Timestamp', String(timestamp));
    expect(res.status).toBe(200);
  });
});

describe('tenancy', () => {
  it("a portal cannot read another portal's company", async () => {
    const res = await signedRequest(h.app, 'GET', '/api/v1/companies/222/health', { portalId: PORTAL_A }).req;
    expectError(res, 404, 'not_found');
    const own = await signedRequest(h.app, 'GET', '/api/v1/companies/222/health', { portalId: PORTAL_B }).req;
    expect(own.status).toBe(200);
  });

  it("a portal cannot set sentiment on another portal's company", async () => {
    const res = await signedRequest(h.app, 'PUT', '/api/v1/companies/222/sentiment', {
      portalId: PORTAL_A,
      body: { value: 'concerned', note: 'x' },
    }).req;
    expectError(res, 404, 'not_found');
    expect(await h.store.forPortal(PORTAL_B).sentiment.get('222')).toBeNull();
    expect(await h.store.forPortal(PORTAL_A).sentiment.get('222')).toBeNull();
  });

  it('refuses a signed request for a portal that never installed Pulse', async () => {
    const res = await signedRequest(h.app, 'GET', '/api/v1/companies/111/health', { portalId: 999 }).req;
    expectError(res, 403, 'not_installed');
  });

  it('lets only admins change settings or trigger syncs', async () => {
    const res = await signedRequest(h.app, 'POST', '/api/v1/sync', { userId: 7, body: { full: true } }).req;
    expectError(res, 403, 'forbidden');
    expect(h.syncRequests).toEqual([]);
    const admin = await signedRequest(h.app, 'POST', '/api/v1/sync', { userId: 42, body: { full: true } })
      .req;
    expect(admin.status).toBe(202);
    expect(h.syncRequests).toEqual([{ portalId: PORTAL_A, full: true }]);
  });
});

describe('request bodies and errors', () => {
  it('answers an oversized JSON body with 413 payload_too_large', async () => {
    const note = 'x'.repeat(1_100_000);
    const res = await signedRequest(h.app, 'PUT', '/api/v1/companies/111/sentiment', {
      body: { value: 'good', note },
    }).req;
    expectError(res, 413, 'payload_too_large');
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const res = await request(h.app)
      .put('/api/v1/companies/111/sentiment')
      .set('Content-Type', 'application/json')
      .send('{"value": ');
    expectError(res, 400, 'bad_request');
  });

  it('names each invalid field with 400 validation_failed', async () => {
    const res = await signedRequest(h.app, 'PUT', '/api/v1/companies/111/sentiment', {
      body: { value: 'ecstatic', note: 'y'.repeat(501) },
    }).req;
    const body = expectError(res, 400, 'validation_failed');
    expect(body.fields?.map((f) => f.path).sort()).toEqual(['note', 'value']);
  });

  it('honours a valid incoming X-Request-Id and replaces an invalid one', async () => {
    const res = await request(h.app).get('/api/v1/nothing').set('X-Request-Id', 'trace-abc.123');
    expect(res.headers['x-request-id']).toBe('trace-abc.123');
    const bad = await request(h.app).get('/healthz').set('X-Request-Id', 'bad id with spaces <script>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hides internal errors behind 500 internal without a stack trace', async () => {
    const forPortal = h.store.forPortal.bind(h.store);
    h.store.forPortal = (portalId) => {
      const portal = forPortal(portalId);
      const onFire = () => Promise.reject(new Error('disk on fire at /var/lib/secret-path'));
      return { ...portal, snapshots: { ...portal.snapshots, get: onFire, card: onFire } };
    };
    const res = await signedRequest(h.app, 'GET', '/api/v1/companies/111/health').req;
    const body = expectError(res, 500, 'internal');
    expect(JSON.stringify(body)).not.toMatch(/disk on fire|at \/|\.ts:/);
  });
});
