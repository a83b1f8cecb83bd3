import { Alert, Flex, ProgressBar, Text } from '@hubspot/ui-extensions';
import type { RecomputeStatus } from '@pulse/shared';
import type { PulseApi } from '../api';
import { formatNumber } from '../format';
import { describeError } from '../labels';
import { toApiError } from '../use-async';
import { usePolling } from './use-polling';

const companies = (n: number) => `${formatNumber(n)} ${n === 1 ? 'company' : 'companies'}`;

/** What the finished recompute changed, in one sentence. */
export function recomputeSummary(status: RecomputeStatus): string {
  const band = status.bandChanged ?? 0;
  const risk = status.riskChanged ?? 0;
  return `${companies(status.done)} recomputed with version ${status.version}: ${formatNumber(band)} changed band, ${formatNumber(risk)} changed renewal-risk level.`;
}

/**
 * After a save, right where the admin pressed it: the recompute's progress, then what it changed (or why it
 * failed). Polls the server's status of the recompute for `version` until it is done.
 */
export function RecomputeProgress({
  api,
  version,
  pollMs,
}: {
  api: PulseApi;
  version: number;
  pollMs: number;
}) {
  const { data, error } = usePolling(() => api.getRecomputeStatus(), {
    key: version,
    intervalMs: pollMs,
    // an older version's status means ours has not started yet
    active: (s) => s === undefined || s.version < version || s.state === 'running',
  });
  if (error !== undefined && data === undefined)
    return (
      <Alert title="Settings saved" variant="warning" testId="saved">
        The recompute&apos;s progress could not be read ({describeError(toApiError(error)).text}). Scores
        update when it finishes.
      </Alert>
    );
  if (data === undefined || data.version < version || data.state === 'running' || data.state === 'none')
    return (
      <Flex direction="column" gap="xs" testId="saved">
        <Text format={{ fontWeight: 'bold' }}>Settings saved: recomputing every company now…</Text>
        <ProgressBar
          title="Recomputing scores"
          value={data?.version === version ? data.done : 0}
          maxValue={Math.max(1, data?.version === version ? data.total : 1)}
          valueDescription={
            data?.version === version ? `${formatNumber(data.done)} of ${companies(data.total)}` : 'Starting…'
          }
          testId="recompute-progress"
        />
      </Flex>
    );
  if (data.state === 'failed')
    return (
      <Alert title="Settings saved, but the recompute failed" variant="error" testId="saved">
        {data.error ?? 'The recompute stopped.'} The next sync recomputes every company with the saved
        settings.
      </Alert>
    );
  return (
    <Alert title="Settings saved and applied" variant="success" testId="saved">
      {recomputeSummary(data)} The history marks the change.
    </Alert>
  );
}
