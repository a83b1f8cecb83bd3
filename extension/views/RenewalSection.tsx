import {
  Alert,
  DescriptionList,
  DescriptionListItem,
  EmptyState,
  Flex,
  Heading,
  StatusTag,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { pluralize, type CompanySnapshot, type CurrencyCode, type UnconvertedDeal } from '@pulse/shared';
import { definitionOf } from './definitions';
import { daysUntil, formatDate, formatDaysTo, formatMoney } from './format';
import { RISK_LABEL, RISK_STATUS } from './labels';

type RenewalSectionProps = {
  renewal: CompanySnapshot['renewal'];
  /** the company's deals left out of its amounts for want of a company-currency value */
  unconvertedDeals: readonly UnconvertedDeal[];
  /** the account's company currency */
  currencyCode: CurrencyCode;
  now: number;
};

export function RenewalSection({ renewal, unconvertedDeals, currencyCode, now }: RenewalSectionProps) {
  // An overdue renewal is the most urgent thing to show, so it wins over the next one.
  const shown = renewal.overdue[0] ?? renewal.next;
  const unconverted = <UnconvertedDealsNote deals={unconvertedDeals} currencyCode={currencyCode} />;
  if (!shown) {
    return (
      <Flex direction="column" gap="sm">
        <Heading>Renewal</Heading>
        {unconverted}
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
          <Text testId="renewal-amount">{formatMoney(shown.amount, currencyCode)}</Text>
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
      {unconverted}
    </Flex>
  );
}

/**
 * Deals in another currency that HubSpot holds no company-currency value for: Pulse leaves them out of every amount
 * rather than add, say, pounds to euros, and says so where the amounts are.
 */
function UnconvertedDealsNote({
  deals,
  currencyCode,
}: {
  deals: readonly UnconvertedDeal[];
  currencyCode: CurrencyCode;
}) {
  if (deals.length === 0) return null;
  const listed = deals.map((d) => `${d.name} (${formatMoney(d.amount, d.currencyCode)})`).join(', ');
  return (
    <Alert
      title={`${pluralize(deals.length, 'deal')} left out of the amounts`}
      variant="warning"
      testId="unconverted-deals"
    >
      {listed}: HubSpot has no {currencyCode ?? 'company-currency'} value for{' '}
      {deals.length === 1 ? 'it' : 'them'} (Amount in company currency), so Pulse does not add{' '}
      {deals.length === 1 ? 'it' : 'them'} to ARR or renewal amounts.
    </Alert>
  );
}
