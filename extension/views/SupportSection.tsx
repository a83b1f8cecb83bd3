import { EmptyState, Flex, Heading, Statistics, StatisticsItem, Text } from '@hubspot/ui-extensions';
import { pluralize, type SupportSummary } from '@pulse/shared';
import { definitionOf } from './definitions';
import { formatHours } from './format';

export function SupportSection({ support }: { support: SupportSummary }) {
  const hasTickets = support.open > 0 || support.createdLast30 > 0 || support.medianTimeToCloseHours !== null;
  if (!hasTickets) {
    return (
      <Flex direction="column" gap="sm">
        <Heading>Support</Heading>
        <EmptyState
          title="No recent tickets"
          imageName="tickets"
          layout="horizontal"
          flush
          testId="support-empty"
        >
          <Text>Tickets associated with this company in the last 90 days appear here.</Text>
        </EmptyState>
      </Flex>
    );
  }
  return (
    <Flex direction="column" gap="sm">
      <Heading>Support</Heading>
      <Statistics>
        <StatisticsItem label="Open tickets" number={support.open} testId="support-open" />
        <StatisticsItem label="High priority" number={support.openHighPriority} testId="support-high">
          {support.oldestHighPriorityDays === null ? null : (
            <Text variant="microcopy">oldest open {pluralize(support.oldestHighPriorityDays, 'day')}</Text>
          )}
        </StatisticsItem>
        <StatisticsItem label="Open over 14 days" number={support.agingOpen} testId="support-aging" />
        <StatisticsItem
          label="Median time to close"
          number={formatHours(support.medianTimeToCloseHours)}
          testId="support-ttc"
        />
      </Statistics>
      <Text variant="microcopy">
        {definitionOf('openHighPriority')} {definitionOf('timeToClose')}
      </Text>
    </Flex>
  );
}
