import { sql, type Kysely } from 'kysely';
import { ZCompanySnapshot, type Band, type CompanySnapshot, type Signals } from '@pulse/shared';
import type { Database } from './schema';
import type { PortalScope } from './scope';
import { chunk, dedupeBy, inTx, readJson, ROWS_PER_STATEMENT, IDS_PER_QUERY } from './sql-helpers';
import { StoreConflictError, StoreDataError } from './store-errors';
import { scrubSnapshots } from './tombstones';

/**
 * Snapshots live in generations: `snapshot_pointers.live_generation` says which one readers see. A full sync
 * builds the next generation beside the live one and flips the pointer in one transaction, so every read (one
 * statement each) sees either the old complete set or the new one, never a mix. Incremental updates write
 * into the live generation directly.
 */

export type StoredSnapshot = { snapshot: CompanySnapshot; syncedAt: number };
/** Everything the company card shows, read in one statement (one round trip, one consistent moment). */
export type CompanyCardData = {
  stored: StoredSnapshot;
  /** oldest first */
  /** `reconstructed` only on entries the first sync rebuilt */
  history: { date: string; score: number | null; band: Band | null; reconstructed?: boolean }[];
  /** when each settings version in the window was saved, oldest first */
  settingsChangedAt: number[];
};

type CardRow = { payload: string; synced_at: number | string; history: string; settings_changes: string };

/** The snapshots repository: writes and generations, then the live set's reads. */
export const makeSnapshotsRepo = (scope: PortalScope) => ({
  ...snapshotWrites(scope),
  ...snapshotReads(scope),
});

const snapshotWrites = ({ db, portalId }: PortalScope) => ({
  /** Without `generation`: write into the live set (incremental). With it: into a generation being built. */
  async put(snapshots: CompanySnapshot[], options: { syncedAt: number; generation?: number }): Promise<void> {
    if (snapshots.length === 0) return;
    await inTx(db, async (trx) => {
      const generation = options.generation ?? (await readLiveGeneration(trx, portalId));
      // a recompute that read a contact's responses before its privacy deletion must not write its verbatims back
      const scrubbed = await scrubSnapshots(trx, portalId, snapshots);
      const rows = dedupeBy(scrubbed, (s) => s.companyId).map((s) => ({
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
  },

  async delete(companyIds: string[]): Promise<void> {
    for (const ids of chunk(companyIds, IDS_PER_QUERY)) {
      await db
        .deleteFrom('snapshots')
        .where('portal_id', '=', portalId)
        .where('company_id', 'in', ids)
        .execute();
    }
  },

  async beginGeneration(): Promise<number> {
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
  },

  /** Makes `generation` the live set in one transaction and deletes every other generation of the portal. */
  async commitGeneration(generation: number): Promise<void> {
    await inTx(db, async (trx) => {
      const result = await trx
        .updateTable('snapshot_pointers')
        .set({ live_generation: generation })
        .where('portal_id', '=', portalId)
        .where('last_generation', '>=', generation)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw new StoreConflictError(
          `snapshot generation ${generation} of portal ${portalId} was never begun`,
        );
      }
      await trx
        .deleteFrom('snapshots')
        .where('portal_id', '=', portalId)
        .where('generation', '<>', generation)
        .execute();
    });
  },
});

const snapshotReads = ({ db, portalId, dialect }: PortalScope) => ({
  async get(companyId: string): Promise<StoredSnapshot | null> {
    const row = await db
      .selectFrom('snapshots')
      .select(['payload', 'synced_at'])
      .where('portal_id', '=', portalId)
      .where('company_id', '=', companyId)
      .where('generation', '=', liveGeneration(portalId))
      .executeTakeFirst();
    if (!row) return null;
    return { snapshot: parseSnapshot(portalId, companyId, row.payload), syncedAt: Number(row.synced_at) };
  },

  /**
   * The live snapshot with its history (day >= historySince) and settings changes (at >= settingsSince); null
   * when there is no snapshot. The card's three reads as ONE statement: each statement costs a driver round trip
   * (a network round trip on Postgres), which at card-load rates is most of the work. History and settings
   * changes come back as JSON arrays built by the database.
   */
  async card(
    companyId: string,
    window: { historySince: string; settingsSince: number },
  ): Promise<CompanyCardData | null> {
    const history =
      dialect === 'postgres'
        ? sql`coalesce(json_agg(json_build_array(h.day, h.score, h.band, h.reconstructed) order by h.day), '[]'::json)::text`
        : sql`json_group_array(json_array(h.day, h.score, h.band, h.reconstructed) order by h.day)`;
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
    return row === undefined ? null : toCardData(portalId, companyId, row);
  },

  /** the live set, in company id order */
  async list(): Promise<CompanySnapshot[]> {
    const rows = await db
      .selectFrom('snapshots')
      .select('payload')
      .where('portal_id', '=', portalId)
      .where('generation', '=', liveGeneration(portalId))
      .orderBy('company_id')
      .execute();
    return rows.map((r) => readJson<CompanySnapshot>(r.payload));
  },

  /** the live set's signals only (the settings preview re-scores them), in company id order */
  async signals(): Promise<{ companyId: string; signals: Signals }[]> {
    const rows = await db
      .selectFrom('snapshots')
      .select(['company_id', 'signals'])
      .where('portal_id', '=', portalId)
      .where('generation', '=', liveGeneration(portalId))
      .orderBy('company_id')
      .execute();
    return rows.map((r) => ({ companyId: r.company_id, signals: readJson<Signals>(r.signals) }));
  },

  /** live snapshot count and the latest syncedAt (null when none) */
  async status(): Promise<{ count: number; lastSyncedAt: number | null }> {
    const row = await db
      .selectFrom('snapshots')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('synced_at').as('last')])
      .where('portal_id', '=', portalId)
      .where('generation', '=', liveGeneration(portalId))
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), lastSyncedAt: row.last === null ? null : Number(row.last) };
  },
});

function liveGeneration(portalId: number) {
  return sql<number>`coalesce((select live_generation from snapshot_pointers where portal_id = ${portalId}), 0)`;
}

async function readLiveGeneration(db: Kysely<Database>, portalId: number): Promise<number> {
  const row = await db
    .selectFrom('snapshot_pointers')
    .select('live_generation')
    .where('portal_id', '=', portalId)
    .executeTakeFirst();
  return row ? Number(row.live_generation) : 0;
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

function toCardData(portalId: number, companyId: string, row: CardRow): CompanyCardData {
  return {
    stored: { snapshot: parseSnapshot(portalId, companyId, row.payload), syncedAt: Number(row.synced_at) },
    history: readJson<[string, number | string | null, string | null, number | string][]>(row.history).map(
      ([date, score, band, reconstructed]) => ({
        date,
        score: score === null ? null : Number(score),
        band: readBand(band),
        ...(Number(reconstructed) === 1 ? { reconstructed: true } : {}),
      }),
    ),
    settingsChangedAt: readJson<(number | string)[]>(row.settings_changes).map(Number),
  };
}

export function readBand(value: string | null): Band | null {
  return value === 'healthy' || value === 'monitor' || value === 'at_risk' ? value : null;
}
