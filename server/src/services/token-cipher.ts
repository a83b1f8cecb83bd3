import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/**
 * AES-256-GCM for OAuth tokens at rest, with key rotation.
 *
 * Stored form: `v2:<key id>:<iv b64url>:<tag b64url>:<ciphertext b64url>`. The key id is derived from the key (a
 * short SHA-256 fingerprint, never the key), and is bound to the ciphertext as GCM's additional data, so a row
 * cannot be relabelled. Rows written before key ids (`v1:<iv>:<tag>:<ciphertext>`) are still read: each
 * configured key is tried in turn.
 *
 * Rotation: the current key (TOKEN_ENCRYPTION_KEY) encrypts; it and the previous keys
 * (TOKEN_ENCRYPTION_PREVIOUS_KEYS) decrypt. `isCurrent` tells which stored values to re-encrypt (start-up and
 * `npm run tokens:reencrypt` do, see store `reencryptTokens`); a token refresh re-encrypts as a matter of course.
 * A fresh 12-byte IV per value: GCM breaks catastrophically if an IV repeats under one key.
 */
export type TokenCipher = {
  /** the current key's id: what new values carry */
  keyId: string;
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
  /** true when `stored` is encrypted with the current key in the current format (nothing to re-encrypt) */
  isCurrent(stored: string): boolean;
};

const VERSION = 'v2';
const LEGACY_VERSION = 'v1';
const KEY_BYTES = 32;

/** A key's public fingerprint: 8 base64url characters of SHA-256 over a label and the key. */
export const keyIdOf = (key: Buffer): string =>
  createHash('sha256').update('pulse token key id\0').update(key).digest('base64url').slice(0, 8);

const unreadable = (cause?: unknown) =>
  new AppError(
    'internal',
    'A stored token could not be decrypted (wrong TOKEN_ENCRYPTION_KEY, or the key it was written with is missing from TOKEN_ENCRYPTION_PREVIOUS_KEYS?)',
    { cause },
  );

const seal = (key: Buffer, aad: Buffer | null, plaintext: string) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
};

/** Throws when the key does not open the value (GCM authenticates: a wrong key never yields garbage). */
const open = (key: Buffer, aad: Buffer | null, [iv, tag, body]: [string, string, string]): string => {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
};

const aadFor = (keyId: string) => Buffer.from(`${VERSION}:${keyId}`, 'utf8');

/**
 * `key` encrypts and decrypts; each of `previousKeys` only decrypts. Every key must be 32 bytes; the same key
 * given twice counts once.
 */
export const createTokenCipher = (key: Buffer, previousKeys: readonly Buffer[] = []): TokenCipher => {
  for (const k of [key, ...previousKeys])
    if (k.length !== KEY_BYTES) throw new Error('The token encryption key must be 32 bytes');
  const keyId = keyIdOf(key);
  const keys = new Map<string, Buffer>([[keyId, key]]);
  for (const k of previousKeys) if (!keys.has(keyIdOf(k))) keys.set(keyIdOf(k), k);

  const decryptLegacy = (parts: [string, string, string]): string => {
    let lastError: unknown;
    for (const candidate of keys.values()) {
      try {
        return open(candidate, null, parts);
      } catch (error) {
        lastError = error;
      }
    }
    throw unreadable(lastError);
  };

  return {
    keyId,
    encrypt(plaintext) {
      return [VERSION, keyId, ...seal(key, aadFor(keyId), plaintext)].join(':');
    },
    decrypt(stored) {
      const parts = stored.split(':');
      if (parts[0] === LEGACY_VERSION && parts.length === 4)
        return decryptLegacy([parts[1] ?? '', parts[2] ?? '', parts[3] ?? '']);
      const [version, storedKeyId, iv, tag, body] = parts;
      if (
        version !== VERSION ||
        parts.length !== 5 ||
        storedKeyId === undefined ||
        iv === undefined ||
        tag === undefined ||
        body === undefined
      )
        throw new AppError('internal', 'A stored token is not in a format this version can read');
      const match = keys.get(storedKeyId);
      if (match === undefined)
        throw new AppError(
          'internal',
          `A stored token was encrypted with key ${storedKeyId}, which is neither TOKEN_ENCRYPTION_KEY (${keyId}) nor in TOKEN_ENCRYPTION_PREVIOUS_KEYS`,
        );
      try {
        return open(match, aadFor(storedKeyId), [iv, tag, body]);
      } catch (cause) {
        // Tampered row: say so without echoing anything.
        throw unreadable(cause);
      }
    },
    isCurrent(stored) {
      return stored.startsWith(`${VERSION}:${keyId}:`);
    },
  };
};
