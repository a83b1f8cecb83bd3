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
