import { PgBoss } from 'pg-boss';
import { isDatabaseUnavailable } from '../errors';
import type { Logger } from '../hubspot/types';
import type { PortalStore, Store } from '../store';
import type { SyncKind, SyncReport } from '../sync';

/**
 * Runs syncs: on a schedule for every active installation, and on demand ("sync now", after install).
 * One sync per portal at a time; a request while one runs or waits coalesces into the waiting one.
 * With Postgres, pg-boss does this across any number of instances; with SQLite (one instance) an in-process
 * runner offers the same interface.
 */

export type JobRunner = {
  start(): Promise<void>;
  /** Stops scheduling and asks running syncs to stop at their next chunk (they resume on the next start). */
  stop(): Promise<void>;
  requestSync(portalId: number, options?: { full?: boolean }): Promise<void>;
};

export type RunSyncForPortal = (
  portalId: number,
  kind: SyncKind,
  signal?: AbortSignal,
) => Promise<SyncReport>;

export type JobRunnerOptions = {
  store: Store;
  databaseUrl: string;
  runSyncForPortal: RunSyncForPortal;
  intervalMs?: number;
  /** how often a scheduled sync is a full one (default 24 h); see `scheduledRequest` */
  fullSyncEveryMs?: number;
  /** data of an installation disconnected longer than this is deleted (default 7 days); see `purgeUninstalled` */
  uninstalledRetentionMs?: number;
  now?: () => number;
  logger: Logger;
  /** pg-boss schema (default: see `jobsSchemaFor`) */
  schema?: string;
  /** how often pg-boss fails jobs whose heartbeat stopped (default SUPERVISE_INTERVAL_SECONDS); lower in tests */
  superviseIntervalSeconds?: number;
  /** pg-boss polling interval; lower in tests */
  pollingIntervalSeconds?: number;
};

export const DEFAULT_SYNC_INTERVAL_MS = 15 * 60_000;
export const SYNC_QUEUE = 'pulse-sync';
export const TICK_QUEUE = 'pulse-sync-tick';

/**
 * pg-boss's schema: `pgboss`, or `<schema>_pgboss` when the database URL pins a schema with
 * `?options=-c search_path=<schema>`. Two deployments sharing one database in different schemas must not share
 * a queue: each would run syncs of portals its store does not have.
 */
export const jobsSchemaFor = (databaseUrl: string): string => {
  let options: string | null = null;
  try {
    options = new URL(databaseUrl).searchParams.get('options');
  } catch {
    return 'pgboss';
  }
  const schema = /search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options ?? '')?.[1];
  return schema === undefined ? 'pgboss' : `${schema}_pgboss`;
};

const isPostgres = (url: string) => url.startsWith('postgres://') || url.startsWith('postgresql://');

export const createJobRunner = (options: JobRunnerOptions): JobRunner =>
  isPostgres(options.databaseUrl) ? createPgBossRunner(options) : createInProcessRunner(options);

const activePortals = async (store: Store): Promise<number[]> =>
  (await store.listInstallations({ status: 'active' })).map((installation) => installation.portalId);

export const DEFAULT_FULL_SYNC_EVERY_MS = 24 * 3600_000;
export const LAST_FULL_SYNC_KEY = 'jobs:lastFullSyncAt';

/**
 * What a scheduled sync of one portal should be. Mostly incremental, but a full sync once per `fullEveryMs`:
 * it is the only way to notice records deleted in HubSpot when no webhook said so (single-portal mode has no
 * webhooks; HubSpot gives up on a webhook after 24 h of retries). A full sync already running counts.
 */
const scheduledRequest = async (
  portal: PortalStore,
  now: number,
  fullEveryMs: number,
): Promise<{ full: boolean }> => {
  const last = await portal.checkpoints.get(LAST_FULL_SYNC_KEY);
  if (last !== null && now - Number(last) < fullEveryMs) return { full: false };
  const running = await portal.syncRuns.running();
  return { full: running?.kind !== 'full' };
};

/** Remembers when each portal last finished a full sync, for `scheduledRequest`. */
const recordingFullSyncs =
  (store: Store, run: RunSyncForPortal, now: () => number): RunSyncForPortal =>
  async (portalId, kind, signal) => {
    const report = await run(portalId, kind, signal);
    if (report.kind === 'full' && report.status === 'succeeded')
      await store.forPortal(portalId).checkpoints.set(LAST_FULL_SYNC_KEY, String(now()));
    return report;
  };

/** How long a sync interrupted by a database outage waits for the database before giving up to the job's retry. */
export const OUTAGE_WAIT_MS = 120_000;
const OUTAGE_PING_MS = 1_000;
const MAX_OUTAGE_RESUMES = 10;

