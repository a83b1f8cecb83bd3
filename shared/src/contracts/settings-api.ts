import { z } from 'zod';
import { ZSettings } from '../schemas/settings';
import { ZCurrencyCode } from './currency';
import { ZUnavailableSource } from './sources';
import { ZBand, ZRiskLevel } from './snapshot';
import { ZSyncStatus } from './sync';

/** GET /api/v1/settings */
export const ZSettingsView = z.object({
  settings: ZSettings,
  defaults: ZSettings,
  version: z.number().int().nonnegative(),
  updatedAt: z.string().datetime({ offset: true }).nullable(),
  updatedBy: z.string().nullable(),
  /** false for non-admins: the page is read-only */
  canEdit: z.boolean(),
  /** the account's company currency: the backtest's amounts are in it */
  currencyCode: ZCurrencyCode,
  sync: ZSyncStatus,
  /** numeric company properties an admin can map as adoption measures or ARR */
  numericCompanyProperties: z.array(z.object({ name: z.string(), label: z.string() })),
  /** set when the list above could not be read from HubSpot (it then holds only the mapped properties) */
  warning: z.string().nullable().optional(),
  /** optional data sources this portal does not give Pulse (tier, declined scope) */
  unavailableSources: z.array(ZUnavailableSource).optional(),
  /** where an admin re-authorizes Pulse to grant a scope added later (null outside marketplace mode) */
  reauthorizeUrl: z.string().nullable().optional(),
});
export type SettingsView = z.infer<typeof ZSettingsView>;

/** PUT /api/v1/settings — optimistic concurrency on `expectedVersion` (409 conflict when stale). */
export const ZUpdateSettingsRequest = z.object({
  settings: ZSettings,
  expectedVersion: z.number().int().nonnegative(),
});
export type UpdateSettingsRequest = z.infer<typeof ZUpdateSettingsRequest>;

export const ZBandCounts = z.object({
  healthy: z.number().int().nonnegative(),
  monitor: z.number().int().nonnegative(),
  at_risk: z.number().int().nonnegative(),
  no_data: z.number().int().nonnegative(),
});
export type BandCounts = z.infer<typeof ZBandCounts>;

/** One company whose band or renewal-risk level the candidate settings would change. */
export const ZPreviewChange = z.object({
  companyId: z.string(),
  companyName: z.string(),
  band: z.object({ from: ZBand.nullable(), to: ZBand.nullable() }),
  score: z.object({ from: z.number().nullable(), to: z.number().nullable() }),
  risk: z.object({ from: ZRiskLevel.nullable(), to: ZRiskLevel }),
});
export type PreviewChange = z.infer<typeof ZPreviewChange>;

/**
 * POST /api/v1/settings/preview — every stored company recomputed with the candidate settings exactly as a save
 * recomputes it (same records, pipelines, sentiment and history), compared with the scores shown now.
 */
export const ZSettingsPreviewRequest = z.object({ settings: ZSettings });
export const ZSettingsPreview = z.object({
  companies: z.number().int().nonnegative(),
  current: ZBandCounts,
  proposed: ZBandCounts,
  /** companies whose band would change */
  changed: z.number().int().nonnegative(),
  /** companies whose renewal-risk level would change */
  riskChanged: z.number().int().nonnegative(),
  averageCurrent: z.number().nullable(),
  averageProposed: z.number().nullable(),
  /** the companies that would change band or risk level, band changes first (at most PREVIEW_CHANGES_LIMIT) */
  changes: z.array(ZPreviewChange),
  /** newly mapped properties whose values were read from HubSpot for this preview (a save stores them) */
  propertiesRead: z.array(z.string()),
});
export type SettingsPreview = z.infer<typeof ZSettingsPreview>;
export const PREVIEW_CHANGES_LIMIT = 200;

/** GET /api/v1/settings/recompute — the recompute a save started ("Save and recompute now"). */
export const ZRecomputeStatus = z.object({
  state: z.enum(['none', 'running', 'done', 'failed']),
  /** the settings version being applied */
  version: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  startedAt: z.string().datetime({ offset: true }).nullable(),
  /** the last progress report; a running recompute silent for 15 minutes is reported failed */
  progressAt: z.string().datetime({ offset: true }).nullable().default(null),
  finishedAt: z.string().datetime({ offset: true }).nullable(),
  /** companies whose band changed when the recompute finished */
  bandChanged: z.number().int().nonnegative().nullable(),
  riskChanged: z.number().int().nonnegative().nullable(),
  error: z.string().nullable(),
});
export type RecomputeStatus = z.infer<typeof ZRecomputeStatus>;

/** POST /api/v1/sync — "sync now" */
export const ZSyncRequest = z.object({ full: z.boolean().default(false) });

/** PUT /api/v1/admins — the users an admin lists; the installing user is an admin without being listed. */
export const ZAdminsRequest = z.object({ userIds: z.array(z.number().int().positive()).max(100) });
export type AdminsRequest = z.infer<typeof ZAdminsRequest>;

/** GET|PUT /api/v1/admins — the admin rule (docs/decisions/005-admin-rule.md) as stored for the portal. */
export const ZAdminsView = z.object({
  /** null when no installing user is recorded (single-portal and demo modes) */
  installerUserId: z.number().int().nullable(),
  userIds: z.array(z.number().int().positive()),
  /** whether the caller may change this list */
  isAdmin: z.boolean(),
});
export type AdminsView = z.infer<typeof ZAdminsView>;

/** GET /api/v1/users — the portal's users by name: whom an admin can list, and who saved the settings. */
export const ZPortalUsers = z.object({
  users: z.array(
    z.object({ userId: z.number().int().positive(), name: z.string(), email: z.string().nullable() }),
  ),
  /** set when HubSpot's user list could not be read and the names come from the record owners instead */
  warning: z.string().nullable(),
});
export type PortalUsers = z.infer<typeof ZPortalUsers>;

/** POST /api/v1/disconnect — Pulse is uninstalled from the portal and all its data for it is deleted. */
export const ZDisconnectResult = z.object({ disconnected: z.literal(true), portalId: z.number().int() });
export type DisconnectResult = z.infer<typeof ZDisconnectResult>;
