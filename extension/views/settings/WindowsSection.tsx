import { Flex, Text } from '@hubspot/ui-extensions';
import type { Settings } from '@pulse/shared';
import { NumberField, SettingsSection, shown, type FieldApi, type ResetControl } from './fields';

/** The trailing windows of the support metrics and the portfolio, and the thresholds that qualify a score. */
export function WindowsSection({
  field,
  settings,
  reset,
}: {
  field: FieldApi;
  settings: Settings;
  reset: ResetControl;
}) {
  const w = settings.windows;
  return (
    <SettingsSection
      id="windows"
      title="Windows and thresholds"
      help="Every metric is computed over a trailing window ending now."
      field={field}
      reset={reset}
    >
      <Text format={{ fontWeight: 'demibold' }}>Support</Text>
      <Flex direction="row" gap="sm" wrap>
        <NumberField
          field={field}
          path={['windows', 'agingTicketDays']}
          label="Aging ticket after (days)"
          value={w.agingTicketDays}
          min={1}
        />
        <NumberField
          field={field}
          path={['windows', 'ticketTrendRecentDays']}
          label="Ticket trend: recent (days)"
          value={w.ticketTrendRecentDays}
          min={1}
        />
        <NumberField
          field={field}
          path={['windows', 'ticketTrendBaseDays']}
          label="Ticket trend: base (days)"
          value={w.ticketTrendBaseDays}
          min={1}
        />
        <NumberField
          field={field}
          path={['windows', 'supportMedianDays']}
          label="Time to close and first response over (days)"
          value={w.supportMedianDays}
          min={1}
        />
      </Flex>
      <Text variant="microcopy" testId="ticket-trend-summary">
        Aging = open tickets created more than {shown(w.agingTicketDays)} days ago. Ticket volume trend =
        tickets created in the last {shown(w.ticketTrendRecentDays)} days ÷ (tickets created in the{' '}
        {shown(w.ticketTrendBaseDays)} days before ÷{' '}
        {shown(w.ticketTrendBaseDays / w.ticketTrendRecentDays, 1)}).
      </Text>
      <Text format={{ fontWeight: 'demibold' }}>Portfolio and health</Text>
      <Flex direction="row" gap="sm" wrap>
        <NumberField
          field={field}
          path={['windows', 'portfolioPeriodDays']}
          label="Portfolio period (days)"
          value={w.portfolioPeriodDays}
          min={1}
        />
        <NumberField
          field={field}
          path={['scoring', 'sentimentExpiryDays']}
          label="CSM sentiment expires after (days)"
          value={settings.scoring.sentimentExpiryDays}
          min={1}
        />
        <NumberField
          field={field}
          path={['scoring', 'lowConfidenceBelow']}
          label="Low confidence below (%)"
          value={settings.scoring.lowConfidenceBelow}
          scale={100}
          min={0}
          max={100}
          unit="%"
        />
      </Flex>
      <Text variant="microcopy" testId="confidence-summary">
        The portfolio&apos;s renewal rates, churn and expansion cover the last {shown(w.portfolioPeriodDays)}{' '}
        days. Confidence = share of the configured weight that had data; below{' '}
        {shown(settings.scoring.lowConfidenceBelow * 100)}% the card says “low confidence”.
      </Text>
    </SettingsSection>
  );
}
