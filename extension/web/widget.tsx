import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { CompanyHealthCard, CompanySidebarCard } from '@pulse/views';
import { createWebApi } from './web-api';
import './shell/widget.css';

export type PulseWidgetOptions = {
  /** Origin of the Pulse server, e.g. "https://pulse.example.com"; '' (default) = this page's origin. */
  apiBase?: string;
  /** The HubSpot company id the card shows. */
  companyId: string;
  /** 'card' (default): the full middle-column card; 'sidebar': the compact variant. */
  variant?: 'card' | 'sidebar';
};

export type PulseWidgetHandle = { unmount(): void };

/** Embeds the Pulse company card in any page (another CRM, an intranet) with the same views HubSpot shows. */
export function mount(element: Element, options: PulseWidgetOptions): PulseWidgetHandle {
  if (!(element instanceof Element))
    throw new TypeError('PulseWidget.mount: the first argument must be a DOM element');
  if (typeof options?.companyId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(options.companyId))
    throw new TypeError(
      'PulseWidget.mount: options.companyId must be a HubSpot record id (letters, digits, - or _)',
    );
  const variant = options.variant ?? 'card';
  if (variant !== 'card' && variant !== 'sidebar')
    throw new TypeError(
      `PulseWidget.mount: options.variant must be "card" or "sidebar", not "${String(variant)}"`,
    );
  const api = createWebApi((options.apiBase ?? '').replace(/\/+$/, ''));
  const View = variant === 'card' ? CompanyHealthCard : CompanySidebarCard;
  element.classList.add('pulse-widget');
  const root: Root = createRoot(element);
  root.render(
    <StrictMode>
      <View api={api} companyId={options.companyId} />
    </StrictMode>,
  );
  return {
    unmount: () => {
      root.unmount();
      element.classList.remove('pulse-widget');
    },
  };
}

export const PulseWidget = { mount };
