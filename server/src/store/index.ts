export { createStore } from './create-store';
export type { CreateStoreOptions, Store } from './store';
export type { PortalStore } from './portal-store';
export type { Cipher, Dialect, StoreLogger } from './scope';
export { StoreConflictError, StoreDataError } from './store-errors';
export {
  STORE_OBJECT_TYPES,
  type StoreObjectType,
  type StoredRecordOf,
  type RecordPage,
  type UpsertOptions,
  type RecordCounts,
  type RecordChange,
} from './records';
export type { AccountSettings } from './account';
export type {
  Installation,
  InstallationMode,
  InstallationStatus,
  ReencryptReport,
  TokenUpdate,
} from './installation';
export type { StoredSnapshot, CompanyCardData } from './snapshots';
export type { HistoryEntry } from './history';
export type { StoredSettings, SaveSettingsOptions } from './settings';
export type { SentimentRecord } from './sentiment';
export type {
  SyncRun,
  SyncRunKind,
  SyncRunStatus,
  SyncProgress,
  SyncRunStats,
  SyncRunPatch,
  SyncRunFinish,
} from './sync-runs';
export type { WebhookEventInput, ClaimedWebhookEvent, ClaimOptions } from './webhook-events';
export type { ChangeKind, QueuedChange } from './change-queue';
export { readUnavailableSources, writeUnavailableSources } from './data-sources';
