/** A rolling-window request counter on an injected clock (HubSpot's TEN_SECONDLY_ROLLING and SECONDLY policies). */
export type RollingWindowLimiter = {
  readonly max: number;
  readonly intervalMs: number;
  /** Records the request and returns true when it fits the window; returns false (and records nothing) otherwise. */
  tryTake(now: number): boolean;
  remaining(now: number): number;
};

export function createRollingWindowLimiter(max: number, intervalMs: number): RollingWindowLimiter {
  const stamps: number[] = [];
  let head = 0;
  const expire = (now: number) => {
    while (head < stamps.length && (stamps[head] as number) <= now - intervalMs) head++;
    if (head > 1024 && head * 2 > stamps.length) {
      stamps.splice(0, head);
      head = 0;
    }
  };
  return {
    max,
    intervalMs,
    tryTake(now) {
      expire(now);
      if (stamps.length - head >= max) return false;
      stamps.push(now);
      return true;
    },
    remaining(now) {
      expire(now);
      return Math.max(0, max - (stamps.length - head));
    },
  };
}
