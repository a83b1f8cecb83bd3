import type { HeadingProps, TextFormatOptions, TextProps } from '@hubspot/ui-extensions';
import { Children, type CSSProperties, type ReactNode } from 'react';
import { classNames, testIdProps } from './base';
import './text.css';

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
