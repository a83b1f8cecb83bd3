export { runSync, PAGES_PER_CHUNK, type RunSyncOptions, type SyncKind, type SyncReport } from './run-sync';
export {
  recomputeCompanies,
  writeBackValues,
  mappedPropertiesOf,
  type RecomputeOptions,
  type RecomputeStats,
} from './recompute';
export { syncOneCompany, type CompanySyncResult, type SyncCompanyOptions } from './company-sync';
export { ASSOCIATION_LOOKUPS } from './attach-associations';
export { createScoring, fillUnreadProperties, scoreAllWith, storeUnreadProperties } from './preview';
