import { Button, Divider, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { PulseApi } from './api';
import { ErrorView } from './ErrorView';
import { formatRelativeTime } from './format';
import { HealthSection } from './HealthSection';
import { ImportingNote } from './ImportingNote';
import { NpsSection } from './NpsSection';
import { RenewalSection } from './RenewalSection';
import { SentimentSection } from './SentimentSection';
import { SupportSection } from './SupportSection';
import { SyncingState } from './SyncingState';
import { UnavailableSources } from './UnavailableSources';
import { useAsync } from './use-async';

export type CompanyHealthCardProps = { api: PulseApi; companyId: string; now?: () => number };

/** The company record's middle-tab card: health, renewal, NPS, support and the CSM's sentiment. */
export function CompanyHealthCard({ api, companyId, now = Date.now }: CompanyHealthCardProps) {
  const { state, reload, set } = useAsync(() => api.getCompanyHealth(companyId), companyId);

  if (state.status === 'error') return <ErrorView error={state.error} onRetry={reload} />;
  if (state.data === undefined)
    return <LoadingSpinner label="Loading account health…" layout="centered" testId="loading" />;

  const view = state.data;
  if (view.status === 'syncing') return <SyncingState sync={view.sync} onCheckAgain={reload} />;

  const { snapshot, history, syncedAt, currencyCode, unavailableSources } = view;
  const nowMs = now();
  return (
    <Flex direction="column" gap="md">
      <Flex direction="row" justify="between" align="center">
        <Text variant="microcopy" testId="freshness">
          Updated {formatRelativeTime(syncedAt, nowMs)}
        </Text>
        <Button
          variant="transparent"
          size="xs"
          onClick={reload}
          disabled={state.status === 'loading'}
          testId="refresh"
        >
          {state.status === 'loading' ? 'Refreshing…' : 'Refresh'}
        </Button>
      </Flex>
      {view.importing ? <ImportingNote /> : null}
      <UnavailableSources sources={unavailableSources} />
      <HealthSection snapshot={snapshot} history={history} />
      <Divider />
      <RenewalSection
        renewal={snapshot.renewal}
        unconvertedDeals={snapshot.financial.unconvertedDeals}
        currencyCode={currencyCode}
        now={nowMs}
      />
      <Divider />
      <NpsSection nps={snapshot.nps} csat={snapshot.csat} ces={snapshot.ces} />
      <Divider />
      <SupportSection support={snapshot.support} />
      <Divider />
      <SentimentSection
        api={api}
        companyId={companyId}
        sentiment={snapshot.sentiment}
        now={nowMs}
        onSaved={set}
      />
    </Flex>
  );
}
