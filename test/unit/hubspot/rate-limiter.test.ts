import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLimiterRegistry, createRateLimiter } from '../../../server/src/hubspot/rate-limiter';

/** How many of the given acquisitions have resolved so far. */
const track = (promises: Promise<void>[]) => {
  const state = { done: 0 };
  for (const p of promises) void p.then(() => (state.done += 1));
  return state;
};

/** Acquires `n` slots of one priority and records when each is granted. */
const prioritizedOrder = (limiter: ReturnType<typeof createRateLimiter>, n: number, priority: boolean) => {
  const order: number[] = [];
  for (let i = 0; i < n; i++) void limiter.acquire('standard', undefined, priority).then(() => order.push(i));
  return { order };
};

describe('per-portal rate limiter', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('grants the budget at once, then one more each time the oldest request leaves the rolling window', async () => {
    const limiter = createRateLimiter({ maxRequests: 3, intervalMs: 10_000 });
    const state = track(Array.from({ length: 5 }, () => limiter.acquire('standard')));
    await vi.advanceTimersByTimeAsync(0);
    expect(state.done).toBe(3);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(state.done).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.done).toBe(5);
  });

  it('keeps a rolling window: requests spread over time free their slots one by one', async () => {
    const limiter = createRateLimiter({ maxRequests: 2, intervalMs: 10_000 });
    await limiter.acquire('standard');
    await vi.advanceTimersByTimeAsync(4_000);
    await limiter.acquire('standard');
    const state = track([limiter.acquire('standard'), limiter.acquire('standard')]);
    await vi.advanceTimersByTimeAsync(6_000); // first request leaves the window at t=10 s
    expect(state.done).toBe(1);
    await vi.advanceTimersByTimeAsync(4_000); // second leaves at t=14 s
    expect(state.done).toBe(2);
  });

  it('grants priority requests (a card) before waiting bulk ones, and keeps a reserve free for them within the window', async () => {
    const limiter = createRateLimiter({ maxRequests: 10, intervalMs: 10_000, priorityReserve: 0.2 });
    const bulk = prioritizedOrder(limiter, 12, false);
    await vi.advanceTimersByTimeAsync(0);
    expect(bulk.order).toHaveLength(10); // no card asked yet: the bulk sync uses the whole budget
    await vi.advanceTimersByTimeAsync(5_000);
    const card = prioritizedOrder(limiter, 3, true);
    await vi.advanceTimersByTimeAsync(5_000); // the window frees: the card's calls go first, then the bulk's
    expect(card.order).toHaveLength(3);
    expect(bulk.order).toHaveLength(12);
    // with a card seen in the last window, more bulk calls stop 2 (the reserve) short of the budget
    const more = prioritizedOrder(limiter, 5, false);
    await vi.advanceTimersByTimeAsync(0);
    expect(more.order).toHaveLength(3);
    const late = prioritizedOrder(limiter, 2, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.order).toHaveLength(2); // a card arriving now finds its reserve free at once
  });

  it('gives search its own budget (5 per second by default), untouched by other requests', async () => {
    const limiter = createRateLimiter({ maxRequests: 1 });
    await limiter.acquire('standard');
    const search = track(Array.from({ length: 6 }, () => limiter.acquire('search')));
    await vi.advanceTimersByTimeAsync(0);
    expect(search.done).toBe(5);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(search.done).toBe(6);
  });

  it('holds every request of the portal while paused after a 429', async () => {
    const limiter = createRateLimiter({ maxRequests: 100 });
    limiter.pause('standard', 3_000);
    const state = track([limiter.acquire('standard'), limiter.acquire('standard')]);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(state.done).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.done).toBe(2);
  });

  it('tells how long until the window frees a slot', async () => {
    const limiter = createRateLimiter({ maxRequests: 2, intervalMs: 10_000 });
    expect(limiter.msUntilWindowFrees('standard')).toBe(0);
    await limiter.acquire('standard');
    await vi.advanceTimersByTimeAsync(2_500);
    expect(limiter.msUntilWindowFrees('standard')).toBe(7_500);
  });

  it('drops a waiting request whose signal aborts, without blocking the ones behind it', async () => {
    const limiter = createRateLimiter({ maxRequests: 1, intervalMs: 1_000 });
    await limiter.acquire('standard');
    const controller = new AbortController();
    const aborted = limiter.acquire('standard', controller.signal);
    const next = limiter.acquire('standard');
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(next).resolves.toBeUndefined();
  });

  it('keys limiters by portal: one busy portal does not slow another', async () => {
    const registry = createLimiterRegistry({ maxRequests: 1, intervalMs: 10_000 });
    expect(registry.for(1)).toBe(registry.for(1));
    await registry.for(1).acquire('standard');
    const other = track([registry.for(2).acquire('standard')]);
    const same = track([registry.for(1).acquire('standard')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(other.done).toBe(1);
    expect(same.done).toBe(0);
  });

  it('rejects nonsense options with a message naming the option', () => {
    expect(() => createRateLimiter({ maxRequests: 0 })).toThrow(/maxRequests/);
  });
});
