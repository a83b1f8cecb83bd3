import type { ProgressBarProps } from '@hubspot/ui-extensions';
import { testIdProps } from './base';
import './progress-bar.css';

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
