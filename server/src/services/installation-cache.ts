import type { Store } from '../store';

/**
 * Whether a portal may use the API, remembered for a few seconds: every card load asks, and reading the
 * installation row means decrypting its tokens. Disconnect in this process forgets at once; another instance's
 * uninstall is seen within the TTL.
 */
export const createInstallationCache = (store: Store, ttlMs = 5000, now: () => number = Date.now) => {
  const cache = new Map<number, { isActive: boolean; until: number }>();
  return {
    async isActive(portalId: number): Promise<boolean> {
      const hit = cache.get(portalId);
      if (hit !== undefined && hit.until > now()) return hit.isActive;
      const installation = await store.forPortal(portalId).installation.get();
      const isActive = installation !== null && installation.status === 'active';
      if (cache.size > 50_000) cache.clear();
      cache.set(portalId, { isActive, until: now() + ttlMs });
      return isActive;
    },
    forget(portalId: number) {
      cache.delete(portalId);
    },
  };
};
export type InstallationCache = ReturnType<typeof createInstallationCache>;
