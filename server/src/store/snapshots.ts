import { sql, type Kysely } from 'kysely';
import { ZCompanySnapshot, type Band, type CompanySnapshot, type Signals } from '@pulse/shared';
import type { Database } from './schema';
import { chunk, dedupeBy, inTx, readJson, ROWS_PER_STATEMENT, IDS_PER_QUERY } from './sql-helpers';
import {
  StoreConflictError,
  StoreDataError,
  type CompanyCardData,
  type HistoryEntry,
  type StoredSnapshot,
} from './store';

/**
 * Snapshots live in generations: `snapshot_pointers.live_generation` says which one readers see. A full sync
 * builds the next generation beside the live one and flips the pointer in one transaction, so every read (one
 * statement each) sees either the old complete set or the new one, never a mix. Incremental updates write
 * into the live generation directly.
 */

function liveGeneration(portalId: number) {
  return sql<number>`coalesce((select live_generation from snapshot_pointers where portal_id = ${portalId}), 0)`;
}

export async function putSnapshots(
  db: Kysely<Database>,
  portalId: number,
  snapshots: CompanySnapshot[],
  options: { syncedAt: number; generation?: number },
): Promise<void> {
  if (snapshots.length === 0) return;
  await inTx(db, async (trx) => {
    const generation = options.generation ?? (await readLiveGeneration(trx, portalId));
    const rows = dedupeBy(snapshots, (s) => s.companyId).map((s) => ({
      portal_id: portalId,
      generation,
      company_id: s.companyId,
      synced_at: options.syncedAt,
      payload: JSON.stringify(s),
      signals: JSON.stringify(s.signals),
    }));
    for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
      await trx
        .insertInto('snapshots')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['portal_id', 'generation', 'company_id']).doUpdateSet((eb) => ({
            synced_at: eb.ref('excluded.synced_at'),
            payload: eb.ref('excluded.payload'),
            signals: eb.ref('excluded.signals'),
          })),
        )
        .execute();
    }
  });
}

async function readLiveGeneration(db: Kysely<Database>, portalId: number): Promise<number> {
  const row = await db
    .selectFrom('snapshot_pointers')
    .select('live_generation')
    .where('portal_id', '=', portalId)
    .executeTakeFirst();
  return row ? Number(row.live_generation) : 0;
}

export async function deleteSnapshots(
  db: Kysely<Database>,
  portalId: number,
  companyIds: string[],
): Promise<void> {
  for (const ids of chunk(companyIds, IDS_PER_QUERY)) {
    await db
      .deleteFrom('snapshots')
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', ids)
      .execute();
  }
}

export async function beginSnapshotGeneration(db: Kysely<Database>, portalId: number): Promise<number> {
  // One statement, so two callers can never receive the same generation.
  const row = await db
    .insertInto('snapshot_pointers')
    .values({ portal_id: portalId, live_generation: 0, last_generation: 1 })
    .onConflict((oc) =>
      oc
        .column('portal_id')
        .doUpdateSet({ last_generation: sql<number>`snapshot_pointers.last_generation + 1` }),
    )
    .returning('last_generation')
    .executeTakeFirstOrThrow();
  return Number(row.last_generation);
}

export async function commitSnapshotGeneration(
  db: Kysely<Database>,
  portalId: number,
  generation: number,
): Promise<void> {
  await inTx(db, async (trx) => {
    const result = await trx
      .updateTable('snapshot_pointers')
      .set({ live_generation: generation })
      .where('portal_id', '=', portalId)
      .where('last_generation', '>=', generation)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new StoreConflictError(`snapshot generation ${generation} of portal ${portalId} was never begun`);
    }
    await trx
      .deleteFrom('snapshots')
      .where('portal_id', '=', portalId)
      .where('generation', '<>', generation)
      .execute();
  });
}

export async function getSnapshot(
  db: Kysely<Database>,
  portalId: number,
  companyId: string,
): Promise<StoredSnapshot | null> {
  const row = await db
    .selectFrom('snapshots')
    .select(['payload', 'synced_at'])
    .where('portal_id', '=', portalId)
    .where('company_id', '=', companyId)
    .where('generation', '=', liveGeneration(portalId))
    .executeTakeFirst();
  if (!row) return null;
  return { snapshot: parseSnapshot(portalId, companyId, row.payload), syncedAt: Number(row.synced_at) };
}

/**
 * Every read is validated: a row an older version wrote, or a hand edit, is reported instead of served. The parse
 * costs ~10–30 µs for a typical snapshot, a few percent of a card request, so it stays on the read path.
 */
