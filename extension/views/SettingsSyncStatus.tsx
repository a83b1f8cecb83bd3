import { useState } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListItem,
  Flex,
  Heading,
  StatusTag,
  Text,
} from '@hubspot/ui-extensions';
import { pluralize, type SyncStatus } from '@pulse/shared';
import type { ApiError, PulseApi } from './api';
import { formatFromNow, formatNumber, formatRelativeTime } from './format';
import { describeError } from './labels';
import { toApiError } from './use-async';

const STATE_TAG: Record<
  SyncStatus['state'],
  { label: string; variant: 'success' | 'warning' | 'danger' | 'info' | 'default' }
> = {
  never: { label: 'Never synced', variant: 'default' },
  running: { label: 'Syncing', variant: 'info' },
  idle: { label: 'Up to date', variant: 'success' },
  failed: { label: 'Last sync failed', variant: 'danger' },
};

/** The store's record types as people count them: "1 company", "2 survey responses". */
const RECORD_NOUN: Record<string, [string, string]> = {
  companies: ['company', 'companies'],
  contacts: ['contact', 'contacts'],
  deals: ['deal', 'deals'],
  tickets: ['ticket', 'tickets'],
  responses: ['survey response', 'survey responses'],
};

function recordCount(type: string, count: number): string {
  const [one, many] = RECORD_NOUN[type] ?? [type, type];
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** What the last run skipped, and what it kept with something left out, listed for the admin to fix in HubSpot. */
function RecordProblems({ run }: { run: NonNullable<SyncStatus['lastRun']> }) {
  const list = (samples: typeof run.skippedSamples) =>
    samples.map((s) => `${s.objectType} ${s.id}: ${s.reason}`).join('; ');
  return (
    <>
      {run.skipped > 0 ? (
        <Alert title={`${pluralize(run.skipped, 'record')} skipped`} variant="warning">
          {list(run.skippedSamples)}
        </Alert>
      ) : null}
      {run.warnings > 0 ? (
        <Alert
          title={`${pluralize(run.warnings, 'record')} kept with something left out`}
          variant="warning"
          testId="sync-warnings"
        >
          {list(run.warningSamples)}
          {run.warnings > run.warningSamples.length
            ? ` (and ${run.warnings - run.warningSamples.length} more)`
            : ''}
        </Alert>
      ) : null}
    </>
  );
}

export function SettingsSyncStatus({
  api,
  initial,
  now,
  canSync,
}: {
  api: PulseApi;
  initial: SyncStatus;
  now: number;
  /** The server refuses a sync to users who cannot edit settings, so they see the status only. */
  canSync: boolean;
}) {
  const [sync, setSync] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [isStarting, setIsStarting] = useState(false);
  const run = sync.lastRun;

  async function syncNow() {
    setIsStarting(true);
    setError(null);
    try {
      setSync(await api.syncNow());
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setIsStarting(false);
    }
  }

  const records = run
    ? Object.entries(run.records)
        .map(([type, count]) => recordCount(type, count))
        .join(', ')
    : '';
  return (
    <Flex direction="column" gap="sm" testId="sync-status">
      <Heading>Sync</Heading>
      <Flex direction="row" gap="sm" align="center">
        <StatusTag variant={STATE_TAG[sync.state].variant} testId="sync-state">
          {STATE_TAG[sync.state].label}
        </StatusTag>
        {sync.progress ? (
          <Text inline>
            {sync.progress.phase}: {formatNumber(sync.progress.done)}
            {sync.progress.total === null ? '' : ` of ${formatNumber(sync.progress.total)}`}
          </Text>
        ) : null}
      </Flex>
      {run ? (
        <DescriptionList direction="row">
          <DescriptionListItem label="Last run">
            <Text testId="sync-last-run">
              {run.kind} sync {run.status === 'running' ? 'started' : run.status}{' '}
              {formatRelativeTime(run.finishedAt ?? run.startedAt, now)}
            </Text>
          </DescriptionListItem>
          <DescriptionListItem label="Records">
            <Text>{records || 'none'}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="HubSpot calls">
            <Text>
              {formatNumber(run.apiCalls)} ({run.rateLimited} rate-limited, {run.retries} retried)
            </Text>
          </DescriptionListItem>
          {sync.nextRunAt ? (
            <DescriptionListItem label="Next run">
              <Text>{formatFromNow(sync.nextRunAt, now)}</Text>
            </DescriptionListItem>
          ) : null}
        </DescriptionList>
      ) : (
        <Text>No sync has run yet.</Text>
      )}
      {run?.error ? (
        <Alert title="The last sync failed" variant="error" testId="sync-error">
          {run.error}
        </Alert>
      ) : null}
      {run ? <RecordProblems run={run} /> : null}
      {error ? (
        <Alert title="Could not start a sync" variant="error">
          {describeError(error).text}
        </Alert>
      ) : null}
      {canSync ? (
        <Button
          onClick={() => void syncNow()}
          disabled={isStarting || sync.state === 'running'}
          testId="sync-now"
        >
          {isStarting ? 'Starting…' : 'Sync now'}
        </Button>
      ) : null}
    </Flex>
  );
}
