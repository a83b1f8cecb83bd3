import type { EmptyStateProps, ErrorStateProps } from '@hubspot/ui-extensions';
import { classNames, testIdProps } from './base';
import { Heading } from './text';
import './states.css';

/** A simple line illustration stands in for HubSpot's image library. */
function Illustration({ kind, width }: { kind: 'empty' | 'error' | 'lock' | 'support'; width: number }) {
  const accent = kind === 'error' ? '#f2545b' : kind === 'lock' ? '#516f90' : '#00a4bd';
  return (
    <svg className="hs-illustration" width={width} viewBox="0 0 120 90" aria-hidden="true">
      <rect x="14" y="18" width="92" height="60" rx="6" fill="#f5f8fa" stroke="#cbd6e2" strokeWidth="2" />
      <rect x="26" y="32" width="44" height="6" rx="3" fill="#cbd6e2" />
      <rect x="26" y="46" width="64" height="6" rx="3" fill="#dfe3eb" />
      <rect x="26" y="60" width="32" height="6" rx="3" fill="#dfe3eb" />
      <circle cx="96" cy="22" r="14" fill="#fff" stroke={accent} strokeWidth="3" />
      <text x="96" y="28" textAnchor="middle" fontSize="16" fontWeight="700" fill={accent}>
        {kind === 'error' ? '!' : kind === 'lock' ? '🔒' : kind === 'support' ? '?' : '…'}
      </text>
    </svg>
  );
}

export function EmptyState({
  flush = false,
  children,
  title = 'All is not lost.',
  layout = 'horizontal',
  reverseOrder = false,
  imageWidth = 120,
  testId,
}: EmptyStateProps) {
  return (
    <div
      className={classNames(
        'hs-state',
        `hs-state--${layout}`,
        reverseOrder && 'hs-state--reverse',
        flush && 'hs-state--flush',
      )}
      {...testIdProps(testId)}
    >
      <Illustration kind="empty" width={imageWidth} />
      <div className="hs-state__content">
        <Heading>{title}</Heading>
        {children}
      </div>
    </div>
  );
}

export function ErrorState({
  children,
  title = 'Something went wrong.',
  type = 'error',
  testId,
}: ErrorStateProps) {
  return (
    <div className="hs-state hs-state--vertical" role="alert" {...testIdProps(testId)}>
      <Illustration kind={type} width={120} />
      <div className="hs-state__content">
        <Heading>{title}</Heading>
        {children}
      </div>
    </div>
  );
}
