import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Alert } from '../../extension/web/ui/alert';
import { Button } from '../../extension/web/ui/button';
import { BarChart, buildChartModel, LineChart } from '../../extension/web/ui/charts';
import { DescriptionList, DescriptionListItem } from '../../extension/web/ui/description-list';
import { Divider, Flex, Tile } from '../../extension/web/ui/layout';
import { Link, resolveHref } from '../../extension/web/ui/link';
import { LoadingSpinner } from '../../extension/web/ui/loading-spinner';
import { parseNumberInput } from '../../extension/web/ui/number-input';
import { ProgressBar } from '../../extension/web/ui/progress-bar';
import { ScoreCircle, scoreBand } from '../../extension/web/ui/score-circle';
import { optionValueAt, Select } from '../../extension/web/ui/select';
import { EmptyState, ErrorState } from '../../extension/web/ui/states';
import { Statistics, StatisticsItem, StatisticsTrend } from '../../extension/web/ui/statistics';
import {
  nextSortDirection,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  visiblePages,
} from '../../extension/web/ui/table';
import { StatusTag, Tag } from '../../extension/web/ui/tag';
import { Heading, Text } from '../../extension/web/ui/text';

const noop = () => {};

describe('Table sorting and pagination', () => {
  it.each([
    ['none', 'ascending'],
    ['ascending', 'descending'],
    ['descending', 'ascending'],
  ] as const)('a click on a header sorted %s asks for %s', (current, next) => {
    expect(nextSortDirection(current)).toBe(next);
  });

  it.each([
    [1, 10, 5, [1, 2, 3, 4, 5]],
    [5, 10, 5, [3, 4, 5, 6, 7]],
    [10, 10, 5, [6, 7, 8, 9, 10]],
    [2, 3, 5, [1, 2, 3]],
    [1, 1, 5, [1]],
    [1, 0, 5, []],
    [99, 4, 3, [2, 3, 4]],
  ])('page %i of %i with %i buttons shows %j', (page, count, max, expected) => {
    expect(visiblePages(page, count, max)).toEqual(expected);
  });

  it('marks the current page and disables Prev on the first page', () => {
    const html = renderToStaticMarkup(
      <Table paginated pageCount={4} page={1} onPageChange={noop} testId="t">
        <TableBody>
          <TableRow>
            <TableCell>x</TableCell>
          </TableRow>
        </TableBody>
      </Table>,
    );
    expect(html).toContain('data-testid="t"');
    expect(html).toMatch(/<button type="button" class="hs-pagination__step" disabled="">‹ Prev<\/button>/);
    expect(html).toMatch(/aria-current="page"[^>]*>1<\/button>/);
    expect(html).not.toMatch(/disabled="">Next/);
  });

  it('renders sortable headers as buttons with aria-sort, plain headers without', () => {
    const html = renderToStaticMarkup(
      <Table>
        <TableHead>
          <TableRow>
            <TableHeader sortDirection="descending" onSortChange={noop}>
              Health
            </TableHeader>
            <TableHeader>Name</TableHeader>
          </TableRow>
        </TableHead>
      </Table>,
    );
    expect(html).toContain('<th class="hs-table__sortable" aria-sort="descending"');
    expect(html).toContain('Health<span class="hs-table__sort-icon" aria-hidden="true">▼</span></button>');
    expect(html).toMatch(/<th[^>]*>Name<\/th>/);
  });
});

describe('NumberInput parsing', () => {
  it.each([
    ['42', {}, 42],
    [' 1,234.5 ', {}, 1234.5],
    ['', {}, undefined],
    ['   ', {}, undefined],
    ['2.6', { precision: 0 }, 3],
    ['0.125', { precision: 2 }, 0.13],
    ['150', { max: 100 }, 100],
    ['-5', { min: 0 }, 0],
    ['-0', {}, 0],
    ['40%', {}, 40],
    ['.5', {}, 0.5],
  ])('"%s" with %j is %s', (text, options, expected) => {
    expect(parseNumberInput(text, options)).toEqual({ ok: true, value: expected });
  });

  it.each(['abc', '1.2.3', '12px', 'Infinity', '1e999'])(
    '"%s" is refused with a message naming it',
    (text) => {
      const parsed = parseNumberInput(text, {});
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toContain(text);
    },
  );
});

