import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { HubSpotApiError } from './errors';
import { createRateLimiter } from './rate-limiter';
import {
  createCallStats,
  DEFAULT_RETRY,
  withRetry,
  type CallStats,
  type ResponseMeta,
  type RetryOptions,
} from './retry';
import { createSdkClient, RawHttpError } from './sdk-call';

/**
 * HubSpot's date-versioned OAuth API (2026-03): code exchange, refresh, introspection, revocation. The SDK has
 * no wrapper for it (the v1 endpoints it wraps are retired on 2027-02-16), so the requests go through the
 * SDK's raw transport with form-encoded bodies: credentials and tokens travel in the body, never in a URL.
 * Errors follow RFC 6749 (`error`, `error_description`, plus HubSpot's `status`, `message`) and become:
 * - `hubspot_auth_failed` (OAuthRefusedError, reason `grant_refused`): the code or refresh token is refused
 *   (`invalid_grant`): for a refresh token this means the app was uninstalled or access revoked;
 * - `internal` (reason `client_refused` / `request_refused`): HubSpot refuses our client id/secret or the
 *   request itself: a configuration or code problem, never the portal's doing, so never a disconnect;
 * - `hubspot_unavailable`: 5xx, timeouts, network failures, unreadable answers; retried (refresh,
 *   introspection, revocation) before giving up. 429s wait and retry.
 * Tokens, codes and the client secret never appear in an error message or a log line.
 */

export const OAUTH_PATHS = {
  token: '/oauth/2026-03/token',
  introspect: '/oauth/2026-03/token/introspect',
  revoke: '/oauth/2026-03/token/revoke',
} as const;

export type OAuthApp = { baseUrl: string; clientId: string; clientSecret: string };

/** What a token request grants. `hubId`, `userId`, `scopes` are present when HubSpot includes them. */
export type TokenGrant = {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  expiresAt: number;
  hubId: number | null;
  userId: number | null;
  scopes: string[] | null;
};

export type TokenIntrospection =
  | { active: false }
  | {
      active: true;
      tokenUse: 'access_token' | 'refresh_token';
      hubId: number;
      userId: number | null;
      user: string | null;
      hubDomain: string | null;
      scopes: string[];
      /** epoch ms; null for refresh tokens */
      expiresAt: number | null;
    };

export type OAuthRefusal = 'grant_refused' | 'client_refused' | 'request_refused';

/** HubSpot refused an OAuth request (4xx). `oauthError` is the RFC 6749 code HubSpot sent, when it sent one. */
export class OAuthRefusedError extends HubSpotApiError {
  readonly reason: OAuthRefusal;
  readonly oauthError: string | null;
  constructor(reason: OAuthRefusal, oauthError: string | null, message: string, status: number) {
    super(reason === 'grant_refused' ? 'hubspot_auth_failed' : 'internal', message, status);
    this.name = 'OAuthRefusedError';
    this.reason = reason;
    this.oauthError = oauthError;
  }
}

export const isGrantRefused = (error: unknown): error is OAuthRefusedError =>
  error instanceof OAuthRefusedError && error.reason === 'grant_refused';

const ZOAuthErrorBody = z.object({
  error: z.string().optional().catch(undefined),
  error_description: z.string().optional().catch(undefined),
  status: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
});

// RFC 6749 §5.2 codes, and the `status` values HubSpot's OAuth answers carried before RFC 6749 errors.
const GRANT_REFUSED = new Set(['invalid_grant', 'invalid_token', 'BAD_REFRESH_TOKEN', 'BAD_AUTH_CODE']);
const CLIENT_REFUSED = new Set([
  'invalid_client',
  'unauthorized_client',
  'BAD_CLIENT_ID',
  'BAD_CLIENT_SECRET',
]);

const refusalOf = (code: string | null): OAuthRefusal =>
  code !== null && GRANT_REFUSED.has(code)
    ? 'grant_refused'
    : code !== null && CLIENT_REFUSED.has(code)
      ? 'client_refused'
      : 'request_refused';

