import type { Kysely } from 'kysely';
import { ZSettings, type Settings } from '@pulse/shared';
import { AppError } from '../errors';
import type { Database } from './schema';
import type { PortalDb } from './scope';
import { inTx } from './sql-helpers';
import { StoreConflictError, StoreDataError } from './store-errors';

export type StoredSettings = {
  settings: Settings;
  version: number;
  updatedAt: number;
  updatedBy: string | null;
};
export type SaveSettingsOptions = {
  /** the version the editor started from; 0 when the portal has no saved settings yet */
  expectedVersion: number;
  updatedBy: string | null;
  now: number;
};

/** The portal's scoring settings, versioned with optimistic concurrency; every saved version is remembered. */
export const makeSettingsRepo = ({ db, portalId }: PortalDb) => ({
  /** null when never saved (use defaultSettings); throws StoreDataError when the stored JSON no longer parses */
  async get(): Promise<StoredSettings | null> {
    const row = await db
      .selectFrom('settings')
      .selectAll()
      .where('portal_id', '=', portalId)
      .executeTakeFirst();
    return row ? toStoredSettings(row) : null;
  },

  /** returns the new version; throws StoreConflictError when expectedVersion is stale */
  async save(settings: Settings, options: SaveSettingsOptions): Promise<number> {
    const parsed = ZSettings.safeParse(settings);
    if (!parsed.success) {
      throw new AppError('validation_failed', `settings for portal ${portalId} are invalid`, {
        fields: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const payload = JSON.stringify(parsed.data);
    const version = options.expectedVersion + 1;
    return inTx(db, async (trx) => {
      if (!(await compareAndSet(trx, portalId, payload, options))) {
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
  },

  /** versions saved at or after sinceMs, oldest first */
  async versions(sinceMs: number): Promise<{ version: number; changedAt: number }[]> {
    const rows = await db
      .selectFrom('settings_versions')
      .select(['version', 'changed_at'])
      .where('portal_id', '=', portalId)
      .where('changed_at', '>=', sinceMs)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({ version: Number(r.version), changedAt: Number(r.changed_at) }));
  },
});

/** Compare-and-set in one statement: concurrent saves cannot both win, even across instances. */
async function compareAndSet(
  trx: Kysely<Database>,
  portalId: number,
  payload: string,
  options: SaveSettingsOptions,
): Promise<boolean> {
  const version = options.expectedVersion + 1;
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
  return Number(changed ?? 0) === 1;
}

function toStoredSettings(row: Database['settings']): StoredSettings {
  const portalId = row.portal_id;
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
