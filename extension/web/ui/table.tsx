import type { TableCellProps, TableElementProps, TableHeaderProps, TableProps } from '@hubspot/ui-extensions';
import { useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { classNames, testIdProps } from './base';
import './table.css';

type SortDirection = 'ascending' | 'descending' | 'none';

/** Clicking a sortable header asks for ascending first, then flips; HubSpot never hands back 'none'. */
export function nextSortDirection(current: SortDirection): 'ascending' | 'descending' {
  return current === 'ascending' ? 'descending' : 'ascending';
}

/** The page buttons to show: a window of at most `max` pages around the current one. */
export function visiblePages(page: number, pageCount: number, max = 5): number[] {
  const count = Math.max(0, Math.floor(pageCount));
  const size = Math.max(1, Math.min(max, count));
  const current = Math.min(Math.max(1, page), Math.max(1, count));
  const start = Math.max(1, Math.min(current - Math.floor(size / 2), count - size + 1));
  return count === 0 ? [] : Array.from({ length: size }, (_, i) => start + i);
}

function widthStyle(width: TableCellProps['width'], align: TableCellProps['align']): CSSProperties {
  const style: CSSProperties = { textAlign: align };
  if (typeof width === 'number') style.width = width;
  else if (width === 'min') style.width = '1%';
  else if (width === 'max') style.width = '100%';
  return style;
}

/** Whether the element is wider than its box (a table that needs sideways scrolling), kept up to date. */
function useOverflowsX(ref: RefObject<HTMLElement | null>): boolean {
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const measure = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    measure();
    return () => observer.disconnect();
  }, [ref]);
  return overflows;
}

export function Table(props: TableProps) {
  const { bordered = true, flush = false, density = 'default', children, testId } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const overflows = useOverflowsX(scroller);
  // A table wider than the screen scrolls sideways: say so, and let the keyboard scroll it too.
  return (
    <div className={classNames('hs-table-wrap', flush && 'hs-table-wrap--flush')} {...testIdProps(testId)}>
      {overflows && (
        <p className="hs-table-hint" data-testid="table-scroll-hint">
          Scroll sideways to see every column <span aria-hidden="true">→</span>
        </p>
      )}
      <div
        ref={scroller}
        className={classNames('hs-table-scroll', overflows && 'hs-table-scroll--overflows')}
        {...(overflows ? { tabIndex: 0, role: 'region', 'aria-label': 'Table (scrolls sideways)' } : {})}
      >
        <table className={classNames('hs-table', bordered && 'hs-table--bordered', `hs-table--${density}`)}>
          {children}
        </table>
      </div>
      {props.paginated && <Pagination {...props} />}
    </div>
  );
}

type PaginationProps = Extract<TableProps, { paginated: true }>;

function Pagination({
  pageCount,
  page = 1,
  onPageChange,
  showButtonLabels = true,
  showFirstLastButtons = false,
  maxVisiblePageButtons,
}: PaginationProps) {
  const go = (target: number) => {
    if (target >= 1 && target <= pageCount && target !== page) onPageChange(target);
  };
  const label = (text: string, arrow: string, before: boolean) =>
    showButtonLabels ? (
      before ? (
        `${arrow} ${text}`
      ) : (
        `${text} ${arrow}`
      )
    ) : (
      <span aria-label={text}>{arrow}</span>
    );
  return (
    <nav className="hs-pagination" aria-label="Pagination">
      {showFirstLastButtons && (
        <button type="button" className="hs-pagination__step" disabled={page <= 1} onClick={() => go(1)}>
          {label('First', '«', true)}
        </button>
      )}
      <button type="button" className="hs-pagination__step" disabled={page <= 1} onClick={() => go(page - 1)}>
        {label('Prev', '‹', true)}
      </button>
      {visiblePages(page, pageCount, maxVisiblePageButtons).map((n) => (
        <button
          key={n}
          type="button"
          className={classNames('hs-pagination__page', n === page && 'is-current')}
          aria-current={n === page ? 'page' : undefined}
          onClick={() => go(n)}
        >
          {n}
        </button>
      ))}
      <button
        type="button"
        className="hs-pagination__step"
        disabled={page >= pageCount}
        onClick={() => go(page + 1)}
      >
        {label('Next', '›', false)}
      </button>
      {showFirstLastButtons && (
        <button
          type="button"
          className="hs-pagination__step"
          disabled={page >= pageCount}
          onClick={() => go(pageCount)}
        >
          {label('Last', '»', false)}
        </button>
      )}
    </nav>
  );
}

export function TableHead({ children, testId }: TableElementProps) {
  return <thead {...testIdProps(testId)}>{children}</thead>;
}

export function TableBody({ children, testId }: TableElementProps) {
  return <tbody {...testIdProps(testId)}>{children}</tbody>;
}

export function TableRow({ children, testId }: TableElementProps) {
  return <tr {...testIdProps(testId)}>{children}</tr>;
}

export function TableCell({ children, align, width, colSpan, testId }: TableCellProps) {
  return (
    <td style={widthStyle(width, align)} colSpan={colSpan} {...testIdProps(testId)}>
      {children}
    </td>
  );
}

export function TableHeader(props: TableHeaderProps) {
  const { children, align, width, testId } = props;
  const style = widthStyle(width, align);
  if (!('onSortChange' in props)) {
    return (
      <th style={style} {...testIdProps(testId)}>
        {children}
      </th>
    );
  }
  const { sortDirection, onSortChange, disabled = false } = props;
  const ariaSort = sortDirection === 'none' ? 'none' : sortDirection;
  // The button fills the cell, so a click anywhere in the header sorts (not only on its text).
  return (
    <th style={style} className="hs-table__sortable" aria-sort={ariaSort} {...testIdProps(testId)}>
      <button
        type="button"
        className={classNames(
          'hs-table__sort',
          align === 'right' && 'hs-table__sort--end',
          align === 'center' && 'hs-table__sort--center',
          sortDirection !== 'none' && 'is-sorted',
        )}
        disabled={disabled}
        onClick={() => onSortChange(nextSortDirection(sortDirection))}
      >
        {children}
        <span className="hs-table__sort-icon" aria-hidden="true">
          {sortDirection === 'ascending' ? '▲' : sortDirection === 'descending' ? '▼' : '⇅'}
        </span>
      </button>
    </th>
  );
}
