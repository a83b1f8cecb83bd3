import { z } from 'zod';
import { ZCurrencyCode } from './currency';
import { ZBand, ZCompanySnapshot, ZSentimentValue } from './snapshot';
import { ZUnavailableSource } from './sources';
import { ZSyncStatus } from './sync';

/** GET /api/v1/companies/:companyId/health — what the company card renders. */
export const ZHistoryPoint = z.object({
  /** YYYY-MM-DD (UTC day of the daily snapshot) */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  score: z.number().min(0).max(100).nullable(),
  band: ZBand.nullable(),
  /** the settings changed on this day: a jump here may be the config, not the customer */
  settingsChanged: z.boolean(),
  /** rebuilt by the first sync from HubSpot's dated records (docs/metrics.md "History from day one") */
  reconstructed: z.boolean().default(false),
});
export type HistoryPoint = z.infer<typeof ZHistoryPoint>;

export const ZCompanyHealthView = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ready'),
    portalId: z.number().int(),
    /** the account's company currency: the snapshot's amounts are in it */
    currencyCode: ZCurrencyCode,
    snapshot: ZCompanySnapshot,
    /** last 90 days, oldest first */
    history: z.array(ZHistoryPoint),
    /** when the data behind the snapshot was last synced from HubSpot */
    syncedAt: z.string().datetime({ offset: true }),
    /**
     * true when this company was fetched on its own because the card asked for it while the first sync of the
     * account is still running: its numbers are complete, the rest of the account is still importing
     */
    importing: z.boolean().optional(),
    /** optional data sources this portal does not give Pulse (tier, declined scope): the card says so */
    unavailableSources: z.array(ZUnavailableSource).optional(),
  }),
  z.object({
    /** the company is not in the store yet: the first sync is still running */
    status: z.literal('syncing'),
    portalId: z.number().int(),
    sync: ZSyncStatus,
  }),
]);
export type CompanyHealthView = z.infer<typeof ZCompanyHealthView>;

/** PUT /api/v1/companies/:companyId/sentiment */
export const ZSetSentimentRequest = z.object({
  value: ZSentimentValue,
  note: z.string().trim().max(500, 'note must be at most 500 characters'),
});
export type SetSentimentRequest = z.infer<typeof ZSetSentimentRequest>;
