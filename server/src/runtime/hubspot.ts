import {
  createOAuthClient,
  createPortalClient,
  deleteInstall,
  prioritized,
  readAccountDetails,
  type LimiterRegistry,
  type OAuthClient,
  type PortalClient,
  type RetryOptions,
} from '../hubspot';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { HubSpotPort } from '../services/ports';
import type { Store } from '../store';
import { createTokenProvider, type TokenProvider } from '../services/tokens';

/** One SDK-backed client per portal, each with its portal's rate budget and token provider. */
export const createPortalClients = (options: {
  baseUrl: string;
  tokens: TokenProvider;
  limiters: LimiterRegistry;
  logger: Logger;
}) => {
  const clients = new Map<number, PortalClient>();
  const priorityClients = new Map<number, PortalClient>();
  const make = (portalId: number, priority: boolean) =>
    createPortalClient({
      portalId,
      baseUrl: options.baseUrl,
      getAccessToken: () => options.tokens.getAccessToken(portalId),
      renewAccessToken: (rejected) =>
        options.tokens.renewAfterRejection?.(portalId, rejected) ?? Promise.resolve(),
      limiter: priority ? prioritized(options.limiters.for(portalId)) : options.limiters.for(portalId),
      logger: options.logger,
    });
  const cached = (map: Map<number, PortalClient>, portalId: number, priority: boolean): PortalClient => {
    let client = map.get(portalId);
    if (client === undefined) {
      client = make(portalId, priority);
      map.set(portalId, client);
    }
    return client;
  };
  return {
    for: (portalId: number): PortalClient => cached(clients, portalId, false),
    /** the same portal's budget, its calls granted before the bulk sync's (a card's on-demand fetch) */
    priorityFor: (portalId: number): PortalClient => cached(priorityClients, portalId, true),
    forget(portalId: number) {
      clients.delete(portalId);
      priorityClients.delete(portalId);
    },
  };
};
export type PortalClients = ReturnType<typeof createPortalClients>;

/**
 * Binds the connector's calls to our configuration: the 2026-03 OAuth API (code exchange, refresh,
 * introspection, revocation) with our client id and secret, account-info, the uninstall, the write-back schema.
 */
export const createHubSpotPort = (options: {
  baseUrl: string;
  clientId: string | null;
  clientSecret: string | null;
  clients: Pick<PortalClients, 'for'>;
  retry?: Partial<RetryOptions>;
  now?: () => number;
}): HubSpotPort => {
  let oauthClient: OAuthClient | null = null;
  const oauth = (): OAuthClient => {
    if (options.clientId === null || options.clientSecret === null)
      throw new AppError('not_installed', 'OAuth needs HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET');
    oauthClient ??= createOAuthClient({
      baseUrl: options.baseUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    return oauthClient;
  };
  return {
    exchangeCode: ({ code, redirectUri }) => oauth().exchangeCode({ code, redirectUri }),
    refreshTokens: (refreshToken) => oauth().refresh(refreshToken),
    getTokenInfo: async (accessToken) => {
      const info = await oauth().introspect(accessToken, 'access_token');
      if (!info.active)
        throw new AppError('hubspot_auth_failed', 'HubSpot reports the access token as no longer active');
      return {
        hubId: info.hubId,
        scopes: info.scopes,
        userId: info.userId,
        user: info.user,
        hubDomain: info.hubDomain,
      };
    },
    revokeRefreshToken: (refreshToken) => oauth().revoke(refreshToken),
    getAccountDetails: (accessToken) =>
      readAccountDetails({
        baseUrl: options.baseUrl,
        accessToken,
        ...(options.retry === undefined ? {} : { retry: options.retry }),
      }),
    deleteInstall: (accessToken) => deleteInstall({ baseUrl: options.baseUrl, accessToken }),
    ensureCompanyProperties: (portalId) => options.clients.for(portalId).ensureCompanyProperties(),
    listCompanyProperties: (portalId) => options.clients.for(portalId).listCompanyProperties(),
    listUsers: (portalId) => options.clients.for(portalId).getUsers(),
  };
};

/**
 * The HubSpot side of the app: per-portal API clients, the OAuth port and the token provider. The clients need
 * the token provider, which needs the OAuth port, which needs the clients: the knot is tied lazily.
 */
export const wireHubSpot = (options: {
  store: Store;
  baseUrl: string;
  clientId: string | null;
  clientSecret: string | null;
  limiters: LimiterRegistry;
  logger: Logger;
  now?: () => number;
  /** retry timing of the OAuth and account-info calls (tests shorten it) */
  retry?: Partial<RetryOptions>;
}) => {
  const lazy: { tokens: TokenProvider | null } = { tokens: null };
  const clients = createPortalClients({
    baseUrl: options.baseUrl,
    tokens: {
      getAccessToken: (portalId) => {
        if (lazy.tokens === null) throw new Error('token provider not ready');
        return lazy.tokens.getAccessToken(portalId);
      },
      renewAfterRejection: (portalId, rejected) => {
        if (lazy.tokens?.renewAfterRejection === undefined) throw new Error('token provider not ready');
        return lazy.tokens.renewAfterRejection(portalId, rejected);
      },
    },
    limiters: options.limiters,
    logger: options.logger,
  });
  const hubspot = createHubSpotPort({
    baseUrl: options.baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clients,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const tokens = createTokenProvider({
    store: options.store,
    refreshTokens: hubspot.refreshTokens,
    logger: options.logger,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  lazy.tokens = tokens;
  return { clients, hubspot, tokens };
};
export type HubSpotWiring = ReturnType<typeof wireHubSpot>;
