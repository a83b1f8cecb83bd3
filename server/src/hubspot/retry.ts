import { z } from 'zod';
import { AppError } from '../errors';
import {
  HubSpotApiError,
  MalformedResponseError,
  MissingScopesError,
  readMissingScopes,
  refusedObjectType,
} from './errors';
import type { LimitKind, PortalLimiter } from './rate-limiter';
import type { Logger, ObjectType } from './types';

export { HubSpotApiError, MalformedResponseError } from './errors';

/**
 * Our retry policy for HubSpot calls, applied per attempt inside the portal's rate limiter. SDK errors are
 * turned into AppError codes here, once: callers above this file never see an SDK exception.
 */

export type RetryOptions = {
  /** attempts for 5xx / network / malformed responses, the first included */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** 429s are HubSpot asking us to wait, not failures: they have their own, larger bound */
  maxRateLimitWaits: number;
  /** shortest wait after a TEN_SECONDLY_ROLLING 429 without Retry-After */
  rateLimitFloorMs: number;
  /** wait after a SECONDLY (search) 429 */
  secondlyWaitMs: number;
  /** an attempt that has not answered by then counts as a timeout (and is retried) */
  timeoutMs: number;
  random: () => number;
};

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitWaits: 30,
  rateLimitFloorMs: 1_000,
  secondlyWaitMs: 1_000,
  timeoutMs: 30_000,
  random: Math.random,
};

export type CallStats = { apiCalls: number; rateLimited: number; retries: number };
export const createCallStats = (): CallStats => ({ apiCalls: 0, rateLimited: 0, retries: 0 });

/** What the attempt saw of the HTTP response, captured before the SDK parses (and maybe chokes on) the body. */
export type ResponseMeta = { status: number | null; headers: Record<string, string> };

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

type Classified =
  | { kind: 'rate_limited'; policy: string | null; retryAfterMs: number | null }
  | { kind: 'transient'; reason: string }
  | { kind: 'final'; error: Error };

/** What the SDK's ApiException (and our RawHttpError) carry: a numeric `code`, the body, the headers. */
const ZHttpFailure = z.object({
  code: z.number().int().min(100).optional().catch(undefined),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional().catch(undefined),
});
const failureOf = (error: unknown) => {
  const parsed = ZHttpFailure.safeParse(error);
  return parsed.success ? parsed.data : { code: undefined, body: undefined, headers: undefined };
};

const statusOf = (error: unknown, meta: ResponseMeta): number | null => failureOf(error).code ?? meta.status;

const bodyOf = (error: unknown): unknown => {
  const body = failureOf(error).body;
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
};

const ZStringField = z.string().optional().catch(undefined);
const fieldOf = (body: unknown, key: 'message' | 'policyName'): string | null => {
  const parsed = z.object({ [key]: ZStringField }).safeParse(body);
  return parsed.success ? (parsed.data[key] ?? null) : null;
};

const header = (meta: ResponseMeta, error: unknown, name: string): string | null => {
  for (const headers of [meta.headers, failureOf(error).headers ?? {}]) {
    for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  }
  return null;
};

const retryAfterMs = (value: string | null): number | null => {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
};

/** Errors that say "the response never arrived whole": retrying the same request is safe (all our calls are idempotent). */
const isTransientFailure = (error: unknown): boolean =>
  error instanceof TimeoutError ||
  error instanceof MalformedResponseError ||
  error instanceof SyntaxError ||
  // fetch() rejects with a TypeError on connection resets, DNS failures and refused connections
  (error instanceof TypeError &&
    /fetch failed|network|terminated|socket/i.test(`${error.message} ${String(error.cause)}`)) ||
  // the SDK cannot parse a body whose content type is neither JSON nor text (e.g. a proxy's error page)
  (error instanceof Error && /mediaType|Content-Type/i.test(error.message));

const hubspotMessage = (error: unknown): string => fieldOf(bodyOf(error), 'message') ?? 'no message';

/** What the call was about, so a refusal can name it: the label, and the object types it reads. */
export type CallSubject = { label: string; objectTypes?: readonly ObjectType[] | undefined };

