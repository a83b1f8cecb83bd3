import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/**
 * Versioned migrations, applied in name order at start-up by Kysely's Migrator. Never edit a released
 * migration: add the next one. Column types are the portable subset (text, integer, bigint).
 */

async function createRecordTable(db: Kysely<unknown>, table: string): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('company_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ['portal_id', 'id'])
    .execute();
  await db.schema.createIndex(`${table}_company`).on(table).columns(['portal_id', 'company_id']).execute();
  await db.schema.createIndex(`${table}_generation`).on(table).columns(['portal_id', 'generation']).execute();
}

/** installations, the CRM record tables and their links */
async function createCrmTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('installations')
    .addColumn('portal_id', 'bigint', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('access_token', 'text')
    .addColumn('refresh_token', 'text')
    .addColumn('access_token_expires_at', 'bigint')
    .addColumn('hub_domain', 'text')
    .addColumn('installed_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  for (const table of ['companies', 'contacts', 'deals', 'tickets']) await createRecordTable(db, table);

  await db.schema
    .createTable('contact_companies')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_companies_pk', ['portal_id', 'contact_id', 'company_id'])
    .execute();
  await db.schema
    .createIndex('contact_companies_company')
    .on('contact_companies')
    .columns(['portal_id', 'company_id'])
    .execute();

  await db.schema
    .createTable('responses')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('ticket_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('responses_pk', ['portal_id', 'id'])
    .execute();
  await db.schema
    .createIndex('responses_contact')
    .on('responses')
    .columns(['portal_id', 'contact_id'])
    .execute();
  await db.schema
    .createIndex('responses_ticket')
    .on('responses')
    .columns(['portal_id', 'ticket_id'])
    .execute();
  await db.schema
    .createIndex('responses_generation')
    .on('responses')
    .columns(['portal_id', 'generation'])
    .execute();
}
/** pipelines and owners */
async function createMetadataTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pipelines')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pipelines_pk', ['portal_id', 'object_type', 'id'])
    .execute();

  await db.schema
    .createTable('owners')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'bigint')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('owners_pk', ['portal_id', 'id'])
    .execute();
  await db.schema.createIndex('owners_user').on('owners').columns(['portal_id', 'user_id']).execute();
}
/** snapshots, history, settings and sentiment */
async function createScoringTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('snapshot_pointers')
    .addColumn('portal_id', 'bigint', (c) => c.primaryKey())
    .addColumn('live_generation', 'bigint', (c) => c.notNull())
    .addColumn('last_generation', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('snapshots')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'bigint', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('signals', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('snapshots_pk', ['portal_id', 'generation', 'company_id'])
    .execute();

  await db.schema
    .createTable('history')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('band', 'text')
    .addColumn('settings_version', 'integer', (c) => c.notNull())
    .addColumn('measure_points', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('history_pk', ['portal_id', 'company_id', 'day'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('portal_id', 'bigint', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createTable('settings_versions')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('settings_versions_pk', ['portal_id', 'version'])
    .execute();

  await db.schema
    .createTable('sentiments')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'bigint')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('set_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sentiments_pk', ['portal_id', 'company_id'])
    .execute();
}
/** sync runs, checkpoints, webhook intake, the change queue and write-back bookkeeping */
async function createBookkeepingTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('progress', 'text')
    .addColumn('stats', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('report', 'text')
    .execute();
  await db.schema
    .createIndex('sync_runs_portal')
    .on('sync_runs')
    .columns(['portal_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('checkpoints')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkpoints_pk', ['portal_id', 'key'])
    .execute();

  await db.schema
    .createTable('webhook_events')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint')
    .addColumn('processed_at', 'bigint')
    .addPrimaryKeyConstraint('webhook_events_pk', ['portal_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('webhook_events_pending')
    .on('webhook_events')
    .columns(['portal_id', 'processed_at', 'received_at'])
    .execute();

  await db.schema
    .createTable('change_queue')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('enqueued_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_queue_pk', ['portal_id', 'object_type', 'id'])
    .execute();
  await db.schema
    .createIndex('change_queue_order')
    .on('change_queue')
    .columns(['portal_id', 'enqueued_at'])
    .execute();

  await db.schema
    .createTable('written_values')
    .addColumn('portal_id', 'bigint', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('written_values_pk', ['portal_id', 'company_id'])
    .execute();
}

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await createCrmTables(db);
    await createMetadataTables(db);
    await createScoringTables(db);
    await createBookkeepingTables(db);
  },
};

/** Daily history entries the first sync rebuilt from HubSpot's timestamps (docs/metrics.md "History from day one"). */
const historyReconstructed: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('history')
      .addColumn('reconstructed', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};

/** Privacy deletions leave the contact's id (never its data) so no later sync brings the data back. */
const privacyTombstones: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('privacy_tombstones')
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('privacy_tombstones_pk', ['portal_id', 'contact_id'])
      .execute();
  },
};

export const MIGRATIONS: Record<string, Migration> = {
  '001_initial': initial,
  '002_history_reconstructed': historyReconstructed,
  '004_privacy_tombstones': privacyTombstones,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
