import type { ScoreProps } from '@hubspot/ui-extensions';
import { testIdProps } from './base';
import './score-circle.css';

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
