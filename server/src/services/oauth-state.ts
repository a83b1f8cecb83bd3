import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The OAuth `state`: `<nonce>.<expiresAt>.<hmac>` signed with the client secret, so a forged or altered state
 * fails without any server-side storage; valid for 10 minutes and accepted once (the used-nonce memory is
 * per process: behind several instances, pin /oauth/* to one or accept that a replay inside 10 minutes could
 * reach another instance — the code itself is still single-use at HubSpot).
 */
export const STATE_TTL_MS = 10 * 60 * 1000;

export type StateCheck =
  { ok: true } | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'replayed' };

export const createOAuthStates = ({ secret, now = Date.now }: { secret: string; now?: () => number }) => {
  const used = new Map<string, number>();
  const sign = (payload: string) =>
    createHmac('sha256', secret).update(`pulse-oauth-state:${payload}`).digest('base64url');

  return {
    issue(): string {
      const payload = `${randomBytes(16).toString('base64url')}.${now() + STATE_TTL_MS}`;
      return `${payload}.${sign(payload)}`;
    },
    consume(state: string | undefined): StateCheck {
      const parts = (state ?? '').split('.');
      if (parts.length !== 3) return { ok: false, reason: 'malformed' };
      const [nonce = '', expires = '', mac = ''] = parts;
      const expected = Buffer.from(sign(`${nonce}.${expires}`));
      const given = Buffer.from(mac);
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return { ok: false, reason: 'forged' };
      const expiresAt = Number(expires);
      const t = now();
      if (!Number.isFinite(expiresAt) || expiresAt < t) return { ok: false, reason: 'expired' };
      for (const [key, until] of used) if (until < t) used.delete(key);
      if (used.has(nonce)) return { ok: false, reason: 'replayed' };
      used.set(nonce, expiresAt);
      return { ok: true };
    },
  };
};
export type OAuthStates = ReturnType<typeof createOAuthStates>;
