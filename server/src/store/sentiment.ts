import type { SentimentValue } from '@pulse/shared';
import type { Database } from './schema';
import type { PortalDb } from './scope';
import { chunk, IDS_PER_QUERY } from './sql-helpers';
import { StoreDataError } from './store-errors';

export type SentimentRecord = {
  value: SentimentValue;
  note: string;
  authorUserId: number | null;
  authorName: string;
  setAt: number;
};

/** A CSM's sentiment per company: one current value each, the last one set wins. */
export const makeSentimentRepo = ({ db, portalId }: PortalDb) => ({
  async set(companyId: string, s: SentimentRecord): Promise<void> {
    const row = {
      portal_id: portalId,
      company_id: companyId,
      value: s.value,
      note: s.note,
      author_user_id: s.authorUserId,
      author_name: s.authorName,
      set_at: s.setAt,
    };
    const { portal_id: _p, company_id: _c, ...update } = row;
    await db
      .insertInto('sentiments')
      .values(row)
      .onConflict((oc) => oc.columns(['portal_id', 'company_id']).doUpdateSet(update))
      .execute();
  },

  async get(companyId: string): Promise<SentimentRecord | null> {
    const row = await db
      .selectFrom('sentiments')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    return row ? toSentiment(row) : null;
  },

  /** companies without a sentiment are absent from the map */
  async forCompanies(companyIds: string[]): Promise<Map<string, SentimentRecord>> {
    const out = new Map<string, SentimentRecord>();
    for (const ids of chunk([...new Set(companyIds)], IDS_PER_QUERY)) {
      const rows = await db
        .selectFrom('sentiments')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('company_id', 'in', ids)
        .execute();
      for (const row of rows) out.set(row.company_id, toSentiment(row));
    }
    return out;
  },
});

function toSentiment(row: Database['sentiments']): SentimentRecord {
  const value =
    row.value === 'good' || row.value === 'neutral' || row.value === 'concerned' ? row.value : null;
  if (!value)
    throw new StoreDataError(
      `sentiment of company ${row.company_id} in portal ${row.portal_id} is "${row.value}"`,
    );
  return {
    value,
    note: row.note,
    authorUserId: row.author_user_id === null ? null : Number(row.author_user_id),
    authorName: row.author_name,
    setAt: Number(row.set_at),
  };
}
