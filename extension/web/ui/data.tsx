import type {
  DescriptionListItemProps,
  DescriptionListProps,
  ProgressBarProps,
  ScoreProps,
  StatisticsItemProps,
  StatisticsProps,
  StatisticsTrendProps,
} from '@hubspot/ui-extensions';
import { testIdProps } from './events';

/** HubSpot clamps the score to 0..100 and rounds it; the ring colour follows thirds of the range. */
export function scoreBand(score: number): { value: number; tone: 'danger' | 'warning' | 'success' } {
  const value = Number.isFinite(score) ? Math.min(100, Math.max(0, Math.round(score))) : 0;
  return { value, tone: value < 33 ? 'danger' : value < 66 ? 'warning' : 'success' };
}

export function ScoreCircle({ score, testId }: ScoreProps) {
  const { value, tone } = scoreBand(score);
  const radius = 26;
  const circumference = 2 * Math.PI * radius;
  return (
    <span
      className={`hs-score hs-score--${tone}`}
      role="img"
      aria-label={`Score ${value} of 100`}
      {...testIdProps(testId)}
    >
      <svg viewBox="0 0 64 64" width="64" height="64" aria-hidden="true">
        <circle className="hs-score__track" cx="32" cy="32" r={radius} />
        <circle
          className="hs-score__fill"
          cx="32"
          cy="32"
          r={radius}
          strokeDasharray={`${(circumference * value) / 100} ${circumference}`}
          transform="rotate(-90 32 32)"
        />
      </svg>
      <span className="hs-score__value">{value}</span>
    </span>
  );
}

export function Statistics({ children, testId }: StatisticsProps) {
  return (
    <div className="hs-statistics" {...testIdProps(testId)}>
      {children}
    </div>
  );
}

export function StatisticsItem({ id, label, number, children, testId }: StatisticsItemProps) {
  return (
    <div className="hs-statistics__item" id={id} {...testIdProps(testId)}>
      <div className="hs-statistics__label">{label}</div>
      <div className="hs-statistics__number">{number}</div>
      {children && <div className="hs-statistics__extra">{children}</div>}
    </div>
  );
}

export function StatisticsTrend({ value, direction, color, testId }: StatisticsTrendProps) {
  const tone = color ?? (direction === 'increase' ? 'green' : 'red');
  return (
    <span className={`hs-trend hs-trend--${tone}`} {...testIdProps(testId)}>
      <span aria-hidden="true">{direction === 'increase' ? '▲' : '▼'}</span>
      <span className="hs-sr-only">{direction === 'increase' ? 'Increased by' : 'Decreased by'}</span> {value}
    </span>
  );
}

export function ProgressBar({
  title,
  'aria-label': ariaLabel,
  showPercentage = false,
  value = 0,
  maxValue,
  valueMax,
  valueDescription,
  variant = 'success',
  testId,
}: ProgressBarProps) {
  const max = maxValue ?? valueMax ?? 100;
  const percent = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div className="hs-progress" {...testIdProps(testId)}>
      {(title || showPercentage || valueDescription) && (
        <div className="hs-progress__header">
          <span className="hs-progress__title">{title}</span>
          <span className="hs-progress__value">
            {valueDescription}
            {valueDescription && showPercentage ? ' · ' : ''}
            {showPercentage ? `${Math.round(percent)}%` : ''}
          </span>
        </div>
      )}
      <div
        className="hs-progress__track"
        role="progressbar"
        aria-label={ariaLabel ?? title}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
      >
        <div className={`hs-progress__fill hs-progress__fill--${variant}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

export function DescriptionList({ children, direction = 'column', testId }: DescriptionListProps) {
  return (
    <dl className={`hs-dl hs-dl--${direction}`} {...testIdProps(testId)}>
      {children}
    </dl>
  );
}

export function DescriptionListItem({ children, label, testId }: DescriptionListItemProps) {
  return (
    <div className="hs-dl__item" {...testIdProps(testId)}>
      <dt className="hs-dl__label">{label}</dt>
      <dd className="hs-dl__value">{children}</dd>
    </div>
  );
}
