import { z } from 'zod';

/**
 * The one reader of the environment. Every variable is documented in `.env.example`; `loadConfig` parses
 * them once at start-up and fails with ONE error naming each bad variable (never echoing a value, since
 * several of them are secrets).
 */

export type RunMode = 'demo' | 'single-portal' | 'marketplace';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type Config = {
  mode: RunMode;
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** Origin HubSpot calls us on (no trailing slash); `http://localhost:<port>` when unset. */
  publicUrl: string;
  databaseUrl: string;
  hubspot: {
    clientId: string | null;
    clientSecret: string | null;
    accessToken: string | null;
    portalId: number | null;
    apiBaseUrl: string;
    /** our per-portal budget for calls TO HubSpot: requests per 10 s, and search requests per second */
    rateLimitPer10s: number;
    searchPerSecond: number;
  };
  /** 32 raw bytes; null only in demo mode (a per-process key is generated then). */
  tokenEncryptionKey: Buffer | null;
  /** keys tokens were encrypted with before the current one: read with, never written with (key rotation) */
  tokenPreviousKeys: Buffer[];
  logLevel: LogLevel;
  /** false, or the value for Express's `trust proxy` (true, a hop count or a list of addresses). */
  trustProxy: boolean | number | string;
  syncIntervalMinutes: number;
  /** a scheduled sync is a full one (catching deletions no webhook reported) once per this many hours */
  fullSyncIntervalHours: number;
  /** days an uninstalled (disconnected) portal's data is kept before it is deleted; 0 = at the next scheduler tick */
  uninstalledRetentionDays: number;
  /** per caller (portal, or IP for unsigned calls) per 10 seconds */
  rateLimitPer10s: number;
  /**
   * Who runs this server, for the public privacy policy, terms and support pages. Required in production
   * marketplace mode (the privacy policy must name who processes the data); null otherwise when unset.
   */
  operator: { name: string | null; email: string | null; address: string | null };
};

const empty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(empty, z.string().trim().optional());

const ZUrlString = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), 'must be an http(s) URL');
const ZUrl = z.preprocess(empty, ZUrlString.optional());

const ZPositiveInt = (name: string, fallback: number, max: number) =>
  z.preprocess(
    empty,
    z.coerce
      .number({ message: `${name} must be a whole number` })
      .int(`${name} must be a whole number`)
      .min(1, `${name} must be at least 1`)
      .max(max, `${name} must be at most ${max}`)
      .default(fallback),
  );

