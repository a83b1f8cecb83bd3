/**
 * Per-portal request budget. HubSpot counts requests per installed account in a rolling window
 * (110 per 10 s for marketplace apps) and search separately (5 per second), so each portal gets its own
 * pair of windows; one busy portal never slows another, and two syncs of the same portal share one budget.
 */

export type LimitKind = 'standard' | 'search';

export type RateLimitOptions = {
  /** requests per `intervalMs` on the general budget */
  maxRequests: number;
  intervalMs: number;
  /** requests per `searchIntervalMs` on the search budget */
  searchMaxRequests: number;
  searchIntervalMs: number;
};

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  maxRequests: 110,
  intervalMs: 10_000,
  searchMaxRequests: 5,
  searchIntervalMs: 1_000,
};

export type PortalLimiter = {
  /** Resolves when one request of this kind may be sent now. Rejects with the signal's reason when aborted. */
  acquire(kind: LimitKind, signal?: AbortSignal): Promise<void>;
  /** Holds every request of this kind until `ms` from now (after HubSpot answered 429). */
  pause(kind: LimitKind, ms: number): void;
  /** Milliseconds until the oldest request in the window leaves it: how long a 429 "rest of the window" lasts. */
  msUntilWindowFrees(kind: LimitKind): number;
};

type Waiter = {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
};

/** A rolling window: at most `max` grants in any `intervalMs`. Grants are FIFO so no caller starves. */
const createWindow = (max: number, intervalMs: number) => {
  const granted: number[] = [];
  const queue: Waiter[] = [];
  let pausedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const prune = (now: number) => {
    while (granted.length > 0 && (granted[0] ?? 0) <= now - intervalMs) granted.shift();
  };

  const pump = () => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    for (;;) {
      const head = queue[0];
      if (!head) return;
      const now = Date.now();
      prune(now);
      const freeAt = granted.length < max ? now : (granted[0] ?? now) + intervalMs;
      const readyAt = Math.max(freeAt, pausedUntil);
      if (readyAt > now) {
        timer = setTimeout(pump, readyAt - now);
        return;
      }
      queue.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      granted.push(now);
      head.resolve();
    }
  };

  return {
    acquire(signal?: AbortSignal): Promise<void> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            reject(signal?.reason);
            pump();
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        queue.push(waiter);
        pump();
      });
    },
    pause(ms: number) {
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
      pump();
    },
    msUntilWindowFrees(): number {
      const now = Date.now();
      prune(now);
      const oldest = granted[0];
      return oldest === undefined ? 0 : Math.max(0, oldest + intervalMs - now);
    },
  };
};

export const createRateLimiter = (options: Partial<RateLimitOptions> = {}): PortalLimiter => {
  const o = { ...DEFAULT_RATE_LIMIT, ...options };
  for (const [key, value] of Object.entries(o)) {
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`rate limit option ${key} must be a positive number, got ${value}`);
  }
  const windows = {
    standard: createWindow(o.maxRequests, o.intervalMs),
    search: createWindow(o.searchMaxRequests, o.searchIntervalMs),
  };
  return {
    acquire: (kind, signal) => windows[kind].acquire(signal),
    pause: (kind, ms) => windows[kind].pause(ms),
    msUntilWindowFrees: (kind) => windows[kind].msUntilWindowFrees(),
  };
};

export type LimiterRegistry = { for(portalId: number): PortalLimiter };

/** One limiter per portal for the life of the process (the budget outlives any one sync). */
export const createLimiterRegistry = (options: Partial<RateLimitOptions> = {}): LimiterRegistry => {
  const limiters = new Map<number, PortalLimiter>();
  return {
    for(portalId) {
      let limiter = limiters.get(portalId);
      if (!limiter) {
        limiter = createRateLimiter(options);
        limiters.set(portalId, limiter);
      }
      return limiter;
    },
  };
};
