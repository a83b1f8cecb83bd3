// eslint-disable-next-line no-restricted-imports -- the one place outside server/src/hubspot that loads the SDK: our verifier must agree with HubSpot's own reference implementation.
import { Signature } from '@hubspot/api-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSignatureV3, createReplayGuard, verifySignatureV3 } from '../../../server/src/http/signature';

const SECRET = 'app-secret-1234';

describe('computeSignatureV3 agrees with the SDK', () => {
  it('for arbitrary methods, URLs, bodies and timestamps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.webPath(),
        fc.string(),
        fc.integer({ min: 0, max: 2 ** 42 }),
        fc.string({ minLength: 1 }),
        (method, path, body, timestamp, secret) => {
          // the SDK does not decode HubSpot's percent-escapes; keep them out of this comparison (tested below)
          const url = `https://pulse.example.com${path}`.replace(/%/g, '');
          const ours = computeSignatureV3({
            clientSecret: secret,
            method,
            uri: url,
            body,
            timestamp: String(timestamp),
          });
          const sdk = Signature.getSignature(method, 'v3', {
            signature: '',
            clientSecret: secret,
            requestBody: body,
            url,
            timestamp,
          });
          expect(ours).toBe(sdk);
        },
      ),
    );
  });

  it('and verifySignatureV3 accepts exactly what Signature.isValid accepts for fresh timestamps', () => {
    const now = Date.now();
    const cases = [
      { url: 'https://pulse.example.com/api/v1/portfolio?portalId=1&userId=2', body: '', signedWith: SECRET },
      { url: 'https://pulse.example.com/api/v1/settings?portalId=1', body: '{"a":1}', signedWith: SECRET },
      {
        url: 'https://pulse.example.com/api/v1/settings?portalId=1',
        body: '{"a":1}',
        signedWith: 'other-secret',
      },
    ];
    for (const c of cases) {
      const signature = computeSignatureV3({
        clientSecret: c.signedWith,
        method: 'POST',
        uri: c.url,
        body: c.body,
        timestamp: String(now),
      });
      const sdk = Signature.isValid({
        signatureVersion: 'v3',
        method: 'POST',
        clientSecret: SECRET,
        requestBody: c.body,
        url: c.url,
        timestamp: now,
        signature,
      });
      const ours = verifySignatureV3({
        clientSecret: SECRET,
        method: 'POST',
        uri: c.url,
        body: c.body,
        signature,
        timestamp: String(now),
        now,
      }).ok;
      expect(ours).toBe(sdk);
    }
  });
});

describe('verifySignatureV3', () => {
  const now = 1_780_000_000_000;
  const sign = (uri: string, timestamp: number, body = '') =>
    computeSignatureV3({ clientSecret: SECRET, method: 'GET', uri, body, timestamp: String(timestamp) });
  const verify = (uri: string, signature: string | undefined, timestamp: string | undefined, body = '') =>
    verifySignatureV3({ clientSecret: SECRET, method: 'GET', uri, body, signature, timestamp, now });

  it.each([
    ['exactly 5 minutes old', now - 300_000, true],
    ['5 minutes and 1 ms old', now - 300_001, false],
    ['5 minutes ahead', now + 300_000, true],
    ['more than 5 minutes ahead', now + 300_001, false],
  ])('timestamp %s → accepted: %s', (_label, timestamp, accepted) => {
    const result = verify('https://x.test/a', sign('https://x.test/a', timestamp), String(timestamp));
    expect(result.ok).toBe(accepted);
    if (!result.ok) expect(result.reason).toBe('stale');
  });

  it('reports a missing header, a non-numeric timestamp and a wrong-length signature without throwing', () => {
    expect(verify('https://x.test/a', undefined, String(now))).toMatchObject({
      ok: false,
      reason: 'missing',
    });
    expect(verify('https://x.test/a', 'abc', 'yesterday')).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(verify('https://x.test/a', 'short', String(now))).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('decodes the percent-escapes HubSpot decodes, and only those', () => {
    const signedDecoded = sign("https://x.test/a?e=a@b.c&l=(x),y;z!$'*:/?", now);
    expect(
      verify('https://x.test/a?e=a%40b.c&l=%28x%29%2Cy%3Bz%21%24%27%2A%3A%2F%3F', signedDecoded, String(now))
        .ok,
    ).toBe(true);
    // a space stays encoded: HubSpot signs %20 as sent
    expect(verify('https://x.test/a?q=a%20b', sign('https://x.test/a?q=a b', now), String(now)).ok).toBe(
      false,
    );
    expect(verify('https://x.test/a?q=a%20b', sign('https://x.test/a?q=a%20b', now), String(now)).ok).toBe(
      true,
    );
  });
});

describe('createReplayGuard', () => {
  const req = {
    method: 'PUT',
    uri: 'https://x.test/a?b=1',
    body: '{"v":1}',
    timestamp: '100',
    signature: 'sig',
  };

  it('refuses a second claim inside the window, per scope, and forgets after it', () => {
    const guard = createReplayGuard(1000);
    expect(guard.claim('p1', req, 0)).toBe(true);
    expect(guard.claim('p1', req, 500)).toBe(false);
    expect(guard.claim('p2', req, 500)).toBe(true);
    expect(guard.claim('p1', req, 2001 + 10_000)).toBe(true);
  });

  it('keys on method, URI, body, timestamp and signature together', () => {
    const guard = createReplayGuard(1000);
    expect(guard.claim('p', req, 0)).toBe(true);
    for (const other of [
      { ...req, method: 'POST' },
      { ...req, uri: 'https://x.test/a?b=2' },
      { ...req, body: '{"v":2}' },
      { ...req, timestamp: '101' },
      { ...req, signature: 'sig2' },
    ])
      expect(guard.claim('p', other, 1)).toBe(true);
    // the same request with an escape HubSpot decodes before signing (%3A is ':') is the same request
    expect(guard.claim('p', { ...req, uri: 'https://x.test/a?b=1&t=10:30' }, 2)).toBe(true);
    expect(guard.claim('p', { ...req, uri: 'https://x.test/a?b=1&t=10%3A30' }, 3)).toBe(false);
    expect(guard.claim('p', { ...req, body: Buffer.from('{"v":1}') }, 2)).toBe(false);
  });
});
