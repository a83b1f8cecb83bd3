// The sandbox's authorization server state, as HubSpot runs it: single-use codes, 30-minute access tokens,
// long-lived refresh tokens that survive refreshes and die on uninstall, and static (private-app) tokens.
import type { SeededRandom } from '../seeded-random';

export type SandboxOAuthOptions = { clientId: string; clientSecret: string; redirectUri?: string };

export const ACCESS_TOKEN_TTL_S = 1800;

export type AccessToken = {
  portalId: number;
  scopes: string[];
  /** null for a static (private-app) token, which never expires */
  expiresAt: number | null;
  revoked: boolean;
};
export type RefreshToken = { portalId: number; scopes: string[]; revoked: boolean };
type AuthCode = { portalId: number; scopes: string[]; used: boolean };

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

  return {
    addStaticToken(token: string, portalId: number, scopes: string[]): void {
      accessTokens.set(token, { portalId, scopes: [...scopes], expiresAt: null, revoked: false });
    },

    issueCode(portalId: number, scopes: string[]): string {
      const code = `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
      codes.set(code, { portalId, scopes: [...scopes], used: false });
      return code;
    },

    /** A code works once; the grant it carries, or null. */
    redeemCode(code: string): { portalId: number; scopes: string[] } | null {
      const found = codes.get(code);
      if (!found || found.used) return null;
      found.used = true;
      return { portalId: found.portalId, scopes: found.scopes };
    },

    issueRefreshToken(portalId: number, scopes: string[]): string {
      const token = newRefreshToken();
      refreshTokens.set(token, { portalId, scopes, revoked: false });
      return token;
    },

    issueAccessToken(portalId: number, scopes: string[]): string {
      const token = newAccessToken();
      accessTokens.set(token, {
        portalId,
        scopes,
        expiresAt: clock() + ACCESS_TOKEN_TTL_S * 1000,
        revoked: false,
      });
      return token;
    },

    /** A live refresh token's record, or undefined when unknown or revoked. */
    liveRefreshToken(token: string): RefreshToken | undefined {
      const info = refreshTokens.get(token);
      return info && !info.revoked ? info : undefined;
    },

    /** A live (known, not revoked, not expired) access token's record. */
    liveAccessToken(token: string): AccessToken | undefined {
      const info = accessTokens.get(token);
      if (!info || info.revoked) return undefined;
      return info.expiresAt !== null && clock() >= info.expiresAt ? undefined : info;
    },

    authenticate(header: string | null): Authentication {
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      const token = match?.[1];
      const info = token === undefined ? undefined : accessTokens.get(token);
      if (token === undefined || !info || info.revoked)
        return { ok: false, category: 'INVALID_AUTHENTICATION', message: NO_CREDENTIALS };
      if (info.expiresAt !== null && clock() >= info.expiresAt) {
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
