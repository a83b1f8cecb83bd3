import type { PortalDb } from './scope';
import { chunk, dedupeBy, IDS_PER_QUERY, inTx, readJson, ROWS_PER_STATEMENT } from './sql-helpers';

/** What write-back last sent HubSpot per company, so unchanged values are not written again. */
export const makeWrittenValuesRepo = ({ db, portalId }: PortalDb) => ({
  /** companies never written are absent from the map */
  async get(companyIds: string[]): Promise<Map<string, Record<string, string>>> {
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
  },

  async set(rows: { companyId: string; values: Record<string, string> }[]): Promise<void> {
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
  },
});
