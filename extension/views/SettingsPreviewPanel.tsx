import { BarChart, Flex, Heading, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import { pluralize, type BandCounts, type SettingsPreview } from '@pulse/shared';
import type { ApiError } from './api';
import { formatNumber } from './format';
import { BAND_LABEL, describeError } from './labels';

const ROWS: { key: keyof BandCounts; label: string }[] = [
  { key: 'healthy', label: BAND_LABEL.healthy },
  { key: 'monitor', label: BAND_LABEL.monitor },
  { key: 'at_risk', label: BAND_LABEL.at_risk },
  { key: 'no_data', label: 'No data' },
];

export type SettingsPreviewPanelProps = {
  state: 'idle' | 'invalid' | 'loading' | 'ready' | 'error';
  preview: SettingsPreview | undefined;
  error: ApiError | undefined;
};

/** Band distribution now vs under the edited settings, so an admin sees the effect before saving. */
export function SettingsPreviewPanel({ state, preview, error }: SettingsPreviewPanelProps) {
  return (
    <Flex direction="column" gap="sm" testId="preview">
      <Heading>Preview</Heading>
      {state === 'idle' ? (
        <Text>Change a weight, threshold or band to preview its effect on your companies.</Text>
      ) : null}
      {state === 'invalid' ? <Text>Fix the highlighted fields to see a preview.</Text> : null}
      {state === 'loading' && preview === undefined ? (
        <LoadingSpinner label="Computing preview…" size="sm" />
      ) : null}
      {state === 'error' && error ? (
        <Text testId="preview-error">Preview unavailable: {describeError(error).text}</Text>
      ) : null}
      {(state === 'ready' || state === 'loading') && preview ? (
        <>
          <Text testId="preview-summary">
            {preview.changed} of {pluralize(preview.companies, 'company', 'companies')} would change band ·
            average health {formatNumber(preview.averageCurrent)} → {formatNumber(preview.averageProposed)}
          </Text>
          <BarChart
            data={ROWS.flatMap((row) => [
              { band: row.label, version: 'Current', companies: preview.current[row.key] },
              { band: row.label, version: 'Proposed', companies: preview.proposed[row.key] },
            ])}
            axes={{
              x: { field: 'band', fieldType: 'category', label: 'Band' },
              y: { field: 'companies', fieldType: 'linear', label: 'Companies' },
              options: { groupFieldByColor: 'version' },
            }}
            options={{ showLegend: true, showDataLabels: true }}
            testId="preview-chart"
          />
        </>
      ) : null}
    </Flex>
  );
}
