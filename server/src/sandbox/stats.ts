/**
 * Calls the sandbox answered, by endpoint (ids replaced by placeholders; OAuth endpoints by path), with the
 * 429s, injected faults and 403 MISSING_SCOPES answers among them.
 */
export type SandboxStats = {
  total: number;
  byEndpoint: Record<string, number>;
  rateLimited: number;
  faults: number;
  forbidden: number;
};

export const emptyStats = (): SandboxStats => ({
  total: 0,
  byEndpoint: {},
  rateLimited: 0,
  faults: 0,
  forbidden: 0,
});

export function countCall(stats: SandboxStats, key: string): void {
  stats.total++;
  stats.byEndpoint[key] = (stats.byEndpoint[key] ?? 0) + 1;
}

/** Adds `part` into `total` (a fresh copy), endpoint by endpoint. */
export function addStats(total: SandboxStats, part: SandboxStats): SandboxStats {
  const sum = structuredClone(total);
  sum.total += part.total;
  sum.rateLimited += part.rateLimited;
  sum.faults += part.faults;
  sum.forbidden += part.forbidden;
  for (const [key, n] of Object.entries(part.byEndpoint))
    sum.byEndpoint[key] = (sum.byEndpoint[key] ?? 0) + n;
  return sum;
}
