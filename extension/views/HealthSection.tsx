import {
  Accordion,
  EmptyState,
  Flex,
  Heading,
  LineChart,
  ScoreCircle,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { HistoryPoint, CompanySnapshot, Driver } from '@pulse/shared';
import { definitionOf } from './definitions';
import { formatDate, formatDelta, formatRatio } from './format';
import { BAND_LABEL, BAND_TAG } from './labels';

const TOP_DRIVERS = 3;

function TrendItem({ label, delta, testId }: { label: string; delta: number | null; testId: string }) {
  if (delta === null) return <StatisticsItem label={label} number="—" testId={testId} />;
  const rounded = Math.round(delta);
  return (
    <StatisticsItem label={label} number={formatDelta(rounded)} testId={testId}>
      {rounded === 0 ? null : (
        <StatisticsTrend
          direction={rounded > 0 ? 'increase' : 'decrease'}
          color={rounded > 0 ? 'green' : 'red'}
          value={`${Math.abs(rounded)} pts`}
        />
      )}
    </StatisticsItem>
  );
}

function DriverList({ title, drivers, testId }: { title: string; drivers: Driver[]; testId: string }) {
  if (drivers.length === 0) return null;
  return (
    <Flex direction="column" gap="xs" testId={testId}>
      <Text format={{ fontWeight: 'demibold' }}>{title}</Text>
      {drivers.slice(0, TOP_DRIVERS).map((driver) => (
        <Text key={driver.key}>
          {driver.message} ({formatDelta(driver.impact, 1)} pts)
        </Text>
      ))}
    </Flex>
  );
}

function HistoryChart({ history }: { history: HistoryPoint[] }) {
  const points = history.flatMap((p) =>
    p.score === null ? [] : [{ date: p.date, score: Math.round(p.score) }],
  );
  if (points.length < 2) return null;
  const configDays = history.filter((p) => p.settingsChanged).map((p) => formatDate(`${p.date}T00:00:00Z`));
  return (
    <Flex direction="column" gap="xs">
      <LineChart
        data={points}
        axes={{
          x: { field: 'date', fieldType: 'datetime', label: 'Day' },
          y: { field: 'score', fieldType: 'linear', label: 'Health' },
        }}
        options={{ showLegend: false, showTooltips: true }}
        testId="health-history"
      />
      {configDays.length > 0 ? (
        <Text variant="microcopy" testId="settings-changed">
          Settings changed on {configDays.join(', ')}: a jump there may come from the new settings, not the
          customer.
        </Text>
      ) : null}
    </Flex>
  );
}

function ScoreBreakdown({ groups }: { groups: CompanySnapshot['health']['groups'] }) {
  return (
    <Accordion title="How this score is computed" size="sm">
      <Flex direction="column" gap="sm">
        <Text variant="microcopy">{definitionOf('health')}</Text>
        {groups
          .filter((group) => group.measures.length > 0)
          .map((group) => (
            <Flex direction="column" gap="xs" key={group.key}>
              <Text format={{ fontWeight: 'demibold' }}>
                {group.label}:{' '}
                {group.score === null ? 'no data, not counted' : `${Math.round(group.score)} / 100`}
              </Text>
              {group.measures.map((measure) => (
                <Flex direction="column" key={measure.key}>
                  <Text>
                    {measure.label}:{' '}
                    {measure.value === null || measure.points === null
                      ? 'no data, not counted'
                      : `${String(measure.value)} → ${Math.round(measure.points)} points`}
                  </Text>
                  {definitionOf(measure.key) ? (
                    <Text variant="microcopy">{definitionOf(measure.key)}</Text>
                  ) : null}
                </Flex>
              ))}
            </Flex>
          ))}
      </Flex>
    </Accordion>
  );
}

export function HealthSection({ snapshot, history }: { snapshot: CompanySnapshot; history: HistoryPoint[] }) {
  const { health, trend } = snapshot;
  if (health.score === null || health.band === null) {
    return (
      <Flex direction="column" gap="sm">
        <Heading>Health</Heading>
        <EmptyState
          title="No health score yet"
          imageName="customerExperience"
          layout="horizontal"
          flush
          testId="health-empty"
        >
          <Text>
            Pulse scores a company from NPS and CSAT responses, tickets, contacts and renewal deals. None of
            these exist for this company yet; the score appears once one does.
          </Text>
        </EmptyState>
      </Flex>
    );
  }
  return (
    <Flex direction="column" gap="sm">
      <Heading>Health</Heading>
      <Flex direction="row" gap="md" align="center">
        <ScoreCircle score={Math.round(health.score)} testId="health-score" />
        <Flex direction="column" gap="xs">
          <Tag variant={BAND_TAG[health.band]} testId="health-band">
            {BAND_LABEL[health.band]}
          </Tag>
          {health.isLowConfidence ? (
            <Text variant="microcopy" testId="low-confidence">
              Low confidence: only {formatRatio(health.confidence, 0)} of the model&apos;s weight had data.
            </Text>
          ) : null}
        </Flex>
      </Flex>
      <Statistics>
        <TrendItem label="7-day change" delta={trend.delta7} testId="delta-7" />
        <TrendItem label="30-day change" delta={trend.delta30} testId="delta-30" />
      </Statistics>
      <HistoryChart history={history} />
      <DriverList title="Pulling the score down" drivers={health.negativeDrivers} testId="negative-drivers" />
      <DriverList title="Holding the score up" drivers={health.positiveDrivers} testId="positive-drivers" />
      <ScoreBreakdown groups={health.groups} />
    </Flex>
  );
}
