import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { PortalStore, Store } from '../store';
import type { AdminDirectory } from './admins';
import type { InstallationCache } from './installation-cache';
import type { HubSpotPort, JobsPort } from './ports';
import type { TokenProvider } from './tokens';

/**
 * Completes an OAuth install: code → tokens → which portal, user and granted scopes (introspection) → store
 * encrypted, with the scopes HubSpot actually granted (optional ones the account declined or lacks are left
 * out, and the sync reads only what was granted) → remember the installing user (first admin) → create the
 * write-back properties → first full sync.
 */
export const completeInstall = async (
  deps: {
    store: Store;
    hubspot: HubSpotPort;
    jobs: JobsPort;
    admins: AdminDirectory;
    installations: Pick<InstallationCache, 'forget'>;
    logger: Logger;
    now: () => number;
  },
  input: { code: string; redirectUri: string; requiredScopes: string[] },
): Promise<{ portalId: number; hubDomain: string | null }> => {
  const tokens = await deps.hubspot.exchangeCode({ code: input.code, redirectUri: input.redirectUri });
  const info = await deps.hubspot.getTokenInfo(tokens.accessToken);
  // The token response names the granted scopes when HubSpot includes them; introspection always does.
  const granted = tokens.scopes ?? info.scopes;
  const missing = input.requiredScopes.filter((scope) => !granted.includes(scope));
  if (missing.length > 0)
    throw new AppError(
      'forbidden',
      `HubSpot granted fewer scopes than Pulse needs (missing: ${missing.join(', ')})`,
    );
  const now = deps.now();
  const portal = deps.store.forPortal(info.hubId);
  const existing = await portal.installation.get();
  await portal.installation.upsert({
    mode: 'oauth',
    status: 'active',
    scopes: granted,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessTokenExpiresAt: tokens.expiresAt,
    hubDomain: info.hubDomain,
    installedAt: existing?.installedAt ?? now,
    updatedAt: now,
  });
  await deps.admins.recordInstaller(info.hubId, info.userId);
  deps.installations.forget(info.hubId);
  try {
    await deps.hubspot.ensureCompanyProperties(info.hubId);
  } catch (err) {
    // Write-back is a bonus: the card works without the properties, and the next sync retries creating them.
    deps.logger.warn({ err, portalId: info.hubId }, 'could not create the Pulse company properties');
  }
  await deps.jobs.requestSync(info.hubId, { full: true });
  deps.logger.info({ portalId: info.hubId }, 'installed');
  return { portalId: info.hubId, hubDomain: info.hubDomain };
};

/**
 * Explicit disconnect: uninstall at HubSpot and revoke the refresh token (OAuth installs), then delete every
 * row of the portal.
 */
export const disconnectPortal = async (deps: {
  portal: PortalStore;
  hubspot: HubSpotPort;
  tokens: TokenProvider;
  installations: Pick<InstallationCache, 'forget'>;
  logger: Logger;
}): Promise<void> => {
  const { portal } = deps;
  const { portalId } = portal;
  const installation = await portal.installation.get();
  if (installation === null) throw new AppError('not_installed', 'Pulse is not installed on this portal');
  if (installation.mode === 'oauth' && installation.status === 'active') {
    // The data must go even when HubSpot is unreachable or already forgot us: deleting is what the admin asked.
    try {
      await deps.hubspot.deleteInstall(await deps.tokens.getAccessToken(portalId));
    } catch (err) {
      deps.logger.warn({ err, portalId }, 'HubSpot did not confirm the uninstall; deleting our data anyway');
    }
    // Re-read: the uninstall's token lookup may have refreshed (and HubSpot rotated) the refresh token.
    const refreshToken = (await portal.installation.get())?.refreshToken ?? installation.refreshToken;
    if (refreshToken !== null)
      await deps.hubspot.revokeRefreshToken(refreshToken).catch((err: unknown) => {
        deps.logger.warn(
          { err, portalId },
          'HubSpot did not confirm the token revocation; deleting our data anyway',
        );
      });
  }
  await portal.deleteAllData();
  deps.installations.forget(portalId);
  deps.logger.info({ portalId }, 'disconnected and deleted the portal data');
};
