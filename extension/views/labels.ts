import type { Band, RiskLevel } from '@pulse/shared';
import type { ApiError } from './api';

export const BAND_LABEL: Record<Band, string> = {
  healthy: 'Healthy',
  monitor: 'Monitor',
  at_risk: 'At risk',
};
/** `Tag` variants: green, amber, red. */
export const BAND_TAG: Record<Band, 'success' | 'warning' | 'error'> = {
  healthy: 'success',
  monitor: 'warning',
  at_risk: 'error',
};

export const RISK_LABEL: Record<RiskLevel, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
  no_renewal: 'No renewal',
};
/** `StatusTag` variants. */
export const RISK_STATUS: Record<RiskLevel, 'success' | 'warning' | 'danger' | 'default'> = {
  low: 'success',
  medium: 'warning',
  high: 'danger',
  critical: 'danger',
  no_renewal: 'default',
};

/** What the user reads for each error code: what happened and what to do. */
export function describeError(error: ApiError): { title: string; text: string } {
  switch (error.code) {
    case 'network':
    case 'hubspot_unavailable':
    case 'database_unavailable':
      return {
        title: 'Pulse is unreachable right now',
        text: 'Check your connection and try again in a moment.',
      };
    case 'rate_limited':
      return {
        title: 'Too many requests',
        text: 'HubSpot is limiting requests for this account. Try again in a minute.',
      };
    case 'not_installed':
      return {
        title: 'Pulse is not connected',
        text: 'Pulse is not installed on this HubSpot account. Ask a super admin to install it.',
      };
    case 'unauthorized':
    case 'invalid_signature':
    case 'stale_signature':
    case 'hubspot_auth_failed':
      return {
        title: 'Could not confirm this request',
        text: 'Reload the page. If this keeps happening, reconnect Pulse in its settings.',
      };
    case 'forbidden':
      return { title: 'No access', text: 'Your HubSpot user does not have access to this in Pulse.' };
    case 'not_found':
      return {
        title: 'Not found in Pulse yet',
        text: 'This record has not been synced yet. It appears after the next sync.',
      };
    case 'conflict':
      return {
        title: 'Changed by someone else',
        text: 'Someone saved a newer version. Reload to see it, then make your change again.',
      };
    case 'validation_failed':
    case 'bad_request':
    case 'payload_too_large':
      return { title: 'Pulse could not accept this', text: error.message };
    case 'bad_response':
      return {
        title: 'Pulse needs an update',
        text: 'The server answered in a format this card cannot read. Reload the page.',
      };
    case 'internal':
      return {
        title: 'Something went wrong',
        text: 'Pulse hit an unexpected error. Try again; if it persists, contact support.',
      };
    default: {
      const unreachable: never = error.code;
      return unreachable;
    }
  }
}
