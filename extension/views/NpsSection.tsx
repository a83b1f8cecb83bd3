import {
  EmptyState,
  Flex,
  Heading,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { pluralize, type CompanySnapshot, type NpsGroup } from '@pulse/shared';
import { definitionOf } from './definitions';
import { formatDate, formatNumber, formatDelta } from './format';

const GROUP_TAG: Record<NpsGroup, 'success' | 'default' | 'error'> = {
  promoter: 'success',
  passive: 'default',
  detractor: 'error',
};

type Props = Pick<CompanySnapshot, 'nps' | 'csat' | 'ces'>;

/**
 * The recent period's own NPS, with its change against the period before. The trend sits on this number, never
 * on the headline (a trend arrow next to the 180-day NPS read as if the headline had moved).
 */
function RecentNps({ nps }: { nps: Props['nps'] }) {
  if (nps.recent === null) return null;
  const days = nps.trendDays;
  return (
    <StatisticsItem label={`NPS, last ${days} days`} number={formatDelta(nps.recent)} testId="nps-recent">
      {nps.trend === null || nps.previous === null ? (
        <Text variant="microcopy">no responses in the {days} days before</Text>
      ) : nps.trend === 0 ? (
        <Text variant="microcopy">unchanged from the {days} days before</Text>
      ) : (
        <StatisticsTrend
          direction={nps.trend > 0 ? 'increase' : 'decrease'}
          color={nps.trend > 0 ? 'green' : 'red'}
          value={`${formatDelta(nps.trend)} from ${formatDelta(nps.previous)} in the ${days} days before`}
        />
      )}
    </StatisticsItem>
  );
}

function SurveyLines({ csat, ces }: Pick<Props, 'csat' | 'ces'>) {
  return (
    <>
      {csat.responses > 0 && csat.percent !== null ? (
        <Text testId="csat">
          CSAT {Math.round(csat.percent)}% satisfied ({pluralize(csat.responses, 'response')}, scale{' '}
          {csat.scale.min}–{csat.scale.max})
        </Text>
      ) : null}
      {ces.responses > 0 && ces.mean !== null ? (
        <Text testId="ces">
          CES {formatNumber(ces.mean, 1)} on {ces.scale.min}–{ces.scale.max} (
          {ces.higherIsEasier ? 'higher is easier' : 'lower is easier'},{' '}
          {pluralize(ces.responses, 'response')})
        </Text>
      ) : null}
    </>
  );
}

export function NpsSection({ nps, csat, ces }: Props) {
  if (nps.responses === 0 || nps.score === null) {
    return (
      <Flex direction="column" gap="sm">
        <Heading>NPS</Heading>
        <EmptyState
          title={`No NPS responses in the last ${nps.windowDays} days`}
          imageName="voteAndSearch"
          layout="horizontal"
          flush
          testId="nps-empty"
        >
          <Text>
            Send a HubSpot NPS survey to this company&apos;s contacts; their answers fill this section.
          </Text>
        </EmptyState>
        <SurveyLines csat={csat} ces={ces} />
      </Flex>
    );
  }
  return (
    <Flex direction="column" gap="sm">
      <Heading>NPS</Heading>
      <Statistics>
        <StatisticsItem label={`NPS (${nps.windowDays} days)`} number={nps.score} testId="nps-score" />
        <RecentNps nps={nps} />
        <StatisticsItem label="Promoters" number={nps.promoters} />
        <StatisticsItem label="Passives" number={nps.passives} />
        <StatisticsItem label="Detractors" number={nps.detractors} />
      </Statistics>
      <Text variant="microcopy">{definitionOf('nps')}</Text>
      {nps.isLowSample ? (
        <Text variant="microcopy" testId="nps-low-sample">
          Low sample: only {pluralize(nps.responses, 'response')}, so one answer moves the score a lot.
        </Text>
      ) : null}
      {nps.verbatims.slice(0, 3).map((verbatim) => (
        <Flex direction="column" gap="flush" key={verbatim.id} testId="verbatim">
          <Text format={{ italic: true }}>“{verbatim.content}”</Text>
          <Flex direction="row" gap="xs" align="center">
            {verbatim.group ? (
              <Tag variant={GROUP_TAG[verbatim.group]} inline>
                {verbatim.value === null ? verbatim.group : `${verbatim.value} · ${verbatim.group}`}
              </Tag>
            ) : null}
            <Text variant="microcopy" inline>
              {formatDate(verbatim.submittedAt)}
              {verbatim.surveyName ? ` · ${verbatim.surveyName}` : ''}
            </Text>
          </Flex>
        </Flex>
      ))}
      <SurveyLines csat={csat} ces={ces} />
    </Flex>
  );
}
