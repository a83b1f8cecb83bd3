import {
  DescriptionList,
  DescriptionListItem,
  EmptyState,
  Flex,
  Heading,
  StatusTag,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { pluralize, type CompanySnapshot } from '@pulse/shared';
import { definitionOf } from './definitions';
import { daysUntil, formatDate, formatDaysTo, formatMoney } from './format';
import { RISK_LABEL, RISK_STATUS } from './labels';

export function RenewalSection({ renewal, now }: { renewal: CompanySnapshot['renewal']; now: number }) {
  // An overdue renewal is the most urgent thing to show, so it wins over the next one.
  const shown = renewal.overdue[0] ?? renewal.next;
  if (!shown) {
    return (
      <Flex direction="column" gap="sm">
        <Heading>Renewal</Heading>
        <EmptyState
          title="No open renewal"
          imageName="deals"
          layout="horizontal"
          flush
          testId="renewal-empty"
        >
          <Text>
            A renewal shows here when an open deal sits in a renewal pipeline, or is an existing-business deal
            whose name mentions a renewal.
          </Text>
        </EmptyState>
      </Flex>
    );
  }
  const days = daysUntil(shown.closeDate, now);
  const isOverdue = days < 0;
  const others = renewal.overdue.filter((deal) => deal.dealId !== shown.dealId);
  return (
    <Flex direction="column" gap="sm">
      <Heading>Renewal</Heading>
      <DescriptionList direction="row">
        <DescriptionListItem label="Renewal date">
          <Text testId="renewal-date">{formatDate(shown.closeDate)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Time to renewal">
          {isOverdue ? (
            <Tag variant="error" testId="renewal-due">
              {formatDaysTo(days)}
            </Tag>
          ) : (
            <Text testId="renewal-due">{formatDaysTo(days)}</Text>
          )}
        </DescriptionListItem>
        <DescriptionListItem label="Amount">
          <Text testId="renewal-amount">{formatMoney(shown.amount)}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Risk">
          <StatusTag variant={RISK_STATUS[renewal.risk.level]} testId="renewal-risk">
            {RISK_LABEL[renewal.risk.level]} ({Math.round(renewal.risk.points)} pts)
          </StatusTag>
        </DescriptionListItem>
      </DescriptionList>
      <Text variant="microcopy">
        {shown.name} · {shown.stageLabel}
        {shown.daysInStage === null ? '' : ` for ${pluralize(shown.daysInStage, 'day')}`}
      </Text>
      {renewal.risk.drivers.length > 0 ? (
        <Flex direction="column" gap="xs" testId="risk-drivers">
          <Text format={{ fontWeight: 'demibold' }}>Why this risk level</Text>
          {renewal.risk.drivers.map((driver) => (
            <Text key={driver.key}>
              +{Math.round(driver.impact)} {driver.message}
            </Text>
          ))}
          <Text variant="microcopy">{definitionOf('renewalRisk')}</Text>
        </Flex>
      ) : null}
      {others.length > 0 ? (
        <Text variant="microcopy">
          Also overdue: {others.map((deal) => `${deal.name} (${formatDate(deal.closeDate)})`).join(', ')}
        </Text>
      ) : null}
    </Flex>
  );
}
