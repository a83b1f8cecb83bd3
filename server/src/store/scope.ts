import type { Kysely } from 'kysely';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'postgres';

/** Encrypts tokens at rest (services/token-cipher.ts); the store never sees the key. */
export type Cipher = {
  encrypt(plain: string): string;
  decrypt(encrypted: string): string;
  /** false when the value was written with a previous key (or format) and should be re-encrypted */
  isCurrent(encrypted: string): boolean;
};

export type StoreLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

/**
 * What every repository is built over: one Kysely handle (the root database or a transaction) and the ONE portal
 * whose rows it may touch. Every query a repository runs filters on `portalId`; no method takes a portal id.
 */
export type PortalDb = { db: Kysely<Database>; portalId: number };
/** A portal's handle plus what a few repositories need besides (the card query's dialect, the token cipher). */
export type PortalScope = PortalDb & { dialect: Dialect; cipher: Cipher };
