import {
  Accordion,
  Flex,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { GroupResult, Health, MeasureResult } from '@pulse/shared';
import { definitionOf } from './definitions';
import { formatRatio } from './format';

/** Points as shown: whole numbers, or one decimal when a rule gives a fraction (a linear rule). */
function points(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A contribution always with one decimal, so the column visibly adds up to the score. */
function tenths(n: number | null): string {
  return n === null ? '—' : n.toFixed(1);
}

function valueText(m: MeasureResult, neutral: number): string {
  if (m.display === null) return `No data — counted as neutral (${neutral})`;
  if (m.lowSample === null) return m.display;
  return `${m.display} (${m.lowSample.responses} of ${m.lowSample.fullAt} responses, low sample)`;
}

function pointsText(m: MeasureResult): string {
  if (m.points === null || m.points === m.scoredPoints) return points(m.scoredPoints);
  return `${points(m.points)} → ${points(m.scoredPoints)}`;
}

function groupTitle(g: GroupResult): string {
  if (g.effectiveWeight === 0) return `${g.label} · weight ${g.weight}: not counted`;
  return `${g.label} · weight ${g.weight} = ${formatRatio(g.effectiveWeight)} of the score`;
}

function GroupRows({ group, neutral }: { group: GroupResult; neutral: number }) {
  return (
    <>
      <TableRow>
        <TableCell colSpan={4}>
          <Text format={{ fontWeight: 'demibold' }}>{groupTitle(group)}</Text>
        </TableCell>
        <TableCell align="right">
          <Text format={{ fontWeight: 'demibold' }}>{tenths(group.contribution)}</Text>
        </TableCell>
      </TableRow>
      {group.measures.map((m) => (
        <TableRow key={m.key} testId={`breakdown-${m.key}`}>
          <TableCell>{m.label}</TableCell>
          <TableCell>{valueText(m, neutral)}</TableCell>
          <TableCell align="right">{pointsText(m)}</TableCell>
          <TableCell align="right">{formatRatio(m.effectiveWeight)}</TableCell>
          <TableCell align="right">{tenths(m.contribution)}</TableCell>
        </TableRow>
      ))}
    </>
  );
}

/**
 * "How this score is computed": every group with its configured weight and share, every measure with its value
 * as people read it, its points (and the low-sample shrink), its fixed share of the score and its contribution.
 * The contributions add up to the score in the last row.
 */
export function HealthBreakdown({ health }: { health: Health }) {
  const groups = health.groups.filter((g) => g.measures.length > 0);
  return (
    <Accordion title="How this score is computed" size="sm" testId="health-breakdown">
      <Flex direction="column" gap="sm">
        <Text variant="microcopy">{definitionOf('health')}</Text>
        <Table bordered density="condensed" testId="breakdown-table">
          <TableHead>
            <TableRow>
              <TableHeader>Measure</TableHeader>
              <TableHeader>Value</TableHeader>
              <TableHeader align="right">Points</TableHeader>
              <TableHeader align="right">Share of score</TableHeader>
              <TableHeader align="right">Contribution</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {groups.map((g) => (
              <GroupRows key={g.key} group={g} neutral={health.neutralPoints} />
            ))}
            <TableRow>
              <TableCell colSpan={3}>
                <Text format={{ fontWeight: 'bold' }}>Health score</Text>
              </TableCell>
              <TableCell align="right">100%</TableCell>
              <TableCell align="right">
                <Text format={{ fontWeight: 'bold' }} testId="breakdown-total">
                  {health.score === null ? '—' : tenths(health.score)}
                </Text>
              </TableCell>
            </TableRow>
          </TableBody>
        </Table>
        <Text variant="microcopy">
          Contribution = share of score × points, rounded to a tenth so the column adds up to the score.
        </Text>
      </Flex>
    </Accordion>
  );
}
