import type { Kysely } from 'kysely';
import { ZSettings, type Settings } from '@pulse/shared';
import { AppError } from '../errors';
import type { Database } from './schema';
import { chunk, IDS_PER_QUERY, inTx } from './sql-helpers';
import {
  StoreConflictError,
  StoreDataError,
  type SaveSettingsOptions,
  type SentimentRecord,
  type StoredSettings,
} from './store';

export async function getSettings(db: Kysely<Database>, portalId: number): Promise<StoredSettings | null> {
  const row = await db
    .selectFrom('settings')
    .selectAll()
    .where('portal_id', '=', portalId)
    .executeTakeFirst();
  if (!row) return null;
  let json: unknown;
  try {
    json = JSON.parse(row.payload);
  } catch (error) {
    throw new StoreDataError(
      `stored settings of portal ${portalId} (version ${row.version}) are not valid JSON`,
      error,
    );
  }
  const parsed = ZSettings.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreDataError(
      `stored settings of portal ${portalId} (version ${row.version}) no longer match the settings schema` +
        (issue ? ` at ${issue.path.join('.') || '(root)'}: ${issue.message}` : ''),
      parsed.error,
    );
  }
  return {
    settings: parsed.data,
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  };
}

export async function saveSettings(
  db: Kysely<Database>,
  portalId: number,
  settings: Settings,
  options: SaveSettingsOptions,
): Promise<number> {
  const parsed = ZSettings.safeParse(settings);
  if (!parsed.success) {
    throw new AppError('validation_failed', `settings for portal ${portalId} are invalid`, {
      fields: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const payload = JSON.stringify(parsed.data);
  const version = options.expectedVersion + 1;
  return inTx(db, async (trx) => {
    // Compare-and-set in one statement: concurrent saves cannot both win, even across instances.
    const result =
      options.expectedVersion === 0
        ? await trx
            .insertInto('settings')
            .values({
              portal_id: portalId,
              version,
              payload,
              updated_at: options.now,
              updated_by: options.updatedBy,
            })
            .onConflict((oc) => oc.column('portal_id').doNothing())
            .executeTakeFirst()
        : await trx
            .updateTable('settings')
            .set({ version, payload, updated_at: options.now, updated_by: options.updatedBy })
            .where('portal_id', '=', portalId)
            .where('version', '=', options.expectedVersion)
            .executeTakeFirst();
    const changed =
      'numInsertedOrUpdatedRows' in result ? result.numInsertedOrUpdatedRows : result.numUpdatedRows;
    if (Number(changed ?? 0) !== 1) {
      const current = await trx
        .selectFrom('settings')
        .select('version')
        .where('portal_id', '=', portalId)
        .executeTakeFirst();
      throw new StoreConflictError(
        `settings of portal ${portalId} changed meanwhile: you edited version ${options.expectedVersion}, the current one is ${current ? Number(current.version) : 0}`,
      );
    }
    await trx
      .insertInto('settings_versions')
      .values({ portal_id: portalId, version, changed_at: options.now, updated_by: options.updatedBy })
      .execute();
    return version;
  });
}

export async function listSettingsVersions(
  db: Kysely<Database>,
  portalId: number,
  sinceMs: number,
): Promise<{ version: number; changedAt: number }[]> {
  const rows = await db
    .selectFrom('settings_versions')
    .select(['version', 'changed_at'])
    .where('portal_id', '=', portalId)
    .where('changed_at', '>=', sinceMs)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({ version: Number(r.version), changedAt: Number(r.changed_at) }));
}

export async function setSentiment(
  db: Kysely<Database>,
  portalId: number,
  companyId: string,
  s: SentimentRecord,
): Promise<void> {
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
}

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

export async function getSentiment(
  db: Kysely<Database>,
  portalId: number,
  companyId: string,
): Promise<SentimentRecord | null> {
  const row = await db
    .selectFrom('sentiments')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return row ? toSentiment(row) : null;
}

export async function getSentiments(
  db: Kysely<Database>,
  portalId: number,
  companyIds: string[],
): Promise<Map<string, SentimentRecord>> {
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
}
