import type { DividerProps, FlexProps, TileProps } from '@hubspot/ui-extensions';
import type { CSSProperties } from 'react';
import { classNames, sizeKey, testIdProps } from './base';
import './layout.css';

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

export function Divider({ size, distance, testId }: DividerProps) {
  return (
    <hr className={`hs-divider hs-divider--${sizeKey(size ?? distance, 'sm')}`} {...testIdProps(testId)} />
  );
}
