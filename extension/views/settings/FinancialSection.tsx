import { Flex, Text } from '@hubspot/ui-extensions';
import type { SettingsView, Settings } from '@pulse/shared';
import {
  NumberField,
  SelectField,
  SettingsSection,
  type FieldApi,
  type ResetControl,
  type SelectOption,
} from './fields';

/** Select values are strings; "" stands for "no property: from closed-won deals". */
const FROM_DEALS = '';

/** Where ARR comes from, and the gross margin LTV uses. */
export function FinancialSection({
  field,
  financial,
  properties,
  reset,
}: {
  field: FieldApi;
  financial: Settings['financial'];
  properties: SettingsView['numericCompanyProperties'];
  reset: ResetControl;
}) {
  const current = financial.arrProperty;
  const options: SelectOption<string>[] = [
    { value: FROM_DEALS, label: 'None: from closed-won deals' },
    ...(current === null || properties.some((p) => p.name === current)
      ? []
      : [{ value: current, label: `${current} (not found in HubSpot)` }]),
    ...properties.map((p) => ({
      value: p.name,
      label: p.label === p.name ? p.name : `${p.label} (${p.name})`,
    })),
  ];
  return (
    <SettingsSection
      id="financial"
      title="Revenue"
      help="ARR and LTV on the portfolio page. LTV = ARPA × gross margin ÷ annual logo churn, shown only when churn is above 0."
      field={field}
      reset={reset}
    >
      <Flex direction="row" gap="sm" wrap>
        <SelectField
          field={field}
          path={['financial', 'arrProperty']}
          label="ARR property"
          value={current ?? FROM_DEALS}
          options={options}
          onChange={(name) => field.update(['financial', 'arrProperty'], name === FROM_DEALS ? null : name)}
        />
        <NumberField
          field={field}
          path={['financial', 'grossMargin']}
          label="Gross margin (%)"
          value={financial.grossMargin}
          scale={100}
          min={0}
          max={100}
          unit="%"
        />
      </Flex>
      <Text variant="microcopy">
        From closed-won deals, a company&apos;s ARR is the amount of its latest closed-won renewal, else of
        its first closed-won deal.
      </Text>
    </SettingsSection>
  );
}
