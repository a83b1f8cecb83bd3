import { useState } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListItem,
  Flex,
  Heading,
  ProgressBar,
  StatusTag,
  Text,
} from '@hubspot/ui-extensions';
import { pluralize, type SyncStatus } from '@pulse/shared';
import { usePolling } from './settings/use-polling';
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

/** A sync started here: which run was the last before it, so its own run can be told apart when it ends. */
type Started = { n: number; runBefore: string | null; answer: SyncStatus };

/**
 * While a sync runs (started here, or already running when the page opened) its status is re-read every
 * `pollMs`, so the phase and counts move and the finished run's result replaces the old one.
 */
function useLiveSync(api: PulseApi, initial: SyncStatus, pollMs: number, started: Started | null) {
  const runBefore = started ? started.runBefore : null;
  const polled = usePolling(() => api.getSyncStatus(), {
    key: started ? `started-${started.n}` : initial.state === 'running' ? 'open' : null,
    intervalMs: pollMs,
    active: (s) =>
      s === undefined || s.state === 'running' || (started !== null && (s.lastRun?.id ?? null) === runBefore),
  });
  const sync = polled.data ?? started?.answer ?? initial;
  const finishedHere =
    started !== null && sync.state !== 'running' && (sync.lastRun?.id ?? null) !== runBefore
      ? sync.lastRun
      : null;
  return { sync, finishedHere };
}

const recordsOf = (run: NonNullable<SyncStatus['lastRun']>) =>
  Object.entries(run.records)
    .map(([type, count]) => recordCount(type, count))
    .join(', ');

/** The running sync's progress bar, and the result of the sync started here once it ends. */
function LiveProgress({ sync, finishedHere }: { sync: SyncStatus; finishedHere: SyncStatus['lastRun'] }) {
  return (
    <>
      {sync.progress && sync.progress.total !== null && sync.progress.total > 0 ? (
        <ProgressBar
          title={`Syncing ${sync.progress.phase}`}
          value={sync.progress.done}
          maxValue={sync.progress.total}
          showPercentage
        />
      ) : null}
      {finishedHere ? (
        <Alert
          title={finishedHere.status === 'succeeded' ? 'Sync finished' : 'Sync failed'}
          variant={finishedHere.status === 'succeeded' ? 'success' : 'error'}
          testId="sync-finished"
        >
          {finishedHere.status === 'succeeded'
            ? `The ${finishedHere.kind} sync you started is done: ${recordsOf(finishedHere) || 'no records changed'}. Scores are up to date.`
            : `The ${finishedHere.kind} sync you started stopped: ${finishedHere.error ?? 'no reason given'}.`}
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
  pollMs = 1000,
}: {
  api: PulseApi;
  initial: SyncStatus;
  now: number;
  /** The server refuses a sync to users who cannot edit settings, so they see the status only. */
  canSync: boolean;
  pollMs?: number;
}) {
  const [started, setStarted] = useState<Started | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isStarting, setIsStarting] = useState(false);
  const { sync, finishedHere } = useLiveSync(api, initial, pollMs, started);
  const run = sync.lastRun;

  async function syncNow() {
    setIsStarting(true);
    setError(null);
    const runBefore = sync.state === 'running' ? null : (sync.lastRun?.id ?? null);
    try {
      const answer = await api.syncNow();
      setStarted((s) => ({ n: (s?.n ?? 0) + 1, runBefore, answer }));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setIsStarting(false);
    }
  }

  const records = run ? recordsOf(run) : '';
  return (
    <Flex direction="column" gap="sm" testId="sync-status">
      <Heading>Sync</Heading>
      <Flex direction="row" gap="sm" align="center">
        <StatusTag variant={STATE_TAG[sync.state].variant} testId="sync-state">
          {STATE_TAG[sync.state].label}
        </StatusTag>
        {sync.progress ? (
          <Text inline testId="sync-progress">
            {sync.progress.phase}: {formatNumber(sync.progress.done)}
            {sync.progress.total === null ? '' : ` of ${formatNumber(sync.progress.total)}`}
          </Text>
        ) : null}
      </Flex>
      <LiveProgress sync={sync} finishedHere={finishedHere} />
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
