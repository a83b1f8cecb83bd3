import { hostname } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import type { SyncRunSummary } from '@pulse/shared';
import { AppError, isAppError, isDatabaseUnavailable } from '../errors';
import {
  OBJECT_TYPES,
  type CallStats,
  type ObjectType,
  type PortalClient,
  type ReadOptions,
  type SkippedRecord,
} from '../hubspot';
import type { Logger } from '../hubspot/types';
import type {
  PortalStore,
  RecordPage,
  Store,
  StoreObjectType,
  SyncProgress,
  SyncRun,
  SyncRunStats,
} from '../store';
import { writeUnavailableSources } from '../store';
import { attachAssociations, HUBSPOT_TYPE, STORE_TYPE } from './attach-associations';
import { createSourceTracker, type SourceTracker } from './sources';
import { loadScoringContext, mappedPropertiesOf, recomputeCompanies, type RecomputeStats } from './recompute';

/**
 * One sync of one portal, full or incremental, resumable after a crash at any point.
 *
 * Full: owners, pipelines, then every object type in chunks of up to 10 pages (1,000 records, the most one
 * association batch read takes); each chunk is stored together with its cursor in one transaction, tagged with
 * the run's generation. Then records the run did not see are swept, all snapshots are computed into a new
 * generation that replaces the live set in one step, and changed values are written back.
 *
 * Incremental: per object type, records modified since the last sync (minus an overlap for HubSpot's search
 * lag), then the ids webhooks queued; only the companies those records touch are recomputed, and a record that
 * maps to what is stored (write-back's echo, the overlap's re-reads) touches none. Which companies
 * are affected is stored with each batch of records, so a crash cannot lose a company whose deal moved away.
 */

export type SyncKind = 'full' | 'incremental';

export type SyncReport = SyncRunSummary & {
  portalId: number;
  durationMs: number;
  /** true when this call finished a run a dead process had left running */
  isResumed: boolean;
  /** records deleted because HubSpot no longer has them (sweep or webhook deletions) */
  deleted: number;
  /** records kept with a field dropped (an unknown ticket priority, …), first few listed */
  warnings: number;
  warningSamples: SkippedRecord[];
  companiesRecomputed: number;
  writtenBack: number;
  writeBackError: string | null;
};

export type RunSyncOptions = {
  /** the root store: the sync works in `store.forPortal(portalId)` */
  store: Store;
  client: PortalClient;
  portalId: number;
  kind: SyncKind;
  now: () => number;
  onProgress?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
  logger?: Logger;
  /** how far back an incremental sync re-reads to cover HubSpot's search lag (default 5 minutes) */
  overlapMs?: number;
};

/** Pages per stored chunk: 10 × 100 records = the 1,000 ids one association batch read accepts. */
export const PAGES_PER_CHUNK = 10;
const CHUNK_RECORDS = 1000;
const SAMPLE_LIMIT = 20;
const DEFAULT_OVERLAP_MS = 5 * 60_000;
/** A running run on another host whose heartbeat is older than this was abandoned (4 missed heartbeats). */
const STALE_RUN_MS = 2 * 60_000;
/** How often a running sync stamps its run's heartbeat, whatever phase it is in (a snapshot pass can be long). */
export const HEARTBEAT_MS = 30_000;
/** Change-queue batches one incremental sync handles at most; the rest waits for the next run. */
const MAX_CHANGE_BATCHES = 50;

const DONE = 'done';
const key = {
  owner: 'sync:owner',
  cursor: (type: ObjectType) => `full:cursor:${type}`,
  since: (type: ObjectType) => `inc:since:${type}`,
  affected: 'inc:run:affected',
};

/** Syncs running in this process (per store), so a second call for the same portal is refused instead of resuming it. */
const activeSyncs = new WeakMap<Store, Set<number>>();

type Tally = {
  records: Record<string, number>;
  deleted: number;
  skipped: number;
  skippedSamples: SkippedRecord[];
  warnings: number;
  warningSamples: SkippedRecord[];
};

const emptyRecords = (): Record<StoreObjectType, number> => ({
  companies: 0,
  contacts: 0,
  deals: 0,
  tickets: 0,
  responses: 0,
});

