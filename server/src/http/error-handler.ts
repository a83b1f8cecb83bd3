import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ErrorBody, ErrorCode } from '@pulse/shared';
import { AppError, isAppError } from '../errors';
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
  internal: 500,
};

export const zodFields = (error: ZodError) =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));

/** body-parser reports its failures as errors carrying `type`; turn the two a client can cause into AppErrors. */
const fromBodyParser = (error: unknown): AppError | null => {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  switch (error.type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 'The request body is larger than 1 MB');
    case 'entity.parse.failed':
      return new AppError('bad_request', 'The request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('bad_request', 'The request body encoding is not supported');
    default:
      return null;
  }
};

export const toAppError = (error: unknown): AppError => {
  if (isAppError(error)) return error;
  if (error instanceof ZodError)
    return new AppError('validation_failed', 'The request is not valid', { fields: zodFields(error) });
  return (
    fromBodyParser(error) ?? new AppError('internal', 'Something went wrong on our side', { cause: error })
  );
};

export const createErrorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error, req, res, _next) => {
    const appError = toAppError(error);
    const status = STATUS_BY_CODE[appError.code];
    const log = req.log ?? logger;
    if (status >= 500)
      log.error({ err: appError.cause ?? appError, errorCode: appError.code }, 'request failed');
    else log.info({ errorCode: appError.code }, appError.message);
    const body: ErrorBody = { code: appError.code, message: appError.message, requestId: requestIdOf(req) };
    if (appError.fields !== undefined) body.fields = appError.fields;
    if (res.headersSent) return;
    res.status(status).json(body);
  };

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};
