import {
  BarChart,
  Flex,
  Heading,
  LoadingSpinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { type Band, type BandCounts, type PreviewChange, type SettingsPreview } from '@pulse/shared';
import type { ApiError } from './api';
import { formatNumber } from './format';
import { BAND_LABEL, describeError, RISK_LABEL } from './labels';

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

const bandText = (band: Band | null) => (band === null ? 'No data' : BAND_LABEL[band]);
const scoreText = (score: number | null) => (score === null ? '–' : formatNumber(score));
const companies = (n: number) => `${formatNumber(n)} ${n === 1 ? 'company' : 'companies'}`;

/** The companies whose band or renewal-risk level the draft would change, band changes first. */
function ChangedCompanies({ preview }: { preview: SettingsPreview }) {
  const listed = preview.changes;
  const total = preview.changed + preview.riskChanged;
  if (listed.length === 0) return null;
  const row = (c: PreviewChange) => (
    <TableRow key={c.companyId}>
      <TableCell>{c.companyName}</TableCell>
      <TableCell>
        {c.band.from === c.band.to
          ? bandText(c.band.to)
          : `${bandText(c.band.from)} → ${bandText(c.band.to)}`}
      </TableCell>
      <TableCell>{`${scoreText(c.score.from)} → ${scoreText(c.score.to)}`}</TableCell>
      <TableCell>
        {c.risk.from === c.risk.to
          ? RISK_LABEL[c.risk.to]
          : `${c.risk.from === null ? 'None' : RISK_LABEL[c.risk.from]} → ${RISK_LABEL[c.risk.to]}`}
      </TableCell>
    </TableRow>
  );
  return (
    <Flex direction="column" gap="xs" testId="preview-changes">
      <Table bordered>
        <TableHead>
          <TableRow>
            <TableHeader>Company</TableHeader>
            <TableHeader>Band</TableHeader>
            <TableHeader>Health score</TableHeader>
            <TableHeader>Renewal risk</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>{listed.map(row)}</TableBody>
      </Table>
      {listed.length < total ? (
        <Text variant="microcopy">
          The first {formatNumber(listed.length)} changes are listed, band changes first.
        </Text>
      ) : null}
    </Flex>
  );
}

/**
 * What saving the draft would do: every stored company recomputed with it exactly as the save recomputes it,
 * the band distribution now vs then, and each company whose band or renewal-risk level would change.
 */
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
            {preview.changed} of {companies(preview.companies)} would change band, {preview.riskChanged}{' '}
            renewal-risk level · average health {formatNumber(preview.averageCurrent)} →{' '}
            {formatNumber(preview.averageProposed)}
          </Text>
          {preview.propertiesRead.length > 0 ? (
            <Text variant="microcopy" testId="preview-read">
              Values of {preview.propertiesRead.join(', ')} were read from HubSpot for this preview; saving
              stores them.
            </Text>
          ) : null}
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
          <ChangedCompanies preview={preview} />
        </>
      ) : null}
    </Flex>
  );
}
