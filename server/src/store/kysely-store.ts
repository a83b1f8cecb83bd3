import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { iterateCompanyBundles, loadCompanyBundle } from './bundles';
import * as installations from './installations';
import { migrationProvider } from './migrations';
import * as ops from './operations';
import { deleteContactData } from './privacy';
import * as records from './records';
import type { Database } from './schema';
import * as settings from './settings';
import * as snapshots from './snapshots';
import { StoreDataError, type Cipher, type Store, type StoreLogger } from './store';

export type StoreDeps = { dialect: 'sqlite' | 'postgres'; cipher: Cipher; logger: StoreLogger | undefined };

/**
 * The `Store` over one Kysely handle: the root database, or a transaction (then every method runs inside it).
 * The work lives in one module per concern (records, bundles, snapshots, settings, operations, installations,
 * privacy); this file only binds them to the handle.
 */
export function bindStore(db: Kysely<Database>, deps: StoreDeps): Store {
  const { cipher } = deps;
  const store: Store = {
    dialect: deps.dialect,

    migrate: async () => {
      const { error, results } = await (await migrator(db, deps.dialect)).migrateToLatest();
      for (const result of results ?? []) {
        if (result.status === 'Success')
          deps.logger?.info({ migration: result.migrationName }, 'store migration applied');
        if (result.status === 'Error')
          deps.logger?.error({ migration: result.migrationName }, 'store migration failed');
      }
      if (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new StoreDataError(`store migration failed: ${message}`, error);
      }
    },
    migrationStatus: async () => {
      const migrations = await (await migrator(db, deps.dialect)).getMigrations();
      const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
      return { current: pending.length === 0, pending };
    },
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      if (db.isTransaction) throw new Error('close() called on a transaction-bound store');
      await db.destroy();
    },
    transaction: (fn) =>
      db.isTransaction ? fn(store) : db.transaction().execute((trx) => fn(bindStore(trx, deps))),

    upsertInstallation: (i) => installations.upsertInstallation(db, cipher, i),
    getInstallation: (portalId) => installations.getInstallation(db, cipher, portalId),
    listInstallations: (filter) => installations.listInstallations(db, cipher, filter),
    updateTokens: (portalId, tokens, now) => installations.updateTokens(db, cipher, portalId, tokens, now),
    setInstallationStatus: (portalId, status, now) =>
      installations.setInstallationStatus(db, portalId, status, now),
    deletePortalData: (portalId) => installations.deletePortalData(db, portalId),

    upsertCompanies: (portalId, rows, options) => records.upsertCompanies(db, portalId, rows, options),
    upsertContacts: (portalId, rows, options) => records.upsertContacts(db, portalId, rows, options),
    upsertDeals: (portalId, rows, options) => records.upsertDeals(db, portalId, rows, options),
    upsertTickets: (portalId, rows, options) => records.upsertTickets(db, portalId, rows, options),
    upsertResponses: (portalId, rows, options) => records.upsertResponses(db, portalId, rows, options),
    upsertPageAndCheckpoint: (portalId, page, options, checkpoint) =>
      records.upsertPageAndCheckpoint(db, portalId, page, options, checkpoint),
    deleteRecords: (portalId, objectType, ids) => records.deleteRecords(db, portalId, objectType, ids),
    sweepRecords: (portalId, objectType, keep) => records.sweepRecords(db, portalId, objectType, keep),
    replacePipelines: (portalId, pipelines) => records.replacePipelines(db, portalId, pipelines),
    getPipelines: (portalId) => records.getPipelines(db, portalId),
    replaceOwners: (portalId, owners) => records.replaceOwners(db, portalId, owners),
    getOwners: (portalId) => records.getOwners(db, portalId),
    getOwnerByUserId: (portalId, userId) => records.getOwnerByUserId(db, portalId, userId),
    countRecords: (portalId) => records.countRecords(db, portalId),
    getRecords: (portalId, objectType, ids) => records.getRecords(db, portalId, objectType, ids),
    companiesAffectedBy: (portalId, changes) => records.companiesAffectedBy(db, portalId, changes),

    loadCompanyBundle: (portalId, companyId) => loadCompanyBundle(db, portalId, companyId),
    iterateCompanyBundles: (portalId, options) => iterateCompanyBundles(db, portalId, options),

    putSnapshots: (portalId, rows, options) => snapshots.putSnapshots(db, portalId, rows, options),
    deleteSnapshots: (portalId, companyIds) => snapshots.deleteSnapshots(db, portalId, companyIds),
    beginSnapshotGeneration: (portalId) => snapshots.beginSnapshotGeneration(db, portalId),
    commitSnapshotGeneration: (portalId, generation) =>
      snapshots.commitSnapshotGeneration(db, portalId, generation),
    getSnapshot: (portalId, companyId) => snapshots.getSnapshot(db, portalId, companyId),
    getCompanyCard: (portalId, companyId, window) =>
      snapshots.getCompanyCard(db, deps.dialect, portalId, companyId, window),
    listSnapshots: (portalId) => snapshots.listSnapshots(db, portalId),
    listSignals: (portalId) => snapshots.listSignals(db, portalId),
    snapshotStatus: (portalId) => snapshots.snapshotStatus(db, portalId),
    putHistory: (portalId, entries) => snapshots.putHistory(db, portalId, entries),
    getHistory: (portalId, companyId, since) => snapshots.getHistory(db, portalId, companyId, since),
    getHistoryForCompanies: (portalId, ids, since) =>
      snapshots.getHistoryForCompanies(db, portalId, ids, since),

    getSettings: (portalId) => settings.getSettings(db, portalId),
    saveSettings: (portalId, value, options) => settings.saveSettings(db, portalId, value, options),
    listSettingsVersions: (portalId, sinceMs) => settings.listSettingsVersions(db, portalId, sinceMs),
    setSentiment: (portalId, companyId, s) => settings.setSentiment(db, portalId, companyId, s),
    getSentiment: (portalId, companyId) => settings.getSentiment(db, portalId, companyId),
    getSentiments: (portalId, companyIds) => settings.getSentiments(db, portalId, companyIds),

    startSyncRun: (portalId, kind, now) => ops.startSyncRun(db, portalId, kind, now),
    updateSyncRun: (runId, patch) => ops.updateSyncRun(db, runId, patch),
    finishSyncRun: (runId, result) => ops.finishSyncRun(db, runId, result),
    getSyncRuns: (portalId, limit) => ops.getSyncRuns(db, portalId, limit),
    getRunningSyncRun: (portalId) => ops.getRunningSyncRun(db, portalId),
    getCheckpoint: (portalId, key) => ops.getCheckpoint(db, portalId, key),
    setCheckpoint: (portalId, key, value) => ops.setCheckpoint(db, portalId, key, value),
    deleteCheckpoints: (portalId, prefix) => ops.deleteCheckpoints(db, portalId, prefix),
    insertWebhookEvents: (portalId, events) => ops.insertWebhookEvents(db, portalId, events),
    claimWebhookEvents: (portalId, limit, options) => ops.claimWebhookEvents(db, portalId, limit, options),
    markWebhookEventsProcessed: (portalId, eventIds) =>
      ops.markWebhookEventsProcessed(db, portalId, eventIds),
    pruneWebhookEvents: (portalId, before) => ops.pruneWebhookEvents(db, portalId, before),
    enqueueChanges: (portalId, objectType, ids, kind) =>
      ops.enqueueChanges(db, portalId, objectType, ids, kind),
    takeChanges: (portalId, limit) => ops.takeChanges(db, portalId, limit),
    ackChanges: (portalId, items) => ops.ackChanges(db, portalId, items),
    getWrittenValues: (portalId, companyIds) => ops.getWrittenValues(db, portalId, companyIds),
    setWrittenValues: (portalId, rows) => ops.setWrittenValues(db, portalId, rows),

    deleteContactData: (portalId, contactId) => deleteContactData(db, portalId, contactId),
  };
  return store;
}

async function migrator(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<Migrator> {
  if (dialect === 'sqlite') return new Migrator({ db, provider: migrationProvider });
  // Kysely looks for its migration table in EVERY schema unless told which: pin it to ours (search_path),
  // or another schema's bookkeeping in the same database would be mistaken for this one's.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema)
    throw new StoreDataError('Postgres has no current schema: check search_path in the database URL');
  return new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
}
