import { z } from 'zod';
import { HubSpotApiError } from './errors';
import { createRateLimiter } from './rate-limiter';
import { createCallStats, DEFAULT_RETRY, withRetry, type RetryOptions } from './retry';
import { createSdkClient, requestJson } from './sdk-call';

/**
 * `GET /account-info/v3/details`: which portal a token belongs to, with the account's currency, time zone, UI
 * domain and data hosting location. It answers for any token (OAuth or a private app's static token), which is
 * how single-portal mode learns its portal id: token introspection only knows OAuth tokens.
 */

export const ACCOUNT_DETAILS_PATH = '/account-info/v3/details';

export type AccountDetails = {
  portalId: number;
  /** ISO 4217 code, e.g. "EUR" */
  companyCurrency: string | null;
  /** IANA zone, e.g. "Europe/Berlin" */
  timeZone: string | null;
  /** the host the portal's HubSpot UI runs on, e.g. "app-eu1.hubspot.com" */
  uiDomain: string | null;
  /** e.g. "eu1", "na1" */
  dataHostingLocation: string | null;
  /** STANDARD, SANDBOX, DEVELOPER_TEST or APP_DEVELOPER */
  accountType: string | null;
};

// Only the portal id is needed; the rest is informational, so an odd value there loses nothing else.
const optionalText = z.string().min(1).nullish().catch(null);
const ZAccountDetails = z.object({
  portalId: z.number().int().positive(),
  // Pulse formats money with it (Intl): anything but an ISO 4217 code is treated as unknown.
  companyCurrency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .transform((code) => code.toUpperCase())
    .nullish()
    .catch(null),
  timeZone: optionalText,
  uiDomain: optionalText,
  dataHostingLocation: optionalText,
  accountType: optionalText,
});

export const readAccountDetails = async (input: {
  baseUrl: string;
  accessToken: string;
  retry?: Partial<RetryOptions>;
}): Promise<AccountDetails> => {
  const client = createSdkClient(input.baseUrl, input.accessToken);
  const body = await withRetry(
    (meta) => requestJson(client, meta, { method: 'GET', path: ACCOUNT_DETAILS_PATH }),
    {
      limiter: createRateLimiter({ maxRequests: 10 }),
      kind: 'standard',
      stats: createCallStats(),
      options: { ...DEFAULT_RETRY, maxAttempts: 3, ...input.retry },
      label: 'the account details',
    },
  );
  return parseAccountDetails(body);
};

/** The account details in our shape; a body without a portalId is HubSpot failing, not an account. */
export const parseAccountDetails = (body: unknown): AccountDetails => {
  const parsed = ZAccountDetails.safeParse(body);
  if (!parsed.success)
    throw new HubSpotApiError(
      'hubspot_unavailable',
      'HubSpot answered the account details without a portalId.',
      null,
    );
  const { portalId, companyCurrency, timeZone, uiDomain, dataHostingLocation, accountType } = parsed.data;
  return {
    portalId,
    companyCurrency: companyCurrency ?? null,
    timeZone: timeZone ?? null,
    uiDomain: uiDomain ?? null,
    dataHostingLocation: dataHostingLocation ?? null,
    accountType: accountType ?? null,
  };
};