const waitForDatabase = async (store: Store, signal: AbortSignal | undefined, waitMs: number) => {
  const deadline = Date.now() + waitMs;
  for (;;) {
    signal?.throwIfAborted();
    try {
      await store.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_PING_MS));
  }
};

/**
 * A database outage interrupts a sync mid-way; its run stays 'running' with its checkpoint. Rather than fail the
 * job and wait for pg-boss's retry back-off, wait here for the database and run again: the run resumes from its
 * checkpoint (run-sync.ts) seconds after the database is back. A longer outage gives up to the job's retry.
 */
const resumingAfterOutages =
  (store: Store, run: RunSyncForPortal, logger: Logger, waitMs = OUTAGE_WAIT_MS): RunSyncForPortal =>
  async (portalId, kind, signal) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(portalId, kind, signal);
      } catch (error) {
        if (!isDatabaseUnavailable(error) || signal?.aborted || attempt >= MAX_OUTAGE_RESUMES) throw error;
        logger.warn({ portalId, attempt }, 'sync waits for the database to resume from its checkpoint');
        await waitForDatabase(store, signal, waitMs);
      }
    }
  };

export const DEFAULT_UNINSTALLED_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * HubSpot sends no uninstall event: a refresh token it rejects is how we learn of an uninstall, and the token
 * provider then marks the installation disconnected. Its data goes once it has stayed disconnected for the
 * retention period (a reinstall before then finds its history; a misconfigured client secret cannot wipe a
 * customer's data at once). An explicit disconnect deletes at once (services/install.ts).
 */
const purgeUninstalled = async (options: JobRunnerOptions, now: number) => {
  const retentionMs = options.uninstalledRetentionMs ?? DEFAULT_UNINSTALLED_RETENTION_MS;
  for (const installation of await options.store.listInstallations({ status: 'disconnected' })) {
    if (now - installation.updatedAt < retentionMs) continue;
    await options.store.forPortal(installation.portalId).deleteAllData();
    options.logger.info({ portalId: installation.portalId }, 'deleted the data of an uninstalled portal');
  }
};

const scheduleAll = async (options: JobRunnerOptions, requestSync: JobRunner['requestSync']) => {
  const now = (options.now ?? Date.now)();
  await purgeUninstalled(options, now);
  const fullEveryMs = options.fullSyncEveryMs ?? DEFAULT_FULL_SYNC_EVERY_MS;
  for (const portalId of await activePortals(options.store)) {
    await requestSync(portalId, await scheduledRequest(options.store.forPortal(portalId), now, fullEveryMs));
  }
};

export const createInProcessRunner = (options: JobRunnerOptions): JobRunner => {
  const { store, logger } = options;
  const runSyncForPortal = recordingFullSyncs(
    store,
    resumingAfterOutages(store, options.runSyncForPortal, logger),
    options.now ?? Date.now,
  );
  const intervalMs = options.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  const running = new Map<number, Promise<void>>();
  const queued = new Map<number, { full: boolean }>();
  const abort = new AbortController();
  let timer: ReturnType<typeof setInterval> | null = null;
  let isStopped = false;

  const launch = (portalId: number, full: boolean) => {
    const kind: SyncKind = full ? 'full' : 'incremental';
    const done = runSyncForPortal(portalId, kind, abort.signal)
      .then(
        (report) => logger.info({ portalId, kind, apiCalls: report.apiCalls }, 'scheduled sync finished'),
        (error: unknown) => logger.error({ portalId, kind, err: error }, 'sync failed'),
      )
      .finally(() => {
        running.delete(portalId);
        const next = queued.get(portalId);
        queued.delete(portalId);
        if (next && !isStopped) launch(portalId, next.full);
      });
    running.set(portalId, done);
  };

  const requestSync: JobRunner['requestSync'] = async (portalId, request = {}) => {
    if (isStopped) return;
    const full = request.full ?? false;
    if (running.has(portalId)) {
      // Coalesce: one waiting request per portal; a full request wins over an incremental one.
      queued.set(portalId, { full: full || (queued.get(portalId)?.full ?? false) });
      return;
    }
    launch(portalId, full);
  };

  const tick = async () => {
    try {
      await scheduleAll(options, requestSync);
    } catch (error) {
      logger.error({ err: error }, 'could not list installations to schedule syncs');
    }
  };

  return {
    async start() {
      isStopped = false;
      timer = setInterval(() => void tick(), intervalMs);
      // Right away as well: a sync a restart interrupted resumes now, not 15 minutes later.
      await tick();
    },
    async stop() {
      isStopped = true;
      if (timer) clearInterval(timer);
      queued.clear();
      abort.abort(new Error('job runner stopped'));
      await Promise.allSettled([...running.values()]);
    },
    requestSync,
  };
};

type SyncJob = { portalId: number; full: boolean };

const cronEvery = (intervalMs: number): string => {
  const minutes = Math.max(1, Math.round(intervalMs / 60_000));
  return minutes >= 60 ? `0 */${Math.max(1, Math.round(minutes / 60))} * * *` : `*/${minutes} * * * *`;
};

/**
 * The sync queue. A running sync heartbeats every `heartbeatSeconds / 2` (pg-boss does it while the handler runs):
 * when its instance dies or loses the database, pg-boss's supervisor fails the job within `heartbeatSeconds` plus
 * one supervise interval, and the retry resumes the run from its checkpoint on whichever instance takes it.
 * `expireInSeconds` is only a backstop for a sync that heartbeats but never ends.
 */
export const SYNC_QUEUE_OPTIONS = {
  heartbeatSeconds: 30,
  expireInSeconds: 6 * 3600,
  retryLimit: 10,
  retryDelay: 15,
  retryBackoff: true,
  retryDelayMax: 300,
} as const;
/** How often pg-boss looks for jobs whose heartbeat stopped (its default is 60 s). */
export const SUPERVISE_INTERVAL_SECONDS = 15;

/** Creates the queues, or brings an existing sync queue's options up to date (an upgrade from a 4 h expiry). */
const ensureQueues = async (boss: PgBoss) => {
  if (await boss.getQueue(SYNC_QUEUE)) await boss.updateQueue(SYNC_QUEUE, SYNC_QUEUE_OPTIONS);
  else await boss.createQueue(SYNC_QUEUE, { policy: 'stately', ...SYNC_QUEUE_OPTIONS });
  if (!(await boss.getQueue(TICK_QUEUE)))
    await boss.createQueue(TICK_QUEUE, { policy: 'exclusive', expireInSeconds: 300, retryLimit: 0 });
};

export const createPgBossRunner = (options: JobRunnerOptions): JobRunner => {
  const { store, logger } = options;
  const runSyncForPortal = recordingFullSyncs(
    store,
    resumingAfterOutages(store, options.runSyncForPortal, logger),
    options.now ?? Date.now,
  );
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: options.schema ?? jobsSchemaFor(options.databaseUrl),
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? SUPERVISE_INTERVAL_SECONDS,
  });
  // pg-boss polls and maintains in the background: during a database outage each attempt fails and the next one
  // succeeds once it is back, so that is a warning; anything else is an error worth a look (docs/runbook.md).
  boss.on('error', (error) => {
    if (isDatabaseUnavailable(error)) logger.warn({ err: error }, 'pg-boss cannot reach the database');
    else logger.error({ err: error }, 'pg-boss error');
  });
  const abort = new AbortController();
  const polling =
    options.pollingIntervalSeconds === undefined
      ? {}
      : { pollingIntervalSeconds: options.pollingIntervalSeconds };

  const requestSync: JobRunner['requestSync'] = async (portalId, request = {}) => {
    // 'stately' + singletonKey: at most one queued and one active job per portal, across every instance.
    // A request while one is already queued is dropped by pg-boss: that queued sync serves it.
    await boss.send(SYNC_QUEUE, { portalId, full: request.full ?? false } satisfies SyncJob, {
      singletonKey: String(portalId),
    });
  };

  return {
    async start() {
      await boss.start();
      await ensureQueues(boss);
      await boss.work<SyncJob>(
        SYNC_QUEUE,
        { batchSize: 1, localConcurrency: 4, ...polling },
        async (jobs) => {
          for (const job of jobs) {
            // stops at the next chunk on shutdown, or when pg-boss finds this job's claim gone (heartbeat lost)
            const signal = AbortSignal.any([abort.signal, job.signal]);
            const kind = job.data.full ? 'full' : 'incremental';
            const report = await runSyncForPortal(job.data.portalId, kind, signal);
            logger.info(
              { portalId: job.data.portalId, kind: report.kind, apiCalls: report.apiCalls },
              'sync job finished',
            );
          }
        },
      );
      await boss.work(TICK_QUEUE, { batchSize: 1, ...polling }, async () => {
        await scheduleAll(options, requestSync);
      });
      // One schedule row, whatever the number of instances or portals; the tick fans out per portal.
      await boss.schedule(TICK_QUEUE, cronEvery(options.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS));
    },
    async stop() {
      abort.abort(new Error('job runner stopped'));
      await boss.stop({ graceful: true, timeout: 30_000 });
    },
    requestSync,
  };
};
