import {
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
import {
  lowSampleMeasures,
  missingEvidence,
  pluralize,
  type CompanySnapshot,
  type Driver,
  type Health,
  type HistoryPoint,
} from '@pulse/shared';
import { formatDate, formatDelta, formatRatio } from './format';
import { HealthBreakdown } from './HealthBreakdown';
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
          value={pluralize(Math.abs(rounded), 'pt')}
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
          {driver.message} ({formatDelta(driver.impact, 1)} {Math.abs(driver.impact) === 1 ? 'pt' : 'pts'})
        </Text>
      ))}
    </Flex>
  );
}

const REBUILT = 'Rebuilt from HubSpot records';
const SCORED = 'Scored daily';

function HistoryChart({ history }: { history: HistoryPoint[] }) {
  const points = history.flatMap((p) =>
    p.score === null
      ? []
      : [{ date: p.date, score: Math.round(p.score), kind: p.reconstructed ? REBUILT : SCORED }],
  );
  if (points.length < 2) return null;
  const hasRebuilt = points.some((p) => p.kind === REBUILT);
  const configDays = history.filter((p) => p.settingsChanged).map((p) => formatDate(`${p.date}T00:00:00Z`));
  return (
    <Flex direction="column" gap="xs">
      <LineChart
        data={points}
        axes={{
          x: { field: 'date', fieldType: 'datetime', label: 'Day' },
          y: { field: 'score', fieldType: 'linear', label: 'Health' },
          options: { groupFieldByColor: 'kind' },
        }}
        options={{ showLegend: hasRebuilt, showTooltips: true }}
        testId="health-history"
      />
      {hasRebuilt ? (
        <Text variant="microcopy" testId="history-rebuilt">
          Days marked “{REBUILT}” were scored when Pulse was installed, from the dates of tickets, survey
          responses and deals already in HubSpot. Adoption values, contact counts and earlier CSM sentiment
          are not kept for past days, so they count as no data there.
        </Text>
      ) : null}
      {configDays.length > 0 ? (
        <Text variant="microcopy" testId="settings-changed">
          Settings changed on {configDays.join(', ')}: a jump there may come from the new settings, not the
          customer.
        </Text>
      ) : null}
    </Flex>
  );
}

/** "Not enough data to score": how much evidence there is, the floor, and what is missing, largest share first. */
function NotEnoughData({ health }: { health: Health }) {
  const missing = missingEvidence(health);
  const known = health.groups.flatMap((g) => g.measures).filter((m) => m.display !== null);
  return (
    <Flex direction="column" gap="sm">
      <Heading>Health</Heading>
      <EmptyState
        title="Not enough data to score"
        imageName="customerExperience"
        layout="horizontal"
        flush
        testId="health-empty"
      >
        <Text>
          Pulse has data for {formatRatio(health.confidence, 0)} of the scoring model and scores a company
          from {formatRatio(health.confidenceFloor, 0)}: a score on less would rest on absence, not evidence.
        </Text>
      </EmptyState>
      <Flex direction="column" gap="xs" testId="health-missing">
        <Text format={{ fontWeight: 'demibold' }}>What is missing</Text>
        {missing.map((m) => (
          <Text key={m.key}>
            {m.label} ({formatRatio(m.effectiveWeight)} of the score): needs {m.evidenceNeeded}
          </Text>
        ))}
      </Flex>
      {known.length > 0 ? (
        <Flex direction="column" gap="xs" testId="health-known">
          <Text format={{ fontWeight: 'demibold' }}>What Pulse knows so far</Text>
          {known.map((m) => (
            <Text key={m.key}>
              {m.label}: {m.display}
            </Text>
          ))}
        </Flex>
      ) : null}
    </Flex>
  );
}

/** Confidence and low-sample notes under the score: what the number rests on. */
function EvidenceNotes({ health }: { health: Health }) {
  const low = lowSampleMeasures(health);
  return (
    <>
      {health.confidence < 1 - 1e-9 ? (
        <Text variant="microcopy" testId="confidence">
          Based on data for {formatRatio(health.confidence, 0)} of the model; the rest counts as neutral (
          {health.neutralPoints}).
        </Text>
      ) : null}
      {low.map((m) => (
        <Text variant="microcopy" key={m.key} testId="low-sample">
          Low sample: {m.label} from {pluralize(m.responses, 'response')} counts at{' '}
          {formatRatio(m.responses / m.fullAt, 0)} strength until it has {m.fullAt}.
        </Text>
      ))}
    </>
  );
}

export function HealthSection({ snapshot, history }: { snapshot: CompanySnapshot; history: HistoryPoint[] }) {
  const { health, trend } = snapshot;
  if (health.score === null || health.band === null) return <NotEnoughData health={health} />;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Health</Heading>
      <Flex direction="row" gap="md" align="center">
        <ScoreCircle score={Math.round(health.score)} testId="health-score" />
        <Flex direction="column" gap="xs">
          <Tag variant={BAND_TAG[health.band]} testId="health-band">
            {BAND_LABEL[health.band]}
          </Tag>
          <EvidenceNotes health={health} />
        </Flex>
      </Flex>
      <Statistics>
        <TrendItem label="7-day change" delta={trend.delta7} testId="delta-7" />
        <TrendItem label="30-day change" delta={trend.delta30} testId="delta-30" />
      </Statistics>
      <HistoryChart history={history} />
      <DriverList title="Pulling the score down" drivers={health.negativeDrivers} testId="negative-drivers" />
      <DriverList title="Holding the score up" drivers={health.positiveDrivers} testId="positive-drivers" />
      {health.negativeDrivers.length + health.positiveDrivers.length > 0 ? (
        <Text variant="microcopy">
          Points each measure moves the score from neutral ({health.neutralPoints}), the value of a measure
          without data.
        </Text>
      ) : null}
      <HealthBreakdown health={health} />
    </Flex>
  );
}
