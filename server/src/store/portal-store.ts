import { makeAccountRepo } from './account';
import { makeBundlesRepo } from './bundles';
import { makeChangeQueueRepo } from './change-queue';
import { makeCheckpointsRepo } from './checkpoints';
import { makeOwnersRepo, makePipelinesRepo } from './crm-metadata';
import { makeHistoryRepo } from './history';
import { deletePortalData, makeInstallationRepo } from './installation';
import { makePrivacyRepo } from './privacy';
import { makeRecordsRepo } from './records';
import type { PortalScope } from './scope';
import { makeSentimentRepo } from './sentiment';
import { makeSettingsRepo } from './settings';
import { makeSnapshotsRepo } from './snapshots';
import { makeSyncRunsRepo } from './sync-runs';
import { makeWebhookEventsRepo } from './webhook-events';
import { makeWrittenValuesRepo } from './written-values';

/**
 * One portal's repositories, one per concern, all over the same handle and bound to the same portal id. Their
 * types are their implementations': a method is declared once, in its repository.
 */
const portalRepositories = (scope: PortalScope) => ({
  portalId: scope.portalId,
  installation: makeInstallationRepo(scope),
  account: makeAccountRepo(scope),
  records: makeRecordsRepo(scope),
  owners: makeOwnersRepo(scope),
  pipelines: makePipelinesRepo(scope),
  bundles: makeBundlesRepo(scope),
  snapshots: makeSnapshotsRepo(scope),
  history: makeHistoryRepo(scope),
  settings: makeSettingsRepo(scope),
  sentiment: makeSentimentRepo(scope),
  syncRuns: makeSyncRunsRepo(scope),
  checkpoints: makeCheckpointsRepo(scope),
  webhooks: makeWebhookEventsRepo(scope),
  changes: makeChangeQueueRepo(scope),
  writeBack: makeWrittenValuesRepo(scope),
  privacy: makePrivacyRepo(scope),
  /** Everything of the portal (installation included), in one transaction: uninstall / disconnect. */
  deleteAllData: () => deletePortalData(scope.db, scope.portalId),
});

/**
 * The store as one portal sees it (`store.forPortal(portalId)`): code holding it can read and write that portal's
 * rows and no other's, because no method takes a portal id.
 */
export type PortalStore = ReturnType<typeof portalRepositories> & {
  /**
   * Runs `fn` in one database transaction; `tx` is this portal's store bound to it (use only `tx` inside). Nested
   * calls join the outer transaction. With SQLite the single connection is held for the whole call: keep `fn`
   * short and free of network I/O.
   */
  transaction<T>(fn: (tx: PortalStore) => Promise<T>): Promise<T>;
};

export const makePortalStore = (scope: PortalScope): PortalStore => {
  const portal: PortalStore = {
    ...portalRepositories(scope),
    transaction: (fn) =>
      scope.db.isTransaction
        ? fn(portal)
        : scope.db.transaction().execute((trx) => fn(makePortalStore({ ...scope, db: trx }))),
  };
  return portal;
};
