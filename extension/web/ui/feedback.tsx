import type {
  AccordionProps,
  AlertProps,
  EmptyStateProps,
  ErrorStateProps,
  LoadingSpinnerProps,
  ModalBodyProps,
  ModalFooterProps,
  ModalProps,
  PanelBodyProps,
  PanelFooterProps,
  PanelProps,
  PanelSectionProps,
} from '@hubspot/ui-extensions';
import { useEffect, useRef, useState } from 'react';
import { classNames, sizeKey, testIdProps, useOverlays } from './events';

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
        <h3 className="hs-heading">{title}</h3>
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
        <h3 className="hs-heading">{title}</h3>
        {children}
      </div>
    </div>
  );
}

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

export function Accordion({
  title,
  children,
  defaultOpen = false,
  disabled = false,
  open,
  size = 'sm',
  onClick,
  testId,
}: AccordionProps) {
  const [uncontrolled, setUncontrolled] = useState(defaultOpen);
  const isOpen = open ?? uncontrolled;
  return (
    <div className={classNames('hs-accordion', isOpen && 'is-open')} {...testIdProps(testId)}>
      <button
        type="button"
        className={`hs-accordion__title hs-accordion__title--${sizeKey(size, 'sm')}`}
        aria-expanded={isOpen}
        disabled={disabled}
        onClick={() => {
          setUncontrolled(!isOpen);
          onClick?.();
        }}
      >
        <span className="hs-accordion__chevron" aria-hidden="true">
          ›
        </span>
        {title}
      </button>
      {isOpen && <div className="hs-accordion__body">{children}</div>}
    </div>
  );
}

function useOverlayOpen(id: string, onOpen?: () => void, onClose?: () => void): [boolean, () => void] {
  const { openIds, reactions } = useOverlays();
  const isOpen = openIds.has(id);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (isOpen && !wasOpen.current) onOpen?.();
    if (!isOpen && wasOpen.current) onClose?.();
    wasOpen.current = isOpen;
  }, [isOpen, onOpen, onClose]);
  return [isOpen, () => reactions.closePanel(id)];
}

export function Panel({
  'aria-label': ariaLabel,
  children,
  id,
  onOpen,
  onClose,
  width = 'sm',
  title,
  variant = 'default',
  testId,
}: PanelProps) {
  const [isOpen, close] = useOverlayOpen(id, onOpen, onClose);
  if (!isOpen) return null;
  return (
    <div className={classNames('hs-overlay', variant === 'modal' && 'hs-overlay--dim')} onClick={close}>
      <aside
        className={`hs-panel hs-panel--${sizeKey(width, 'sm')}`}
        role="dialog"
        aria-label={ariaLabel ?? title}
        onClick={(e) => e.stopPropagation()}
        {...testIdProps(testId)}
      >
        <header className="hs-panel__header">
          <span>{title}</span>
          <button type="button" className="hs-panel__close" aria-label="Close" onClick={close}>
            ×
          </button>
        </header>
        {children}
      </aside>
    </div>
  );
}

export function PanelBody({ children, testId }: PanelBodyProps) {
  return (
    <div className="hs-panel__body" {...testIdProps(testId)}>
      {children}
    </div>
  );
}

export function PanelSection({ children, flush = false, testId }: PanelSectionProps) {
  return (
    <section
      className={classNames('hs-panel__section', flush && 'hs-panel__section--flush')}
      {...testIdProps(testId)}
    >
      {children}
    </section>
  );
}

export function PanelFooter({ children, testId }: PanelFooterProps) {
  return (
    <footer className="hs-panel__footer" {...testIdProps(testId)}>
      {children}
    </footer>
  );
}

export function Modal({
  'aria-label': ariaLabel,
  children,
  id,
  onOpen,
  onClose,
  width = 'sm',
  title,
  variant = 'default',
  testId,
}: ModalProps) {
  const [isOpen, close] = useOverlayOpen(id, onOpen, onClose);
  if (!isOpen) return null;
  return (
    <div className="hs-overlay hs-overlay--dim hs-overlay--center" onClick={close}>
      <div
        className={classNames(
          'hs-modal',
          `hs-modal--${sizeKey(width, 'sm')}`,
          variant === 'danger' && 'hs-modal--danger',
        )}
        role="dialog"
        aria-modal="true"
        aria-label={ariaLabel ?? title}
        onClick={(e) => e.stopPropagation()}
        {...testIdProps(testId)}
      >
        <header className="hs-panel__header">
          <span>{title}</span>
          <button type="button" className="hs-panel__close" aria-label="Close" onClick={close}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

export function ModalBody({ children, testId }: ModalBodyProps) {
  return (
    <div className="hs-panel__body" {...testIdProps(testId)}>
      {children}
    </div>
  );
}

export function ModalFooter({ children, testId }: ModalFooterProps) {
  return (
    <footer className="hs-panel__footer" {...testIdProps(testId)}>
      {children}
    </footer>
  );
}
