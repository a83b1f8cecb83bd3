import type { ButtonProps } from '@hubspot/ui-extensions';
import type { MouseEvent } from 'react';
import { classNames, reactions, refuseOverlay, sizeKey, testIdProps, toExtensionEvent } from './base';
import { resolveHref } from './link';
import './button.css';

export function Button({
  onClick,
  href,
  disabled = false,
  variant = 'secondary',
  type = 'button',
  children,
  size,
  overlay,
  testId,
}: ButtonProps) {
  refuseOverlay(overlay, 'Button');
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    void onClick?.(toExtensionEvent(event), reactions);
    if (href) {
      const target = resolveHref(href, window.location.origin);
      if (target.external) window.open(target.url, '_blank', 'noopener');
      else window.location.assign(target.url);
    }
  };
  return (
    <button
      type={type}
      className={classNames('hs-button', `hs-button--${variant}`, `hs-button--${sizeKey(size, 'md')}`)}
      disabled={disabled}
      onClick={handleClick}
      {...testIdProps(testId)}
    >
      {children}
    </button>
  );
}