function parseSnapshot(portalId: number, companyId: string, payload: string): CompanySnapshot {
  const parsed = ZCompanySnapshot.safeParse(JSON.parse(payload));
  if (!parsed.success) {
    throw new StoreDataError(
      `stored snapshot of company ${companyId} in portal ${portalId} no longer matches the snapshot schema: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      parsed.error,
    );
  }
  return parsed.data;
}

type CardRow = { payload: string; synced_at: number | string; history: string; settings_changes: string };

/**
 * The card's three reads (snapshot, history, settings changes) as ONE statement: each statement costs a driver
 * round trip (a network round trip on Postgres), which at card-load rates is most of the work. History and
 * settings changes come back as JSON arrays built by the database.
 */
export async function getCompanyCard(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  portalId: number,
  companyId: string,
  window: { historySince: string; settingsSince: number },
): Promise<CompanyCardData | null> {
  const history =
    dialect === 'postgres'
      ? sql`coalesce(json_agg(json_build_array(h.day, h.score, h.band) order by h.day), '[]'::json)::text`
      : sql`json_group_array(json_array(h.day, h.score, h.band) order by h.day)`;
  const changes =
    dialect === 'postgres'
      ? sql`coalesce(json_agg(v.changed_at order by v.version), '[]'::json)::text`
      : sql`json_group_array(v.changed_at order by v.version)`;
  const { rows } = await sql<CardRow>`
    select s.payload, s.synced_at,
      (select ${history} from history h
        where h.portal_id = ${portalId} and h.company_id = ${companyId} and h.day >= ${window.historySince}) as history,
      (select ${changes} from settings_versions v
        where v.portal_id = ${portalId} and v.changed_at >= ${window.settingsSince}) as settings_changes
    from snapshots s
    where s.portal_id = ${portalId} and s.company_id = ${companyId} and s.generation = ${liveGeneration(portalId)}`.execute(
    db,
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    stored: { snapshot: parseSnapshot(portalId, companyId, row.payload), syncedAt: Number(row.synced_at) },
    history: readJson<[string, number | string | null, string | null][]>(row.history).map(
      ([date, score, band]) => ({
        date,
        score: score === null ? null : Number(score),
        band: readBand(band),
      }),
    ),
    settingsChangedAt: readJson<(number | string)[]>(row.settings_changes).map(Number),
  };
}

export async function listSnapshots(db: Kysely<Database>, portalId: number): Promise<CompanySnapshot[]> {
  const rows = await db
    .selectFrom('snapshots')
    .select('payload')
    .where('portal_id', '=', portalId)
    .where('generation', '=', liveGeneration(portalId))
    .orderBy('company_id')
    .execute();
  return rows.map((r) => readJson<CompanySnapshot>(r.payload));
}

export async function listSignals(
  db: Kysely<Database>,
  portalId: number,
): Promise<{ companyId: string; signals: Signals }[]> {
  const rows = await db
    .selectFrom('snapshots')
    .select(['company_id', 'signals'])
    .where('portal_id', '=', portalId)
    .where('generation', '=', liveGeneration(portalId))
    .orderBy('company_id')
    .execute();
  return rows.map((r) => ({ companyId: r.company_id, signals: readJson<Signals>(r.signals) }));
}

export async function snapshotStatus(
  db: Kysely<Database>,
  portalId: number,
): Promise<{ count: number; lastSyncedAt: number | null }> {
  const row = await db
    .selectFrom('snapshots')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('synced_at').as('last')])
    .where('portal_id', '=', portalId)
    .where('generation', '=', liveGeneration(portalId))
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), lastSyncedAt: row.last === null ? null : Number(row.last) };
}

export async function putHistory(
  db: Kysely<Database>,
  portalId: number,
  entries: HistoryEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const rows = dedupeBy(entries, (e) => `${e.companyId}|${e.date}`).map((e) => ({
    portal_id: portalId,
    company_id: e.companyId,
    day: e.date,
    score: e.score,
    band: e.band,
    settings_version: e.settingsVersion,
    measure_points: JSON.stringify(e.measurePoints),
  }));
  await inTx(db, async (trx) => {
    for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
      await trx
        .insertInto('history')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['portal_id', 'company_id', 'day']).doUpdateSet((eb) => ({
            score: eb.ref('excluded.score'),
            band: eb.ref('excluded.band'),
            settings_version: eb.ref('excluded.settings_version'),
            measure_points: eb.ref('excluded.measure_points'),
          })),
        )
        .execute();
    }
  });
}

function toHistory(row: Database['history']): HistoryEntry {
  return {
    companyId: row.company_id,
    date: row.day,
    score: row.score === null ? null : Number(row.score),
    band: readBand(row.band),
    settingsVersion: Number(row.settings_version),
    measurePoints: readJson<Record<string, number | null>>(row.measure_points),
  };
}

export async function getHistory(
  db: Kysely<Database>,
  portalId: number,
  companyId: string,
  sinceDate: string,
): Promise<HistoryEntry[]> {
  return getHistoryForCompanies(db, portalId, [companyId], sinceDate);
}

export async function getHistoryForCompanies(
  db: Kysely<Database>,
  portalId: number,
  companyIds: string[],
  sinceDate: string,
): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  // One query for any realistic page; very long id lists are split to stay under SQLite's parameter limit.
  for (const ids of chunk([...new Set(companyIds)], 10_000)) {
    const rows = await db
      .selectFrom('history')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', ids)
      .where('day', '>=', sinceDate)
      .orderBy('company_id')
      .orderBy('day')
      .execute();
    for (const row of rows) out.push(toHistory(row));
  }
  return out;
}

function readBand(value: string | null): Band | null {
  return value === 'healthy' || value === 'monitor' || value === 'at_risk' ? value : null;
}
