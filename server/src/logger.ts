import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out before a line is written. Request logging adds headers; services log objects that
 * may carry tokens. Anything that can authenticate (tokens, codes, signatures, secrets) is listed here.
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
  'code',
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

export type LoggerOptions = {
  level: string;
  /** pretty lines for a human at a terminal; JSON otherwise (production, CI, tests) */
  pretty?: boolean;
  /** tests capture the stream to prove secrets stay out */
  destination?: DestinationStream;
};

export const createLogger = ({ level, pretty = false, destination }: LoggerOptions): Logger => {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[Redacted]' } };
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