export const classify = (
  error: unknown,
  meta: ResponseMeta,
  subject: CallSubject = { label: 'the call' },
): Classified => {
  if (error instanceof AppError) return { kind: 'final', error };
  const status = statusOf(error, meta);
  if (status === 429) {
    return {
      kind: 'rate_limited',
      policy: fieldOf(bodyOf(error), 'policyName'),
      retryAfterMs: retryAfterMs(header(meta, error, 'retry-after')),
    };
  }
  if (status !== null && status >= 500) return { kind: 'transient', reason: `HTTP ${status}` };
  if (status === 401) {
    return {
      kind: 'final',
      error: new HubSpotApiError(
        'hubspot_auth_failed',
        'HubSpot rejected the access token (401).',
        status,
        error,
      ),
    };
  }
  if (status === 403) {
    const scopes = readMissingScopes(bodyOf(error));
    if (scopes !== null) {
      const objectType = refusedObjectType(subject.objectTypes ?? [], scopes);
      return { kind: 'final', error: new MissingScopesError({ objectType, scopes, label: subject.label }) };
    }
  }
  if (status !== null && status >= 400) {
    const code =
      status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'internal';
    return {
      kind: 'final',
      error: new HubSpotApiError(code, `HubSpot answered ${status}: ${hubspotMessage(error)}`, status, error),
    };
  }
  if (isTransientFailure(error))
    return { kind: 'transient', reason: error instanceof Error ? error.name : 'unknown' };
  return { kind: 'final', error: error instanceof Error ? error : new Error(String(error)) };
};

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
  });
  // The SDK cannot cancel its fetch; a late answer is simply ignored.
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

export type RetryContext = {
  limiter: PortalLimiter;
  kind: LimitKind;
  stats: CallStats;
  options: RetryOptions;
  /** names the call in logs and errors ("GET companies page") */
  label: string;
  /** the object types the call reads, so a MISSING_SCOPES refusal names the one refused */
  objectTypes?: readonly ObjectType[] | undefined;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
};

/**
 * Runs `attempt` until it succeeds, a final error occurs or the attempts run out. Each attempt first takes a
 * slot from the portal's limiter and gets a fresh ResponseMeta to fill in.
 */
export const withRetry = async <T>(
  attempt: (meta: ResponseMeta) => Promise<T>,
  ctx: RetryContext,
): Promise<T> => {
  const { options, stats } = ctx;
  let failures = 0;
  let rateLimitWaits = 0;
  for (;;) {
    await ctx.limiter.acquire(ctx.kind, ctx.signal);
    const meta: ResponseMeta = { status: null, headers: {} };
    stats.apiCalls += 1;
    let outcome: Classified;
    try {
      return await withTimeout(attempt(meta), options.timeoutMs);
    } catch (error) {
      outcome = classify(error, meta, ctx);
    }
    ctx.signal?.throwIfAborted();
    switch (outcome.kind) {
      case 'final':
        throw outcome.error;
      case 'rate_limited': {
        stats.rateLimited += 1;
        if (outcome.policy === 'DAILY') {
          throw new HubSpotApiError(
            'rate_limited',
            'HubSpot daily API limit reached for this account; sync resumes tomorrow.',
            429,
          );
        }
        rateLimitWaits += 1;
        if (rateLimitWaits > options.maxRateLimitWaits) {
          throw new HubSpotApiError(
            'hubspot_unavailable',
            `HubSpot kept answering 429 to ${ctx.label}.`,
            429,
          );
        }
        const window =
          outcome.policy === 'SECONDLY'
            ? options.secondlyWaitMs
            : Math.max(options.rateLimitFloorMs, ctx.limiter.msUntilWindowFrees(ctx.kind));
        const waitMs = outcome.retryAfterMs ?? window;
        // Everyone on this portal's budget waits, not just this call: the window is shared.
        ctx.limiter.pause(ctx.kind, waitMs);
        stats.retries += 1;
        ctx.logger?.warn(
          { call: ctx.label, policy: outcome.policy, waitMs },
          'HubSpot rate limit hit; waiting',
        );
        break;
      }
      case 'transient': {
        failures += 1;
        if (failures >= options.maxAttempts) {
          throw new HubSpotApiError(
            'hubspot_unavailable',
            `HubSpot did not answer ${ctx.label} after ${failures} attempts (${outcome.reason}).`,
            meta.status,
          );
        }
        // Full jitter: spreads the retries of many portals instead of synchronising them.
        const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (failures - 1));
        const waitMs = Math.floor(options.random() * cap);
        stats.retries += 1;
        ctx.logger?.warn(
          { call: ctx.label, reason: outcome.reason, attempt: failures, waitMs },
          'HubSpot call failed; retrying',
        );
        await sleep(waitMs, ctx.signal);
        break;
      }
      default: {
        const unreachable: never = outcome;
        throw new Error(`unhandled outcome ${String(unreachable)}`);
      }
    }
  }
};
