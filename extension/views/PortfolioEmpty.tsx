import { useEffect, useRef } from 'react';
import { Alert, Button, EmptyState, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { SyncStatus } from '@pulse/shared';
import type { PulseApi } from './api';
import { SyncProgress } from './SyncingState';
import { useAsync } from './use-async';

/** How often the first-sync state asks how far the sync is. */
export const SYNC_POLL_MS = 2_000;

/** Nothing is stored yet because the first sync has not finished: say so, with its progress. */
export function FirstSyncState({ sync }: { sync: SyncStatus }) {
  return (
    <Flex direction="column" gap="sm" testId="first-sync">
      <EmptyState title="Pulse is importing your HubSpot account" imageName="integrations" layout="vertical">
        <Text>
          The portfolio fills in when the first sync finishes: companies, deals, tickets and survey responses
          are read from HubSpot and scored. This page updates itself.
        </Text>
      </EmptyState>
      {sync.progress ? <SyncProgress progress={sync.progress} /> : null}
      {sync.state === 'never' ? <Text variant="microcopy">The first sync is about to start.</Text> : null}
      {sync.state === 'failed' ? (
        <Alert title="The first sync failed" variant="error">
          {sync.lastRun?.error ?? 'Pulse will retry automatically.'}
        </Alert>
      ) : null}
    </Flex>
  );
}

/**
 * The portfolio answered with no company. Before the first sync has finished that is not a filter problem:
 * the sync status decides between "importing" (polled until it is done, then `onSynced`) and "no match".
 */
export function EmptyPortfolio({
  api,
  hasFilters,
  onSynced,
  onClearFilters,
}: {
  api: PulseApi;
  hasFilters: boolean;
  onSynced: () => void;
  onClearFilters: () => void;
}) {
  const { state, reload } = useAsync(() => api.getSyncStatus(), 'sync');
  const sync = state.data;
  const isFirstSync = sync !== undefined && sync.lastSuccessAt === null;
  const sawFirstSync = useRef(false);

  // While the first sync runs, ask again every few seconds; once it has finished, load the portfolio.
  useEffect(() => {
    if (sync === undefined || state.status === 'loading') return;
    if (!isFirstSync) {
      if (sawFirstSync.current) onSynced();
      return;
    }
    sawFirstSync.current = true;
    const timer = setTimeout(reload, SYNC_POLL_MS);
    return () => clearTimeout(timer);
  }, [sync, isFirstSync, state.status, reload, onSynced]);

  if (sync === undefined)
    return <LoadingSpinner label="Checking the sync…" layout="centered" testId="checking-sync" />;
  if (isFirstSync) return <FirstSyncState sync={sync} />;
  return hasFilters ? (
    <EmptyState title="No companies match these filters" imageName="companies" testId="no-rows">
      <Button onClick={onClearFilters}>Clear filters</Button>
    </EmptyState>
  ) : (
    <EmptyState title="No companies in HubSpot yet" imageName="companies" testId="no-companies">
      <Text>Companies appear here after the next sync once they exist in HubSpot.</Text>
    </EmptyState>
  );
}
