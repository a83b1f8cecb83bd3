import type {
  BarChartProps,
  ChartColor,
  ChartDataRow,
  ChartProps,
  LineChartProps,
} from '@hubspot/ui-extensions';
import { useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { testIdProps } from './base';
import './charts.css';

const palette: Record<ChartColor, string> = {
  orange: '#ff7a59',
  aqua: '#00bda5',
  purple: '#6a78d1',
  yellow: '#f5c26b',
  pink: '#ea90b1',
  blue: '#00a4bd',
  green: '#4fb06d',
  darkOrange: '#d9603b',
  darkAqua: '#00a38d',
  darkPurple: '#5c62d6',
  darkYellow: '#dbae60',
  darkPink: '#d6718f',
  darkBlue: '#0091ae',
  darkGreen: '#3e8e5a',
};
const defaultOrder: ChartColor[] = [
  'blue',
  'orange',
  'purple',
  'aqua',
  'yellow',
  'pink',
  'green',
  'darkBlue',
];

type Series = { key: string; label: string; color: string; values: (number | null)[] };
export type ChartModel = {
  title?: string;
  categories: string[];
  series: Series[];
  min: number;
  max: number;
  xLabel?: string;
  yLabel?: string;
};

function niceCeiling(value: number): number {
  if (value <= 0) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value) ?? 10;
  return step * magnitude;
}

