import { json } from './hubspot-responses';
import type { SeededRandom } from './seeded-random';

export type SandboxOAuthOptions = { clientId: string; clientSecret: string; redirectUri?: string };

const ACCESS_TOKEN_TTL_S = 1800;

type AccessToken = { portalId: number; scopes: string[]; expiresAt: number | null; revoked: boolean };
type RefreshToken = { portalId: number; scopes: string[]; revoked: boolean };
type AuthCode = { portalId: number; scopes: string[]; used: boolean };

export type Authentication =
  | { ok: true; portalId: number; token: string }
  | { ok: false; category: 'INVALID_AUTHENTICATION' | 'EXPIRED_AUTHENTICATION'; message: string };

export type PortalInfo = { user: string; userId: number; hubDomain: string };

/** OAuth 2 as HubSpot runs it: single-use codes, 30-minute access tokens, long-lived refresh tokens. */
export function createOAuthState(options: {
  oauth: SandboxOAuthOptions | undefined;
  random: SeededRandom;
  clock: () => number;
  hasPortal: (portalId: number) => boolean;
  portalInfo: (portalId: number) => PortalInfo;
  appId: number;
  correlationId: () => string;
}) {
  const { random, clock } = options;
  const accessTokens = new Map<string, AccessToken>();
  const refreshTokens = new Map<string, RefreshToken>();
  const codes = new Map<string, AuthCode>();

  // Real access tokens are long opaque strings (Pulse must store up to ~300 chars); refresh tokens look like ids.
  const newAccessToken = () =>
    `CO${random.hex(8)}${Buffer.from(random.hex(300), 'hex').toString('base64url')}`;
  const newRefreshToken = () =>
    `na1-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;

  const oauthError = (status: string, message: string) =>
    json(400, { status, message, correlationId: options.correlationId() });

  const issueAccessToken = (portalId: number, scopes: string[]) => {
    const token = newAccessToken();
    accessTokens.set(token, {
      portalId,
      scopes,
      expiresAt: clock() + ACCESS_TOKEN_TTL_S * 1000,
      revoked: false,
    });
    return token;
  };

  return {
    addStaticToken(token: string, portalId: number): void {
      accessTokens.set(token, { portalId, scopes: [], expiresAt: null, revoked: false });
    },

    authenticate(header: string | null): Authentication {
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      if (!match) {
        return {
          ok: false,
          category: 'INVALID_AUTHENTICATION',
          message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
        };
      }
      const token = match[1] as string;
      const info = accessTokens.get(token);
      if (!info || info.revoked) {
        return {
          ok: false,
          category: 'INVALID_AUTHENTICATION',
          message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
        };
      }
      if (info.expiresAt !== null && clock() >= info.expiresAt) {
        const minutes = Math.max(1, Math.floor((clock() - info.expiresAt) / 60_000));
        return {
          ok: false,
          category: 'EXPIRED_AUTHENTICATION',
          message: `The OAuth token used to make this call expired ${minutes} minute(s) ago.`,
        };
      }
      return { ok: true, portalId: info.portalId, token };
    },

    issueCode(portalId: number, scopes: string[]): string {
      if (!options.hasPortal(portalId))
        throw new Error(`sandbox oauth: portal ${portalId} is not configured`);
      const code = `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
      codes.set(code, { portalId, scopes: [...scopes], used: false });
      return code;
    },

    /** Uninstall: every OAuth token of the portal stops working (static private-app tokens stay). */
    revoke(portalId: number): void {
      for (const info of accessTokens.values())
        if (info.portalId === portalId && info.expiresAt !== null) info.revoked = true;
      for (const info of refreshTokens.values()) if (info.portalId === portalId) info.revoked = true;
    },

    /** POST /oauth/v1/token and /oauth/v3/token (form-encoded). */
    async token(request: Request): Promise<Response> {
      const form = new URLSearchParams(await request.text());
      const app = options.oauth;
      const grantType = form.get('grant_type');
      if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
        return oauthError(
          'BAD_GRANT_TYPE',
          `grant_type must be authorization_code or refresh_token (got ${grantType ?? 'nothing'})`,
        );
      }
      if (!app || form.get('client_id') !== app.clientId)
        return oauthError('BAD_CLIENT_ID', 'missing or unknown client id');
      if (form.get('client_secret') !== app.clientSecret)
        return oauthError('BAD_CLIENT_SECRET', 'missing or invalid client secret');
      let grant: { portalId: number; scopes: string[]; refreshToken: string };
      if (grantType === 'authorization_code') {
        if (app.redirectUri !== undefined && form.get('redirect_uri') !== app.redirectUri) {
          return oauthError(
            'BAD_REDIRECT_URI',
            'redirect_uri does not match the one the app was authorized with',
          );
        }
        const code = codes.get(form.get('code') ?? '');
        if (!code || code.used) return oauthError('BAD_AUTH_CODE', 'missing or unknown auth code');
        code.used = true;
        const refreshToken = newRefreshToken();
        refreshTokens.set(refreshToken, { portalId: code.portalId, scopes: code.scopes, revoked: false });
        grant = { portalId: code.portalId, scopes: code.scopes, refreshToken };
      } else {
        const refreshToken = form.get('refresh_token') ?? '';
        const info = refreshTokens.get(refreshToken);
        if (!info || info.revoked) return oauthError('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
        grant = { portalId: info.portalId, scopes: info.scopes, refreshToken };
      }
      return json(200, {
        token_type: 'bearer',
        refresh_token: grant.refreshToken,
        access_token: issueAccessToken(grant.portalId, grant.scopes),
        expires_in: ACCESS_TOKEN_TTL_S,
      });
    },

    /** GET /oauth/v1/access-tokens/{token} */
    accessTokenInfo(token: string): Response {
      const info = accessTokens.get(token);
      const now = clock();
      if (!info || info.revoked || (info.expiresAt !== null && now >= info.expiresAt)) {
        return json(404, {
          status: 'error',
          message: 'The access token was not found or has expired.',
          correlationId: options.correlationId(),
        });
      }
      const portal = options.portalInfo(info.portalId);
      return json(200, {
        token,
        user: portal.user,
        hub_domain: portal.hubDomain,
        scopes: info.scopes,
        hub_id: info.portalId,
        app_id: options.appId,
        expires_in: info.expiresAt === null ? 0 : Math.floor((info.expiresAt - now) / 1000),
        user_id: portal.userId,
        token_type: 'access',
      });
    },

    /** GET /oauth/v1/refresh-tokens/{token} */
    refreshTokenInfo(token: string): Response {
      const info = refreshTokens.get(token);
      if (!info || info.revoked) {
        return json(404, {
          status: 'error',
          message: 'The refresh token was not found.',
          correlationId: options.correlationId(),
        });
      }
      const portal = options.portalInfo(info.portalId);
      return json(200, {
        token,
        user: portal.user,
        hub_domain: portal.hubDomain,
        scopes: info.scopes,
        hub_id: info.portalId,
        client_id: options.oauth?.clientId ?? '',
        user_id: portal.userId,
        token_type: 'refresh',
      });
    },

    /** DELETE /oauth/v1/refresh-tokens/{token} */
    deleteRefreshToken(token: string): Response {
      const info = refreshTokens.get(token);
      if (!info || info.revoked)
        return json(404, {
          status: 'error',
          message: 'The refresh token was not found.',
          correlationId: options.correlationId(),
        });
      info.revoked = true;
      return new Response(null, { status: 204 });
    },
  };
}

export type OAuthState = ReturnType<typeof createOAuthState>;
