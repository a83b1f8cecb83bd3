import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out before a line is written. Request logging adds headers; services log objects that
 * may carry tokens. Anything that can authenticate (tokens, signatures, secrets) is listed here BY KEY PATH.
 * Never a bare `code`: that is every error's code ("sync failed" lines need it); OAuth codes only travel in the
 * callback's query string, which `redactUrl` blanks.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hubspot-signature"]',
  'req.headers["x-hubspot-signature-v3"]',
  'res.headers["set-cookie"]',
  // the OAuth redirect carries the signed state
  'res.headers.location',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'signature',
  'token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.clientSecret',
  '*.client_secret',
  '*.signature',
  '*.token',
];

/** Query-string keys whose values never reach a log line (OAuth callback codes and state). */
const SECRET_QUERY_KEYS = /([?&](?:code|state|token|access_token|refresh_token|client_secret)=)[^&#]*/gi;
export const redactUrl = (url: string): string => url.replace(SECRET_QUERY_KEYS, '$1[Redacted]');

/** Error properties worth a log line; anything else (an SDK error's request headers, a body) stays out. */
const ERROR_FIELDS = ['code', 'status', 'statusCode', 'errcode', 'category', 'correlationId'] as const;
const MAX_CAUSES = 5;

type SerializedError = {
  type: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
  errors?: SerializedError[];
  [field: string]: unknown;
};

/**
 * Any thrown value as a log object with a readable message: an Error with its code, status and cause chain
 * (and an AggregateError's errors); a plain object thrown by a library (pg-boss) by its message or as JSON,
 * never "[object Object]". The `err` key of every log line goes through this.
 */
export const serializeError = (error: unknown, depth = 0): SerializedError => {
  if (!(error instanceof Error)) {
    if (typeof error === 'object' && error !== null) {
      const message = (error as { message?: unknown }).message;
      let text: string;
      try {
        text = typeof message === 'string' ? message : JSON.stringify(error);
      } catch {
        text = Object.prototype.toString.call(error);
      }
      return { type: 'NonError', message: text };
    }
    return { type: typeof error, message: String(error) };
  }
  const out: SerializedError = { type: error.name, message: error.message };
  for (const field of ERROR_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (error.stack !== undefined) out.stack = error.stack;
  if (depth < MAX_CAUSES) {
    if (error.cause !== undefined) out.cause = serializeError(error.cause, depth + 1);
    if (error instanceof AggregateError)
      out.errors = error.errors.slice(0, MAX_CAUSES).map((e: unknown) => serializeError(e, depth + 1));
  }
  return out;
};

export type LoggerOptions = {
  level: string;
  /** pretty lines for a human at a terminal; JSON otherwise (production, CI, tests) */
  pretty?: boolean;
  /** tests capture the stream to prove secrets stay out */
  destination?: DestinationStream;
};

export const createLogger = ({ level, pretty = false, destination }: LoggerOptions): Logger => {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    serializers: { err: (error: unknown) => serializeError(error) },
  };
  if (destination !== undefined) return pino(options, destination);
  if (pretty)
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
      },
    });
  return pino(options);
};