function formatCategory(raw: string | number, fieldType: string): string {
  if (fieldType !== 'datetime') return String(raw);
  const date = new Date(typeof raw === 'number' ? raw : String(raw));
  return Number.isNaN(date.getTime())
    ? String(raw)
    : date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Turns HubSpot's row-per-point chart data into categories × series, the shape both charts draw. */
export function buildChartModel({ data, axes, options = {} }: ChartProps): ChartModel {
  const rows: ChartDataRow[] = Array.isArray(data) ? data : data.data;
  const labels = Array.isArray(data) ? {} : (data.options?.propertyLabels ?? {});
  const groupField = axes.options?.groupFieldByColor;
  const rawCategories: (string | number)[] = [];
  for (const row of rows) {
    const x = row[axes.x.field];
    if (x !== undefined && !rawCategories.includes(x)) rawCategories.push(x);
  }
  if (axes.x.fieldType === 'datetime')
    rawCategories.sort((a, b) => new Date(a).getTime() - new Date(b).getTime());
  if (axes.x.fieldType === 'linear') rawCategories.sort((a, b) => Number(a) - Number(b));
  const groupKeys: string[] = [];
  for (const row of rows) {
    const key = groupField ? String(row[groupField] ?? '') : axes.y.field;
    if (!groupKeys.includes(key)) groupKeys.push(key);
  }
  const listed = options.colorList ?? options.colors ?? [];
  const series = groupKeys.map((key, index): Series => {
    const named = axes.options?.colors?.[key] ?? listed[index] ?? defaultOrder[index % defaultOrder.length]!;
    const values = rawCategories.map((category) => {
      const row = rows.find(
        (r) => r[axes.x.field] === category && (groupField ? String(r[groupField] ?? '') === key : true),
      );
      const y = row === undefined ? NaN : Number(row[axes.y.field]);
      return Number.isFinite(y) ? y : null;
    });
    const label = groupField ? (labels[groupField]?.[key] ?? key) : (axes.y.label ?? key);
    return { key, label, color: palette[named], values };
  });
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const min = Math.min(0, ...all);
  const max = niceCeiling(Math.max(...all, 0)) || 1;
  return {
    title: options.title,
    categories: rawCategories.map(
      (c) => labels[axes.x.field]?.[String(c)] ?? formatCategory(c, axes.x.fieldType),
    ),
    series,
    min,
    max,
    xLabel: axes.x.label,
    yLabel: axes.y.label,
  };
}

const DEFAULT_WIDTH = 560;
const H = 240;

/** Draw at the container's real pixel width so labels keep their size instead of scaling with the SVG. */
function useChartWidth(): [RefObject<HTMLElement>, number] {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => setWidth(Math.max(240, Math.round(element.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
const PAD = { left: 48, right: 16, top: 16, bottom: 44 };

type FrameProps = {
  model: ChartModel;
  width: number;
  frameRef: RefObject<HTMLElement>;
  children: ReactNode;
  showLegend: boolean;
  testId?: string;
};

function Frame({ model, width: W, frameRef, children, showLegend, testId }: FrameProps) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => model.min + (model.max - model.min) * t);
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - ((v - model.min) / (model.max - model.min)) * plotH;
  return (
    <figure className="hs-chart" ref={frameRef} {...testIdProps(testId)}>
      {model.title && <figcaption className="hs-chart__title">{model.title}</figcaption>}
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label={model.title ?? model.yLabel ?? 'Chart'}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line className="hs-chart__grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text className="hs-chart__tick" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        {children}
        {model.xLabel && (
          <text className="hs-chart__axis-label" x={(W + PAD.left) / 2} y={H - 4} textAnchor="middle">
            {model.xLabel}
          </text>
        )}
        {model.yLabel && (
          <text
            className="hs-chart__axis-label"
            transform={`translate(12 ${(H - PAD.bottom) / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            {model.yLabel}
          </text>
        )}
      </svg>
      {showLegend && (
        <div className="hs-chart__legend">
          {model.series.map((s) => (
            <span key={s.key} className="hs-chart__legend-item">
              <span className="hs-chart__swatch" style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
        </div>
      )}
    </figure>
  );
}

function geometry(model: ChartModel, W: number) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const band = plotW / Math.max(1, model.categories.length);
  const y = (v: number) => PAD.top + plotH - ((v - model.min) / (model.max - model.min)) * plotH;
  // Show at most ~8 category labels so dates do not overlap.
  const labelEvery = Math.max(1, Math.ceil(model.categories.length / 8));
  return { plotW, plotH, band, y, labelEvery };
}

function CategoryLabels({ model, width }: { model: ChartModel; width: number }) {
  const { band, labelEvery } = geometry(model, width);
  return (
    <>
      {model.categories.map((c, i) =>
        i % labelEvery === 0 ? (
          <text
            key={i}
            className="hs-chart__tick"
            x={PAD.left + band * (i + 0.5)}
            y={H - PAD.bottom + 16}
            textAnchor="middle"
          >
            {c}
          </text>
        ) : null,
      )}
    </>
  );
}

export function LineChart(props: LineChartProps) {
  const model = buildChartModel(props);
  const [frameRef, width] = useChartWidth();
  const { band, y } = geometry(model, width);
  const showTooltips = props.options?.showTooltips !== false;
  const x = (i: number) => PAD.left + band * (i + 0.5);
  return (
    <Frame
      model={model}
      width={width}
      frameRef={frameRef}
      showLegend={props.options?.showLegend ?? model.series.length > 1}
      testId={props.testId}
    >
      <CategoryLabels model={model} width={width} />
      {model.series.map((s) => {
        const points = s.values.flatMap((v, i) => (v === null ? [] : [`${x(i)},${y(v)}`]));
        return (
          <g key={s.key} className="hs-chart__series">
            <polyline
              fill="none"
              stroke={s.color}
              strokeWidth="2.5"
              strokeLinejoin="round"
              points={points.join(' ')}
            />
            {s.values.map((v, i) =>
              v === null ? null : (
                <circle key={i} cx={x(i)} cy={y(v)} r="3.5" fill="#fff" stroke={s.color} strokeWidth="2">
                  {showTooltips && <title>{`${s.label} · ${model.categories[i]}: ${v}`}</title>}
                </circle>
              ),
            )}
            {props.options?.showDataLabels &&
              s.values.map((v, i) =>
                v === null ? null : (
                  <text
                    key={`l${i}`}
                    className="hs-chart__data-label"
                    x={x(i)}
                    y={y(v) - 8}
                    textAnchor="middle"
                  >
                    {v}
                  </text>
                ),
              )}
          </g>
        );
      })}
    </Frame>
  );
}

export function BarChart(props: BarChartProps) {
  const model = buildChartModel(props);
  const [frameRef, width] = useChartWidth();
  const { band, y } = geometry(model, width);
  const stacked = props.axes.options?.stacking === true;
  const showTooltips = props.options?.showTooltips !== false;
  // Bars wider than ~64px look like blocks; keep them slim on wide screens.
  const inner = Math.min(band * 0.7, 64 * Math.max(1, stacked ? 1 : model.series.length));
  const barW = stacked ? inner : inner / Math.max(1, model.series.length);
  return (
    <Frame
      model={model}
      width={width}
      frameRef={frameRef}
      showLegend={props.options?.showLegend ?? model.series.length > 1}
      testId={props.testId}
    >
      <CategoryLabels model={model} width={width} />
      {model.categories.map((category, i) => {
        let stackBase = 0;
        return (
          <g key={i}>
            {model.series.map((s, j) => {
              const v = s.values[i];
              if (v === null || v === undefined) return null;
              const from = stacked ? stackBase : 0;
              const to = from + v;
              if (stacked) stackBase = to;
              const left = PAD.left + band * i + (band - inner) / 2 + (stacked ? 0 : j * barW);
              const top = y(Math.max(from, to));
              const height = Math.max(1, Math.abs(y(from) - y(to)));
              return (
                <g key={s.key}>
                  <rect
                    className="hs-chart__bar"
                    x={left}
                    y={top}
                    width={Math.max(2, barW - 2)}
                    height={height}
                    fill={s.color}
                    rx="2"
                  >
                    {showTooltips && <title>{`${s.label} · ${category}: ${v}`}</title>}
                  </rect>
                  {props.options?.showDataLabels && (
                    <text
                      className="hs-chart__data-label"
                      x={left + barW / 2}
                      y={top - 4}
                      textAnchor="middle"
                    >
                      {v}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
    </Frame>
  );
}