const isLiveOwner = async (portal: PortalStore, run: SyncRun, now: number): Promise<boolean> => {
  const raw = await portal.checkpoints.get(key.owner);
  let owner: { host?: unknown; pid?: unknown; runId?: unknown } = {};
  try {
    owner = raw ? JSON.parse(raw) : {};
  } catch {
    owner = {};
  }
  if (owner.runId === run.id && owner.host === hostname() && typeof owner.pid === 'number') {
    if (owner.pid === process.pid) return false; // this process is not running it (see activeSyncs)
    try {
      process.kill(owner.pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  return now - run.heartbeatAt < STALE_RUN_MS;
};

/** Stamps the run's heartbeat every HEARTBEAT_MS until cleared; a failed stamp (database away) waits for the next. */
const keepBeating = (portal: PortalStore, runId: string, now: () => number, logger?: Logger) => {
  const timer = setInterval(() => {
    portal.syncRuns
      .update(runId, { now: now() })
      .catch((err: unknown) => logger?.warn({ runId, err }, 'could not record the sync heartbeat'));
  }, HEARTBEAT_MS);
  timer.unref();
  return timer;
};

export const runSync = async (options: RunSyncOptions): Promise<SyncReport> => {
  const { portalId, store } = options;
  const active = activeSyncs.get(store) ?? new Set<number>();
  activeSyncs.set(store, active);
  if (active.has(portalId))
    throw new AppError('conflict', `A sync of portal ${portalId} is already running in this process.`);
  active.add(portalId);
  try {
    return await runExclusive(options);
  } finally {
    active.delete(portalId);
  }
};

/** The run's tallies and stats (continuing a resumed run's), and the progress and skip reporters. */
const runBookkeeping = (
  options: RunSyncOptions,
  portal: PortalStore,
  run: { id: string; stats: SyncRunStats | null },
) => {
  const { client, now } = options;
  const base = run.stats;
  const callsAtStart: CallStats = { ...client.stats };
  const tally: Tally = {
    records: { ...emptyRecords(), ...(base?.records ?? {}) },
    deleted: 0,
    skipped: base?.skipped ?? 0,
    skippedSamples: [...(base?.skippedSamples ?? [])],
    warnings: 0,
    warningSamples: [],
  };
  const callStats = () => ({
    apiCalls: (base?.apiCalls ?? 0) + client.stats.apiCalls - callsAtStart.apiCalls,
    rateLimited: (base?.rateLimited ?? 0) + client.stats.rateLimited - callsAtStart.rateLimited,
    retries: (base?.retries ?? 0) + client.stats.retries - callsAtStart.retries,
  });
  const runStats = (): SyncRunStats => ({
    records: tally.records,
    skipped: tally.skipped,
    skippedSamples: tally.skippedSamples,
    ...callStats(),
  });
  const progress = async (phase: string, done: number, total: number | null) => {
    const p = { phase, done, total };
    options.onProgress?.(p);
    await portal.syncRuns.update(run.id, { progress: p, stats: runStats(), now: now() });
  };
  const note = (page: { skipped: SkippedRecord[]; warnings?: SkippedRecord[] }) => {
    tally.skipped += page.skipped.length;
    for (const s of page.skipped)
      if (tally.skippedSamples.length < SAMPLE_LIMIT) tally.skippedSamples.push(s);
    for (const w of page.warnings ?? []) {
      tally.warnings += 1;
      if (tally.warningSamples.length < SAMPLE_LIMIT) tally.warningSamples.push(w);
    }
  };
  return { tally, runStats, progress, note };
};

const runExclusive = async (options: RunSyncOptions): Promise<SyncReport> => {
  const { portalId, now, logger, signal } = options;
  const portal = options.store.forPortal(portalId);
  const startedClock = now();
  const existing = await portal.syncRuns.running();
  let run: { id: string; kind: SyncKind; startedAt: number; stats: SyncRunStats | null };
  if (existing) {
    if (await isLiveOwner(portal, existing, startedClock)) {
      throw new AppError('conflict', `A sync of portal ${portalId} is already running (run ${existing.id}).`);
    }
    logger?.info(
      { portalId, runId: existing.id, kind: existing.kind },
      'resuming a sync left running by a stopped process',
    );
    run = { id: existing.id, kind: existing.kind, startedAt: existing.startedAt, stats: existing.stats };
  } else {
    let kind = options.kind;
    // Without a completed full sync there is nothing to be incremental from.
    if (kind === 'incremental' && (await portal.checkpoints.get(key.since('companies'))) === null)
      kind = 'full';
    if (kind === 'full') await portal.checkpoints.deleteByPrefix('full:');
    const id = await portal.syncRuns.start(kind, startedClock);
    run = { id, kind, startedAt: startedClock, stats: null };
  }
  await portal.checkpoints.set(
    key.owner,
    JSON.stringify({ host: hostname(), pid: process.pid, runId: run.id }),
  );

  const { tally, runStats, progress, note } = runBookkeeping(options, portal, run);

  // Optional sources (tickets, surveys, contacts) the installation was not granted are not read; one HubSpot
  // refuses (403 MISSING_SCOPES) is marked unavailable and the sync goes on without it.
  const granted = (await portal.installation.get())?.scopes ?? [];
  const ctx: SyncContext = {
    ...options,
    portal,
    runId: run.id,
    generation: run.startedAt,
    tally,
    progress,
    note,
    sources: createSourceTracker(granted, logger),
  };
  let recompute: RecomputeStats;
  const heartbeat = keepBeating(portal, run.id, now, logger);
  try {
    recompute = run.kind === 'full' ? await fullSync(ctx) : await incrementalSync(ctx);
  } catch (error) {
    clearInterval(heartbeat);
    if (signal?.aborted) {
      // Stopped on purpose (shutdown): the run stays 'running' and the next start resumes it.
      logger?.info({ portalId, runId: run.id }, 'sync stopped; it resumes on the next start');
      throw error;
    }
    if (isDatabaseUnavailable(error)) {
      // Nothing can be recorded now: the run stays 'running' and the job's retry resumes it from its checkpoint.
      logger?.warn({ portalId, runId: run.id, err: error }, 'sync interrupted: the database is unavailable');
      throw error;
    }
    const message = isAppError(error) ? error.message : 'internal error';
    await portal.syncRuns.finish(run.id, {
      status: 'failed',
      error: message,
      stats: runStats(),
      finishedAt: now(),
    });
    logger?.error(
      { portalId, runId: run.id, code: isAppError(error) ? error.code : 'internal', err: error },
      'sync failed',
    );
    throw error;
  }

  clearInterval(heartbeat);
  await writeUnavailableSources(portal, ctx.sources.list());
  const finishedAt = now();
  const report: SyncReport = {
    id: run.id,
    portalId,
    kind: run.kind,
    status: 'succeeded',
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - run.startedAt,
    isResumed: existing !== null,
    ...runStats(),
    deleted: tally.deleted,
    warnings: tally.warnings,
    warningSamples: tally.warningSamples,
    companiesRecomputed: recompute.companies,
    writtenBack: recompute.writtenBack,
    writeBackError: recompute.writeBackError,
    error: null,
  };
  await portal.syncRuns.finish(run.id, {
    status: 'succeeded',
    error: null,
    report,
    stats: runStats(),
    finishedAt,
  });
  logger?.info(
    { portalId, runId: run.id, kind: run.kind, apiCalls: report.apiCalls, durationMs: report.durationMs },
    'sync finished',
  );
  return report;
};

type SyncContext = RunSyncOptions & {
  portal: PortalStore;
  runId: string;
  generation: number;
  tally: Tally;
  progress: (phase: string, done: number, total: number | null) => Promise<void>;
  note: (page: { skipped: SkippedRecord[]; warnings?: SkippedRecord[] }) => void;
  sources: SourceTracker;
};

/** One object type of a full sync, chunk by chunk from its stored cursor (a resumed run continues there). */
const fullSyncType = async (ctx: SyncContext, type: ObjectType, read: ReadOptions): Promise<void> => {
  const { portal, client, signal } = ctx;
  const storeType = STORE_TYPE[type];
  let cursor = await portal.checkpoints.get(key.cursor(type));
  if (cursor === DONE) return;
  // A fresh type starts its count at 0; a resumed one continues from what the crashed run stored.
  if (cursor === null) ctx.tally.records[storeType] = 0;
  do {
    signal?.throwIfAborted();
    const records: Parameters<typeof attachAssociations<typeof type>>[2] = [];
    let next: string | null = cursor;
    for (let pages = 0; pages < PAGES_PER_CHUNK; pages++) {
      const page = await client.readPage(type, next, read);
      ctx.note(page);
      records.push(...page.records);
      next = page.next;
      if (!next) break;
    }
    const storePage = await attachAssociations(client, type, records, ctx.sources);
    await portal.records.upsertWithCheckpoint(
      storePage,
      { generation: ctx.generation },
      { key: key.cursor(type), value: next ?? DONE },
    );
    ctx.tally.records[storeType] = (ctx.tally.records[storeType] ?? 0) + records.length;
    cursor = next;
    await ctx.progress(type, ctx.tally.records[storeType] ?? 0, null);
  } while (cursor);
};

/**
 * The account's company currency, read at the start of every sync (one call) and kept per portal: deal amounts are
 * mapped against it and every view shows money in it. When HubSpot does not answer, the stored value stands (and
 * the rest of the sync fails on its own if HubSpot is really down).
 */
const refreshAccount = async (ctx: SyncContext): Promise<string | null> => {
  try {
    const details = await ctx.client.getAccountDetails();
    await ctx.portal.account.set({ companyCurrency: details.companyCurrency, readAt: ctx.now() });
    return details.companyCurrency;
  } catch (error) {
    ctx.signal?.throwIfAborted();
    ctx.logger?.warn(
      { portalId: ctx.portalId, code: isAppError(error) ? error.code : 'internal' },
      'could not read the account details: amounts keep the stored company currency',
    );
    return (await ctx.portal.account.get())?.companyCurrency ?? null;
  }
};

const fullSync = async (ctx: SyncContext): Promise<RecomputeStats> => {
  const { portal, client } = ctx;
  await ctx.progress('owners', 0, null);
  const owners = await client.getOwners();
  ctx.note(owners);
  await portal.owners.replace(owners.owners);

  await ctx.progress('pipelines', 0, null);
  const deals = await client.getPipelines('deals');
  const none = { pipelines: [], skipped: [] };
  const tickets = ctx.sources.readable('tickets')
    ? await ctx.sources.guard(() => client.getPipelines('tickets'), none)
    : none;
  ctx.note(deals);
  ctx.note(tickets);
  await portal.pipelines.replace([...deals.pipelines, ...tickets.pipelines]);

  const { settings } = await loadScoringContext(portal);
  const read = { mappedProperties: mappedPropertiesOf(settings), companyCurrency: await refreshAccount(ctx) };

  for (const type of OBJECT_TYPES)
    if (ctx.sources.readable(type)) await ctx.sources.guard(() => fullSyncType(ctx, type, read), undefined);

  // Everything HubSpot still has now carries this generation; older rows were deleted there.
  await ctx.progress('cleanup', 0, null);
  for (const type of OBJECT_TYPES)
    ctx.tally.deleted += await portal.records.sweep(STORE_TYPE[type], ctx.generation);
  // The stored rows are the truth for "records synced" (a resumed chunk must not count twice).
  const counts = await portal.records.count();
  for (const type of OBJECT_TYPES) ctx.tally.records[STORE_TYPE[type]] = counts[STORE_TYPE[type]];

  const total = counts.companies;
  await ctx.progress('snapshots', 0, total);
  const stats = await recomputeCompanies({
    portal,
    companyIds: 'all',
    now: ctx.now,
    client,
    ...(ctx.logger ? { logger: ctx.logger } : {}),
    onProgress: (done) => ctx.onProgress?.({ phase: 'snapshots', done, total }),
  });

  await portal.transaction(async (tx) => {
    // Incremental syncs continue from when this one started: anything modified since is re-read.
    for (const type of OBJECT_TYPES) await tx.checkpoints.set(key.since(type), String(ctx.generation));
    await tx.checkpoints.deleteByPrefix('inc:run:');
    await tx.checkpoints.deleteByPrefix('full:');
  });
  return stats;
};

/**
 * A fetched record that maps to what is stored (its timestamp aside) affects no snapshot and is left out. That is
 * the write-back echo: setting Pulse's own company properties bumps `hs_lastmodifieddate` of every written
 * company, so the next search finds them all "modified"; it is also every record the overlap re-reads.
 */
const withoutEchoes = async (tx: PortalStore, page: RecordPage): Promise<RecordPage> => {
  const records: readonly { id: string; updatedAt: number }[] = page.records;
  const stored = await tx.records.get(
    page.objectType,
    records.map((r) => r.id),
  );
  const changed = records.filter((record) => {
    const before = stored.get(record.id);
    return (
      before === undefined || !isDeepStrictEqual({ ...before, updatedAt: 0 }, { ...record, updatedAt: 0 })
    );
  });
  // Same object type, a subset of its records: still a page of that type.
  return { objectType: page.objectType, records: changed } as RecordPage;
};

const readAffected = async (portal: PortalStore): Promise<Set<string>> => {
  const raw = await portal.checkpoints.get(key.affected);
  const parsed: unknown = raw ? JSON.parse(raw) : [];
  return new Set(Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : []);
};

const incrementalSync = async (ctx: SyncContext): Promise<RecomputeStats> => {
  const { portal, client, signal } = ctx;
  const overlap = ctx.overlapMs ?? DEFAULT_OVERLAP_MS;
  const affected = await readAffected(portal);
  const { settings } = await loadScoringContext(portal);
  const read = { mappedProperties: mappedPropertiesOf(settings), companyCurrency: await refreshAccount(ctx) };
  const fetched = new Map<ObjectType, Set<string>>();

  /** Stores records and remembers, in the same transaction, the companies they touched before and after. */
  const applyUpserts = async (type: ObjectType, fetchedPage: RecordPage) => {
    if (fetchedPage.records.length === 0) return;
    await portal.transaction(async (tx) => {
      const page = await withoutEchoes(tx, fetchedPage);
      if (page.records.length === 0) return;
      const change = [{ objectType: page.objectType, ids: page.records.map((r) => r.id) }];
      const before = await tx.records.companiesAffectedBy(change);
      const ids = new Set([...affected, ...before]);
      await tx.records.upsert(page, { generation: ctx.generation });
      for (const id of await tx.records.companiesAffectedBy(change)) ids.add(id);
      await tx.checkpoints.set(key.affected, JSON.stringify([...ids]));
      for (const id of ids) affected.add(id);
    });
    ctx.tally.records[fetchedPage.objectType] =
      (ctx.tally.records[fetchedPage.objectType] ?? 0) + fetchedPage.records.length;
    for (const r of fetchedPage.records)
      (fetched.get(type) ?? fetched.set(type, new Set()).get(type))?.add(r.id);
  };

  const applyDeletes = async (objectType: StoreObjectType, ids: string[]) => {
    if (ids.length === 0) return;
    await portal.transaction(async (tx) => {
      const before = await tx.records.companiesAffectedBy([{ objectType, ids }]);
      await tx.records.delete(objectType, ids);
      const all = new Set([...affected, ...before]);
      await tx.checkpoints.set(key.affected, JSON.stringify([...all]));
      for (const id of before) affected.add(id);
    });
    ctx.tally.deleted += ids.length;
  };

  for (const type of OBJECT_TYPES) {
    ctx.tally.records[STORE_TYPE[type]] = 0;
    if (!ctx.sources.readable(type)) continue;
    const since = Number((await portal.checkpoints.get(key.since(type))) ?? ctx.generation) - overlap;
    let buffer: Parameters<typeof attachAssociations<typeof type>>[2] = [];
    const flush = async () => {
      await applyUpserts(type, await attachAssociations(client, type, buffer, ctx.sources));
      buffer = [];
    };
    // The window reaches `overlap` past our start as well: HubSpot's clock may run ahead of ours, and a record
    // modified in the very millisecond we started must not fall between two runs. Re-reads are harmless.
    const pages = client.iterateModified(type, { since, until: ctx.generation + overlap }, read);
    await ctx.sources.guard(async () => {
      for await (const page of pages) {
        signal?.throwIfAborted();
        ctx.note(page);
        buffer.push(...page.records);
        if (buffer.length >= CHUNK_RECORDS) await flush();
      }
      await flush();
    }, undefined);
    await ctx.progress(`changes: ${type}`, ctx.tally.records[STORE_TYPE[type]] ?? 0, null);
  }

  // Webhook-queued ids: upserts are read by id (unless the search above already brought them), deletions applied.
  for (let batch = 0; batch < MAX_CHANGE_BATCHES; batch++) {
    signal?.throwIfAborted();
    const items = await portal.changes.take(CHUNK_RECORDS);
    if (items.length === 0) break;
    for (const storeType of new Set(items.map((i) => i.objectType))) {
      const type = HUBSPOT_TYPE[storeType];
      const deletes = items.filter((i) => i.objectType === storeType && i.kind === 'delete').map((i) => i.id);
      const upserts = items
        .filter((i) => i.objectType === storeType && i.kind === 'upsert' && !fetched.get(type)?.has(i.id))
        .map((i) => i.id);
      // a source this portal does not give Pulse: its queued changes are dropped with the rest of its data
      if (upserts.length > 0 && ctx.sources.readable(type)) {
        const result = await client.batchRead(type, upserts, read);
        ctx.note(result);
        await applyUpserts(type, await attachAssociations(client, type, result.records, ctx.sources));
        deletes.push(...result.missing);
      }
      await applyDeletes(storeType, deletes);
    }
    await portal.changes.ack(items);
  }

  const companyIds = [...affected];
  await ctx.progress('snapshots', 0, companyIds.length);
  const stats = await recomputeCompanies({
    portal,
    companyIds,
    now: ctx.now,
    client,
    ...(ctx.logger ? { logger: ctx.logger } : {}),
    onProgress: (done) => ctx.onProgress?.({ phase: 'snapshots', done, total: companyIds.length }),
  });
  await portal.transaction(async (tx) => {
    for (const type of OBJECT_TYPES) await tx.checkpoints.set(key.since(type), String(ctx.generation));
    await tx.checkpoints.deleteByPrefix('inc:run:');
  });
  return stats;
};
