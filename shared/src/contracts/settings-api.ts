import { z } from 'zod';
import { ZSettings } from '../schemas/settings';
import { ZCurrencyCode } from './currency';
import { ZUnavailableSource } from './sources';
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

/** POST /api/v1/settings/preview — band distribution now vs under the candidate settings, on stored signals. */
export const ZSettingsPreviewRequest = z.object({ settings: ZSettings });
export const ZSettingsPreview = z.object({
  companies: z.number().int().nonnegative(),
  current: ZBandCounts,
  proposed: ZBandCounts,
  /** companies whose band would change */
  changed: z.number().int().nonnegative(),
  averageCurrent: z.number().nullable(),
  averageProposed: z.number().nullable(),
});
export type SettingsPreview = z.infer<typeof ZSettingsPreview>;

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

/** POST /api/v1/disconnect — Pulse is uninstalled from the portal and all its data for it is deleted. */
export const ZDisconnectResult = z.object({ disconnected: z.literal(true), portalId: z.number().int() });
export type DisconnectResult = z.infer<typeof ZDisconnectResult>;
