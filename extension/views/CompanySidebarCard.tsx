import { Button, Flex, LoadingSpinner, ScoreCircle, StatusTag, Tag, Text } from '@hubspot/ui-extensions';
import { lowSampleMeasures, missingEvidence, pluralize } from '@pulse/shared';
import type { PulseApi } from './api';
import { ErrorView } from './ErrorView';
import { daysUntil, formatDaysTo, formatRelativeTime } from './format';
import { BAND_LABEL, BAND_TAG, RISK_LABEL, RISK_STATUS } from './labels';
import { ImportingNote } from './ImportingNote';
import { SyncingState } from './SyncingState';
import { useAsync } from './use-async';

/** The largest missing measures the compact card names. */
const MISSING_SHOWN = 3;

export type CompanySidebarCardProps = { api: PulseApi; companyId: string; now?: () => number };

/** The compact sidebar variant: score, band, renewal risk, NPS and the top driver. No CRM data components. */
export function CompanySidebarCard({ api, companyId, now = Date.now }: CompanySidebarCardProps) {
  const { state, reload } = useAsync(() => api.getCompanyHealth(companyId), companyId);

  if (state.status === 'error') return <ErrorView error={state.error} onRetry={reload} />;
  if (state.data === undefined) return <LoadingSpinner label="Loading…" size="sm" testId="loading" />;
  const view = state.data;
  if (view.status === 'syncing') return <SyncingState sync={view.sync} onCheckAgain={reload} compact />;

  const { health, renewal, nps } = view.snapshot;
  const nowMs = now();
  const renewalDeal = renewal.overdue[0] ?? renewal.next;
  const topDriver = health.negativeDrivers[0];
  return (
    <Flex direction="column" gap="sm">
      {view.importing ? <ImportingNote /> : null}
      {health.score === null || health.band === null ? (
        <Text testId="health-empty">
          <Text inline format={{ fontWeight: 'demibold' }}>
            Not enough data to score.
          </Text>{' '}
          Missing:{' '}
          {missingEvidence(health)
            .slice(0, MISSING_SHOWN)
            .map((m) => m.label)
            .join(', ')}
          .
        </Text>
      ) : (
        <Flex direction="row" gap="sm" align="center">
          <ScoreCircle score={Math.round(health.score)} testId="health-score" />
          <Flex direction="column" gap="xs">
            <Tag variant={BAND_TAG[health.band]} testId="health-band">
              {BAND_LABEL[health.band]}
            </Tag>
            {lowSampleMeasures(health).length > 0 ? (
              <Text variant="microcopy" testId="low-sample">
                Low sample: few survey responses
              </Text>
            ) : null}
          </Flex>
        </Flex>
      )}
      <Flex direction="row" gap="xs" align="center">
        <Text inline format={{ fontWeight: 'demibold' }}>
          Renewal risk
        </Text>
        <StatusTag variant={RISK_STATUS[renewal.risk.level]} testId="renewal-risk">
          {RISK_LABEL[renewal.risk.level]}
        </StatusTag>
      </Flex>
      {renewalDeal ? (
        <Text variant="microcopy" testId="renewal-due">
          Renewal {formatDaysTo(daysUntil(renewalDeal.closeDate, nowMs))}
        </Text>
      ) : null}
      <Text testId="nps">
        {nps.score === null
          ? 'NPS: no responses yet'
          : `NPS ${nps.score} (${pluralize(nps.responses, 'response')}${nps.isLowSample ? ', low sample' : ''})`}
      </Text>
      {topDriver ? (
        <Text testId="top-driver">
          <Text inline format={{ fontWeight: 'demibold' }}>
            Top concern:
          </Text>{' '}
          {topDriver.message}
        </Text>
      ) : null}
      <Flex direction="row" justify="between" align="center">
        <Text variant="microcopy" testId="freshness">
          Updated {formatRelativeTime(view.syncedAt, nowMs)}
        </Text>
        <Button variant="transparent" size="xs" onClick={reload} testId="refresh">
          Refresh
        </Button>
      </Flex>
    </Flex>
  );
}
