import { Flex } from '@hubspot/ui-extensions';
import type { Settings } from '@pulse/shared';
import {
  ListField,
  NumberField,
  SettingsSection,
  TextField,
  type FieldApi,
  type ResetControl,
} from './fields';

/** What counts as a renewal deal (METRICS.md "Renewal deal") and the at-risk ARR window. */
export function RenewalRulesSection({
  field,
  renewals,
  reset,
}: {
  field: FieldApi;
  renewals: Settings['renewals'];
  reset: ResetControl;
}) {
  return (
    <SettingsSection
      id="renewals"
      title="Renewals"
      help="A renewal is a deal in a renewal pipeline, or in other pipelines an existing-business deal whose name matches. The next renewal is the open one with the earliest close date."
      field={field}
      reset={reset}
    >
      <Flex direction="row" gap="sm" wrap>
        <TextField
          field={field}
          path={['renewals', 'renewalPipelinePattern']}
          label="Renewal pipeline name pattern"
          value={renewals.renewalPipelinePattern}
          description="Deals in pipelines whose name matches (case-insensitive) are renewals."
        />
        <ListField
          field={field}
          path={['renewals', 'renewalPipelineIds']}
          label="Also these pipeline ids"
          value={renewals.renewalPipelineIds}
          description="Comma-separated; for renewal pipelines whose name does not match."
        />
        <TextField
          field={field}
          path={['renewals', 'existingBusinessType']}
          label="Existing-business deal type"
          value={renewals.existingBusinessType}
        />
        <TextField
          field={field}
          path={['renewals', 'renewalNamePattern']}
          label="Renewal deal name pattern"
          value={renewals.renewalNamePattern}
          description="In other pipelines, existing-business deals whose name matches are renewals."
        />
        <NumberField
          field={field}
          path={['renewals', 'atRiskWindowDays']}
          label="At-risk ARR window (days)"
          value={renewals.atRiskWindowDays}
          min={1}
          description="At-risk ARR sums High and Critical renewals due within this window."
        />
      </Flex>
    </SettingsSection>
  );
}
