import { Flex, Text } from '@hubspot/ui-extensions';
import type { Settings } from '@pulse/shared';
import { NumberField, SelectField, SettingsSection, shown, type FieldApi, type ResetControl } from './fields';

/** NPS windows and the CSAT/CES scales, so CSAT's "top two values" and CES's direction read right. */
export function SurveysSection({
  field,
  settings,
  reset,
}: {
  field: FieldApi;
  settings: Settings;
  reset: ResetControl;
}) {
  const { csatScale, cesScale, cesHigherIsEasier } = settings.surveys;
  const { npsDays, npsTrendDays } = settings.windows;
  return (
    <SettingsSection
      id="surveys"
      title="Surveys"
      help="How NPS, CSAT and CES responses from HubSpot feedback surveys are read."
      field={field}
      reset={reset}
    >
      <Flex direction="row" gap="sm" wrap>
        <NumberField
          field={field}
          path={['windows', 'npsDays']}
          label="NPS window (days)"
          value={npsDays}
          min={1}
        />
        <NumberField
          field={field}
          path={['windows', 'npsTrendDays']}
          label="NPS trend window (days)"
          value={npsTrendDays}
          min={1}
        />
        <NumberField
          field={field}
          path={['windows', 'lowSampleBelow']}
          label="Low sample below (responses)"
          value={settings.windows.lowSampleBelow}
          min={0}
        />
      </Flex>
      <Text variant="microcopy" testId="nps-summary">
        NPS counts responses of the last {shown(npsDays)} days; fewer than{' '}
        {shown(settings.windows.lowSampleBelow)} responses are flagged “low sample”. NPS trend = NPS of the
        last {shown(npsTrendDays)} days minus the {shown(npsTrendDays)} days before.
      </Text>
      <Flex direction="row" gap="sm" wrap>
        <NumberField
          field={field}
          path={['surveys', 'csatScale', 'min']}
          label="CSAT scale from"
          value={csatScale.min}
        />
        <NumberField
          field={field}
          path={['surveys', 'csatScale', 'max']}
          label="CSAT scale to"
          value={csatScale.max}
        />
      </Flex>
      <Text variant="microcopy" testId="csat-summary">
        CSAT = share of responses in the top two values ({shown(csatScale.max - 1)} and {shown(csatScale.max)}{' '}
        on {shown(csatScale.min)}–{shown(csatScale.max)}).
      </Text>
      <Flex direction="row" gap="sm" wrap>
        <NumberField
          field={field}
          path={['surveys', 'cesScale', 'min']}
          label="CES scale from"
          value={cesScale.min}
        />
        <NumberField
          field={field}
          path={['surveys', 'cesScale', 'max']}
          label="CES scale to"
          value={cesScale.max}
        />
        <SelectField
          field={field}
          path={['surveys', 'cesHigherIsEasier']}
          label="CES direction"
          value={cesHigherIsEasier}
          options={[
            { value: true, label: 'Higher answer = less effort (HubSpot default)' },
            { value: false, label: 'Higher answer = more effort' },
          ]}
        />
      </Flex>
      <Text variant="microcopy" testId="ces-summary">
        CES = mean answer on {shown(cesScale.min)}–{shown(cesScale.max)};{' '}
        {cesHigherIsEasier
          ? `${shown(cesScale.max)} is the least effort`
          : `${shown(cesScale.min)} is the least effort`}
        .
      </Text>
    </SettingsSection>
  );
}
