import type { TokenInfo, TokenSet } from '../hubspot/oauth';

export type { TokenInfo, TokenSet } from '../hubspot/oauth';

/**
 * What the app plane needs from the HubSpot connector and the job runner, as narrow ports: routes and services
 * depend on these, main.ts wires the real ones (server/src/hubspot, server/src/jobs), tests pass fakes or the
 * sandbox.
 */
export type HubSpotPort = {
  exchangeCode(input: { code: string; redirectUri: string }): Promise<TokenSet>;
  refreshTokens(refreshToken: string): Promise<TokenSet>;
  getTokenInfo(accessToken: string): Promise<TokenInfo>;
  /** DELETE the app install at HubSpot (explicit disconnect) */
  deleteInstall(accessToken: string): Promise<void>;
  /** create the Pulse property group and company properties used by write-back (idempotent) */
  ensureCompanyProperties(portalId: number): Promise<void>;
  /** the portal's company properties (name, label, HubSpot data type); absent in fakes that model no portal */
  listCompanyProperties?(portalId: number): Promise<{ name: string; label: string; type: string }[]>;
};

export type JobsPort = {
  requestSync(portalId: number, options: { full: boolean }): Promise<void>;
};

/** Recompute the stored snapshots of these companies (all of the portal's with 'all') from stored records. */
export type RecomputePort = (portalId: number, companyIds: string[] | 'all') => Promise<void>;
