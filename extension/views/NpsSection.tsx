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
import type { CompanySnapshot, NpsGroup } from '@pulse/shared';
import { definitionOf } from './definitions';
import { formatDate, formatNumber, formatDelta } from './format';

const GROUP_TAG: Record<NpsGroup, 'success' | 'default' | 'error'> = {
  promoter: 'success',
  passive: 'default',
  detractor: 'error',
};

type Props = Pick<CompanySnapshot, 'nps' | 'csat' | 'ces'>;

function SurveyLines({ csat, ces }: Pick<Props, 'csat' | 'ces'>) {
  return (
    <>
      {csat.responses > 0 && csat.percent !== null ? (
        <Text testId="csat">
          CSAT {Math.round(csat.percent)}% satisfied ({csat.responses} responses, scale {csat.scale.min}–
          {csat.scale.max})
        </Text>
      ) : null}
      {ces.responses > 0 && ces.mean !== null ? (
        <Text testId="ces">
          CES {formatNumber(ces.mean, 1)} on {ces.scale.min}–{ces.scale.max} (
          {ces.higherIsEasier ? 'higher is easier' : 'lower is easier'}, {ces.responses} responses)
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
        <StatisticsItem label={`NPS (${nps.windowDays} days)`} number={nps.score} testId="nps-score">
          {nps.trend === null || nps.trend === 0 ? null : (
            <StatisticsTrend
              direction={nps.trend > 0 ? 'increase' : 'decrease'}
              color={nps.trend > 0 ? 'green' : 'red'}
              value={`${formatDelta(nps.trend)} vs previous 90 days`}
            />
          )}
        </StatisticsItem>
        <StatisticsItem label="Promoters" number={nps.promoters} />
        <StatisticsItem label="Passives" number={nps.passives} />
        <StatisticsItem label="Detractors" number={nps.detractors} />
      </Statistics>
      <Text variant="microcopy">{definitionOf('nps')}</Text>
      {nps.isLowSample ? (
        <Text variant="microcopy" testId="nps-low-sample">
          Low sample: only {nps.responses} {nps.responses === 1 ? 'response' : 'responses'}, so one answer
          moves the score a lot.
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
