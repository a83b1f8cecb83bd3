import {
  createPortalClient,
  deleteInstall,
  exchangeCode,
  getTokenInfo,
  refreshTokens,
  type LimiterRegistry,
  type PortalClient,
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
  return {
    for(portalId: number): PortalClient {
      let client = clients.get(portalId);
      if (client === undefined) {
        client = createPortalClient({
          portalId,
          baseUrl: options.baseUrl,
          getAccessToken: () => options.tokens.getAccessToken(portalId),
          limiter: options.limiters.for(portalId),
          logger: options.logger,
        });
        clients.set(portalId, client);
      }
      return client;
    },
    forget(portalId: number) {
      clients.delete(portalId);
    },
  };
};
export type PortalClients = ReturnType<typeof createPortalClients>;

/** Binds the connector's OAuth calls to our configuration (base URL, client id and secret). */
export const createHubSpotPort = (options: {
  baseUrl: string;
  clientId: string | null;
  clientSecret: string | null;
  clients: Pick<PortalClients, 'for'>;
}): HubSpotPort => {
  const credentials = () => {
    if (options.clientId === null || options.clientSecret === null)
      throw new AppError('not_installed', 'OAuth needs HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET');
    return { clientId: options.clientId, clientSecret: options.clientSecret };
  };
  return {
    exchangeCode: ({ code, redirectUri }) =>
      exchangeCode({ baseUrl: options.baseUrl, ...credentials(), redirectUri, code }),
    refreshTokens: (refreshToken) =>
      refreshTokens({ baseUrl: options.baseUrl, ...credentials(), refreshToken }),
    getTokenInfo: (accessToken) => getTokenInfo({ baseUrl: options.baseUrl, accessToken }),
    deleteInstall: (accessToken) => deleteInstall({ baseUrl: options.baseUrl, accessToken }),
    ensureCompanyProperties: (portalId) => options.clients.for(portalId).ensureCompanyProperties(),
    listCompanyProperties: (portalId) => options.clients.for(portalId).listCompanyProperties(),
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
}) => {
  const lazy: { tokens: TokenProvider | null } = { tokens: null };
  const clients = createPortalClients({
    baseUrl: options.baseUrl,
    tokens: {
      getAccessToken: (portalId) => {
        if (lazy.tokens === null) throw new Error('token provider not ready');
        return lazy.tokens.getAccessToken(portalId);
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
