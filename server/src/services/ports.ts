import type { AccountDetails, TokenGrant } from '../hubspot';
import type { CompanySnapshot, Settings } from '@pulse/shared';

/** What a code exchange or refresh grants: tokens, and (when HubSpot says) the portal and granted scopes. */
export type TokenSet = TokenGrant;
export type { AccountDetails } from '../hubspot';

/** What HubSpot's introspection knows of a live access token: its portal, installing user and granted scopes. */
export type TokenInfo = {
  hubId: number;
  scopes: string[];
  userId: number | null;
  user: string | null;
  hubDomain: string | null;
};

/**
 * What the app plane needs from the HubSpot connector and the job runner, as narrow ports: routes and services
 * depend on these, main.ts wires the real ones (server/src/hubspot, server/src/jobs), tests pass fakes or the
 * sandbox.
 */
export type HubSpotPort = {
  /** `POST /oauth/2026-03/token` with the authorization code */
  exchangeCode(input: { code: string; redirectUri: string }): Promise<TokenSet>;
  /** `POST /oauth/2026-03/token` with the refresh token; a refused one is `hubspot_auth_failed` */
  refreshTokens(refreshToken: string): Promise<TokenSet>;
  /** `POST /oauth/2026-03/token/introspect`; an inactive token is `hubspot_auth_failed` */
  getTokenInfo(accessToken: string): Promise<TokenInfo>;
  /** `POST /oauth/2026-03/token/revoke` (an unknown or already revoked token counts as done) */
  revokeRefreshToken(refreshToken: string): Promise<void>;
  /** `GET /account-info/v3/details`: the portal any token (OAuth or a private app's) belongs to */
  getAccountDetails(accessToken: string): Promise<AccountDetails>;
  /** DELETE the app install at HubSpot (explicit disconnect) */
  deleteInstall(accessToken: string): Promise<void>;
  /** create the Pulse property group and company properties used by write-back (idempotent) */
  ensureCompanyProperties(portalId: number): Promise<void>;
  /** the portal's company properties (name, label, HubSpot data type); absent in fakes that model no portal */
  listCompanyProperties?(
    portalId: number,
  ): Promise<{ name: string; label: string; type: string; unique?: boolean }[]>;
  /** the portal's users (`settings.users.read`); absent in fakes that model no portal */
  listUsers?(
    portalId: number,
  ): Promise<{ userId: number; email: string | null; firstName: string | null; lastName: string | null }[]>;
};

export type JobsPort = {
  requestSync(portalId: number, options: { full: boolean }): Promise<void>;
};

/**
 * Fetch, store and score one company now, ahead of the bulk sync (a card asked for a company the store does not
 * have): 'missing' when HubSpot does not have it either.
 */
export type CompanySyncPort = (portalId: number, companyId: string) => Promise<'synced' | 'missing'>;

/** Recompute the stored snapshots of these companies (all of the portal's with 'all') from stored records. */
export type RecomputePort = (
  portalId: number,
  companyIds: string[] | 'all',
  options?: { onProgress?: (done: number) => void },
) => Promise<void>;

/** Scoring the stored records under candidate settings (the settings preview) and what a save needs first. */
export type ScoringPort = {
  /**
   * Every stored company scored under `settings` exactly as the recompute after a save would, batch by batch;
   * nothing is stored. Returns the newly mapped properties whose values were read from HubSpot for it.
   */
  scoreAll(
    portalId: number,
    settings: Settings,
    onBatch: (snapshots: CompanySnapshot[]) => void,
  ): Promise<string[]>;
  /** Stores the values of properties mapped since the last sync (read from HubSpot), before a recompute. */
  storeUnreadProperties(portalId: number, settings: Settings): Promise<string[]>;
};
