import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../../server/src/services/token-cipher';

describe('createTokenCipher (AES-256-GCM)', () => {
  const cipher = createTokenCipher(randomBytes(32));
  const token = `CO${'x'.repeat(298)}`;

  it('round-trips a 300-character token and never stores it in the clear', () => {
    const stored = cipher.encrypt(token);
    expect(stored.startsWith('v1:')).toBe(true);
    expect(stored).not.toContain(token.slice(0, 20));
    expect(cipher.decrypt(stored)).toBe(token);
  });

  it('uses a fresh IV per value: the same token encrypts differently each time', () => {
    expect(cipher.encrypt(token)).not.toBe(cipher.encrypt(token));
  });

  it('refuses a tampered value, a value from another key and an unknown format', () => {
    const stored = cipher.encrypt(token);
    const parts = stored.split(':');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = [parts[0], parts[1], parts[2], body.toString('base64url')].join(':');
    expect(() => cipher.decrypt(tampered)).toThrow(/could not be decrypted/);
    expect(() => createTokenCipher(randomBytes(32)).decrypt(stored)).toThrow(/could not be decrypted/);
    expect(() => cipher.decrypt('plain-token')).toThrow(/format/);
  });

  it('requires a 32-byte key', () => {
    expect(() => createTokenCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
