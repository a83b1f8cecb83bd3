import type { Owner, Pipeline } from '@pulse/shared';
import { ACCOUNT_DETAILS_PATH, parseAccountDetails, type AccountDetails } from './account-info';
import { readAssociations, type AssociationTarget } from './association-reads';
import type { RecordOf } from './mappers';
import {
  batchRead,
  iterateModified,
  readPage,
  searchModified,
  type BatchReadResult,
  type ModifiedRange,
  type SearchPage,
} from './object-reads';
import {
  getOwners,
  getPipelines,
  getUsers,
  listCompanyProperties,
  type CompanyProperty,
  type PortalUser,
} from './portal-reads';
import type { PortalLimiter } from './rate-limiter';
import type { Page, ReadContext, ReadOptions } from './read-context';
import { createCallStats, type CallStats, type RetryOptions } from './retry';
import { createSdkCaller, requestJson } from './sdk-call';
import type { Logger, ObjectType, SkippedRecord } from './types';
import { createWriter, type CompanyUpdate } from './writer';

export { ASSOCIATION_BATCH_LIMIT, PRIMARY_COMPANY_TYPE, type AssociationTarget } from './association-reads';
export {
  BATCH_READ_LIMIT,
  MODIFIED_PROPERTY,
  PAGE_LIMIT,
  SEARCH_LIMIT,
  SEARCH_RESULT_CAP,
  type SearchPage,
} from './object-reads';
export type { CompanyProperty, PortalUser } from './portal-reads';
export type { Page, ReadOptions } from './read-context';

/** Everything Pulse reads from and writes to one portal, each call rate-limited and retried per our policy. */
export type PortalClient = {
  readonly portalId: number;
  readonly stats: CallStats;
  readPage<T extends ObjectType>(
    objectType: T,
    after?: string | null,
    options?: ReadOptions,
  ): Promise<Page<RecordOf[T]>>;
  /** One page of records modified in [since, until) (until open when omitted), oldest first. */
  searchModified<T extends ObjectType>(
    objectType: T,
    range: ModifiedRange,
    options?: ReadOptions,
  ): Promise<SearchPage<RecordOf[T]>>;
  /** Every record modified since `since`, page by page, splitting the range whenever a query would pass the 10,000 cap. */
  iterateModified<T extends ObjectType>(
    objectType: T,
    range: { since: number; until: number },
    options?: ReadOptions,
  ): AsyncGenerator<Page<RecordOf[T]>>;
  /** Records by id; ids HubSpot no longer has come back in `missing`. */
  batchRead<T extends ObjectType>(
    objectType: T,
    ids: readonly string[],
    options?: ReadOptions,
  ): Promise<BatchReadResult<RecordOf[T]>>;
  /** Targets per source id with their association type ids (so the primary one can be told apart). */
  readAssociations(
    from: ObjectType,
    to: ObjectType,
    ids: readonly string[],
  ): Promise<Map<string, AssociationTarget[]>>;
  getPipelines(objectType: 'deals' | 'tickets'): Promise<{ pipelines: Pipeline[]; skipped: SkippedRecord[] }>;
  getOwners(): Promise<{ owners: Owner[]; skipped: SkippedRecord[] }>;
  /** `GET /account-info/v3/details`: the account's company currency, time zone and hosting. */
  getAccountDetails(): Promise<AccountDetails>;
  /** The portal's company properties (`GET /crm/v3/properties/companies`), hidden ones left out. */
  listCompanyProperties(): Promise<CompanyProperty[]>;
  /** The portal's users (`GET /settings/v3/users`, scope `settings.users.read`). */
  getUsers(): Promise<PortalUser[]>;
  /** Creates the `pulse` property group and Pulse's company properties when missing (idempotent). */
  ensureCompanyProperties(): Promise<void>;
  updateCompanies(rows: readonly CompanyUpdate[]): Promise<void>;
};

export type PortalClientOptions = {
  portalId: number;
  baseUrl: string;
  getAccessToken: () => Promise<string>;
  /** called after a 401: refresh the rejected token; the call is then tried once more */
  renewAccessToken?: (rejected: string) => Promise<unknown>;
  limiter: PortalLimiter;
  retry?: Partial<RetryOptions>;
  logger?: Logger;
  stats?: CallStats;
};

/** Binds the readers and the writer to one portal's caller (its token, rate budget and retry policy). */
export const createPortalClient = (options: PortalClientOptions): PortalClient => {
  const stats = options.stats ?? createCallStats();
  const ctx: ReadContext = { call: createSdkCaller({ ...options, stats }), stats };
  const writer = createWriter(ctx.call);
  return {
    portalId: options.portalId,
    stats,
    readPage: (objectType, after, read) => readPage(ctx, objectType, after, read),
    searchModified: (objectType, range, read) => searchModified(ctx, objectType, range, read),
    iterateModified: (objectType, range, read) => iterateModified(ctx, objectType, range, read),
    batchRead: (objectType, ids, read) => batchRead(ctx, objectType, ids, read),
    readAssociations: (from, to, ids) => readAssociations(ctx, from, to, ids),
    getPipelines: (objectType) => getPipelines(ctx, objectType),
    getOwners: () => getOwners(ctx),
    getAccountDetails: async () =>
      parseAccountDetails(
        await ctx.call('the account details', 'standard', (client, _probe, meta) =>
          requestJson(client, meta, { method: 'GET', path: ACCOUNT_DETAILS_PATH }),
        ),
      ),
    listCompanyProperties: () => listCompanyProperties(ctx),
    getUsers: () => getUsers(ctx),
    ensureCompanyProperties: writer.ensureCompanyProperties,
    updateCompanies: writer.updateCompanies,
  };
};
