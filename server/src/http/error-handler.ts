import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ErrorBody, ErrorCode } from '@pulse/shared';
import { AppError, isAppError, isDatabaseUnavailable } from '../errors';
import type { Logger } from '../logger';
import { requestIdOf } from './request-id';

/** The one place an error code becomes an HTTP status. Exhaustive: a new code fails to compile until mapped. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  invalid_signature: 401,
  stale_signature: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  // the portal never installed Pulse, or disconnected it: nothing to show until it (re)installs
  not_installed: 403,
  hubspot_unavailable: 503,
  // HubSpot refused our token: our upstream failed, not the caller's request
  hubspot_auth_failed: 502,
  database_unavailable: 503,
  internal: 500,
};

/** Seconds a client should wait before retrying, sent as `Retry-After` with these transient failures. */
export const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = {
  database_unavailable: 5,
  hubspot_unavailable: 30,
};

export const zodFields = (error: ZodError) =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));

/** What a client did wrong, for body-parser's and the router's client errors (http-errors with a 4xx status). */
const CLIENT_ERROR_BY_TYPE: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'encoding.unsupported': 'The request body encoding is not supported',
  'charset.unsupported': 'The request body encoding is not supported',
  'request.aborted': 'The request was aborted before its body arrived',
  'request.size.invalid': 'The request body does not match its Content-Length',
  'entity.verify.failed': 'The request body could not be read',
};

/**
 * body-parser and the router report what the client sent wrong as errors with a 4xx `status` (and a `type`);
 * a body that fails to decompress carries zlib's `Z_…` code. All of them are the caller's fault: a 4xx, never
 * `internal`.
 */
const fromClientError = (error: unknown): AppError | null => {
  if (typeof error !== 'object' || error === null) return null;
  const { status, type, code } = error as { status?: unknown; type?: unknown; code?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (status === 413) return new AppError('payload_too_large', 'The request body is larger than 1 MB');
  if (typeof code === 'string' && code.startsWith('Z_'))
    return new AppError('bad_request', 'The request body does not decompress (Content-Encoding)');
  const message = typeof type === 'string' ? CLIENT_ERROR_BY_TYPE[type] : undefined;
  return new AppError('bad_request', message ?? 'The request could not be read');
};

export const toAppError = (error: unknown): AppError => {
  if (isAppError(error)) return error;
  if (error instanceof ZodError)
    return new AppError('validation_failed', 'The request is not valid', { fields: zodFields(error) });
  if (isDatabaseUnavailable(error))
    return new AppError(
      'database_unavailable',
      'Pulse cannot reach its database right now; try again shortly',
      {
        cause: error,
      },
    );
  return (
    fromClientError(error) ?? new AppError('internal', 'Something went wrong on our side', { cause: error })
  );
};

export const createErrorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error, req, res, _next) => {
    const appError = toAppError(error);
    const status = STATUS_BY_CODE[appError.code];
    const log = req.log ?? logger;
    const retryAfter = RETRY_AFTER_SECONDS[appError.code];
    // an outage is weather: one warning per request, the cause attached, no 'request failed' alarm per card
    if (appError.code === 'database_unavailable')
      log.warn({ err: appError.cause ?? appError, errorCode: appError.code }, 'database unavailable');
    else if (status >= 500)
      log.error({ err: appError.cause ?? appError, errorCode: appError.code }, 'request failed');
    else log.info({ errorCode: appError.code }, appError.message);
    const body: ErrorBody = { code: appError.code, message: appError.message, requestId: requestIdOf(req) };
    if (appError.fields !== undefined) body.fields = appError.fields;
    if (res.headersSent) return;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(body);
  };

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};
