import { Alert, Button, EmptyState, Flex, ProgressBar, Text } from '@hubspot/ui-extensions';
import type { SyncStatus } from '@pulse/shared';
import { formatNumber } from './format';

/** How far a running sync is: a bar when its total is known, a running count otherwise. */
export function SyncProgress({ progress }: { progress: NonNullable<SyncStatus['progress']> }) {
  return (
    <ProgressBar
      title={`Syncing ${progress.phase}`}
      value={progress.done}
      maxValue={progress.total ?? undefined}
      showPercentage={progress.total !== null}
      valueDescription={
        progress.total === null
          ? `${formatNumber(progress.done)} ${progress.phase} so far`
          : `${formatNumber(progress.done)} of ${formatNumber(progress.total)} ${progress.phase}`
      }
      testId="sync-progress"
    />
  );
}

/** The company is not in the store yet: show how far the first sync is. */
export function SyncingState({
  sync,
  onCheckAgain,
  compact = false,
}: {
  sync: SyncStatus;
  onCheckAgain: () => void;
  compact?: boolean;
}) {
  const { progress } = sync;
  return (
    <Flex direction="column" gap="sm">
      <EmptyState
        title="Pulse is importing this account"
        imageName="integrations"
        layout="vertical"
        flush={compact}
        testId="syncing"
      >
        <Text>This card fills in when the first sync from HubSpot reaches this company.</Text>
      </EmptyState>
      {progress ? <SyncProgress progress={progress} /> : null}
      {sync.state === 'failed' ? (
        <Alert title="The last sync failed" variant="error">
          {sync.lastRun?.error ?? 'Pulse will retry automatically.'}
        </Alert>
      ) : null}
      <Button onClick={onCheckAgain} variant="secondary" size="sm" testId="check-again">
        Check again
      </Button>
    </Flex>
  );
}
