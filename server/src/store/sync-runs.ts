import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../errors';
import type { Database } from './schema';
import type { PortalDb } from './scope';
import { inTx, readJson } from './sql-helpers';
import { StoreDataError } from './store-errors';

export type SyncRunKind = 'full' | 'incremental';
export type SyncRunStatus = 'running' | 'succeeded' | 'failed';
export type SyncProgress = { phase: string; done: number; total: number | null };
export type SyncRunStats = {
  /** records stored per object type */
  records: Record<string, number>;
  apiCalls: number;
  rateLimited: number;
  retries: number;
  skipped: number;
  skippedSamples: { objectType: string; id: string; reason: string }[];
};
export type SyncRun = {
  id: string;
  portalId: number;
  kind: SyncRunKind;
  status: SyncRunStatus;
  startedAt: number;
  /** last `update`/start: a running run whose heartbeat is old was killed */
  heartbeatAt: number;
  finishedAt: number | null;
  progress: SyncProgress | null;
  stats: SyncRunStats;
  error: string | null;
  report: unknown;
};
export type SyncRunPatch = {
  progress?: SyncProgress | null;
  /** merged key by key into the stored stats */
  stats?: Partial<SyncRunStats>;
  /** defaults to Date.now() */
  now?: number;
};
export type SyncRunFinish = {
  status: 'succeeded' | 'failed';
  error: string | null;
  report?: unknown;
  stats?: Partial<SyncRunStats>;
  /** defaults to Date.now() */
  finishedAt?: number;
};

const EMPTY_STATS: SyncRunStats = {
  records: {},
  apiCalls: 0,
  rateLimited: 0,
  retries: 0,
  skipped: 0,
  skippedSamples: [],
};

/** The portal's sync runs: started, heartbeated with progress, finished with a report. A run id of another portal is "not found". */
export const makeSyncRunsRepo = ({ db, portalId }: PortalDb) => ({
  /** returns the new run's id */
  async start(kind: SyncRunKind, now: number): Promise<string> {
    const id = randomUUID();
    await db
      .insertInto('sync_runs')
      .values({
        id,
        portal_id: portalId,
        kind,
        status: 'running',
        started_at: now,
        heartbeat_at: now,
        finished_at: null,
        progress: null,
        stats: JSON.stringify(EMPTY_STATS),
        error: null,
        report: null,
      })
      .execute();
    return id;
  },

  async update(runId: string, patch: SyncRunPatch): Promise<void> {
    await inTx(db, async (trx) => {
      const stats = await mergeStats(trx, portalId, runId, patch.stats);
      await trx
        .updateTable('sync_runs')
        .set({
          heartbeat_at: patch.now ?? Date.now(),
          ...(patch.progress !== undefined
            ? { progress: patch.progress === null ? null : JSON.stringify(patch.progress) }
            : {}),
          ...(stats !== undefined ? { stats } : {}),
        })
        .where('portal_id', '=', portalId)
        .where('id', '=', runId)
        .execute();
    });
  },

  async finish(runId: string, result: SyncRunFinish): Promise<void> {
    await inTx(db, async (trx) => {
      const stats = await mergeStats(trx, portalId, runId, result.stats);
      const finishedAt = result.finishedAt ?? Date.now();
      const update = await trx
        .updateTable('sync_runs')
        .set({
          status: result.status,
          error: result.error,
          report: result.report === undefined ? null : JSON.stringify(result.report),
          finished_at: finishedAt,
          heartbeat_at: finishedAt,
          progress: null,
          ...(stats !== undefined ? { stats } : {}),
        })
        .where('portal_id', '=', portalId)
        .where('id', '=', runId)
        .executeTakeFirst();
      if (Number(update.numUpdatedRows) !== 1) throw runNotFound(runId);
    });
  },

  /** newest first */
  async list(limit: number): Promise<SyncRun[]> {
    const rows = await db
      .selectFrom('sync_runs')
      .selectAll()
      .where('portal_id', '=', portalId)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => toSyncRun(r));
  },

  async running(): Promise<SyncRun | null> {
    const row = await db
      .selectFrom('sync_runs')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('status', '=', 'running')
      .orderBy('started_at', 'desc')
      .executeTakeFirst();
    return row ? toSyncRun(row) : null;
  },
});

const runNotFound = (runId: string) => new AppError('not_found', `sync run ${runId} does not exist`);

async function mergeStats(
  db: Kysely<Database>,
  portalId: number,
  runId: string,
  patch: Partial<SyncRunStats> | undefined,
): Promise<string | undefined> {
  if (!patch) return undefined;
  const row = await db
    .selectFrom('sync_runs')
    .select('stats')
    .where('portal_id', '=', portalId)
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!row) throw runNotFound(runId);
  return JSON.stringify({ ...readJson<SyncRunStats>(row.stats), ...patch });
}

function toSyncRun(row: Database['sync_runs']): SyncRun {
  const kind = row.kind === 'full' || row.kind === 'incremental' ? row.kind : null;
  const status =
    row.status === 'running' || row.status === 'succeeded' || row.status === 'failed' ? row.status : null;
  if (!kind || !status)
    throw new StoreDataError(`sync run ${row.id} has kind "${row.kind}", status "${row.status}"`);
  return {
    id: row.id,
    portalId: Number(row.portal_id),
    kind,
    status,
    startedAt: Number(row.started_at),
    heartbeatAt: Number(row.heartbeat_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    progress: row.progress === null ? null : readJson<SyncRun['progress']>(row.progress),
    stats: { ...EMPTY_STATS, ...readJson<Partial<SyncRunStats>>(row.stats) },
    error: row.error,
    report: row.report === null ? null : JSON.parse(row.report),
  };
}
