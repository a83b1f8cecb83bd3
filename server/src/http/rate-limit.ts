import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors';

/**
 * A fixed 10-second window per key (the portal for API calls). It protects the store from one runaway tenant;
 * HubSpot itself caps hubspot.fetch at 20 concurrent requests per account. Per process, like the replay memory.
 */
export const createRateLimit = ({
  limit,
  keyOf,
  now = Date.now,
}: {
  limit: number;
  keyOf: (req: Request) => string;
  now?: () => number;
}): RequestHandler => {
  const windows = new Map<string, { start: number; count: number }>();
  return (req, res, next) => {
    const t = now();
    const key = keyOf(req);
    let window = windows.get(key);
    if (window === undefined || t - window.start >= 10_000) {
      if (windows.size > 10_000) for (const [k, w] of windows) if (t - w.start >= 10_000) windows.delete(k);
      window = { start: t, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit) {
      res.set('Retry-After', String(Math.ceil((window.start + 10_000 - t) / 1000)));
      throw new AppError(
        'rate_limited',
        'Too many requests for this HubSpot account; try again in a few seconds',
      );
    }
    next();
  };
};
