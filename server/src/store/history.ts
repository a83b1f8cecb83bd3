import type { Band } from '@pulse/shared';
import type { Database } from './schema';
import type { PortalDb } from './scope';
import { readBand } from './snapshots';
import { chunk, dedupeBy, inTx, readJson, ROWS_PER_STATEMENT } from './sql-helpers';

/** One day of one company's score: the trend and the card's chart read these. */
export type HistoryEntry = {
  companyId: string;
  /** YYYY-MM-DD (UTC day) */
  date: string;
  score: number | null;
  band: Band | null;
  settingsVersion: number;
  measurePoints: Record<string, number | null>;
  /** rebuilt from HubSpot's timestamps by the first sync (absent for an entry scored on its day) */
  reconstructed?: boolean;
};

export const makeHistoryRepo = ({ db, portalId }: PortalDb) => ({
  /**
   * Upsert per company + day. A live entry replaces a rebuilt one; a rebuilt (`reconstructed`) entry never
   * replaces what is stored for its day.
   */
  async put(entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = dedupeBy(entries, (e) => `${e.companyId}|${e.date}`).map((e) => ({
      portal_id: portalId,
      company_id: e.companyId,
      day: e.date,
      score: e.score,
      band: e.band,
      settings_version: e.settingsVersion,
      measure_points: JSON.stringify(e.measurePoints),
      reconstructed: e.reconstructed === true ? 1 : 0,
    }));
    const live = rows.filter((r) => r.reconstructed === 0);
    const rebuilt = rows.filter((r) => r.reconstructed === 1);
    await inTx(db, async (trx) => {
      for (const part of chunk(live, ROWS_PER_STATEMENT)) {
        await trx
          .insertInto('history')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['portal_id', 'company_id', 'day']).doUpdateSet((eb) => ({
              score: eb.ref('excluded.score'),
              band: eb.ref('excluded.band'),
              settings_version: eb.ref('excluded.settings_version'),
              measure_points: eb.ref('excluded.measure_points'),
              reconstructed: eb.ref('excluded.reconstructed'),
            })),
          )
          .execute();
      }
      for (const part of chunk(rebuilt, ROWS_PER_STATEMENT)) {
        await trx
          .insertInto('history')
          .values(part)
          .onConflict((oc) => oc.columns(['portal_id', 'company_id', 'day']).doNothing())
          .execute();
      }
    });
  },

  /** entries with date >= sinceDate, by company then oldest first */
  async forCompanies(companyIds: string[], sinceDate: string): Promise<HistoryEntry[]> {
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
  },
});

function toHistory(row: Database['history']): HistoryEntry {
  return {
    companyId: row.company_id,
    date: row.day,
    score: row.score === null ? null : Number(row.score),
    band: readBand(row.band),
    settingsVersion: Number(row.settings_version),
    measurePoints: readJson<Record<string, number | null>>(row.measure_points),
    ...(Number(row.reconstructed) === 1 ? { reconstructed: true } : {}),
  };
}
