import type { StatusTagProps, TagProps } from '@hubspot/ui-extensions';
import { classNames, reactions, refuseOverlay, testIdProps, toExtensionEvent } from './base';
import './tag.css';

export function Tag({ children, variant = 'default', onClick, inline = false, overlay, testId }: TagProps) {
  refuseOverlay(overlay, 'Tag');
  const className = classNames(
    'hs-tag',
    `hs-tag--${variant}`,
    inline && 'hs-tag--inline',
    onClick && 'hs-clickable',
  );
  return onClick ? (
    <button
      type="button"
      className={className}
      onClick={(e) => void onClick(toExtensionEvent(e), reactions)}
      {...testIdProps(testId)}
    >
      {children}
    </button>
  ) : (
    <span className={className} {...testIdProps(testId)}>
      {children}
    </span>
  );
}

export function StatusTag({
  variant = 'default',
  hollow = false,
  onClick,
  showRemoveIcon,
  onRemoveClick,
  children,
  testId,
}: StatusTagProps) {
  return (
    <span
      className={classNames(
        'hs-status-tag',
        `hs-status-tag--${variant}`,
        hollow && 'hs-status-tag--hollow',
        onClick && 'hs-clickable',
      )}
      onClick={onClick}
      {...testIdProps(testId)}
    >
      <span className="hs-status-tag__dot" aria-hidden="true" />
      {children}
      {showRemoveIcon && (
        <button type="button" className="hs-status-tag__remove" aria-label="Remove" onClick={onRemoveClick}>
          ×
        </button>
      )}
    </span>
  );
}
