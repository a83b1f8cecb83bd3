import type {
  HeadingProps,
  HrefProp,
  IconProps,
  ImageProps,
  LinkProps,
  ListProps,
  StatusTagProps,
  TagProps,
  TextFormatOptions,
  TextProps,
  TooltipProps,
} from '@hubspot/ui-extensions';
import { Children, isValidElement, type CSSProperties, type MouseEvent, type ReactNode } from 'react';
import { classNames, testIdProps, toExtensionEvent, useOverlays } from './events';

export function Heading({ children, inline = false, testId }: HeadingProps) {
  return (
    <h3 className={classNames('hs-heading', inline && 'hs-heading--inline')} {...testIdProps(testId)}>
      {children}
    </h3>
  );
}

function sentenceCase(node: ReactNode): ReactNode {
  return typeof node === 'string' && node.length > 0
    ? node[0]!.toUpperCase() + node.slice(1).toLowerCase()
    : node;
}

export function formatStyle(format: TextFormatOptions | undefined): CSSProperties {
  if (!format) return {};
  const weights = { regular: 400, demibold: 600, bold: 700 } as const;
  const decorations = { none: 'none', underline: 'underline', strikethrough: 'line-through' } as const;
  return {
    fontWeight: format.fontWeight ? weights[format.fontWeight] : undefined,
    fontStyle: format.italic ? 'italic' : undefined,
    textDecoration: format.lineDecoration ? decorations[format.lineDecoration] : undefined,
    textTransform:
      format.textTransform && format.textTransform !== 'sentenceCase' ? format.textTransform : undefined,
  };
}

export function Text({
  variant = 'bodytext',
  inline = false,
  children,
  format,
  truncate = false,
  testId,
}: TextProps) {
  const content = format?.textTransform === 'sentenceCase' ? Children.map(children, sentenceCase) : children;
  const truncateOptions = typeof truncate === 'object' ? truncate : {};
  const style: CSSProperties = { ...formatStyle(format), maxWidth: truncateOptions.maxWidth };
  const title =
    truncate === false
      ? undefined
      : (truncateOptions.tooltipText ?? (typeof children === 'string' ? children : undefined));
  const Tag = inline ? 'span' : 'p';
  return (
    <Tag
      className={classNames(
        'hs-text',
        variant === 'microcopy' && 'hs-text--micro',
        truncate !== false && 'hs-text--truncate',
      )}
      style={style}
      title={title}
      {...testIdProps(testId)}
    >
      {content}
    </Tag>
  );
}

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
  const { reactions } = useOverlays();
  const target = resolveHref(href, currentOrigin());
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (preventDefault) event.preventDefault();
    void onClick?.(toExtensionEvent(event), reactions);
  };
  return (
    <WithOverlay overlay={overlay}>
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
    </WithOverlay>
  );
}

export function Tag({ children, variant = 'default', onClick, inline = false, overlay, testId }: TagProps) {
  const { reactions } = useOverlays();
  const className = classNames(
    'hs-tag',
    `hs-tag--${variant}`,
    inline && 'hs-tag--inline',
    onClick && 'hs-clickable',
  );
  return (
    <WithOverlay overlay={overlay}>
      {onClick ? (
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
      )}
    </WithOverlay>
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

export function Tooltip({ children, placement = 'top', testId }: TooltipProps) {
  return (
    <span role="tooltip" className={`hs-tooltip hs-tooltip--${placement}`} {...testIdProps(testId)}>
      {children}
    </span>
  );
}

/** Tooltips show on hover next to their trigger; Panels and Modals render themselves when opened. */
export function WithOverlay({ overlay, children }: { overlay: ReactNode; children: ReactNode }) {
  if (overlay === undefined || overlay === null) return <>{children}</>;
  if (isValidElement(overlay) && overlay.type === Tooltip) {
    return (
      <span className="hs-tooltip-anchor">
        {children}
        {overlay}
      </span>
    );
  }
  return (
    <>
      {children}
      {overlay}
    </>
  );
}

// A handful of glyphs cover the icons Pulse uses; unknown names still render a neutral dot.
const glyphs: Partial<Record<string, string>> = {
  add: '+',
  remove: '−',
  success: '✓',
  checkCircle: '✓',
  warning: '⚠',
  exclamation: '!',
  exclamationCircle: '!',
  info: 'i',
  infoNoCircle: 'i',
  question: '?',
  questionCircle: '?',
  xCircle: '×',
  filledXCircleIcon: '×',
  delete: '🗑',
  edit: '✎',
  refresh: '↻',
  dataSync: '⇄',
  search: '⌕',
  settings: '⚙',
  upCarat: '▲',
  downCarat: '▼',
  left: '‹',
  right: '›',
  star: '★',
  favoriteHollow: '☆',
  trophy: '🏆',
  thumbsUp: '👍',
  thumbsDown: '👎',
  faceHappy: '☺',
  faceNeutral: '😐',
  faceSad: '☹',
  ticket: '🎫',
  date: '📅',
  clock: '🕒',
  email: '✉',
  link: '🔗',
  flame: '🔥',
  reports: '📊',
  gauge: '◔',
  signal: '📶',
  circleFilled: '●',
  circleHollow: '○',
};

export function Icon({ name, color = 'inherit', size, screenReaderText, testId }: IconProps) {
  return (
    <span
      className={classNames('hs-icon', `hs-icon--${color}`, size && `hs-icon--${size}`)}
      {...testIdProps(testId)}
    >
      <span aria-hidden="true">{glyphs[name] ?? '•'}</span>
      {screenReaderText && <span className="hs-sr-only">{screenReaderText}</span>}
    </span>
  );
}

export function List({ children, variant = 'unordered', testId }: ListProps) {
  const ordered = variant.startsWith('ordered');
  const items = Children.map(children, (child) => <li>{child}</li>);
  const className = `hs-list hs-list--${variant}`;
  return ordered ? (
    <ol className={className} {...testIdProps(testId)}>
      {items}
    </ol>
  ) : (
    <ul className={className} {...testIdProps(testId)}>
      {items}
    </ul>
  );
}

export function Image({ alt, href, onClick, src, width, height, overlay, testId }: ImageProps) {
  const { reactions } = useOverlays();
  const img = (
    <img
      className="hs-image"
      alt={alt ?? ''}
      src={src}
      width={width}
      height={height}
      onClick={onClick && ((e) => void onClick(toExtensionEvent(e), reactions))}
      {...testIdProps(testId)}
    />
  );
  if (!href) return <WithOverlay overlay={overlay}>{img}</WithOverlay>;
  const target = resolveHref(href, currentOrigin());
  return (
    <WithOverlay overlay={overlay}>
      <a href={target.url} {...(target.external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
        {img}
      </a>
    </WithOverlay>
  );
}
