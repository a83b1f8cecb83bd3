// The sandbox's authorization server state, as HubSpot runs it: single-use codes, 30-minute access tokens,
// long-lived refresh tokens that survive refreshes and die on uninstall or revocation, and static
// (private-app) tokens. Every token carries the scopes granted with it.
import type { SeededRandom } from '../seeded-random';

const ACCESS_TOKEN_TTL_S = 1800;

export type AccessToken = {
  portalId: number;
  scopes: string[];
  /** null for a static (private-app) token, which never expires */
  expiresAt: number | null;
  /** the refresh token it was issued with (null for static tokens) */
  refreshToken: string | null;
  revoked: boolean;
};
export type RefreshToken = { portalId: number; scopes: string[]; revoked: boolean };
type AuthCode = { portalId: number; scopes: string[]; redirectUri: string | null; used: boolean };

export type Authentication =
  | { ok: true; portalId: number; token: string; info: AccessToken }
  | { ok: false; category: 'INVALID_AUTHENTICATION' | 'EXPIRED_AUTHENTICATION'; message: string };

const NO_CREDENTIALS = 'Authentication credentials not found. This API supports OAuth 2.0 authentication.';

export type TokenStore = ReturnType<typeof createTokenStore>;

export function createTokenStore(random: SeededRandom, clock: () => number) {
  const accessTokens = new Map<string, AccessToken>();
  const refreshTokens = new Map<string, RefreshToken>();
  const codes = new Map<string, AuthCode>();

  // Real access tokens are long opaque strings (Pulse must store up to ~300 chars); refresh tokens look like ids.
  const newAccessToken = () =>
    `CO${random.hex(8)}${Buffer.from(random.hex(300), 'hex').toString('base64url')}`;
  const newRefreshToken = () =>
    `na1-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
  const expired = (info: AccessToken) => info.expiresAt !== null && clock() >= info.expiresAt;

  return {
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S,

    addStaticToken(token: string, portalId: number, scopes: readonly string[]): void {
      accessTokens.set(token, {
        portalId,
        scopes: [...scopes],
        expiresAt: null,
        refreshToken: null,
        revoked: false,
      });
    },

    /** A code for these scopes; `redirectUri` is the one the authorize request named, if any. */
    issueCode(portalId: number, scopes: readonly string[], redirectUri: string | null = null): string {
      const code = `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
      codes.set(code, { portalId, scopes: [...scopes], redirectUri, used: false });
      return code;
    },

    /** An unused code's grant, or null. */
    pendingCode(code: string): Omit<AuthCode, 'used'> | null {
      const found = codes.get(code);
      return found && !found.used ? found : null;
    },

    useCode(code: string): void {
      const found = codes.get(code);
      if (found) found.used = true;
    },

    issueRefreshToken(portalId: number, scopes: string[]): string {
      const token = newRefreshToken();
      refreshTokens.set(token, { portalId, scopes, revoked: false });
      return token;
    },

    issueAccessToken(portalId: number, scopes: string[], refreshToken: string): string {
      const token = newAccessToken();
      accessTokens.set(token, {
        portalId,
        scopes,
        expiresAt: clock() + ACCESS_TOKEN_TTL_S * 1000,
        refreshToken,
        revoked: false,
      });
      return token;
    },

    /** A refresh token's record while it works (known and not revoked). */
    liveRefreshToken(token: string): RefreshToken | undefined {
      const info = refreshTokens.get(token);
      return info && !info.revoked ? info : undefined;
    },

    /** An access token's record, live or not; undefined when the sandbox never issued it. */
    accessToken(token: string): AccessToken | undefined {
      return accessTokens.get(token);
    },

    /** A live (known, not revoked, not expired) access token's record. */
    liveAccessToken(token: string): AccessToken | undefined {
      const info = accessTokens.get(token);
      return info && !info.revoked && !expired(info) ? info : undefined;
    },

    authenticate(header: string | null): Authentication {
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      const token = match?.[1];
      const info = token === undefined ? undefined : accessTokens.get(token);
      if (token === undefined || !info || info.revoked)
        return { ok: false, category: 'INVALID_AUTHENTICATION', message: NO_CREDENTIALS };
      if (info.expiresAt !== null && expired(info)) {
        const minutes = Math.max(1, Math.floor((clock() - info.expiresAt) / 60_000));
        return {
          ok: false,
          category: 'EXPIRED_AUTHENTICATION',
          message: `The OAuth token used to make this call expired ${minutes} minute(s) ago.`,
        };
      }
      return { ok: true, portalId: info.portalId, token, info };
    },

    /** Uninstall: every OAuth token of the portal stops working (static private-app tokens stay). */
    revokePortal(portalId: number): void {
      for (const info of accessTokens.values())
        if (info.portalId === portalId && info.expiresAt !== null) info.revoked = true;
      for (const info of refreshTokens.values()) if (info.portalId === portalId) info.revoked = true;
    },
  };
}
