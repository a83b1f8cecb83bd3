import type { StatisticsItemProps, StatisticsProps, StatisticsTrendProps } from '@hubspot/ui-extensions';
import { testIdProps } from './base';
import './statistics.css';

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
