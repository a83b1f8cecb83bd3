import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenCipher, keyIdOf } from '../../../server/src/services/token-cipher';

/** What a row written before key ids holds: `v1:<iv>:<tag>:<ciphertext>`, no additional data. */
const legacyEncrypt = (key: Buffer, plaintext: string) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join(':');
};

describe('createTokenCipher (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const cipher = createTokenCipher(key);
  const token = `CO${'x'.repeat(298)}`;

  it('round-trips a 300-character token and never stores it in the clear', () => {
    const stored = cipher.encrypt(token);
    expect(stored.startsWith(`v2:${keyIdOf(key)}:`)).toBe(true);
    expect(stored).not.toContain(token.slice(0, 20));
    expect(stored).not.toContain(key.toString('base64url').slice(0, 8));
    expect(cipher.decrypt(stored)).toBe(token);
  });

  it('uses a fresh IV per value: the same token encrypts differently each time', () => {
    expect(cipher.encrypt(token)).not.toBe(cipher.encrypt(token));
  });

  it('refuses a tampered value, a value from another key, a relabelled key id and an unknown format', () => {
    const stored = cipher.encrypt(token);
    const parts = stored.split(':');
    const body = Buffer.from(parts[4] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 4), body.toString('base64url')].join(':');
    expect(() => cipher.decrypt(tampered)).toThrow(/could not be decrypted/);
    expect(() => createTokenCipher(randomBytes(32)).decrypt(stored)).toThrow(
      /encrypted with key .*neither TOKEN_ENCRYPTION_KEY/,
    );
    // a value written under another key, relabelled with this key's id: the key id is authenticated
    const other = createTokenCipher(randomBytes(32)).encrypt(token).split(':');
    expect(() => cipher.decrypt(['v2', cipher.keyId, ...other.slice(2)].join(':'))).toThrow(
      /could not be decrypted/,
    );
    expect(() => cipher.decrypt('plain-token')).toThrow(/format/);
    expect(() => cipher.decrypt('v2:only:three')).toThrow(/format/);
  });

  it('requires 32-byte keys, previous ones included', () => {
    expect(() => createTokenCipher(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => createTokenCipher(randomBytes(32), [randomBytes(31)])).toThrow(/32 bytes/);
  });
});

describe('key rotation', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const token = 'na1-refresh-token';

  it('reads values of a previous key, writes with the current one and says which values are stale', () => {
    const before = createTokenCipher(oldKey);
    const stored = before.encrypt(token);
    const rotated = createTokenCipher(newKey, [oldKey]);
    expect(rotated.keyId).toBe(keyIdOf(newKey));
    expect(rotated.decrypt(stored)).toBe(token);
    expect(rotated.isCurrent(stored)).toBe(false);
    const rewritten = rotated.encrypt(rotated.decrypt(stored));
    expect(rotated.isCurrent(rewritten)).toBe(true);
    // once rewritten, the old key is no longer needed; it cannot read the new value
    expect(createTokenCipher(newKey).decrypt(rewritten)).toBe(token);
    expect(() => before.decrypt(rewritten)).toThrow(/neither TOKEN_ENCRYPTION_KEY/);
  });

  it('supports the two-step rollout: an instance still writing with the old key already reads the new one', () => {
    const stepOne = createTokenCipher(oldKey, [newKey]);
    const stepTwo = createTokenCipher(newKey, [oldKey]);
    expect(stepOne.decrypt(stepTwo.encrypt(token))).toBe(token);
    expect(stepTwo.decrypt(stepOne.encrypt(token))).toBe(token);
    expect(stepOne.isCurrent(stepOne.encrypt(token))).toBe(true);
  });

  it('reads rows written before key ids with whichever configured key opens them, and marks them stale', () => {
    const legacy = legacyEncrypt(oldKey, token);
    expect(createTokenCipher(oldKey).decrypt(legacy)).toBe(token);
    const rotated = createTokenCipher(newKey, [oldKey]);
    expect(rotated.decrypt(legacy)).toBe(token);
    expect(rotated.isCurrent(legacy)).toBe(false);
    expect(() => createTokenCipher(newKey).decrypt(legacy)).toThrow(/could not be decrypted/);
  });

  it('derives a stable key id that differs per key and reveals nothing of the key', () => {
    expect(keyIdOf(Buffer.from(oldKey))).toBe(keyIdOf(oldKey));
    expect(keyIdOf(oldKey)).not.toBe(keyIdOf(newKey));
    expect(keyIdOf(oldKey)).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });
});
