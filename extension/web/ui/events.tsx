import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ExtensionEvent, Reactions } from '@hubspot/ui-extensions';

let eventCount = 0;
// crypto.randomUUID exists only in secure contexts; the demo may be opened over plain http on a LAN address.
const eventId = () =>
  typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `event-${Date.now()}-${++eventCount}`;

// HubSpot hands handlers a serialisable event, never the DOM event: views must not depend on more.
export function toExtensionEvent(event: {
  type: string;
  bubbles: boolean;
  timeStamp: number;
}): ExtensionEvent {
  return { type: event.type, bubbles: event.bubbles, timeStamp: event.timeStamp, id: eventId() };
}

type OverlayState = { openIds: ReadonlySet<string>; reactions: Reactions };

const noopReactions: Reactions = {
  openPanel: () => {},
  closePanel: () => {},
  openModal: () => {},
  closeModal: () => {},
};
const OverlayContext = createContext<OverlayState>({ openIds: new Set(), reactions: noopReactions });

/** Holds which Panel/Modal ids are open, so `reactions.openPanel(id)` works like it does in HubSpot. */
export function OverlayProvider({ children }: { children: ReactNode }) {
  const [openIds, setOpenIds] = useState<ReadonlySet<string>>(new Set());
  const open = useCallback((id: string) => setOpenIds((ids) => new Set(ids).add(id)), []);
  const close = useCallback(
    (id: string) =>
      setOpenIds((ids) => {
        const next = new Set(ids);
        next.delete(id);
        return next;
      }),
    [],
  );
  const value = useMemo(
    () => ({
      openIds,
      reactions: { openPanel: open, closePanel: close, openModal: open, closeModal: close },
    }),
    [openIds, open, close],
  );
  return <OverlayContext.Provider value={value}>{children}</OverlayContext.Provider>;
}

export function useOverlays(): OverlayState {
  return useContext(OverlayContext);
}

export function testIdProps(testId: string | undefined): { 'data-testid'?: string } {
  return testId === undefined ? {} : { 'data-testid': testId };
}

export function classNames(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

/** HubSpot's t-shirt sizes and their aliases, mapped onto one 8px-based scale. */
export function sizeKey(
  size: string | undefined,
  fallback: 'flush' | 'xs' | 'sm' | 'md' | 'lg' | 'xl',
): string {
  switch (size) {
    case 'flush':
      return 'flush';
    case 'extra-small':
    case 'xs':
      return 'xs';
    case 'small':
    case 'sm':
      return 'sm';
    case 'medium':
    case 'md':
      return 'md';
    case 'large':
    case 'lg':
      return 'lg';
    case 'extra-large':
    case 'xl':
      return 'xl';
    default:
      return fallback;
  }
}
