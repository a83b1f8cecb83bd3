import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../server/src/errors';
import { createRateLimiter } from '../../../server/src/hubspot/rate-limiter';
import {
  createCallStats,
  DEFAULT_RETRY,
  MalformedResponseError,
  withRetry,
  type ResponseMeta,
} from '../../../server/src/hubspot/retry';

/** What the SDK throws for a non-2xx answer (ApiException: numeric `code`, parsed `body`, `headers`). */
const apiError = (
  code: number,
  body: unknown = { status: 'error', message: 'nope' },
  headers: Record<string, string> = {},
) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers });

const rateLimitBody = (policyName: string) => ({
  status: 'error',
  errorType: 'RATE_LIMIT',
  policyName,
  message: 'limit',
});

/** An attempt function answering from a script: each entry is a value to return or an error to throw. */
const scripted = (script: unknown[]) => {
  const calls: number[] = [];
  const attempt = async (_meta: ResponseMeta) => {
    calls.push(Date.now());
    const next = script.shift();
    if (next instanceof Error) throw next;
    return next;
  };
  return { attempt, calls };
};

const setup = (overrides: Partial<typeof DEFAULT_RETRY> = {}) => {
  const limiter = createRateLimiter({ maxRequests: 1000 });
  const stats = createCallStats();
  const ctx = {
    limiter,
    kind: 'standard' as const,
    stats,
    options: { ...DEFAULT_RETRY, random: () => 1, ...overrides },
    label: 'test call',
  };
  return { limiter, stats, ctx };
};

describe('retry policy', () => {
  beforeEach(() => vi.useFakeTimers({ now: 5_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('retries 5xx with exponential backoff and returns the eventual answer', async () => {
    const { ctx, stats } = setup({ baseDelayMs: 100 });
    const { attempt, calls } = scripted([apiError(503), apiError(500), 'ok']);
    const result = withRetry(attempt, ctx);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBe('ok');
    // full jitter with random()=1: waits of 100 ms, then 200 ms
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 100, 300]);
    expect(stats).toEqual({ apiCalls: 3, rateLimited: 0, retries: 2 });
  });

  it('draws each backoff uniformly below the exponential cap (full jitter)', async () => {
    const { ctx } = setup({ baseDelayMs: 1_000, random: () => 0.25 });
    const { attempt, calls } = scripted([apiError(502), apiError(502), 'ok']);
    const result = withRetry(attempt, ctx);
    await vi.advanceTimersByTimeAsync(5_000);
    await result;
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 250, 750]);
  });

  it('gives up after the bounded attempts with hubspot_unavailable', async () => {
    const { ctx, stats } = setup({ baseDelayMs: 10, maxAttempts: 4 });
    const { attempt } = scripted([apiError(503), apiError(503), apiError(503), apiError(503), 'never']);
    const result = withRetry(attempt, ctx);
    const assertion = expect(result).rejects.toMatchObject({ code: 'hubspot_unavailable' });
    await vi.advanceTimersByTimeAsync(1_000);
    await assertion;
    expect(stats.apiCalls).toBe(4);
  });

  it('waits the rest of the 10-second window after a TEN_SECONDLY_ROLLING 429, and holds the portal meanwhile', async () => {
    const { ctx, stats, limiter } = setup();
    const { attempt, calls } = scripted([apiError(429, rateLimitBody('TEN_SECONDLY_ROLLING')), 'ok']);
    const result = withRetry(attempt, ctx);
    await vi.advanceTimersByTimeAsync(0);
    // another call of the same portal must wait too
    let otherGranted = false;
    void limiter.acquire('standard').then(() => (otherGranted = true));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(calls).toHaveLength(1);
    expect(otherGranted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
    expect(otherGranted).toBe(true);
    expect(stats).toEqual({ apiCalls: 2, rateLimited: 1, retries: 1 });
  });

  it('waits one second after a SECONDLY (search) 429', async () => {
    const { ctx } = setup();
    const { attempt, calls } = scripted([apiError(429, rateLimitBody('SECONDLY')), 'ok']);
    const result = withRetry(attempt, { ...ctx, kind: 'search' });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBe('ok');
    expect(calls[1]! - calls[0]!).toBe(1_000);
  });

  it('honours Retry-After when HubSpot sends it', async () => {
    const { ctx } = setup();
    const { attempt, calls } = scripted([
      apiError(429, rateLimitBody('TEN_SECONDLY_ROLLING'), { 'Retry-After': '3' }),
      'ok',
    ]);
    const result = withRetry(attempt, ctx);
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(result).resolves.toBe('ok');
    expect(calls[1]! - calls[0]!).toBe(3_000);
  });

  it('reads the status from the response when the body could not be parsed (HTML 429 from a proxy)', async () => {
    const { ctx, stats } = setup();
    let first = true;
    const attempt = async (meta: ResponseMeta) => {
      if (!first) return 'ok';
      first = false;
      meta.status = 429;
      meta.headers = { 'retry-after': '2' };
      throw new Error('The mediaType text/html is not supported by ObjectSerializer.parse.');
    };
    const result = withRetry(attempt, ctx);
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(result).resolves.toBe('ok');
    expect(stats.rateLimited).toBe(1);
  });

  it('stops at once on a DAILY 429 with rate_limited', async () => {
    const { ctx, stats } = setup();
    const { attempt } = scripted([apiError(429, rateLimitBody('DAILY')), 'never']);
    await expect(withRetry(attempt, ctx)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(stats.apiCalls).toBe(1);
  });

  it.each([
    [401, 'hubspot_auth_failed'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [400, 'internal'],
  ])('does not retry a %i; it becomes %s', async (status, code) => {
    const { ctx, stats } = setup();
    const { attempt } = scripted([apiError(status), 'never']);
    const error = await withRetry(attempt, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code, status });
    expect(stats.apiCalls).toBe(1);
  });

  it.each([
    ['a truncated JSON body', new SyntaxError('Unexpected end of JSON input')],
    ['an HTML page with status 200', new MalformedResponseError('no results array')],
    ['a network failure', new TypeError('fetch failed')],
  ])('retries %s', async (_name, error) => {
    const { ctx } = setup({ baseDelayMs: 10 });
    const { attempt } = scripted([error, 'ok']);
    const result = withRetry(attempt, ctx);
    await vi.advanceTimersByTimeAsync(100);
    await expect(result).resolves.toBe('ok');
  });

  it('treats an attempt that never answers as a timeout and retries it', async () => {
    const { ctx } = setup({ timeoutMs: 5_000, baseDelayMs: 10 });
    let calls = 0;
    const attempt = () => (++calls === 1 ? new Promise<string>(() => {}) : Promise.resolve('ok'));
    const result = withRetry(attempt, ctx);
    await vi.advanceTimersByTimeAsync(5_100);
    await expect(result).resolves.toBe('ok');
    expect(calls).toBe(2);
  });

  it('does not retry our own bugs (an error that is not about the response)', async () => {
    const { ctx, stats } = setup();
    const { attempt } = scripted([new RangeError('bad index'), 'never']);
    await expect(withRetry(attempt, ctx)).rejects.toThrow(RangeError);
    expect(stats.apiCalls).toBe(1);
  });
});
