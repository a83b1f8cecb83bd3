import type { ErrorCode } from '@pulse/shared';

/**
 * The one error type I/O code throws. Services and the HubSpot connector pick a code from the closed set in
 * shared/src/contracts/errors.ts; only the HTTP error middleware turns a code into a status.
 * `message` is safe to show to the caller; `cause` (never serialised) keeps the original for the logs.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: { path: string; message: string }[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; fields?: { path: string; message: string }[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** Socket errors that mean the database cannot be reached right now. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATEs of a database that is going away or not accepting connections (class 08, shutdown, overload). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
/** What node-postgres says when a connection ends or cannot be had. */
const PG_CONNECTION_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Query read timeout)/;
const SQLITE_BUSY = 5;

const isUnavailableOne = (error: object): boolean => {
  const { code, errcode, message } = error as { code?: unknown; errcode?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (errcode === SQLITE_BUSY) return true;
  return typeof message === 'string' && PG_CONNECTION_MESSAGE.test(message);
};

/**
 * True when `error` (or its cause, or one of an AggregateError's errors) says the database is unreachable or
 * refusing work for now, as opposed to a bug or bad data: such errors become `database_unavailable` (503 with
 * Retry-After), the job is retried, and nothing crashes. Decided on the error's shape, so no layer needs `pg`.
 */
export const isDatabaseUnavailable = (error: unknown, depth = 0): boolean => {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  if (isAppError(error)) return error.code === 'database_unavailable';
  if (isUnavailableOne(error)) return true;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
};
