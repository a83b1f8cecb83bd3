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
  /**
   * Share of each window the bulk sync leaves free while priority requests (a card's on-demand company fetch)
   * were made within the last window: the card's calls then find a slot at once instead of waiting for the
   * sync's burst to age out. 0 disables the reserve (priority then only jumps the queue).
   */
  priorityReserve: number;
};

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  maxRequests: 110,
  intervalMs: 10_000,
  searchMaxRequests: 5,
  searchIntervalMs: 1_000,
  priorityReserve: 0.1,
};

export type PortalLimiter = {
  /**
   * Resolves when one request of this kind may be sent now. Rejects with the signal's reason when aborted.
   * `priority` requests are granted before every waiting normal one, from the same window (never past it).
   */
  acquire(kind: LimitKind, signal?: AbortSignal, priority?: boolean): Promise<void>;
  /** Holds every request of this kind until `ms` from now (after HubSpot answered 429). */
  pause(kind: LimitKind, ms: number): void;
  /** Milliseconds until the oldest request in the window leaves it: how long a 429 "rest of the window" lasts. */
  msUntilWindowFrees(kind: LimitKind): number;
};

type Waiter = {
  priority: boolean;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
};

/**
 * A rolling window: at most `max` grants in any `intervalMs`. Grants are FIFO within a priority so no caller
 * starves; priority waiters go first, and while one was seen in the last window normal grants stop `reserve`
 * short of `max`.
 */
const createWindow = (max: number, intervalMs: number, reserve: number) => {
  const granted: number[] = [];
  const queue: Waiter[] = [];
  let pausedUntil = 0;
  let priorityUntil = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const prune = (now: number) => {
    while (granted.length > 0 && (granted[0] ?? 0) <= now - intervalMs) granted.shift();
  };

  /** When the window has room for one more grant of this priority. */
  const freeAtFor = (priority: boolean, now: number): number => {
    const slotAt = (cap: number) =>
      granted.length < cap ? now : (granted[granted.length - cap] ?? now) + intervalMs;
    // normal grants leave `reserve` slots free while priority demand is recent (and not past it)
    if (priority || now >= priorityUntil || reserve === 0) return slotAt(max);
    return Math.min(slotAt(max - reserve), Math.max(slotAt(max), priorityUntil));
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
      const freeAt = freeAtFor(head.priority, now);
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
    acquire(signal?: AbortSignal, priority = false): Promise<void> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (priority) priorityUntil = Date.now() + intervalMs;
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          priority,
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
        // behind the other priority waiters, ahead of every normal one
        const at = priority ? queue.findIndex((w) => !w.priority) : -1;
        if (at >= 0) queue.splice(at, 0, waiter);
        else queue.push(waiter);
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
    if (key === 'priorityReserve') continue;
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`rate limit option ${key} must be a positive number, got ${value}`);
  }
  if (!(o.priorityReserve >= 0 && o.priorityReserve < 1))
    throw new Error(`rate limit option priorityReserve must be in [0, 1), got ${o.priorityReserve}`);
  const reserveOf = (max: number) => Math.min(max - 1, Math.ceil(max * o.priorityReserve));
  const windows = {
    standard: createWindow(o.maxRequests, o.intervalMs, reserveOf(o.maxRequests)),
    search: createWindow(o.searchMaxRequests, o.searchIntervalMs, reserveOf(o.searchMaxRequests)),
  };
  return {
    acquire: (kind, signal, priority) => windows[kind].acquire(signal, priority),
    pause: (kind, ms) => windows[kind].pause(ms),
    msUntilWindowFrees: (kind) => windows[kind].msUntilWindowFrees(),
  };
};

/** The same limiter with every request marked priority: what a card's on-demand fetch goes through. */
export const prioritized = (limiter: PortalLimiter): PortalLimiter => ({
  acquire: (kind, signal) => limiter.acquire(kind, signal, true),
  pause: (kind, ms) => limiter.pause(kind, ms),
  msUntilWindowFrees: (kind) => limiter.msUntilWindowFrees(kind),
});

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