describe('Select', () => {
  const options = [
    { label: 'Five', value: 5 },
    { label: 'Yes', value: true },
    { label: 'Text', value: 'text' },
  ];

  it('hands back option values with their original type', () => {
    expect(optionValueAt(options, '0')).toBe(5);
    expect(optionValueAt(options, '1')).toBe(true);
    expect(optionValueAt(options, '2')).toBe('text');
    expect(optionValueAt(options, '3')).toBeUndefined();
  });

  it('shows the placeholder until a value is chosen, then selects that option', () => {
    const empty = renderToStaticMarkup(
      <Select label="Pick" name="p" options={options} placeholder="Choose…" />,
    );
    expect(empty).toMatch(/<option value="" disabled="" selected="">Choose…<\/option>/);
    const chosen = renderToStaticMarkup(
      <Select label="Pick" name="p" options={options} value={true} error validationMessage="Required" />,
    );
    expect(chosen).not.toContain('Choose…');
    expect(chosen).toMatch(/<option value="1" data-hs-value="true" selected="">Yes<\/option>/);
    expect(chosen).toContain('role="alert">Required</div>');
  });
});

describe('display components', () => {
  it.each([
    [140, 100, 'success'],
    [-3, 0, 'danger'],
    [32.4, 32, 'danger'],
    [49.6, 50, 'warning'],
    [66, 66, 'success'],
    [Number.NaN, 0, 'danger'],
  ] as const)('ScoreCircle %d shows %d in %s', (score, value, tone) => {
    expect(scoreBand(score)).toEqual({ value, tone });
    expect(renderToStaticMarkup(<ScoreCircle score={score} />)).toContain(
      `<span class="hs-score__value">${value}</span>`,
    );
  });

  it('passes testId through as data-testid', () => {
    const html = renderToStaticMarkup(
      <Flex testId="f">
        <Tile testId="tile">
          <Tag testId="tag" variant="error">
            At risk
          </Tag>
          <StatusTag testId="status" variant="danger">
            High
          </StatusTag>
          <Text testId="text">hi</Text>
        </Tile>
      </Flex>,
    );
    for (const id of ['f', 'tile', 'tag', 'status', 'text']) expect(html).toContain(`data-testid="${id}"`);
    expect(html).toContain('hs-tag--error');
    expect(html).toContain('hs-status-tag--danger');
  });

  it('colours a trend by direction unless told otherwise', () => {
    expect(renderToStaticMarkup(<StatisticsTrend value="3" direction="increase" />)).toContain(
      'hs-trend--green',
    );
    expect(renderToStaticMarkup(<StatisticsTrend value="3" direction="increase" color="red" />)).toContain(
      'hs-trend--red',
    );
  });

  it('applies Text format options', () => {
    const html = renderToStaticMarkup(
      <Text
        format={{
          fontWeight: 'demibold',
          italic: true,
          lineDecoration: 'strikethrough',
          textTransform: 'sentenceCase',
        }}
      >
        hELLO world
      </Text>,
    );
    expect(html).toContain('font-weight:600');
    expect(html).toContain('font-style:italic');
    expect(html).toContain('text-decoration:line-through');
    expect(html).toContain('>Hello world</p>');
  });
});

describe('links', () => {
  it.each([
    ['#/companies/1', false],
    ['/portfolio', false],
    ['http://localhost:3000/x', false],
    ['https://example.com/x', true],
  ])('%s external=%s', (href, external) => {
    expect(resolveHref(href, 'http://localhost:3000').external).toBe(external);
  });

  it('honours an explicit external flag', () => {
    expect(resolveHref({ url: 'https://example.com', external: false }, 'http://localhost:3000')).toEqual({
      url: 'https://example.com',
      external: false,
    });
  });
});

describe('chart data', () => {
  it('sorts datetime categories and splits series by the colour field', () => {
    const model = buildChartModel({
      data: [
        { day: '2026-03-02', score: 60, band: 'a' },
        { day: '2026-03-01', score: 50, band: 'a' },
        { day: '2026-03-01', score: 20, band: 'b' },
      ],
      axes: {
        x: { field: 'day', fieldType: 'datetime' },
        y: { field: 'score', fieldType: 'linear' },
        options: { groupFieldByColor: 'band' },
      },
    });
    expect(model.categories).toEqual(['Mar 1', 'Mar 2']);
    expect(model.series.map((s) => [s.key, s.values])).toEqual([
      ['a', [50, 60]],
      ['b', [20, null]],
    ]);
    expect(model.max).toBe(100);
  });
});

