import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { AppError } from '../errors';
import type { Database } from './schema';
import { chunk, dedupeBy, IDS_PER_QUERY, inTx, readJson, ROWS_PER_STATEMENT } from './sql-helpers';
import {
  StoreDataError,
  type ChangeKind,
  type ClaimedWebhookEvent,
  type ClaimOptions,
  type QueuedChange,
  type StoreObjectType,
  type SyncRun,
  type SyncRunFinish,
  type SyncRunKind,
  type SyncRunPatch,
  type SyncRunStats,
  type WebhookEventInput,
} from './store';

/** Sync bookkeeping: runs, cursors, the webhook inbox, the change queue, and what write-back last wrote. */

const EMPTY_STATS: SyncRunStats = {
  records: {},
  apiCalls: 0,
  rateLimited: 0,
  retries: 0,
  skipped: 0,
  skippedSamples: [],
};

export async function startSyncRun(
  db: Kysely<Database>,
  portalId: number,
  kind: SyncRunKind,
  now: number,
): Promise<string> {
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
}

async function mergeStats(
  db: Kysely<Database>,
  runId: string,
  patch: Partial<SyncRunStats> | undefined,
): Promise<string | undefined> {
  if (!patch) return undefined;
  const row = await db.selectFrom('sync_runs').select('stats').where('id', '=', runId).executeTakeFirst();
  if (!row) throw new AppError('not_found', `sync run ${runId} does not exist`);
  return JSON.stringify({ ...readJson<SyncRunStats>(row.stats), ...patch });
}

export async function updateSyncRun(db: Kysely<Database>, runId: string, patch: SyncRunPatch): Promise<void> {
  await inTx(db, async (trx) => {
    const stats = await mergeStats(trx, runId, patch.stats);
    await trx
      .updateTable('sync_runs')
      .set({
        heartbeat_at: patch.now ?? Date.now(),
        ...(patch.progress !== undefined
          ? { progress: patch.progress === null ? null : JSON.stringify(patch.progress) }
          : {}),
        ...(stats !== undefined ? { stats } : {}),
      })
      .where('id', '=', runId)
      .execute();
  });
}

export async function finishSyncRun(
  db: Kysely<Database>,
  runId: string,
  result: SyncRunFinish,
): Promise<void> {
  await inTx(db, async (trx) => {
    const stats = await mergeStats(trx, runId, result.stats);
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
      .where('id', '=', runId)
      .executeTakeFirst();
    if (Number(update.numUpdatedRows) !== 1)
      throw new AppError('not_found', `sync run ${runId} does not exist`);
  });
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

export async function getSyncRuns(db: Kysely<Database>, portalId: number, limit: number): Promise<SyncRun[]> {
  const rows = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('portal_id', '=', portalId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => toSyncRun(r));
}

export async function getRunningSyncRun(db: Kysely<Database>, portalId: number): Promise<SyncRun | null> {
  const row = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('status', '=', 'running')
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
  return row ? toSyncRun(row) : null;
}

export async function getCheckpoint(
  db: Kysely<Database>,
  portalId: number,
  key: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('checkpoints')
    .select('value')
    .where('portal_id', '=', portalId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? row.value : null;
}

export async function setCheckpoint(
  db: Kysely<Database>,
  portalId: number,
  key: string,
  value: string,
): Promise<void> {
  await db
    .insertInto('checkpoints')
    .values({ portal_id: portalId, key, value, updated_at: Date.now() })
    .onConflict((oc) =>
      oc.columns(['portal_id', 'key']).doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function deleteCheckpoints(
  db: Kysely<Database>,
  portalId: number,
  prefix: string,
): Promise<void> {
  // substr instead of LIKE: SQLite's LIKE ignores case and both treat _ and % as wildcards.
  await db
    .deleteFrom('checkpoints')
    .where('portal_id', '=', portalId)
    .where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix)
    .execute();
}

export async function insertWebhookEvents(
  db: Kysely<Database>,
  portalId: number,
  events: WebhookEventInput[],
): Promise<{ inserted: number; duplicates: number }> {
  if (events.length === 0) return { inserted: 0, duplicates: 0 };
  const rows = dedupeBy(events, (e) => e.eventId).map((e) => ({
    portal_id: portalId,
    event_id: e.eventId,
    received_at: e.receivedAt,
    payload: JSON.stringify(e.payload ?? null),
    claimed_at: null,
    processed_at: null,
  }));
  let inserted = 0;
  await inTx(db, async (trx) => {
    for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
      const result = await trx
        .insertInto('webhook_events')
        .values(part)
        .onConflict((oc) => oc.columns(['portal_id', 'event_id']).doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
  });
  return { inserted, duplicates: events.length - inserted };
}

export async function claimWebhookEvents(
  db: Kysely<Database>,
  portalId: number,
  limit: number,
  options: ClaimOptions = {},
): Promise<ClaimedWebhookEvent[]> {
  const now = options.now ?? Date.now();
  const staleBefore = now - (options.reclaimAfterMs ?? 5 * 60_000);
  // The claimable condition is repeated in the outer WHERE: Postgres re-checks it after locking each row,
  // so two instances claiming at once never both get the same event.
  const rows = await db
    .updateTable('webhook_events')
    .set({ claimed_at: now })
    .where('portal_id', '=', portalId)
    .where('processed_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', staleBefore)]))
    .where('event_id', 'in', (eb) =>
      eb
        .selectFrom('webhook_events')
        .select('event_id')
        .where('portal_id', '=', portalId)
        .where('processed_at', 'is', null)
        .where((w) => w.or([w('claimed_at', 'is', null), w('claimed_at', '<', staleBefore)]))
        .orderBy('received_at')
        .orderBy('event_id')
        .limit(limit),
    )
    .returning(['event_id', 'received_at', 'payload'])
    .execute();
  return rows
    .map((r) => ({
      eventId: r.event_id,
      receivedAt: Number(r.received_at),
      payload: JSON.parse(r.payload) as unknown,
    }))
    .sort((a, b) => a.receivedAt - b.receivedAt || (a.eventId < b.eventId ? -1 : 1));
}

export async function markWebhookEventsProcessed(
  db: Kysely<Database>,
  portalId: number,
  eventIds: string[],
): Promise<void> {
  const now = Date.now();
  for (const ids of chunk(eventIds, IDS_PER_QUERY)) {
    await db
      .updateTable('webhook_events')
      .set({ processed_at: now })
      .where('portal_id', '=', portalId)
      .where('event_id', 'in', ids)
      .execute();
  }
}

export async function pruneWebhookEvents(
  db: Kysely<Database>,
  portalId: number,
  before: number,
): Promise<number> {
  const result = await db
    .deleteFrom('webhook_events')
    .where('portal_id', '=', portalId)
    .where('processed_at', 'is not', null)
    .where('received_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function enqueueChanges(
  db: Kysely<Database>,
  portalId: number,
  objectType: StoreObjectType,
  ids: string[],
  kind: ChangeKind,
): Promise<void> {
  if (ids.length === 0) return;
  const now = Date.now();
  const rows = [...new Set(ids)].map((id) => ({
    portal_id: portalId,
    object_type: objectType,
    id,
    kind,
    token: randomUUID(),
    enqueued_at: now,
  }));
  await inTx(db, async (trx) => {
    for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
      await trx
        .insertInto('change_queue')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['portal_id', 'object_type', 'id']).doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            token: eb.ref('excluded.token'),
            enqueued_at: eb.ref('excluded.enqueued_at'),
          })),
        )
        .execute();
    }
  });
}

