import {
  Alert,
  BarChart,
  Flex,
  Heading,
  Link,
  Statistics,
  StatisticsItem,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import {
  currencySymbol,
  METRIC_DEFINITIONS,
  pluralize,
  type CurrencyCode,
  type PortfolioKpis,
} from '@pulse/shared';
import { formatMoney, formatNumber, formatRatio } from './format';
import { BAND_LABEL } from './labels';
import { KpiDefinitions } from './KpiDefinitions';
import { TeamTile, type TeamTileProps } from './TeamTable';

type RecordUrl = (companyId: string) => string;

/** One number on a tile, with the definition shown under "How these are computed". */
export type Kpi = {
  label: string;
  number: string | number;
  definition: string;
  testId?: string;
};

const D = METRIC_DEFINITIONS;

function KpiStatistics({ kpis }: { kpis: Kpi[] }) {
  return (
    <Statistics>
      {kpis.map((kpi) => (
        <StatisticsItem key={kpi.label} label={kpi.label} number={kpi.number} testId={kpi.testId} />
      ))}
    </Statistics>
  );
}

function financialKpis(kpis: PortfolioKpis['financial'], currencyCode: CurrencyCode): Kpi[][] {
  const months = Math.round(kpis.periodDays / 30.4);
  const money = (n: number | null) => formatMoney(n, currencyCode);
  const amount = (n: { count: number; amount: number }) => `${n.count} · ${money(n.amount)}`;
  const period = ` Period: the last ${months} months (by default).`;
  return [
    [
      {
        label: 'ARR under management',
        number: money(kpis.arr),
        definition: D.arrUnderManagement,
        testId: 'kpi-arr',
      },
      { label: 'ARPA', number: money(kpis.arpa), definition: D.arpa },
      {
        label: `Expansion won (${months} mo)`,
        number: money(kpis.expansionWon),
        definition: D.expansion,
      },
      {
        label: 'Gross renewal rate',
        number: formatRatio(kpis.grossRenewalRate),
        definition: D.grossRenewalRate + period,
        testId: 'kpi-grr',
      },
      {
        label: 'Net renewal rate',
        number: formatRatio(kpis.netRenewalRate),
        definition: D.netRenewalRate + period,
        testId: 'kpi-nrr',
      },
      { label: 'Logo churn', number: formatRatio(kpis.logoChurn), definition: D.logoChurn + period },
    ],
    [
      {
        label: 'At-risk ARR',
        number: money(kpis.atRiskArr),
        definition: D.atRiskArr,
        testId: 'kpi-at-risk-arr',
      },
      {
        label: 'Renewals due in 30 days',
        number: amount(kpis.renewalsDue30),
        definition: D.renewalsDue,
        testId: 'kpi-due-30',
      },
      {
        label: 'Renewals due in 90 days',
        number: amount(kpis.renewalsDue90),
        definition: D.renewalsDue,
        testId: 'kpi-due-90',
      },
      {
        label: 'Overdue renewals',
        number: amount(kpis.renewalsOverdue),
        definition: D.renewalsOverdue,
        testId: 'kpi-overdue',
      },
      ...(kpis.ltv === null ? [] : [{ label: 'LTV', number: money(kpis.ltv), definition: D.ltv }]),
    ],
  ];
}

function FinancialTile({
  kpis,
  currencyCode,
}: {
  kpis: PortfolioKpis['financial'];
  currencyCode: CurrencyCode;
}) {
  const rows = financialKpis(kpis, currencyCode);
  return (
    <Tile testId="kpi-financial">
      <Heading>Financial</Heading>
      {rows.map((row) => (
        <KpiStatistics key={row[0]!.label} kpis={row} />
      ))}
      <UnconvertedDealsAlert unconverted={kpis.unconvertedDeals} currencyCode={currencyCode} />
      <Text variant="microcopy" testId="kpi-currency">
        {currencyCode === null
          ? 'Amounts as HubSpot holds them: the account currency has not been read yet.'
          : `Amounts in ${currencyCode} (${currencySymbol(currencyCode)}), the account's company currency.`}
      </Text>
      <KpiDefinitions items={rows.flat()} testId="definitions-financial" />
    </Tile>
  );
}

/** Deals the amounts above leave out: a sum that is not whole says so. */
function UnconvertedDealsAlert({
  unconverted,
  currencyCode,
}: {
  unconverted: PortfolioKpis['financial']['unconvertedDeals'];
  currencyCode: CurrencyCode;
}) {
  if (unconverted.deals === 0) return null;
  return (
    <Alert
      title={`${pluralize(unconverted.deals, 'deal')} left out of these amounts`}
      variant="warning"
      testId="kpi-unconverted-deals"
    >
      {pluralize(unconverted.deals, 'deal')} of {pluralize(unconverted.companies, 'company', 'companies')} in{' '}
      {unconverted.currencyCodes.join(', ')} {unconverted.deals === 1 ? 'has' : 'have'} no{' '}
      {currencyCode ?? 'company-currency'} value in HubSpot (Amount in company currency). Pulse does not add
      them at face value; each company&apos;s card lists its deals.
    </Alert>
  );
}

function healthKpis(kpis: PortfolioKpis['health']): Kpi[] {
  const { csat, ces } = kpis;
  return [
    {
      label: 'Average health',
      number: formatNumber(kpis.averageHealth),
      definition: D.averageHealth,
      testId: 'kpi-average-health',
    },
    {
      label: `NPS (${pluralize(kpis.nps.responses, 'response')})`,
      number: kpis.nps.score ?? '—',
      definition: D.nps,
      testId: 'kpi-nps',
    },
    {
      label: `CSAT, top 2 of ${csat.scale.min}–${csat.scale.max} (${pluralize(csat.responses, 'response')})`,
      number: csat.percent === null ? '—' : `${Math.round(csat.percent)}%`,
      definition: D.csat,
      testId: 'kpi-csat',
    },
    {
      label: `CES on ${ces.scale.min}–${ces.scale.max}, ${ces.higherIsEasier ? 'higher' : 'lower'} is easier (${pluralize(ces.responses, 'response')})`,
      number: formatNumber(ces.mean, 1),
      definition: D.ces,
      testId: 'kpi-ces',
    },
  ];
}

function FellABand({ kpis, recordUrl }: { kpis: PortfolioKpis['health']; recordUrl: RecordUrl }) {
  if (kpis.fellABand30d.length === 0)
    return <Text variant="microcopy">No company fell a band in the last 30 days.</Text>;
  return (
    <Flex direction="column" gap="xs" testId="fell-a-band">
      <Text format={{ fontWeight: 'demibold' }}>Fell a band in the last 30 days</Text>
      {kpis.fellABand30d.map((company) => (
        <Text key={company.companyId}>
          <Link href={{ url: recordUrl(company.companyId), external: false }}>{company.name}</Link>:{' '}
          {BAND_LABEL[company.from]} → {BAND_LABEL[company.to]}
        </Text>
      ))}
    </Flex>
  );
}

function HealthTile({ kpis, recordUrl }: { kpis: PortfolioKpis['health']; recordUrl: RecordUrl }) {
  const bands = [
    { band: BAND_LABEL.healthy, companies: kpis.bands.healthy },
    { band: BAND_LABEL.monitor, companies: kpis.bands.monitor },
    { band: BAND_LABEL.at_risk, companies: kpis.bands.at_risk },
    { band: 'No data', companies: kpis.bands.no_data },
  ];
  const numbers = healthKpis(kpis);
  return (
    <Tile testId="kpi-health">
      <Heading>Customer health</Heading>
      <KpiStatistics kpis={numbers} />
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
      <FellABand kpis={kpis} recordUrl={recordUrl} />
      <KpiDefinitions
        items={[
          ...numbers,
          { label: 'Companies by health band', definition: D.band },
          { label: 'Fell a band in the last 30 days', definition: D.fellABand },
        ]}
        testId="definitions-health"
      />
    </Tile>
  );
}

function UsageMeasure({ measure }: { measure: PortfolioKpis['usage']['measures'][number] }) {
  return (
    <Flex direction="column" gap="xs">
      <Statistics>
        <StatisticsItem label={`${measure.label} (average)`} number={formatNumber(measure.average, 1)} />
        <StatisticsItem label={`${measure.label}: companies with data`} number={measure.companiesWithData} />
      </Statistics>
      {measure.distribution.length > 0 ? (
        <BarChart
          data={measure.distribution.map((bucket) => ({ bucket: bucket.label, companies: bucket.count }))}
          axes={{
            x: { field: 'bucket', fieldType: 'category', label: measure.label },
            y: { field: 'companies', fieldType: 'linear', label: 'Companies' },
          }}
        />
      ) : null}
    </Flex>
  );
}

function UsageTile({ kpis }: { kpis: PortfolioKpis['usage'] }) {
  if (!kpis.isMapped || kpis.measures.length === 0)
    return (
      <Tile testId="kpi-usage">
        <Heading>Usage</Heading>
        <Text testId="usage-not-mapped">Product usage is not measured yet. {kpis.howToMap}</Text>
      </Tile>
    );
  return (
    <Tile testId="kpi-usage">
      <Heading>Usage</Heading>
      {kpis.measures.map((measure) => (
        <UsageMeasure key={measure.property} measure={measure} />
      ))}
      <KpiDefinitions
        items={kpis.measures.flatMap((m) => [
          { label: `${m.label} (average)`, definition: D.usageAverage },
          { label: `${m.label}: companies with data`, definition: D.companiesWithData },
        ])}
        testId="definitions-usage"
      />
    </Tile>
  );
}

/** The four levels CS leaders read: financial, customer health, usage, team. */
export function PortfolioKpiTiles({
  kpis,
  recordUrl,
  ...team
}: { kpis: PortfolioKpis; recordUrl: RecordUrl } & Omit<TeamTileProps, 'team'>) {
  return (
    <Flex direction="column" gap="md">
      <FinancialTile kpis={kpis.financial} currencyCode={team.currencyCode} />
      <HealthTile kpis={kpis.health} recordUrl={recordUrl} />
      <UsageTile kpis={kpis.usage} />
      <TeamTile team={kpis.team} {...team} />
    </Flex>
  );
}
