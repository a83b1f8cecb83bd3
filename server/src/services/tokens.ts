import { AppError, isAppError } from '../errors';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { TokenSet } from './ports';

export type TokenProvider = {
  /** A usable access token for the portal; refreshes first when fewer than 5 minutes are left. */
  getAccessToken(portalId: number): Promise<string>;
  /**
   * HubSpot answered 401 to `rejected` (revoked before its expiry, or the app uninstalled): refresh it now,
   * once, whatever its stored expiry says. When another caller already replaced it, that token is the answer.
   * A refused refresh marks the installation disconnected at once (as in getAccessToken). Static tokens cannot
   * be refreshed: the 401 stands.
   */
  renewAfterRejection?(portalId: number, rejected: string): Promise<string>;
};

/** Refresh when fewer than this many ms are left: a sync page must not start with a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export const createTokenProvider = ({
  store,
  refreshTokens,
  now = Date.now,
  logger,
}: {
  store: Store;
  refreshTokens: (refreshToken: string) => Promise<TokenSet>;
  now?: () => number;
  logger: Logger;
}): TokenProvider => {
  // One refresh per portal at a time: HubSpot may rotate the refresh token, and two concurrent refreshes
  // would race to store different ones (the loser's would be the one kept).
  const inFlight = new Map<number, Promise<string>>();

  /** `rejected`: the token HubSpot refused, refreshed even when its stored expiry says it is fresh. */
  const refresh = async (portalId: number, rejected: string | null): Promise<string> => {
    // Re-read inside the flight: another caller (or instance) may have refreshed since we looked.
    const portal = store.forPortal(portalId);
    const installation = await portal.installation.get();
    if (installation === null || installation.status !== 'active')
      throw new AppError('not_installed', 'Pulse is not installed on this portal');
    const current = freshToken(installation, now());
    if (current !== null && current !== rejected) return current;
    if (installation.refreshToken === null)
      throw new AppError('hubspot_auth_failed', 'The installation has no refresh token; reinstall Pulse');
    try {
      const tokens = await refreshTokens(installation.refreshToken);
      await portal.installation.updateTokens(
        {
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken,
          accessTokenExpiresAt: tokens.expiresAt,
        },
        now(),
      );
      logger.info({ portalId }, 'refreshed the HubSpot access token');
      return tokens.accessToken;
    } catch (error) {
      // HubSpot refusing the refresh token (400/401) is how an uninstall shows up: stop using the portal.
      if (isAppError(error) && error.code === 'hubspot_auth_failed') {
        await portal.installation.setStatus('disconnected', now());
        logger.warn({ portalId }, 'HubSpot refused the refresh token: marked the installation disconnected');
      }
      throw error;
    }
  };

  const startFlight = (portalId: number, rejected: string | null): Promise<string> => {
    const flight = refresh(portalId, rejected).finally(() => inFlight.delete(portalId));
    inFlight.set(portalId, flight);
    return flight;
  };

  return {
    async getAccessToken(portalId) {
      const pending = inFlight.get(portalId);
      if (pending !== undefined) return pending;
      const installation = await store.forPortal(portalId).installation.get();
      if (installation === null || installation.status !== 'active')
        throw new AppError('not_installed', 'Pulse is not installed on this portal');
      if (installation.mode !== 'oauth') {
        if (installation.accessToken === null)
          throw new AppError('hubspot_auth_failed', 'No access token is configured for this portal');
        return installation.accessToken;
      }
      const current = freshToken(installation, now());
      if (current !== null) return current;
      // checked again: another caller may have started the flight while we awaited the store
      const started = inFlight.get(portalId);
      if (started !== undefined) return started;
      return startFlight(portalId, null);
    },
    async renewAfterRejection(portalId, rejected) {
      const pending = inFlight.get(portalId);
      if (pending !== undefined) return pending;
      const installation = await store.forPortal(portalId).installation.get();
      if (installation?.mode !== 'oauth')
        throw new AppError('hubspot_auth_failed', 'HubSpot refused the access token (401)');
      return inFlight.get(portalId) ?? startFlight(portalId, rejected);
    },
  };
};

const freshToken = (
  installation: { accessToken: string | null; accessTokenExpiresAt: number | null },
  now: number,
): string | null =>
  installation.accessToken !== null &&
  installation.accessTokenExpiresAt !== null &&
  installation.accessTokenExpiresAt - now >= REFRESH_MARGIN_MS
    ? installation.accessToken
    : null;
