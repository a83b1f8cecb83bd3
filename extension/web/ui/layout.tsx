import type {
  AutoGridProps,
  BoxProps,
  CardProps,
  DividerProps,
  FlexProps,
  InlineProps,
  SpacerProps,
  StackProps,
  TileProps,
} from '@hubspot/ui-extensions';
import type { CSSProperties } from 'react';
import { classNames, sizeKey, testIdProps } from './events';

const alignValue = (align: string | undefined): string | undefined => {
  switch (align) {
    case 'start':
      return 'flex-start';
    case 'end':
      return 'flex-end';
    case 'around':
      return 'space-around';
    case 'between':
      return 'space-between';
    default:
      return align;
  }
};

export function Flex({
  gap,
  children,
  direction = 'row',
  justify,
  align,
  alignSelf,
  wrap,
  testId,
}: FlexProps) {
  const style: CSSProperties = {
    flexDirection: direction,
    justifyContent: alignValue(justify),
    alignItems: alignValue(align),
    alignSelf: alignValue(alignSelf),
    flexWrap: wrap === true || wrap === 'wrap' ? 'wrap' : 'nowrap',
  };
  return (
    <div
      className={classNames(
        'hs-flex',
        direction === 'column' && align === undefined && 'hs-flex--column-default',
        `hs-gap-${sizeKey(gap, 'flush')}`,
      )}
      style={style}
      {...testIdProps(testId)}
    >
      {children}
    </div>
  );
}

export function Inline({ children, justify, align = 'center', gap, testId }: InlineProps) {
  return (
    <Flex direction="row" justify={justify} align={align} gap={gap ?? 'sm'} wrap testId={testId}>
      {children}
    </Flex>
  );
}

export function Stack({
  children,
  distance,
  direction = 'column',
  justify,
  align,
  width,
  testId,
}: StackProps) {
  return (
    <div
      className={classNames('hs-flex', `hs-gap-${sizeKey(distance, 'sm')}`)}
      style={{
        flexDirection: direction,
        justifyContent: alignValue(justify),
        alignItems: alignValue(align),
        width,
      }}
      {...testIdProps(testId)}
    >
      {children}
    </div>
  );
}

export function AutoGrid({ columnWidth, gap, children, flexible = false, testId }: AutoGridProps) {
  const column = flexible ? `minmax(${columnWidth}px, 1fr)` : `${columnWidth}px`;
  return (
    <div
      className={classNames('hs-autogrid', `hs-gap-${sizeKey(gap, 'sm')}`)}
      style={{ gridTemplateColumns: `repeat(auto-fill, ${column})` }}
      {...testIdProps(testId)}
    >
      {children}
    </div>
  );
}

export function Box({ children, alignSelf, flex, testId }: BoxProps) {
  const style: CSSProperties = { alignSelf: alignValue(alignSelf) };
  if (typeof flex === 'number') style.flex = `${flex} ${flex} 0%`;
  else if (flex !== undefined)
    style.flex = flex === 'initial' ? '0 1 auto' : flex === 'auto' ? '1 1 auto' : 'none';
  return (
    <div className="hs-box" style={style} {...testIdProps(testId)}>
      {children}
    </div>
  );
}

export function Tile({ children, compact = false, flush = false, testId }: TileProps) {
  return (
    <div
      className={classNames('hs-tile', compact && 'hs-tile--compact', flush && 'hs-tile--flush')}
      {...testIdProps(testId)}
    >
      {children}
    </div>
  );
}

export function Card({ children, testId }: CardProps) {
  return (
    <div className="hs-tile" {...testIdProps(testId)}>
      {children}
    </div>
  );
}

export function Divider({ size, distance, testId }: DividerProps) {
  return (
    <hr className={`hs-divider hs-divider--${sizeKey(size ?? distance, 'sm')}`} {...testIdProps(testId)} />
  );
}

export function Spacer({ size, testId }: SpacerProps) {
  return <div className={`hs-spacer hs-spacer--${sizeKey(size, 'sm')}`} {...testIdProps(testId)} />;
}
