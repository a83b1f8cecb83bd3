import { z } from 'zod';

const ZIso = z.string().datetime({ offset: true });

export const ZSyncRunSummary = z.object({
  id: z.string(),
  kind: z.enum(['full', 'incremental']),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: ZIso,
  finishedAt: ZIso.nullable(),
  /** records stored per object type */
  records: z.record(z.string(), z.number().int().nonnegative()),
  apiCalls: z.number().int().nonnegative(),
  rateLimited: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  /** malformed records skipped (first few listed) */
  skipped: z.number().int().nonnegative(),
  skippedSamples: z.array(z.object({ objectType: z.string(), id: z.string(), reason: z.string() })),
  /**
   * records kept with something left out (a deal in another currency with no company-currency value, an unknown
   * ticket priority), first few listed; counted once the run finished
   */
  warnings: z.number().int().nonnegative().default(0),
  warningSamples: z
    .array(z.object({ objectType: z.string(), id: z.string(), reason: z.string() }))
    .default([]),
  error: z.string().nullable(),
});
export type SyncRunSummary = z.infer<typeof ZSyncRunSummary>;

export const ZSyncStatus = z.object({
  state: z.enum(['never', 'running', 'idle', 'failed']),
  /** phase and counts while running ("companies", 4200 of 10000) */
  progress: z
    .object({
      phase: z.string(),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative().nullable(),
    })
    .nullable(),
  lastRun: ZSyncRunSummary.nullable(),
  lastSuccessAt: ZIso.nullable(),
  nextRunAt: ZIso.nullable(),
});
export type SyncStatus = z.infer<typeof ZSyncStatus>;
