import { z } from 'zod';
import { AppError } from '../errors';
import { classify, HubSpotApiError, type ResponseMeta } from './retry';
import { createSdkClient } from './sdk-call';

/**
 * OAuth calls for the install flow. One attempt each (the caller decides what a failure means); errors
 * become AppError codes here. Tokens and secrets never reach a log or an error message.
 */

export type TokenSet = { accessToken: string; refreshToken: string; expiresAt: number };
export type TokenInfo = {
  hubId: number;
  scopes: string[];
  userId: number | null;
  user: string | null;
  hubDomain: string | null;
};

const ZTokenResponse = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresIn: z.number().positive(),
});
const ZTokenInfo = z.object({
  hubId: z.number().int(),
  scopes: z.array(z.string()),
  userId: z.number().int().nullish(),
  user: z.string().nullish(),
  hubDomain: z.string().nullish(),
});

const toAppError = (error: unknown, what: string, authStatuses: readonly number[]): AppError => {
  if (error instanceof AppError) return error;
  const status = (error as { code?: unknown } | null)?.code;
  if (typeof status === 'number' && authStatuses.includes(status)) {
    return new HubSpotApiError('hubspot_auth_failed', `HubSpot refused ${what} (${status}).`, status);
  }
  const meta: ResponseMeta = { status: typeof status === 'number' ? status : null, headers: {} };
  const outcome = classify(error, meta);
  if (outcome.kind === 'final' && outcome.error instanceof AppError) return outcome.error;
  // Keep only the status: SDK exceptions echo request details we do not want in logs.
  return new HubSpotApiError('hubspot_unavailable', `HubSpot did not complete ${what}.`, meta.status);
};

const tokenSet = (body: unknown, now: number): TokenSet => {
  const parsed = ZTokenResponse.safeParse(body);
  if (!parsed.success)
    throw new HubSpotApiError(
      'hubspot_unavailable',
      'HubSpot answered the token request without tokens.',
      null,
    );
  return {
    accessToken: parsed.data.accessToken,
    refreshToken: parsed.data.refreshToken,
    expiresAt: now + parsed.data.expiresIn * 1000,
  };
};

export const exchangeCode = async (input: {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  now?: () => number;
}): Promise<TokenSet> => {
  const client = createSdkClient(input.baseUrl);
  try {
    const body: unknown = await client.oauth.tokensApi.create(
      'authorization_code',
      input.code,
      input.redirectUri,
      input.clientId,
      input.clientSecret,
    );
    return tokenSet(body, (input.now ?? Date.now)());
  } catch (error) {
    throw toAppError(error, 'the authorization code', [400, 401]);
  }
};

/** A 400/401 means the refresh token is dead (app uninstalled or revoked): the caller marks the install disconnected. */
export const refreshTokens = async (input: {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  now?: () => number;
}): Promise<TokenSet> => {
  const client = createSdkClient(input.baseUrl);
  try {
    const body: unknown = await client.oauth.tokensApi.create(
      'refresh_token',
      undefined,
      undefined,
      input.clientId,
      input.clientSecret,
      input.refreshToken,
    );
    return tokenSet(body, (input.now ?? Date.now)());
  } catch (error) {
    throw toAppError(error, 'the refresh token', [400, 401]);
  }
};

export const getTokenInfo = async (input: { baseUrl: string; accessToken: string }): Promise<TokenInfo> => {
  const client = createSdkClient(input.baseUrl);
  let body: unknown;
  try {
    body = await client.oauth.accessTokensApi.get(input.accessToken);
  } catch (error) {
    throw toAppError(error, 'the access token lookup', [400, 401, 404]);
  }
  const parsed = ZTokenInfo.safeParse(body);
  if (!parsed.success)
    throw new HubSpotApiError(
      'hubspot_unavailable',
      'HubSpot answered the token lookup without a hub id.',
      null,
    );
  const { hubId, scopes, userId, user, hubDomain } = parsed.data;
  return { hubId, scopes, userId: userId ?? null, user: user ?? null, hubDomain: hubDomain ?? null };
};

/** Uninstalls the app from the portal the token belongs to (`DELETE /appinstalls/v3/external-install`). */
export const deleteInstall = async (input: { baseUrl: string; accessToken: string }): Promise<void> => {
  const client = createSdkClient(input.baseUrl, input.accessToken);
  let response: Response;
  try {
    response = await client.apiRequest({ method: 'DELETE', path: '/appinstalls/v3/external-install' });
  } catch (error) {
    throw toAppError(error, 'the uninstall', []);
  }
  if (response.ok || response.status === 404) return; // 404: already uninstalled
  if (response.status === 401 || response.status === 403) {
    throw new HubSpotApiError(
      'hubspot_auth_failed',
      `HubSpot refused the uninstall (${response.status}).`,
      response.status,
    );
  }
  throw new HubSpotApiError(
    'hubspot_unavailable',
    `HubSpot did not complete the uninstall (${response.status}).`,
    response.status,
  );
};
