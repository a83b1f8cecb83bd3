import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HubSpot's v3 request signature (cards via hubspot.fetch, webhooks):
 * base64(HMAC-SHA256(clientSecret, method + uri + rawBody + timestamp)).
 * Ours instead of the SDK's `Signature.isValid` because that one throws on stale timestamps and compares with
 * `===` (not constant time); test/unit/server/signature.test.ts checks both agree on the same inputs.
 */

export const SIGNATURE_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * HubSpot signs the URI with these percent-escapes decoded (its docs list exactly this set); everything else
 * stays as sent. Case-insensitive hex.
 */
const DECODED_ESCAPES: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};
export const normaliseSignedUri = (uri: string): string =>
  uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (escape) => DECODED_ESCAPES[escape.toUpperCase()] ?? escape,
  );

export const computeSignatureV3 = (input: {
  clientSecret: string;
  method: string;
  uri: string;
  body: Buffer | string;
  timestamp: string;
}): string =>
  createHmac('sha256', input.clientSecret)
    .update(input.method.toUpperCase())
    .update(normaliseSignedUri(input.uri))
    .update(input.body)
    .update(input.timestamp)
    .digest('base64');

export type SignatureCheck =
  { ok: true; timestamp: number } | { ok: false; reason: 'missing' | 'stale' | 'mismatch'; message: string };

export const verifySignatureV3 = (input: {
  clientSecret: string;
  method: string;
  uri: string;
  body: Buffer | string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: number;
}): SignatureCheck => {
  if (
    input.signature === undefined ||
    input.signature === '' ||
    input.timestamp === undefined ||
    input.timestamp === ''
  )
    return {
      ok: false,
      reason: 'missing',
      message:
        'The request is not signed (X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are required)',
    };
  if (!/^\d{1,16}$/.test(input.timestamp))
    return {
      ok: false,
      reason: 'mismatch',
      message: 'X-HubSpot-Request-Timestamp is not a millisecond timestamp',
    };
  const timestamp = Number(input.timestamp);
  // Future timestamps are refused too: otherwise a forged-clock signature would stay replayable for longer.
  if (Math.abs(input.now - timestamp) > SIGNATURE_MAX_AGE_MS)
    return {
      ok: false,
      reason: 'stale',
      message: 'The request signature has expired (timestamp more than 5 minutes from now)',
    };
  const expected = Buffer.from(computeSignatureV3({ ...input, timestamp: input.timestamp }), 'utf8');
  const given = Buffer.from(input.signature, 'utf8');
  // timingSafeEqual throws on different lengths; a length difference leaks nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'mismatch', message: 'The request signature does not match' };
  return { ok: true, timestamp };
};

/** What makes one signed request unique: exactly what HubSpot signs, plus the signature itself. */
export type SignedRequestKey = {
  method: string;
  /** the signed URI (origin, path and query) */
  uri: string;
  body: Buffer | string;
  timestamp: string;
  signature: string;
};

/**
 * Methods that change nothing. A repeat of one is harmless and not refused: HubSpot retries a failed
 * `hubspot.fetch` once with the very same signed request, and a card can ask for the same data twice in one
 * millisecond. The signature and its 5-minute window are still checked for every request.
 */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Remembers state-changing signed requests seen inside the 5-minute window so a captured one cannot be
 * replayed. Keyed on what makes a request unique (method, URI, a digest of the body, timestamp, signature)
 * within a scope. In-process: with N instances behind a balancer a replay could land on another instance
 * within the window; the window is short, so we accept that (see docs/decisions/005).
 */
export const createReplayGuard = (windowMs = SIGNATURE_MAX_AGE_MS) => {
  const seen = new Map<string, number>();
  let lastSweep = 0;
  const keyOf = (scope: string, r: SignedRequestKey) =>
    [
      scope,
      r.method.toUpperCase(),
      normaliseSignedUri(r.uri),
      createHash('sha256').update(r.body).digest('base64'),
      r.timestamp,
      r.signature,
    ].join('\u0000');
  return {
    /** false when this request was already seen in `scope` inside the window */
    claim(scope: string, request: SignedRequestKey, now: number): boolean {
      if (now - lastSweep > 10_000) {
        for (const [key, expiresAt] of seen) if (expiresAt <= now) seen.delete(key);
        lastSweep = now;
      }
      const key = keyOf(scope, request);
      const expiresAt = seen.get(key);
      if (expiresAt !== undefined && expiresAt > now) return false;
      // the signature stays valid until its timestamp is 5 minutes old, at most 10 minutes from now
      seen.set(key, now + 2 * windowMs);
      return true;
    },
  };
};
export type ReplayGuard = ReturnType<typeof createReplayGuard>;