describe('feedback and data components', () => {
  it('announces error alerts at once and other alerts politely', () => {
    expect(renderToStaticMarkup(<Alert title="Failed" variant="error" />)).toContain('role="alert"');
    const info = renderToStaticMarkup(
      <Alert title="Heads up" variant="info">
        Body
      </Alert>,
    );
    expect(info).toContain('role="status"');
    expect(info).toContain('<div class="hs-alert__body">Body</div>');
  });

  it('gives empty and error states a heading, and an error state the alert role', () => {
    const empty = renderToStaticMarkup(<EmptyState title="No companies">Try again</EmptyState>);
    expect(empty).toMatch(/<h3 class="hs-heading">No companies<\/h3>/);
    expect(empty).not.toContain('role="alert"');
    expect(renderToStaticMarkup(<ErrorState title="Broken">Reload</ErrorState>)).toContain('role="alert"');
  });

  it('labels a spinner for screen readers even when the label is not shown', () => {
    const html = renderToStaticMarkup(<LoadingSpinner label="Loading companies…" />);
    expect(html).toContain('role="status"');
    expect(html).toContain('<span class="hs-sr-only">Loading companies…</span>');
  });

  it('fills a progress bar to value/max and reports it', () => {
    const html = renderToStaticMarkup(
      <ProgressBar title="Synced" value={30} maxValue={120} showPercentage />,
    );
    expect(html).toContain('aria-valuenow="30"');
    expect(html).toContain('aria-valuemax="120"');
    expect(html).toContain('width:25%');
    expect(html).toContain('25%</span>');
  });

  it('renders statistics, description lists, headings and dividers', () => {
    const html = renderToStaticMarkup(
      <>
        <Heading>Support</Heading>
        <Statistics>
          <StatisticsItem label="Open tickets" number="4" />
        </Statistics>
        <Divider />
        <DescriptionList>
          <DescriptionListItem label="ARR">$12,000</DescriptionListItem>
        </DescriptionList>
      </>,
    );
    expect(html).toContain('<h3 class="hs-heading">Support</h3>');
    expect(html).toContain('<div class="hs-statistics__label">Open tickets</div>');
    expect(html).toContain('<div class="hs-statistics__number">4</div>');
    expect(html).toContain('<hr class="hs-divider hs-divider--sm"/>');
    expect(html).toContain('<dt class="hs-dl__label">ARR</dt><dd class="hs-dl__value">$12,000</dd>');
  });

  it('draws one bar per value and one line per series, each chart labelled', () => {
    const data = [
      { month: 'Jan', score: 40, band: 'a' },
      { month: 'Feb', score: 55, band: 'a' },
      { month: 'Jan', score: 20, band: 'b' },
    ];
    const axes = {
      x: { field: 'month', fieldType: 'category' as const },
      y: { field: 'score', fieldType: 'linear' as const, label: 'Score' },
      options: { groupFieldByColor: 'band' },
    };
    const bars = renderToStaticMarkup(<BarChart data={data} axes={axes} />);
    expect(bars.match(/class="hs-chart__bar"/g)).toHaveLength(3);
    expect(bars).toContain('aria-label="Score"');
    const lines = renderToStaticMarkup(<LineChart data={data} axes={axes} />);
    expect(lines.match(/<polyline/g)).toHaveLength(2);
  });
});

describe('clickables', () => {
  it('renders Button variants and sizes, disabled when asked', () => {
    const html = renderToStaticMarkup(
      <Button variant="primary" size="sm" disabled>
        Save
      </Button>,
    );
    expect(html).toBe(
      '<button type="button" class="hs-button hs-button--primary hs-button--sm" disabled="">Save</button>',
    );
  });

  it('opens external links in a new tab with a marker, internal ones in place', () => {
    const external = renderToStaticMarkup(<Link href="https://example.com/x">Docs</Link>);
    expect(external).toContain('target="_blank"');
    expect(external).toContain('rel="noopener noreferrer"');
    expect(external).toContain('↗');
    expect(renderToStaticMarkup(<Link href="#/companies">Companies</Link>)).not.toContain('target=');
  });

  it('refuses overlays by name: the web host has no Panel, Modal or Tooltip', () => {
    expect(() => renderToStaticMarkup(<Button overlay={<span />}>Open</Button>)).toThrow(
      "Button's overlay prop is not implemented in the web host",
    );
  });
});
