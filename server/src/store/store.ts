import type {
  Company,
  CompanyBundle,
  Contact,
  Deal,
  FeedbackSubmission,
  Owner,
  Pipeline,
  Ticket,
  Settings,
  Band,
  CompanySnapshot,
  SentimentValue,
  Signals,
} from '@pulse/shared';
import { AppError } from '../errors';

/**
 * The persistence port of Pulse. One implementation over Kysely (kysely-store.ts binds one module per concern),
 * two dialects (SQLite through node:sqlite, PostgreSQL through pg), picked by the URL given to `createStore`.
 *
 * Rules every method follows:
 * - every row belongs to a portal; every method takes `portalId` and never reads or writes another portal's rows
 *   (the exceptions are `listInstallations` and the sync-run methods keyed by a run id);
 * - instants are epoch milliseconds;
 * - JSON written by the store is read back without re-validation where that would be too slow (records,
 *   snapshots), and with zod where a stale shape is plausible (settings).
 */

export type Cipher = { encrypt(plain: string): string; decrypt(encrypted: string): string };

export type StoreLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type CreateStoreOptions = {
  /** `file:./data/pulse.db`, `file::memory:` (SQLite) or `postgres://…` / `postgresql://…` */
  url: string;
  cipher: Cipher;
  logger?: StoreLogger;
};

/** The object types the store keeps records of (also the `objectType` of changes and deletions). */
export const STORE_OBJECT_TYPES = ['companies', 'contacts', 'deals', 'tickets', 'responses'] as const;
export type StoreObjectType = (typeof STORE_OBJECT_TYPES)[number];

// ---- installations ----------------------------------------------------------------------------------------

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

// ---- records ----------------------------------------------------------------------------------------------

/**
 * `generation` tags every row an upsert writes. Use a number that only grows (the sync run's start time in
 * ms works): `sweepRecords(portalId, type, g)` deletes the rows whose generation is LOWER than `g`, so a full
 * sync that tagged everything it saw with `g` removes what HubSpot no longer has, while rows written later by
 * an incremental sync (a higher generation) survive.
 */
export type UpsertOptions = { generation: number };
export type RecordCounts = Record<StoreObjectType, number>;
export type RecordChange = { objectType: StoreObjectType; ids: string[] };

// ---- snapshots & history ----------------------------------------------------------------------------------

export type StoredSnapshot = { snapshot: CompanySnapshot; syncedAt: number };
export type HistoryEntry = {
  companyId: string;
  /** YYYY-MM-DD (UTC day) */
  date: string;
  score: number | null;
  band: Band | null;
  settingsVersion: number;
  measurePoints: Record<string, number | null>;
};
/** Everything the company card shows, read in one statement (one round trip, one consistent moment). */
export type CompanyCardData = {
  stored: StoredSnapshot;
  /** oldest first */
  history: { date: string; score: number | null; band: Band | null }[];
  /** when each settings version in the window was saved, oldest first */
  settingsChangedAt: number[];
};

// ---- settings & sentiment ---------------------------------------------------------------------------------

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
export type SentimentRecord = {
  value: SentimentValue;
  note: string;
  authorUserId: number | null;
  authorName: string;
  setAt: number;
};

// ---- sync runs --------------------------------------------------------------------------------------------

export type SyncRunKind = 'full' | 'incremental';
export type SyncRunStatus = 'running' | 'succeeded' | 'failed';
export type SyncProgress = { phase: string; done: number; total: number | null };
export type SyncRunStats = {
  /** records stored per object type */
  records: Record<string, number>;
  apiCalls: number;
  rateLimited: number;
  retries: number;
  skipped: number;
  skippedSamples: { objectType: string; id: string; reason: string }[];
};
export type SyncRun = {
  id: string;
  portalId: number;
  kind: SyncRunKind;
  status: SyncRunStatus;
  startedAt: number;
  /** last `updateSyncRun`/start: a running run whose heartbeat is old was killed */
  heartbeatAt: number;
  finishedAt: number | null;
  progress: SyncProgress | null;
  stats: SyncRunStats;
  error: string | null;
  report: unknown;
};
export type SyncRunPatch = {
  progress?: SyncProgress | null;
  /** merged key by key into the stored stats */
  stats?: Partial<SyncRunStats>;
  /** defaults to Date.now() */
  now?: number;
};
export type SyncRunFinish = {
  status: 'succeeded' | 'failed';
  error: string | null;
  report?: unknown;
  stats?: Partial<SyncRunStats>;
  /** defaults to Date.now() */
  finishedAt?: number;
};

// ---- webhooks & change queue ------------------------------------------------------------------------------

export type WebhookEventInput = { eventId: string; receivedAt: number; payload: unknown };
export type ClaimedWebhookEvent = { eventId: string; receivedAt: number; payload: unknown };
export type ClaimOptions = {
  /** defaults to Date.now() */
  now?: number;
  /** a claim older than this (a worker died mid-way) can be claimed again; default 5 minutes */
  reclaimAfterMs?: number;
};
export type ChangeKind = 'upsert' | 'delete';
/** `token` identifies this enqueueing: acking it does not drop a newer enqueue of the same record. */
export type QueuedChange = { objectType: StoreObjectType; id: string; kind: ChangeKind; token: string };

