import { z } from 'zod';

/**
 * The closed set of error codes our API answers with. Services throw `AppError(code, …)`; one middleware maps
 * the code to an HTTP status (server/src/http); the card maps the code to friendly text (extension/views).
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'invalid_signature',
  'stale_signature',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'not_installed',
  'hubspot_unavailable',
  'hubspot_auth_failed',
  // our database is unreachable (an outage, a failover): transient, retry after the Retry-After seconds
  'database_unavailable',
  'internal',
] as const;
export const ZErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ZErrorCode>;

export const ZErrorBody = z.object({
  code: ZErrorCode,
  message: z.string(),
  requestId: z.string(),
  /** field-level problems for validation_failed: path ("scoring.groups.0.weight") → message */
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ZErrorBody>;
