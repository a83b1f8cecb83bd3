import type { Kysely } from 'kysely';
import { AppError } from '../errors';
import type { Database } from './schema';
import type { Cipher, PortalScope } from './scope';
import { inTx, readJson } from './sql-helpers';
import { StoreDataError } from './store-errors';

export type InstallationMode = 'oauth' | 'static' | 'demo';
export type InstallationStatus = 'active' | 'disconnected';
export type Installation = {
  portalId: number;
  mode: InstallationMode;
  status: InstallationStatus;
  scopes: string[];
  /** plaintext here; encrypted with the cipher in the database */
  accessToken: string | null;
  refreshToken: string | null;
  accessTokenExpiresAt: number | null;
  hubDomain: string | null;
  installedAt: number;
  updatedAt: number;
};
export type TokenUpdate = {
  accessToken: string | null;
  refreshToken: string | null;
  accessTokenExpiresAt: number | null;
};

/** Every table holding portal rows: `deletePortalData` empties them all for the portal. */
const PORTAL_TABLES = [
  'installations',
  'companies',
  'contacts',
  'contact_companies',
  'deals',
  'tickets',
  'responses',
  'pipelines',
  'owners',
  'snapshot_pointers',
  'snapshots',
  'history',
  'settings',
  'settings_versions',
  'sentiments',
  'sync_runs',
  'checkpoints',
  'webhook_events',
  'change_queue',
  'written_values',
  'privacy_tombstones',
] as const satisfies readonly (keyof Database)[];

/** The portal's installation: mode, status, scopes and its tokens (encrypted at rest with the cipher). */
export const makeInstallationRepo = ({ db, portalId, cipher }: PortalScope) => ({
  async get(): Promise<Installation | null> {
    const row = await db
      .selectFrom('installations')
      .selectAll()
      .where('portal_id', '=', portalId)
      .executeTakeFirst();
    return row ? toInstallation(cipher, row) : null;
  },

  /** Creates or replaces the installation; a re-install keeps the first `installedAt`. */
  async upsert(i: Omit<Installation, 'portalId'>): Promise<void> {
    const row = {
      portal_id: portalId,
      mode: i.mode,
      status: i.status,
      scopes: JSON.stringify(i.scopes),
      access_token: encrypt(cipher, i.accessToken),
      refresh_token: encrypt(cipher, i.refreshToken),
      access_token_expires_at: i.accessTokenExpiresAt,
      hub_domain: i.hubDomain,
      installed_at: i.installedAt,
      updated_at: i.updatedAt,
    };
    const { installed_at: _keepFirstInstall, portal_id: _key, ...update } = row;
    await db
      .insertInto('installations')
      .values(row)
      .onConflict((oc) => oc.column('portal_id').doUpdateSet(update))
      .execute();
  },

  /** throws AppError `not_installed` when the portal has no installation (as does setStatus) */
  async updateTokens(tokens: TokenUpdate, now = Date.now()): Promise<void> {
    const result = await db
      .updateTable('installations')
      .set({
        access_token: encrypt(cipher, tokens.accessToken),
        refresh_token: encrypt(cipher, tokens.refreshToken),
        access_token_expires_at: tokens.accessTokenExpiresAt,
        updated_at: now,
      })
      .where('portal_id', '=', portalId)
      .executeTakeFirst();
    assertInstalled(result.numUpdatedRows, portalId);
  },

  async setStatus(status: InstallationStatus, now = Date.now()): Promise<void> {
    const result = await db
      .updateTable('installations')
      .set({ status, updated_at: now })
      .where('portal_id', '=', portalId)
      .executeTakeFirst();
    assertInstalled(result.numUpdatedRows, portalId);
  },
});

/** Everything of the portal (installation included), in one transaction: uninstall / disconnect. */
export async function deletePortalData(db: Kysely<Database>, portalId: number): Promise<void> {
  await inTx(db, async (trx) => {
    for (const table of PORTAL_TABLES)
      await trx.deleteFrom(table).where('portal_id', '=', portalId).execute();
  });
}

/** Across portals: the scheduler's list, the uninstalled-data purge. */
export async function listInstallations(
  db: Kysely<Database>,
  cipher: Cipher,
  filter: { status?: InstallationStatus } = {},
): Promise<Installation[]> {
  let query = db.selectFrom('installations').selectAll().orderBy('portal_id');
  if (filter.status) query = query.where('status', '=', filter.status);
  return (await query.execute()).map((row) => toInstallation(cipher, row));
}

export type ReencryptReport = {
  /** installations whose tokens were rewritten under the current key */
  reencrypted: number;
  /** installations already under the current key */
  current: number;
  /** portals whose tokens no configured key opens (they must reinstall, or the missing key be configured) */
  unreadable: number[];
};

/**
 * Key rotation: rewrites every installation's tokens that are not under the cipher's current key. The update only
 * applies if the row still holds what was read, so a token refresh racing it (which writes under the current key
 * anyway) wins, and several instances may run this at once.
 */
export async function reencryptTokens(db: Kysely<Database>, cipher: Cipher): Promise<ReencryptReport> {
  const report: ReencryptReport = { reencrypted: 0, current: 0, unreadable: [] };
  const rows = await db
    .selectFrom('installations')
    .select(['portal_id', 'access_token', 'refresh_token'])
    .orderBy('portal_id')
    .execute();
  for (const row of rows) {
    const stale = [row.access_token, row.refresh_token].some((v) => v !== null && !cipher.isCurrent(v));
    if (!stale) {
      report.current += 1;
      continue;
    }
    let fresh: { access: string | null; refresh: string | null };
    try {
      fresh = {
        access: encrypt(cipher, decrypt(cipher, row.access_token)),
        refresh: encrypt(cipher, decrypt(cipher, row.refresh_token)),
      };
    } catch {
      report.unreadable.push(Number(row.portal_id));
      continue;
    }
    const result = await db
      .updateTable('installations')
      .set({ access_token: fresh.access, refresh_token: fresh.refresh })
      .where('portal_id', '=', row.portal_id)
      .where((eb) =>
        eb.and([
          row.access_token === null
            ? eb('access_token', 'is', null)
            : eb('access_token', '=', row.access_token),
          row.refresh_token === null
            ? eb('refresh_token', 'is', null)
            : eb('refresh_token', '=', row.refresh_token),
        ]),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) report.reencrypted += 1;
  }
  return report;
}

const encrypt = (cipher: Cipher, value: string | null) => (value === null ? null : cipher.encrypt(value));
const decrypt = (cipher: Cipher, value: string | null) => (value === null ? null : cipher.decrypt(value));

function toInstallation(cipher: Cipher, row: Database['installations']): Installation {
  const mode = row.mode === 'oauth' || row.mode === 'static' || row.mode === 'demo' ? row.mode : null;
  const status = row.status === 'active' || row.status === 'disconnected' ? row.status : null;
  if (!mode || !status)
    throw new StoreDataError(
      `installation of portal ${row.portal_id} has mode "${row.mode}", status "${row.status}"`,
    );
  return {
    portalId: Number(row.portal_id),
    mode,
    status,
    scopes: readJson<string[]>(row.scopes),
    accessToken: decrypt(cipher, row.access_token),
    refreshToken: decrypt(cipher, row.refresh_token),
    accessTokenExpiresAt: row.access_token_expires_at,
    hubDomain: row.hub_domain,
    installedAt: row.installed_at,
    updatedAt: row.updated_at,
  };
}

function assertInstalled(updatedRows: bigint, portalId: number): void {
  if (Number(updatedRows) !== 1)
    throw new AppError('not_installed', `portal ${portalId} has no installation`);
}
