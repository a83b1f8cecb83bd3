import './base.css';
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

/**
 * HubSpot hands `reactions` (open/close a Panel or Modal) to click handlers. No view uses overlays, so the
 * web host implements none: a view that starts to must add the components here first (decision 006).
 */
const notImplemented = (name: keyof Reactions) => () => {
  throw new Error(
    `reactions.${name} is not implemented in the web host (extension/web/ui has no Panel or Modal)`,
  );
};
export const reactions: Reactions = {
  openPanel: notImplemented('openPanel'),
  closePanel: notImplemented('closePanel'),
  openModal: notImplemented('openModal'),
  closeModal: notImplemented('closeModal'),
};

/** The same refusal for the `overlay` prop of Button, Link and Tag. */
export function refuseOverlay(overlay: unknown, component: string): void {
  if (overlay !== undefined && overlay !== null)
    throw new Error(
      `${component}'s overlay prop is not implemented in the web host (extension/web/ui has no Panel, Modal or Tooltip)`,
    );
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
