import type { HrefProp, LinkProps } from '@hubspot/ui-extensions';
import type { MouseEvent } from 'react';
import { reactions, refuseOverlay, testIdProps, toExtensionEvent } from './base';
import './link.css';

/** Where a HubSpot href leads, and whether it leaves the app (HubSpot opens those in a new tab). */
export function resolveHref(href: HrefProp, currentOrigin: string): { url: string; external: boolean } {
  const { url, external } = typeof href === 'string' ? { url: href, external: undefined } : href;
  if (external !== undefined) return { url, external };
  try {
    return { url, external: new URL(url, currentOrigin).origin !== currentOrigin };
  } catch {
    return { url, external: false };
  }
}

const currentOrigin = () => (typeof window === 'undefined' ? 'http://localhost' : window.location.origin);

export function Link({
  children,
  href,
  variant = 'primary',
  onClick,
  preventDefault = false,
  overlay,
  testId,
}: LinkProps) {
  refuseOverlay(overlay, 'Link');
  const target = resolveHref(href, currentOrigin());
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (preventDefault) event.preventDefault();
    void onClick?.(toExtensionEvent(event), reactions);
  };
  return (
    <a
      className={`hs-link hs-link--${variant}`}
      href={target.url}
      onClick={handleClick}
      {...(target.external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
      {...testIdProps(testId)}
    >
      {children}
      {target.external && (
        <span className="hs-link__external" aria-hidden="true">
          ↗
        </span>
      )}
    </a>
  );
}
