import { z } from 'zod';
import type { SyncRunSummary, SyncStatus } from '@pulse/shared';
import type { PortalStore, SyncRun } from '../store';
import type { JobsPort } from './ports';

const iso = (ms: number) => new Date(ms).toISOString();

const ZSample = z.object({ objectType: z.string(), id: z.string(), reason: z.string() });
/** The warnings a finished run's report kept (none while it runs, or for a run that failed). */
const ZReportWarnings = z.object({
  warnings: z.number().int().nonnegative(),
  warningSamples: z.array(ZSample),
});

export const toRunSummary = (run: SyncRun): SyncRunSummary => ({
  id: run.id,
  kind: run.kind,
  status: run.status,
  startedAt: iso(run.startedAt),
  finishedAt: run.finishedAt === null ? null : iso(run.finishedAt),
  records: run.stats.records,
  apiCalls: run.stats.apiCalls,
  rateLimited: run.stats.rateLimited,
  retries: run.stats.retries,
  skipped: run.stats.skipped,
  // a bounded sample keeps the response small whatever the run skipped
  skippedSamples: run.stats.skippedSamples.slice(0, 10),
  ...warningsOf(run.report),
  error: run.error,
});

function warningsOf(report: unknown): Pick<SyncRunSummary, 'warnings' | 'warningSamples'> {
  const parsed = ZReportWarnings.safeParse(report);
  return parsed.success
    ? { warnings: parsed.data.warnings, warningSamples: parsed.data.warningSamples.slice(0, 10) }
    : { warnings: 0, warningSamples: [] };
}

export const getSyncStatus = async (portal: PortalStore, intervalMinutes: number): Promise<SyncStatus> => {
  const [runs, running] = await Promise.all([portal.syncRuns.list(20), portal.syncRuns.running()]);
  const latest = running ?? runs[0] ?? null;
  const lastSuccess = runs.find((run) => run.status === 'succeeded') ?? null;
  const lastSuccessAt = lastSuccess?.finishedAt ?? null;
  const state: SyncStatus['state'] =
    running !== null ? 'running' : latest === null ? 'never' : latest.status === 'failed' ? 'failed' : 'idle';
  const lastFinishedAt = runs.find((run) => run.finishedAt !== null)?.finishedAt ?? null;
  return {
    state,
    progress: running?.progress ?? null,
    lastRun: latest === null ? null : toRunSummary(latest),
    lastSuccessAt: lastSuccessAt === null ? null : iso(lastSuccessAt),
    nextRunAt:
      running !== null || lastFinishedAt === null ? null : iso(lastFinishedAt + intervalMinutes * 60_000),
  };
};

/** True once a sync has completed for the portal and none is running: a missing company is then really missing. */
export const hasSettledSync = async (portal: PortalStore): Promise<boolean> => {
  const [runs, running] = await Promise.all([portal.syncRuns.list(20), portal.syncRuns.running()]);
  return running === null && runs.some((run) => run.status === 'succeeded' && run.kind === 'full');
};

/** True once any full sync of the portal has succeeded: the whole account has been imported at least once. */
export const hasCompletedFullSync = async (portal: PortalStore): Promise<boolean> =>
  (await portal.syncRuns.list(20)).some((run) => run.status === 'succeeded' && run.kind === 'full');

/** "Sync now": queued (or merged into the one already waiting), then the status the settings page shows. */
export const requestSync = async (
  deps: { portal: PortalStore; jobs: JobsPort },
  input: { full: boolean; syncIntervalMinutes: number },
): Promise<SyncStatus> => {
  await deps.jobs.requestSync(deps.portal.portalId, { full: input.full });
  return getSyncStatus(deps.portal, input.syncIntervalMinutes);
};