const redact = (text: string, secrets: readonly string[]): string =>
  secrets.reduce((out, secret) => (secret.length >= 4 ? out.split(secret).join('[redacted]') : out), text);

/** A 4xx answer → OAuthRefusedError, naming HubSpot's error code and description (secrets scrubbed). */
const refusal = (
  what: string,
  status: number,
  body: unknown,
  secrets: readonly string[],
): OAuthRefusedError => {
  const parsed = ZOAuthErrorBody.safeParse(body);
  const fields = parsed.success ? parsed.data : {};
  const code = fields.error ?? fields.status ?? null;
  const reason = refusalOf(code);
  const detail = redact(fields.error_description ?? fields.message ?? 'no description', secrets);
  const advice =
    reason === 'client_refused'
      ? ' Check HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET.'
      : reason === 'grant_refused' && what === 'the refresh token'
        ? ' The app was uninstalled or its access revoked.'
        : '';
  const message = `HubSpot refused ${what} (${status}${code ? ` ${code}` : ''}: ${detail}).${advice}`;
  return new OAuthRefusedError(reason, code, message, status);
};

const parseJson = (text: string): unknown => {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

type FormCall = { what: string; path: string; form: Record<string, string>; secrets: readonly string[] };

/** Sends one form-encoded POST; 2xx → the parsed body, 4xx → OAuthRefusedError, 429/5xx → retried by withRetry. */
const postForm = async (client: Client, meta: ResponseMeta, call: FormCall): Promise<unknown> => {
  const response = await client.apiRequest({
    method: 'POST',
    path: call.path,
    body: new URLSearchParams(call.form).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    defaultJson: false,
  });
  meta.status = response.status;
  meta.headers = Object.fromEntries(response.headers);
  const text = await response.text();
  if (response.ok) return parseJson(text);
  if (response.status === 429 || response.status >= 500)
    throw new RawHttpError(response.status, text, meta.headers);
  throw refusal(call.what, response.status, parseJson(text), call.secrets);
};

/** Names the missing or mistyped fields of an answer, never their values. */
const unreadable = (what: string, error: z.ZodError): HubSpotApiError =>
  new HubSpotApiError(
    'hubspot_unavailable',
    `HubSpot answered ${what} without a usable ${[...new Set(error.issues.map((i) => i.path.join('.') || 'body'))].join(', ')}.`,
    null,
  );

const ZTokenResponse = z.object({
  access_token: z.string().min(1),
  // RFC 6749 §6: a refresh may leave the refresh token out, in which case the one we sent stays valid.
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().positive(),
  hub_id: z.number().int().optional(),
  user_id: z.number().int().optional(),
  scopes: z.array(z.string()).optional(),
});

const ZIntrospection = z.discriminatedUnion('active', [
  z.object({ active: z.literal(false) }),
  z.object({
    active: z.literal(true),
    token_use: z.enum(['access_token', 'refresh_token']),
    hub_id: z.number().int(),
    user_id: z.number().int().nullish(),
    user: z.string().nullish(),
    hub_domain: z.string().nullish(),
    scopes: z.array(z.string()),
    expires_in: z.number().nullish(),
  }),
]);

export type OAuthClientOptions = OAuthApp & {
  now?: () => number;
  retry?: Partial<RetryOptions>;
};

/** A token endpoint answer as our grant; a refresh answer without a new refresh token keeps the one sent. */
const toGrant = (what: string, body: unknown, sentRefreshToken: string | null, at: number): TokenGrant => {
  const parsed = ZTokenResponse.safeParse(body);
  if (!parsed.success) throw unreadable(what, parsed.error);
  const refreshToken = parsed.data.refresh_token ?? sentRefreshToken;
  if (refreshToken === null)
    throw new HubSpotApiError(
      'hubspot_unavailable',
      `HubSpot answered ${what} without a refresh_token.`,
      null,
    );
  return {
    accessToken: parsed.data.access_token,
    refreshToken,
    expiresAt: at + parsed.data.expires_in * 1000,
    hubId: parsed.data.hub_id ?? null,
    userId: parsed.data.user_id ?? null,
    scopes: parsed.data.scopes ?? null,
  };
};

export const createOAuthClient = (options: OAuthClientOptions) => {
  const client = createSdkClient(options.baseUrl);
  const now = options.now ?? Date.now;
  // HubSpot limits token requests per app; this keeps a refresh storm (many portals at once) inside a budget.
  const limiter = createRateLimiter({ maxRequests: 100, intervalMs: 10_000 });
  const stats: CallStats = createCallStats();
  const retry: RetryOptions = { ...DEFAULT_RETRY, maxAttempts: 3, ...options.retry };
  const credentials = { client_id: options.clientId, client_secret: options.clientSecret };

  const send = (call: FormCall, attempts: number): Promise<unknown> =>
    withRetry((meta) => postForm(client, meta, call), {
      limiter,
      kind: 'standard',
      stats,
      options: { ...retry, maxAttempts: Math.min(attempts, retry.maxAttempts) },
      label: call.what,
    });

  const grantOf = (what: string, body: unknown, sent: string | null) => toGrant(what, body, sent, now());

  return {
    stats,

    /** `grant_type=authorization_code`. Not retried on 5xx: a code is single-use, the admin can start again. */
    async exchangeCode(input: { code: string; redirectUri: string }): Promise<TokenGrant> {
      const what = 'the authorization code';
      const form = {
        grant_type: 'authorization_code',
        ...credentials,
        redirect_uri: input.redirectUri,
        code: input.code,
      };
      const body = await send(
        { what, path: OAUTH_PATHS.token, form, secrets: [input.code, options.clientSecret] },
        1,
      );
      return grantOf(what, body, null);
    },

    /** `grant_type=refresh_token`. An OAuthRefusedError with reason `grant_refused` means: uninstalled or revoked. */
    async refresh(refreshToken: string): Promise<TokenGrant> {
      const what = 'the refresh token';
      const form = { grant_type: 'refresh_token', ...credentials, refresh_token: refreshToken };
      const body = await send(
        { what, path: OAUTH_PATHS.token, form, secrets: [refreshToken, options.clientSecret] },
        3,
      );
      return grantOf(what, body, refreshToken);
    },

    /** What HubSpot knows of a token: its portal, user and granted scopes. A refused token is `{ active: false }`. */
    async introspect(token: string, hint: 'access_token' | 'refresh_token'): Promise<TokenIntrospection> {
      const what = 'the token introspection';
      const form = { ...credentials, token, token_type_hint: hint };
      let body: unknown;
      try {
        body = await send(
          { what, path: OAUTH_PATHS.introspect, form, secrets: [token, options.clientSecret] },
          3,
        );
      } catch (error) {
        if (isGrantRefused(error)) return { active: false };
        throw error;
      }
      const parsed = ZIntrospection.safeParse(body);
      if (!parsed.success) throw unreadable(what, parsed.error);
      if (!parsed.data.active) return { active: false };
      const data = parsed.data;
      return {
        active: true,
        tokenUse: data.token_use,
        hubId: data.hub_id,
        userId: data.user_id ?? null,
        user: data.user ?? null,
        hubDomain: data.hub_domain ?? null,
        scopes: data.scopes,
        expiresAt:
          data.token_use === 'access_token' && data.expires_in != null
            ? now() + data.expires_in * 1000
            : null,
      };
    },

    /** Revokes a refresh token. One HubSpot no longer knows (already revoked, app uninstalled) counts as done. */
    async revoke(refreshToken: string): Promise<void> {
      const what = 'the token revocation';
      const form = { ...credentials, token: refreshToken, token_type_hint: 'refresh_token' };
      try {
        await send(
          { what, path: OAUTH_PATHS.revoke, form, secrets: [refreshToken, options.clientSecret] },
          3,
        );
      } catch (error) {
        if (isGrantRefused(error) || (error instanceof HubSpotApiError && error.status === 404)) return;
        throw error;
      }
    },
  };
};

export type OAuthClient = ReturnType<typeof createOAuthClient>;