// ---- errors -----------------------------------------------------------------------------------------------

/** Optimistic-concurrency failure (a stale `expectedVersion`): the HTTP layer answers 409. */
export class StoreConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'StoreConflictError';
  }
}

/** Stored data that no longer reads back (e.g. settings that fail ZSettings): never replaced silently. */
export class StoreDataError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('internal', message, { cause });
    this.name = 'StoreDataError';
  }
}

// ---- the port ---------------------------------------------------------------------------------------------

export type Store = {
  readonly dialect: 'sqlite' | 'postgres';

  // lifecycle
  migrate(): Promise<void>;
  migrationStatus(): Promise<{ current: boolean; pending: string[] }>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Runs `fn` in one database transaction; `tx` is a Store bound to it (use only `tx` inside). Nested calls
   * join the outer transaction. With SQLite the single connection is held for the whole call: keep `fn` short
   * and free of network I/O.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;

  // installations
  upsertInstallation(installation: Installation): Promise<void>;
  getInstallation(portalId: number): Promise<Installation | null>;
  /** across portals: the scheduler's list */
  listInstallations(filter?: { status?: InstallationStatus }): Promise<Installation[]>;
  /** throws AppError `not_installed` when the portal has no installation (as does setInstallationStatus) */
  updateTokens(portalId: number, tokens: TokenUpdate, now?: number): Promise<void>;
  setInstallationStatus(portalId: number, status: InstallationStatus, now?: number): Promise<void>;
  /** Everything of the portal (installation included), in one transaction: uninstall / disconnect. */
  deletePortalData(portalId: number): Promise<void>;

  // raw CRM records (batched multi-row upserts; idempotent)
  upsertCompanies(portalId: number, records: Company[], options: UpsertOptions): Promise<void>;
  upsertContacts(portalId: number, records: Contact[], options: UpsertOptions): Promise<void>;
  upsertDeals(portalId: number, records: Deal[], options: UpsertOptions): Promise<void>;
  upsertTickets(portalId: number, records: Ticket[], options: UpsertOptions): Promise<void>;
  upsertResponses(portalId: number, records: FeedbackSubmission[], options: UpsertOptions): Promise<void>;
  /** Store one page of records and advance its cursor checkpoint atomically (crash-safe resume). */
  upsertPageAndCheckpoint(
    portalId: number,
    page: RecordPage,
    options: UpsertOptions,
    checkpoint: { key: string; value: string },
  ): Promise<void>;
  deleteRecords(portalId: number, objectType: StoreObjectType, ids: string[]): Promise<void>;
  /** Delete rows of that type with generation < keepGeneration; returns how many went. */
  sweepRecords(portalId: number, objectType: StoreObjectType, keepGeneration: number): Promise<number>;
  replacePipelines(portalId: number, pipelines: Pipeline[]): Promise<void>;
  getPipelines(portalId: number): Promise<Pipeline[]>;
  replaceOwners(portalId: number, owners: Owner[]): Promise<void>;
  getOwners(portalId: number): Promise<Owner[]>;
  getOwnerByUserId(portalId: number, userId: number): Promise<Owner | null>;
  /** stored records of one type by id, archived included; ids not stored are absent from the map */
  getRecords<T extends StoreObjectType>(
    portalId: number,
    objectType: T,
    ids: string[],
  ): Promise<Map<string, StoredRecordOf[T]>>;
  /** stored rows per type, archived included */
  countRecords(portalId: number): Promise<RecordCounts>;

  // bundles (the pure core's input)
  /** null when the company is not stored or archived */
  loadCompanyBundle(portalId: number, companyId: string): Promise<CompanyBundle | null>;
  /**
   * Non-archived companies in id order, `batchSize` (default 500) bundles at a time, six queries per batch.
   * With `companyIds`, only those (missing/archived ones are left out).
   */
  iterateCompanyBundles(
    portalId: number,
    options?: { companyIds?: string[]; batchSize?: number },
  ): AsyncIterable<CompanyBundle[]>;
  /**
   * Company ids whose bundle the given records touch, read from what is stored NOW. Call it before applying
   * deletions/moves (old attribution) and after applying upserts (new attribution), and union the two.
   * Company ids are returned even when the company itself is not stored (so a deleted company's snapshot can go).
   */
  companiesAffectedBy(portalId: number, changes: RecordChange[]): Promise<string[]>;

  // snapshots
  /** Without `generation`: write into the live set (incremental). With it: into a generation being built. */
  putSnapshots(
    portalId: number,
    snapshots: CompanySnapshot[],
    options: { syncedAt: number; generation?: number },
  ): Promise<void>;
  deleteSnapshots(portalId: number, companyIds: string[]): Promise<void>;
  beginSnapshotGeneration(portalId: number): Promise<number>;
  /** Makes `generation` the live set in one transaction and deletes every other generation of the portal. */
  commitSnapshotGeneration(portalId: number, generation: number): Promise<void>;
  getSnapshot(portalId: number, companyId: string): Promise<StoredSnapshot | null>;
  /** the live snapshot with its history (day >= historySince) and settings changes (at >= settingsSince); null when no snapshot */
  getCompanyCard(
    portalId: number,
    companyId: string,
    window: { historySince: string; settingsSince: number },
  ): Promise<CompanyCardData | null>;
  listSnapshots(portalId: number): Promise<CompanySnapshot[]>;
  listSignals(portalId: number): Promise<{ companyId: string; signals: Signals }[]>;
  /** live snapshot count and the latest syncedAt (null when none) */
  snapshotStatus(portalId: number): Promise<{ count: number; lastSyncedAt: number | null }>;

  // history
  /** upsert per company + day */
  putHistory(portalId: number, entries: HistoryEntry[]): Promise<void>;
  /** entries with date >= sinceDate, oldest first */
  getHistory(portalId: number, companyId: string, sinceDate: string): Promise<HistoryEntry[]>;
  getHistoryForCompanies(portalId: number, companyIds: string[], sinceDate: string): Promise<HistoryEntry[]>;

  // settings
  /** null when never saved (use defaultSettings); throws StoreDataError when the stored JSON no longer parses */
  getSettings(portalId: number): Promise<StoredSettings | null>;
  /** returns the new version; throws StoreConflictError when expectedVersion is stale */
  saveSettings(portalId: number, settings: Settings, options: SaveSettingsOptions): Promise<number>;
  /** versions saved at or after sinceMs, oldest first */
  listSettingsVersions(portalId: number, sinceMs: number): Promise<{ version: number; changedAt: number }[]>;

  // CSM sentiment
  setSentiment(portalId: number, companyId: string, sentiment: SentimentRecord): Promise<void>;
  getSentiment(portalId: number, companyId: string): Promise<SentimentRecord | null>;
  getSentiments(portalId: number, companyIds: string[]): Promise<Map<string, SentimentRecord>>;

  // sync runs & checkpoints
  startSyncRun(portalId: number, kind: SyncRunKind, now: number): Promise<string>;
  updateSyncRun(runId: string, patch: SyncRunPatch): Promise<void>;
  finishSyncRun(runId: string, result: SyncRunFinish): Promise<void>;
  /** newest first */
  getSyncRuns(portalId: number, limit: number): Promise<SyncRun[]>;
  getRunningSyncRun(portalId: number): Promise<SyncRun | null>;
  getCheckpoint(portalId: number, key: string): Promise<string | null>;
  setCheckpoint(portalId: number, key: string, value: string): Promise<void>;
  deleteCheckpoints(portalId: number, prefix: string): Promise<void>;

  // webhook events
  insertWebhookEvents(
    portalId: number,
    events: WebhookEventInput[],
  ): Promise<{ inserted: number; duplicates: number }>;
  /** oldest first; claimed events are not handed out again until processed or their claim goes stale */
  claimWebhookEvents(portalId: number, limit: number, options?: ClaimOptions): Promise<ClaimedWebhookEvent[]>;
  markWebhookEventsProcessed(portalId: number, eventIds: string[]): Promise<void>;
  /** processed events received before `before` (dedupe only matters for HubSpot's 24 h retry window) */
  pruneWebhookEvents(portalId: number, before: number): Promise<number>;

  // change queue
  /** re-enqueueing a queued record replaces its kind (last one wins) */
  enqueueChanges(
    portalId: number,
    objectType: StoreObjectType,
    ids: string[],
    kind: ChangeKind,
  ): Promise<void>;
  /** oldest first; items stay queued until acked */
  takeChanges(portalId: number, limit: number): Promise<QueuedChange[]>;
  ackChanges(portalId: number, items: QueuedChange[]): Promise<void>;

  // privacy
  /** Removes the contact, their responses and their verbatims in stored snapshots; returns affected company ids. */
  deleteContactData(portalId: number, contactId: string): Promise<string[]>;

  // write-back bookkeeping
  getWrittenValues(portalId: number, companyIds: string[]): Promise<Map<string, Record<string, string>>>;
  setWrittenValues(
    portalId: number,
    rows: { companyId: string; values: Record<string, string> }[],
  ): Promise<void>;
};

/** The record type the store keeps for each object type. */
export type StoredRecordOf = {
  companies: Company;
  contacts: Contact;
  deals: Deal;
  tickets: Ticket;
  responses: FeedbackSubmission;
};

/** One page of one object type, for `upsertPageAndCheckpoint`. */
export type RecordPage =
  | { objectType: 'companies'; records: Company[] }
  | { objectType: 'contacts'; records: Contact[] }
  | { objectType: 'deals'; records: Deal[] }
  | { objectType: 'tickets'; records: Ticket[] }
  | { objectType: 'responses'; records: FeedbackSubmission[] };
