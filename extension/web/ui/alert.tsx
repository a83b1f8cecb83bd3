import type { AlertProps } from '@hubspot/ui-extensions';
import { testIdProps } from './base';
import './alert.css';

export function Alert({ title, children, variant = 'info', testId }: AlertProps) {
  const tone = variant === 'error' ? 'danger' : variant;
  return (
    <div
      className={`hs-alert hs-alert--${tone}`}
      role={tone === 'danger' ? 'alert' : 'status'}
      {...testIdProps(testId)}
    >
      <div className="hs-alert__title">{title}</div>
      {children && <div className="hs-alert__body">{children}</div>}
    </div>
  );
}
