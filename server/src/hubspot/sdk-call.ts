import { Client } from '@hubspot/api-client';
import type { LimitKind, PortalLimiter } from './rate-limiter';
import {
  DEFAULT_RETRY,
  HubSpotApiError,
  withRetry,
  type CallStats,
  type ResponseMeta,
  type RetryOptions,
} from './retry';
import type { Logger, ObjectType } from './types';

/**
 * The SDK's own retry and Bottleneck limiter are process-wide (every `new Client()` replaces the decorators
 * of all clients), so they stay OFF: no `limiterOptions`, `numberOfApiCallRetries: 0`. Our limiter and retry
 * wrap each call instead (docs/decisions/004-own-rate-limiter.md).
 */

type ResponseLike = { httpStatusCode: number; headers: { [key: string]: string } };

/**
 * Per-call SDK options with a middleware that records the HTTP status and headers before the SDK parses the
 * body: a 429 or 502 whose body is HTML or cut off still tells the retry policy what happened.
 */
export type ProbeOptions = {
  middleware: Array<{ pre<C>(context: C): Promise<C>; post<R extends ResponseLike>(context: R): Promise<R> }>;
  middlewareMergeStrategy: 'append';
};

const probe = (meta: ResponseMeta): ProbeOptions => ({
  middlewareMergeStrategy: 'append',
  middleware: [
    {
      pre: async (context) => context,
      post: async (context) => {
        meta.status = context.httpStatusCode;
        meta.headers = context.headers;
        return context;
      },
    },
  ],
});

/** `objectTypes`: what the call reads, so a MISSING_SCOPES refusal names the object type refused. */
export type SdkCaller = <T>(
  label: string,
  kind: LimitKind,
  fn: (client: Client, options: ProbeOptions, meta: ResponseMeta) => Promise<T>,
  objectTypes?: readonly ObjectType[],
) => Promise<T>;

/** A non-2xx answer to a raw request, shaped like the SDK's own exception (code, body, headers) for `classify`. */
export class RawHttpError extends Error {
  override name = 'RawHttpError';
  constructor(
    readonly code: number,
    readonly body: string,
    readonly headers: Record<string, string>,
  ) {
    super(`HTTP ${code}`);
  }
}

export type RawRequest = {
  method: 'GET' | 'POST';
  path: string;
  qs?: Record<string, string>;
  body?: unknown;
};

/**
 * A JSON request through the SDK's authenticated transport but without its model classes. The hot readers
 * (list, search and association pages) parse with our own schemas anyway; the SDK's deserialisation built a
 * second copy of every record, about a quarter of everything a full sync allocates.
 */
export const requestJson = async (
  client: Client,
  meta: ResponseMeta,
  request: RawRequest,
): Promise<unknown> => {
  const response = await client.apiRequest({
    method: request.method,
    path: request.path,
    ...(request.qs ? { qs: request.qs } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  meta.status = response.status;
  meta.headers = Object.fromEntries(response.headers);
  const text = await response.text();
  if (!response.ok) throw new RawHttpError(response.status, text, meta.headers);
  // A body cut off mid-way throws a SyntaxError here, which the retry policy treats as transient.
  return JSON.parse(text) as unknown;
};

export type SdkCallerOptions = {
  baseUrl: string;
  getAccessToken: () => Promise<string>;
  /**
   * HubSpot answered 401 to `rejected` although it looked valid (revoked early, or the app uninstalled): get a
   * new one (a refresh). The call is then tried once more; a second 401, or a refused refresh, is final.
   */
  renewAccessToken?: ((rejected: string) => Promise<unknown>) | undefined;
  limiter: PortalLimiter;
  stats: CallStats;
  retry?: Partial<RetryOptions> | undefined;
  logger?: Logger | undefined;
};

export const createSdkClient = (baseUrl: string, accessToken?: string): Client =>
  new Client({
    basePath: baseUrl.replace(/\/+$/, ''),
    numberOfApiCallRetries: 0,
    ...(accessToken ? { accessToken } : {}),
  });

export const createSdkCaller = (options: SdkCallerOptions): SdkCaller => {
  const client = createSdkClient(options.baseUrl);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  let currentToken: string | null = null;
  const run = <T>(
    label: string,
    kind: LimitKind,
    fn: (client: Client, options: ProbeOptions, meta: ResponseMeta) => Promise<T>,
    objectTypes: readonly ObjectType[] | undefined,
    used: { token: string | null },
  ) =>
    withRetry(
      async (meta) => {
        // Tokens rotate every 30 minutes: ask for the current one before every attempt (the provider caches).
        const token = await options.getAccessToken();
        used.token = token;
        if (token !== currentToken) {
          client.setAccessToken(token);
          currentToken = token;
        }
        return fn(client, probe(meta), meta);
      },
      {
        limiter: options.limiter,
        kind,
        stats: options.stats,
        options: retry,
        label,
        objectTypes,
        logger: options.logger,
      },
    );
  return async (label, kind, fn, objectTypes) => {
    const used: { token: string | null } = { token: null };
    try {
      return await run(label, kind, fn, objectTypes, used);
    } catch (error) {
      const renew = options.renewAccessToken;
      if (renew === undefined || used.token === null || !isUnauthorized(error)) throw error;
      options.logger?.info({ call: label }, 'HubSpot refused the access token (401); refreshing it once');
      await renew(used.token);
      return run(label, kind, fn, objectTypes, used);
    }
  };
};

const isUnauthorized = (error: unknown): boolean =>
  error instanceof HubSpotApiError && error.status === 401 && error.code === 'hubspot_auth_failed';
