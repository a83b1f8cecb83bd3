import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { PortalStore, Store } from '../store';
import type { AdminDirectory } from './admins';
import type { InstallationCache } from './installation-cache';
import type { HubSpotPort, JobsPort } from './ports';
import type { TokenProvider } from './tokens';

/**
 * Completes an OAuth install: code → tokens → which portal (token info) → store encrypted → remember the
 * installing user (first admin) → create the write-back properties → first full sync.
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
  const missing = input.requiredScopes.filter((scope) => !info.scopes.includes(scope));
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
    scopes: info.scopes,
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

/** Explicit disconnect: tell HubSpot (OAuth installs), then delete every row of the portal. */
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
    try {
      await deps.hubspot.deleteInstall(await deps.tokens.getAccessToken(portalId));
    } catch (err) {
      // The data must go even when HubSpot is unreachable or already forgot us: deleting is what the admin asked.
      deps.logger.warn({ err, portalId }, 'HubSpot did not confirm the uninstall; deleting our data anyway');
    }
  }
  await portal.deleteAllData();
  deps.installations.forget(portalId);
  deps.logger.info({ portalId }, 'disconnected and deleted the portal data');
};
