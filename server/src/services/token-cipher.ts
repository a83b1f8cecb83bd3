import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/**
 * AES-256-GCM for OAuth tokens at rest. Stored form: `v1:<iv b64url>:<tag b64url>:<ciphertext b64url>`.
 * The version prefix lets us rotate the scheme (or the key) later without guessing what a row holds.
 * A fresh 12-byte IV per value: GCM breaks catastrophically if an IV repeats under one key.
 */
export type TokenCipher = {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
};

const VERSION = 'v1';

export const createTokenCipher = (key: Buffer): TokenCipher => {
  if (key.length !== 32) throw new Error('The token encryption key must be 32 bytes');
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(
        ':',
      );
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split(':');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined)
        throw new AppError('internal', 'A stored token is not in a format this version can read');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch (cause) {
        // Wrong key or tampered row: say so without echoing anything.
        throw new AppError(
          'internal',
          'A stored token could not be decrypted (wrong TOKEN_ENCRYPTION_KEY?)',
          { cause },
        );
      }
    },
  };
};