const ZEnv = z.object({
  NODE_ENV: z.preprocess(empty, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(
    empty,
    z.coerce
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0..65535')
      .max(65535, 'must be 0..65535')
      .default(3000),
  ),
  PUBLIC_URL: ZUrl,
  DATABASE_URL: z.preprocess(
    empty,
    z
      .string()
      .trim()
      .refine(
        (v) => /^(file:|postgres(ql)?:\/\/)/.test(v),
        'must start with file: (SQLite) or postgres:// (PostgreSQL)',
      )
      .default('file:./data/pulse.db'),
  ),
  HUBSPOT_CLIENT_ID: optionalString,
  HUBSPOT_CLIENT_SECRET: optionalString,
  HUBSPOT_ACCESS_TOKEN: optionalString,
  HUBSPOT_PORTAL_ID: z.preprocess(
    empty,
    z.coerce.number().int('must be a whole number').positive('must be positive').optional(),
  ),
  HUBSPOT_API_BASE_URL: z.preprocess(empty, ZUrlString.default('https://api.hubapi.com')),
  TOKEN_ENCRYPTION_KEY: optionalString,
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: optionalString,
  LOG_LEVEL: z.preprocess(
    empty,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ),
  TRUST_PROXY: optionalString,
  SYNC_INTERVAL_MINUTES: ZPositiveInt('SYNC_INTERVAL_MINUTES', 15, 24 * 60),
  FULL_SYNC_INTERVAL_HOURS: ZPositiveInt('FULL_SYNC_INTERVAL_HOURS', 24, 24 * 30),
  UNINSTALLED_RETENTION_DAYS: z.preprocess(
    empty,
    z.coerce
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0..90')
      .max(90, 'must be 0..90')
      .default(7),
  ),
  RATE_LIMIT_PER_10S: ZPositiveInt('RATE_LIMIT_PER_10S', 1000, 100_000),
  HUBSPOT_RATE_LIMIT_PER_10S: ZPositiveInt('HUBSPOT_RATE_LIMIT_PER_10S', 110, 10_000),
  HUBSPOT_SEARCH_PER_SECOND: ZPositiveInt('HUBSPOT_SEARCH_PER_SECOND', 5, 100),
  OPERATOR_NAME: z.preprocess(empty, z.string().trim().max(200, 'must be at most 200 characters').optional()),
  OPERATOR_EMAIL: z.preprocess(
    empty,
    z
      .string()
      .trim()
      .refine((v) => /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(v), 'must be an e-mail address')
      .optional(),
  ),
  OPERATOR_ADDRESS: z.preprocess(
    empty,
    z.string().trim().max(500, 'must be at most 500 characters').optional(),
  ),
});

export class ConfigError extends Error {
  readonly problems: { variable: string; message: string }[];

  constructor(problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}\nSee .env.example.`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** 32 bytes given as 64 hex characters or as base64 (44 characters with padding). */
export const parseEncryptionKey = (raw: string): Buffer | null => {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(raw)) {
    const key = Buffer.from(raw, 'base64');
    return key.length === 32 ? key : null;
  }
  return null;
};

/** Comma-separated keys in TOKEN_ENCRYPTION_KEY's format; each bad one is named by its position, not its value. */
const parsePreviousKeys = (
  raw: string | undefined,
  current: Buffer | null,
  problems: { variable: string; message: string }[],
): Buffer[] => {
  if (raw === undefined) return [];
  const variable = 'TOKEN_ENCRYPTION_PREVIOUS_KEYS';
  if (current === null) {
    problems.push({ variable, message: 'needs TOKEN_ENCRYPTION_KEY (the key tokens are re-encrypted with)' });
    return [];
  }
  const keys: Buffer[] = [];
  raw.split(',').forEach((part, index) => {
    const key = parseEncryptionKey(part.trim());
    if (key === null)
      problems.push({
        variable,
        message: `key ${index + 1} must be 32 bytes as 64 hex characters or base64 (comma-separated)`,
      });
    else keys.push(key);
  });
  return keys;
};

const parseTrustProxy = (raw: string | undefined): boolean | number | string | null => {
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  // Express accepts 'loopback', 'uniquelocal', addresses and CIDR ranges, comma-separated.
  if (/^[\w.:/,\s-]+$/.test(raw)) return raw;
  return null;
};

export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const problems: { variable: string; message: string }[] = [];
  const parsed = ZEnv.safeParse(env);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const variable = String(issue.path[0] ?? 'environment');
    // Our refinements already name the rule; zod's generic messages may quote the input, which may be secret.
    const message =
      issue.code === 'custom' || issue.code === 'too_small' || issue.code === 'too_big'
        ? issue.message
        : describeIssue(issue.code);
    problems.push({ variable, message });
  }
  // Keep checking the rest with the variables that did parse, so one error lists every problem.
  const e = parsed.success
    ? parsed.data
    : ZEnv.parse(
        Object.fromEntries(Object.entries(env).filter(([k]) => !problems.some((p) => p.variable === k))),
      );
  const clientId = e.HUBSPOT_CLIENT_ID ?? null;
  const clientSecret = e.HUBSPOT_CLIENT_SECRET ?? null;
  const accessToken = e.HUBSPOT_ACCESS_TOKEN ?? null;

  // A static token means one portal (its app's client secret, if given, verifies card requests); otherwise an
  // OAuth client means the marketplace; nothing at all means the embedded demo.
  let mode: RunMode = 'demo';
  if (accessToken !== null) mode = 'single-portal';
  else if (clientId !== null || clientSecret !== null) mode = 'marketplace';

  if (mode === 'marketplace') {
    if (clientId === null)
      problems.push({ variable: 'HUBSPOT_CLIENT_ID', message: 'is required with HUBSPOT_CLIENT_SECRET' });
    if (clientSecret === null)
      problems.push({ variable: 'HUBSPOT_CLIENT_SECRET', message: 'is required with HUBSPOT_CLIENT_ID' });
    if (e.PUBLIC_URL === undefined)
      problems.push({
        variable: 'PUBLIC_URL',
        message: 'is required in marketplace mode (the https origin HubSpot calls)',
      });
  }
  if (e.HUBSPOT_PORTAL_ID !== undefined && mode !== 'single-portal')
    problems.push({ variable: 'HUBSPOT_PORTAL_ID', message: 'is only used with HUBSPOT_ACCESS_TOKEN' });

  let tokenEncryptionKey: Buffer | null = null;
  if (e.TOKEN_ENCRYPTION_KEY !== undefined) {
    tokenEncryptionKey = parseEncryptionKey(e.TOKEN_ENCRYPTION_KEY);
    if (tokenEncryptionKey === null)
      problems.push({
        variable: 'TOKEN_ENCRYPTION_KEY',
        message: 'must be 32 bytes as 64 hex characters or base64 (openssl rand -base64 32)',
      });
  } else if (mode !== 'demo') {
    problems.push({
      variable: 'TOKEN_ENCRYPTION_KEY',
      message: 'is required outside demo mode (openssl rand -base64 32)',
    });
  }

  if (mode === 'marketplace' && e.NODE_ENV === 'production') {
    for (const variable of ['OPERATOR_NAME', 'OPERATOR_EMAIL'] as const)
      if (e[variable] === undefined && !problems.some((p) => p.variable === variable))
        problems.push({
          variable,
          message:
            'is required in production marketplace mode (the privacy policy and terms name the operator)',
        });
  }

  const tokenPreviousKeys = parsePreviousKeys(e.TOKEN_ENCRYPTION_PREVIOUS_KEYS, tokenEncryptionKey, problems);

  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (trustProxy === null)
    problems.push({
      variable: 'TRUST_PROXY',
      message: 'must be true, false, a hop count, or a list of addresses/subnets',
    });

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode,
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    hubspot: {
      clientId,
      clientSecret,
      accessToken,
      portalId: e.HUBSPOT_PORTAL_ID ?? null,
      apiBaseUrl: e.HUBSPOT_API_BASE_URL.replace(/\/+$/, ''),
      /** our per-portal budget for calls TO HubSpot (HubSpot allows OAuth apps 110 / 10 s, search 5 / s) */
      rateLimitPer10s: e.HUBSPOT_RATE_LIMIT_PER_10S,
      searchPerSecond: e.HUBSPOT_SEARCH_PER_SECOND,
    },
    tokenEncryptionKey,
    tokenPreviousKeys,
    // the demo's console is for the person trying it: one line, plus warnings
    logLevel: e.LOG_LEVEL ?? (mode === 'demo' ? 'warn' : 'info'),
    trustProxy: trustProxy ?? false,
    syncIntervalMinutes: e.SYNC_INTERVAL_MINUTES,
    fullSyncIntervalHours: e.FULL_SYNC_INTERVAL_HOURS,
    uninstalledRetentionDays: e.UNINSTALLED_RETENTION_DAYS,
    rateLimitPer10s: e.RATE_LIMIT_PER_10S,
    operator: {
      name: e.OPERATOR_NAME ?? null,
      email: e.OPERATOR_EMAIL ?? null,
      address: e.OPERATOR_ADDRESS ?? null,
    },
  };
};

const describeIssue = (code: string): string => {
  switch (code) {
    case 'invalid_value':
      return 'is not one of the allowed values (see .env.example)';
    case 'invalid_type':
      return 'must be a number';
    default:
      return 'is invalid (see .env.example)';
  }
};
