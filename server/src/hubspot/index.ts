export {
  createPortalClient,
  PRIMARY_COMPANY_TYPE,
  type PortalClient,
  type PortalClientOptions,
  type AssociationTarget,
  type CompanyProperty,
  type PortalUser,
  type Page,
  type ReadOptions,
} from './portal-client';
export {
  createLimiterRegistry,
  createRateLimiter,
  DEFAULT_RATE_LIMIT,
  prioritized,
  type LimiterRegistry,
  type PortalLimiter,
  type RateLimitOptions,
} from './rate-limiter';
export { createCallStats, DEFAULT_RETRY, type CallStats, type RetryOptions } from './retry';
export { HubSpotApiError, isMissingScopes, MissingScopesError, READ_SCOPES } from './errors';
export { deleteInstall } from './app-install';
export {
  createOAuthClient,
  isGrantRefused,
  OAuthRefusedError,
  OAUTH_PATHS,
  type OAuthApp,
  type OAuthClient,
  type TokenGrant,
  type TokenIntrospection,
} from './oauth-client';
export { readAccountDetails, type AccountDetails } from './account-info';
export { PULSE_COMPANY_PROPERTIES, type CompanyUpdate } from './writer';
export { OBJECT_TYPES, type ObjectType, type SkippedRecord, type Logger } from './types';
export type { RecordOf } from './mappers';
