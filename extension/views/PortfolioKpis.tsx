import {
  BarChart,
  Flex,
  Heading,
  Link,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import { pluralize, type PortfolioKpis } from '@pulse/shared';
import { definitionOf } from './definitions';
import { formatMoney, formatNumber, formatRatio } from './format';
import { BAND_LABEL } from './labels';

type RecordUrl = (companyId: string) => string;

function FinancialTile({ kpis }: { kpis: PortfolioKpis['financial'] }) {
  const months = Math.round(kpis.periodDays / 30.4);
  return (
    <Tile testId="kpi-financial">
      <Heading>Financial</Heading>
      <Statistics>
        <StatisticsItem label="ARR under management" number={formatMoney(kpis.arr)} testId="kpi-arr" />
        <StatisticsItem label="ARPA" number={formatMoney(kpis.arpa)} />
        <StatisticsItem label={`Expansion won (${months} mo)`} number={formatMoney(kpis.expansionWon)} />
        <StatisticsItem
          label="Gross renewal rate"
          number={formatRatio(kpis.grossRenewalRate)}
          testId="kpi-grr"
        />
        <StatisticsItem label="Net renewal rate" number={formatRatio(kpis.netRenewalRate)} testId="kpi-nrr" />
        <StatisticsItem label="Logo churn" number={formatRatio(kpis.logoChurn)} />
      </Statistics>
      <Statistics>
        <StatisticsItem label="At-risk ARR" number={formatMoney(kpis.atRiskArr)} testId="kpi-at-risk-arr" />
        <StatisticsItem
          label="Renewals due in 30 days"
          number={`${kpis.renewalsDue30.count} · ${formatMoney(kpis.renewalsDue30.amount)}`}
        />
        <StatisticsItem
          label="Renewals due in 90 days"
          number={`${kpis.renewalsDue90.count} · ${formatMoney(kpis.renewalsDue90.amount)}`}
          testId="kpi-due-90"
        />
        {kpis.ltv === null ? null : <StatisticsItem label="LTV" number={formatMoney(kpis.ltv)} />}
      </Statistics>
      <Text variant="microcopy">
        {definitionOf('grossRenewalRate')} {definitionOf('atRiskArr')}
      </Text>
    </Tile>
  );
}

function HealthTile({ kpis, recordUrl }: { kpis: PortfolioKpis['health']; recordUrl: RecordUrl }) {
  const bands = [
    { band: BAND_LABEL.healthy, companies: kpis.bands.healthy },
    { band: BAND_LABEL.monitor, companies: kpis.bands.monitor },
    { band: BAND_LABEL.at_risk, companies: kpis.bands.at_risk },
    { band: 'No data', companies: kpis.bands.no_data },
  ];
  return (
    <Tile testId="kpi-health">
      <Heading>Customer health</Heading>
      <Statistics>
        <StatisticsItem
          label="Average health"
          number={formatNumber(kpis.averageHealth)}
          testId="kpi-average-health"
        />
        <StatisticsItem
          label={`NPS (${pluralize(kpis.nps.responses, 'response')})`}
          number={kpis.nps.score ?? '—'}
          testId="kpi-nps"
        />
        <StatisticsItem
          label={`CSAT, top 2 of ${kpis.csat.scale.min}–${kpis.csat.scale.max} (${pluralize(kpis.csat.responses, 'response')})`}
          number={kpis.csat.percent === null ? '—' : `${Math.round(kpis.csat.percent)}%`}
          testId="kpi-csat"
        />
        <StatisticsItem
          label={`CES on ${kpis.ces.scale.min}–${kpis.ces.scale.max}, ${kpis.ces.higherIsEasier ? 'higher' : 'lower'} is easier (${pluralize(kpis.ces.responses, 'response')})`}
          number={formatNumber(kpis.ces.mean, 1)}
          testId="kpi-ces"
        />
      </Statistics>
      <BarChart
        data={bands}
        axes={{
          x: { field: 'band', fieldType: 'category', label: 'Band' },
          y: { field: 'companies', fieldType: 'linear', label: 'Companies' },
        }}
        options={{ title: 'Companies by health band', showDataLabels: true }}
        testId="band-distribution"
      />
      {kpis.bands.no_data > 0 ? (
        <Text variant="microcopy" testId="no-data-note">
          No data: {pluralize(kpis.bands.no_data, 'company', 'companies')} without enough data to score (the
          card of each says what is missing). They are left out of the average.
        </Text>
      ) : null}
      {kpis.fellABand30d.length > 0 ? (
        <Flex direction="column" gap="xs" testId="fell-a-band">
          <Text format={{ fontWeight: 'demibold' }}>Fell a band in the last 30 days</Text>
          {kpis.fellABand30d.map((company) => (
            <Text key={company.companyId}>
              <Link href={{ url: recordUrl(company.companyId), external: false }}>{company.name}</Link>:{' '}
              {BAND_LABEL[company.from]} → {BAND_LABEL[company.to]}
            </Text>
          ))}
        </Flex>
      ) : (
        <Text variant="microcopy">No company fell a band in the last 30 days.</Text>
      )}
    </Tile>
  );
}

function UsageTile({ kpis }: { kpis: PortfolioKpis['usage'] }) {
  return (
    <Tile testId="kpi-usage">
      <Heading>Usage</Heading>
      {!kpis.isMapped || kpis.measures.length === 0 ? (
        <Text testId="usage-not-mapped">No adoption measure is mapped yet. {kpis.howToMap}</Text>
      ) : (
        kpis.measures.map((measure) => (
          <Flex direction="column" gap="xs" key={measure.property}>
            <Statistics>
              <StatisticsItem
                label={`${measure.label} (average)`}
                number={formatNumber(measure.average, 1)}
              />
              <StatisticsItem label="Companies with data" number={measure.companiesWithData} />
            </Statistics>
            {measure.distribution.length > 0 ? (
              <BarChart
                data={measure.distribution.map((bucket) => ({
                  bucket: bucket.label,
                  companies: bucket.count,
                }))}
                axes={{
                  x: { field: 'bucket', fieldType: 'category', label: measure.label },
                  y: { field: 'companies', fieldType: 'linear', label: 'Companies' },
                }}
              />
            ) : null}
          </Flex>
        ))
      )}
    </Tile>
  );
}

function TeamTile({ team }: { team: PortfolioKpis['team'] }) {
  return (
    <Tile testId="kpi-team">
      <Heading>Team</Heading>
      {team.length === 0 ? (
        <Text>No owners with companies in this selection.</Text>
      ) : (
        <Table bordered density="condensed" testId="team-table">
          <TableHead>
            <TableRow>
              <TableHeader>CSM</TableHeader>
              <TableHeader align="right">Companies</TableHeader>
              <TableHeader align="right">ARR</TableHeader>
              <TableHeader align="right">Avg health</TableHeader>
              <TableHeader align="right">At-risk ARR</TableHeader>
              <TableHeader align="right">Renewals (90 d)</TableHeader>
              <TableHeader align="right">GRR</TableHeader>
              <TableHeader align="right">NPS</TableHeader>
              <TableHeader align="right">Urgent tickets</TableHeader>
              <TableHeader align="right">Days since contact</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {team.map((row) => (
              <TableRow key={row.ownerId ?? 'unassigned'}>
                <TableCell>{row.ownerName}</TableCell>
                <TableCell align="right">{row.companies}</TableCell>
                <TableCell align="right">{formatMoney(row.arr)}</TableCell>
                <TableCell align="right">{formatNumber(row.averageHealth)}</TableCell>
                <TableCell align="right">{formatMoney(row.atRiskArr)}</TableCell>
                <TableCell align="right">{row.renewalsDue90}</TableCell>
                <TableCell align="right">{formatRatio(row.grossRenewalRate)}</TableCell>
                <TableCell align="right">{row.nps ?? '—'}</TableCell>
                <TableCell align="right">{row.openHighPriority}</TableCell>
                <TableCell align="right">{formatNumber(row.medianDaysSinceContact)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Tile>
  );
}

/** The four levels CS leaders read: financial, customer health, usage, team. */
export function PortfolioKpiTiles({ kpis, recordUrl }: { kpis: PortfolioKpis; recordUrl: RecordUrl }) {
  return (
    <Flex direction="column" gap="md">
      <FinancialTile kpis={kpis.financial} />
      <HealthTile kpis={kpis.health} recordUrl={recordUrl} />
      <UsageTile kpis={kpis.usage} />
      <TeamTile team={kpis.team} />
    </Flex>
  );
}
