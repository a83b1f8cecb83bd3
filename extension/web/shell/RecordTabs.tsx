import { useRef, type KeyboardEvent } from 'react';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'activities', label: 'Activities' },
  { id: 'pulse', label: 'Pulse health' },
] as const;

export type RecordTab = (typeof TABS)[number]['id'];

/** The ids that tie each tab to its panel (aria-controls / aria-labelledby). */
export const tabIds = {
  tab: (id: RecordTab) => ({ id: `record-tab-${id}`, 'aria-controls': `record-panel-${id}` }),
  panel: (id: RecordTab) => ({ id: `record-panel-${id}`, 'aria-labelledby': `record-tab-${id}` }),
};

/** Which tab a key moves to (WAI-ARIA tabs pattern, automatic activation), or null for other keys. */
export function tabAfterKey(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * The record's tab strip: one tab stop (roving tabindex), arrow keys, Home and End move between tabs and
 * select them.
 */
export function RecordTabs({
  selected,
  onSelect,
}: {
  selected: RecordTab;
  onSelect: (tab: RecordTab) => void;
}) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next = tabAfterKey(event.key, index, TABS.length);
    if (next === null) return;
    event.preventDefault();
    onSelect(TABS[next]!.id);
    buttons.current[next]?.focus();
  };
  return (
    <div className="record__tabs" role="tablist" aria-label="Company record">
      {TABS.map(({ id, label }, index) => (
        <button
          key={id}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          role="tab"
          {...tabIds.tab(id)}
          aria-selected={selected === id}
          tabIndex={selected === id ? 0 : -1}
          className={selected === id ? 'is-selected' : undefined}
          onClick={() => onSelect(id)}
          onKeyDown={(event) => onKeyDown(event, index)}
          data-testid={`record-tab-${id}`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
