import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildHarness,
  CLIENT_SECRET,
  installPortal,
  PORTAL_A,
  PUBLIC_URL,
  signV3,
  type Harness,
} from './harness';
import { listenApp, rawRequest } from './raw-http';

/**
 * Random requests over the whole HTTP surface: methods, paths (real routes and junk), query strings, headers,
 * content types and encodings (valid, broken, truncated, unknown), bodies (JSON, near-JSON, random bytes), unsigned
 * and validly signed. Whatever arrives, the answer is never a 5xx, and an error from the app is our JSON error body.
 */

let h: Harness;
let server: Awaited<ReturnType<typeof listenApp>>;
beforeAll(async () => {
  h = await buildHarness();
  await installPortal(h.store, PORTAL_A);
  server = await listenApp(h.app);
});
afterAll(async () => {
  await server.close();
  await h.close();
});

const PATHS = [
  '/api/v1/companies/1/health',
  '/api/v1/companies/%E0%A4%A/health',
  '/api/v1/portfolio',
  '/api/v1/settings',
  '/api/v1/sync',
  '/api/v1/admins',
  '/api/v1/nothing',
  '/webhooks/hubspot',
  '/oauth/install',
  '/oauth/callback',
  '/healthz',
  '/readyz',
  '/',
  '/%',
  '/..%2f..%2fetc/passwd',
];

const jsonish = fc.oneof(
  fc.json().map((text) => Buffer.from(text)),
  fc
    .constantFrom('{', '[', '{"full":', 'null', '"x"', '{"userIds":[1,"a"]}', '[{"objectId":1}]')
    .map((t) => Buffer.from(t)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);

/** A body and the Content-Encoding it claims: honest, lying, truncated or unknown. */
const encodedBody = fc
  .tuple(jsonish, fc.constantFrom('none', 'gzip', 'deflate', 'br', 'lying-gzip', 'truncated-gzip', 'bogus'))
  .map(([body, encoding]): { body: Buffer; encoding: string | null } => {
    switch (encoding) {
      case 'gzip':
        return { body: gzipSync(body), encoding: 'gzip' };
      case 'deflate':
        return { body: deflateSync(body), encoding: 'deflate' };
      case 'br':
        return { body: brotliCompressSync(body), encoding: 'br' };
      case 'lying-gzip':
        return { body, encoding: 'gzip' };
      case 'truncated-gzip': {
        const zipped = gzipSync(body);
        return { body: zipped.subarray(0, Math.max(1, zipped.length - 5)), encoding: 'gzip' };
      }
      case 'bogus':
        return { body, encoding: 'x-unknown' };
      default:
        return { body, encoding: null };
    }
  });

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.constantFrom(...PATHS),
  query: fc.oneof(
    fc.constant(''),
    fc.constant(`userId=42&userEmail=csm%40example.com&appId=777&portalId=${PORTAL_A}`),
    fc.constantFrom('portalId=abc', 'portalId=-1&userId=1e99', 'code=x&state=%ZZ', 'page=-5&sort=%00'),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-16',
    'application/json; charset=bogus',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    '',
  ),
  payload: encodedBody,
  signed: fc.boolean(),
  timestampSkew: fc.constantFrom(0, 0, -10 * 60_000, 1e12),
  extra: fc.dictionary(
    fc.constantFrom(
      'x-request-id',
      'origin',
      'sec-fetch-site',
      'x-forwarded-proto',
      'x-forwarded-host',
      'accept',
    ),
    fc.string({ maxLength: 40 }).filter((v) => !/[\r\n\0]/.test(v) && /^[\x20-\x7e]*$/.test(v)),
  ),
});

it('answers no random request with a 5xx, and every error as JSON', { timeout: 120_000 }, async () => {
  let sequence = 0;
  let answeredByApp = 0;
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const path = r.query === '' ? r.path : `${r.path}?${r.query}&n=${++sequence}`;
      const headers: Record<string, string> = { ...r.extra };
      if (r.contentType !== '') headers['Content-Type'] = r.contentType;
      if (r.payload.encoding !== null) headers['Content-Encoding'] = r.payload.encoding;
      const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
      const body = hasBody ? r.payload.body : Buffer.alloc(0);
      if (r.signed) {
        const timestamp = Date.now() + r.timestampSkew;
        headers['X-HubSpot-Request-Timestamp'] = String(timestamp);
        headers['X-HubSpot-Signature-v3'] = signV3({
          secret: CLIENT_SECRET,
          method: r.method,
          url: `${PUBLIC_URL}${path}`,
          body: body.toString('utf8'),
          timestamp,
        });
      }
      const res = await rawRequest(server.port, {
        method: r.method,
        path,
        headers,
        ...(hasBody ? { body } : {}),
      });
      expect(
        res.status,
        `${r.method} ${path} ${JSON.stringify(headers)}: ${res.text.slice(0, 200)}`,
      ).toBeLessThan(500);
      // Node's HTTP parser refuses some requests itself (400, no body) before the app sees them; the app's
      // own errors carry a request id and our JSON error body
      if (res.headers['x-request-id'] !== undefined) answeredByApp += 1;
      // (the OAuth pages answer a person's browser in HTML)
      const isApi = !r.path.startsWith('/oauth/');
      if (res.status >= 400 && r.method !== 'HEAD' && isApi && res.headers['x-request-id'] !== undefined) {
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(res.text)).toHaveProperty('code');
      }
    }),
    { numRuns: 400 },
  );
  expect(answeredByApp).toBeGreaterThan(300);
  expect(h.logs()).not.toContain('"msg":"request failed"');
});