export async function takeChanges(
  db: Kysely<Database>,
  portalId: number,
  limit: number,
): Promise<QueuedChange[]> {
  const rows = await db
    .selectFrom('change_queue')
    .select(['object_type', 'id', 'kind', 'token'])
    .where('portal_id', '=', portalId)
    .orderBy('enqueued_at')
    .orderBy('object_type')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    objectType: readObjectType(r.object_type),
    id: r.id,
    kind: r.kind === 'delete' ? 'delete' : 'upsert',
    token: r.token,
  }));
}

export async function ackChanges(
  db: Kysely<Database>,
  portalId: number,
  items: QueuedChange[],
): Promise<void> {
  // By token: a record re-enqueued after it was taken has a new token and stays queued.
  for (const tokens of chunk(
    items.map((i) => i.token),
    IDS_PER_QUERY,
  )) {
    await db
      .deleteFrom('change_queue')
      .where('portal_id', '=', portalId)
      .where('token', 'in', tokens)
      .execute();
  }
}

export async function getWrittenValues(
  db: Kysely<Database>,
  portalId: number,
  companyIds: string[],
): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (const ids of chunk([...new Set(companyIds)], IDS_PER_QUERY)) {
    const rows = await db
      .selectFrom('written_values')
      .select(['company_id', 'payload'])
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', ids)
      .execute();
    for (const row of rows) out.set(row.company_id, readJson<Record<string, string>>(row.payload));
  }
  return out;
}

export async function setWrittenValues(
  db: Kysely<Database>,
  portalId: number,
  rows: { companyId: string; values: Record<string, string> }[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = dedupeBy(rows, (r) => r.companyId).map((r) => ({
    portal_id: portalId,
    company_id: r.companyId,
    payload: JSON.stringify(r.values),
  }));
  await inTx(db, async (trx) => {
    for (const part of chunk(values, ROWS_PER_STATEMENT)) {
      await trx
        .insertInto('written_values')
        .values(part)
        .onConflict((oc) =>
          oc
            .columns(['portal_id', 'company_id'])
            .doUpdateSet((eb) => ({ payload: eb.ref('excluded.payload') })),
        )
        .execute();
    }
  });
}

function readObjectType(value: string): StoreObjectType {
  switch (value) {
    case 'companies':
    case 'contacts':
    case 'deals':
    case 'tickets':
    case 'responses':
      return value;
    default:
      throw new StoreDataError(`change queue holds an unknown object type "${value}"`);
  }
}
