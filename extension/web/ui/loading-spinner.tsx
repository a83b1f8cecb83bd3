import type { LoadingSpinnerProps } from '@hubspot/ui-extensions';
import { classNames, sizeKey, testIdProps } from './base';
import './loading-spinner.css';

export function LoadingSpinner({
  label,
  showLabel = false,
  size = 'sm',
  layout = 'inline',
  testId,
}: LoadingSpinnerProps) {
  return (
    <div className={classNames('hs-loading', `hs-loading--${layout}`)} role="status" {...testIdProps(testId)}>
      <span className={`hs-spinner hs-spinner--${sizeKey(size, 'sm')}`} aria-hidden="true" />
      <span className={showLabel ? 'hs-loading__label' : 'hs-sr-only'}>{label}</span>
    </div>
  );
}
