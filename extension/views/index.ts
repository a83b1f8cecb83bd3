/**
 * The views' public surface: what the HubSpot entries (extension/src/app), the web host (extension/web) and the
 * widget render. Everything else in this package is internal to the views.
 */
export { CompanyHealthCard } from './CompanyHealthCard';
export { CompanySidebarCard } from './CompanySidebarCard';
export { PortfolioPage } from './PortfolioPage';
export { SettingsPage } from './SettingsPage';
export {
  ApiError,
  createPulseApi,
  type ApiErrorCode,
  type FetchLike,
  type FieldError,
  type PulseApi,
} from './api';
export { BAND_LABEL, BAND_TAG, RISK_LABEL, RISK_STATUS } from './labels';
export { formatDate, formatMoney } from './format';
