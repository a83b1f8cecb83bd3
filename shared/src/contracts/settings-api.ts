import { z } from 'zod';
import { ZSettings } from '../schemas/settings';
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
  sync: ZSyncStatus,
  /** numeric company properties an admin can map as adoption measures or ARR */
  numericCompanyProperties: z.array(z.object({ name: z.string(), label: z.string() })),
});
export type SettingsView = z.infer<typeof ZSettingsView>;

/** PUT /api/v1/settings — optimistic concurrency on `expectedVersion` (409 conflict when stale). */
export const ZUpdateSettingsRequest = z.object({ settings: ZSettings, expectedVersion: z.number().int().nonnegative() });
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
