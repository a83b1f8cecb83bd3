import { parseArgs } from 'node:util';
import { pino } from 'pino';
import cliProgress from 'cli-progress';
import { isAppError } from '../errors';
import { loadConfig, type Config } from '../config/config';
import { createLimiterRegistry, createOAuthClient, createPortalClient } from '../hubspot';
import { createTokenCipher } from '../services/token-cipher';
import { createTokenProvider } from '../services/tokens';
import { createStore, type Cipher, type SyncProgress } from '../store';
import { runSync, type SyncReport } from '../sync';

/**
 * `npm run sync -- --portal <id> [--full]`: one sync of one portal, with a progress bar and a final report.
 * Settings come from the app's configuration (DATABASE_URL, HUBSPOT_*); the flags override them, so a test
 * or an operator can point it at any store and HubSpot-compatible base URL.
 */

const USAGE = `usage: npm run sync -- --portal <id> [--full] [--database-url <url>] [--base-url <url>] [--token <token>]
                       [--rate-limit <requests per 10 s>] [--plain]`;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
};

const parse = () => {
  try {
    return parseArgs({
      options: {
        portal: { type: 'string' },
        full: { type: 'boolean', default: false },
        'database-url': { type: 'string' },
        'base-url': { type: 'string' },
        token: { type: 'string' },
        'rate-limit': { type: 'string' },
        plain: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
};

/** The app's configuration when the environment is complete; flags alone are enough otherwise. */
const tryConfig = (): Config | null => {
  try {
    return loadConfig();
  } catch {
    return null;
  }
};

const noTokenCipher: Cipher = {
  encrypt: () => {
    throw new Error('TOKEN_ENCRYPTION_KEY is not set: this run cannot store tokens');
  },
  decrypt: () => {
    throw new Error('TOKEN_ENCRYPTION_KEY is not set: stored tokens cannot be read');
  },
  isCurrent: () => false,
};

const formatReport = (r: SyncReport): string => {
  const lines = [
    `${r.kind} sync of portal ${r.portalId}: ${r.status}${r.isResumed ? ' (resumed after an interruption)' : ''}`,
    `  records     ${Object.entries(r.records)
      .map(([type, n]) => `${type} ${n}`)
      .join(', ')}`,
    `  deleted     ${r.deleted}`,
    `  API calls   ${r.apiCalls} (429s: ${r.rateLimited}, retries: ${r.retries})`,
    `  skipped     ${r.skipped}${
      r.skippedSamples.length
        ? `, e.g. ${r.skippedSamples
            .slice(0, 3)
            .map((s) => `${s.objectType} ${s.id}: ${s.reason}`)
            .join('; ')}`
        : ''
    }`,
    `  warnings    ${r.warnings}${
      r.warningSamples.length
        ? `, e.g. ${r.warningSamples
            .slice(0, 3)
            .map((s) => `${s.objectType} ${s.id}: ${s.reason}`)
            .join('; ')}`
        : ''
    }`,
    `  companies   ${r.companiesRecomputed} recomputed, ${r.writtenBack} written back${r.writeBackError ? ` (write-back failed: ${r.writeBackError})` : ''}`,
    `  duration    ${(r.durationMs / 1000).toFixed(1)} s`,
  ];
  return lines.join('\n');
};

/** A progress bar on a terminal, one line per phase otherwise (logs, CI). */
const progressReporter = (apiCalls: () => number, allowBar: boolean) => {
  const isBar = process.stdout.isTTY && allowBar;
  const bar = isBar
    ? new cliProgress.SingleBar(
        { format: '{phase} |{bar}| {value}{totalText} · {calls} API calls', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let phase = '';
  const onProgress = (p: SyncProgress) => {
    const payload = {
      phase: p.phase.padEnd(22),
      calls: apiCalls(),
      totalText: p.total === null ? '' : `/${p.total}`,
    };
    if (bar) {
      if (p.phase !== phase) {
        bar.stop();
        bar.start(p.total ?? Math.max(p.done, 1), p.done, payload);
      } else {
        if (p.total === null && p.done > bar.getTotal()) bar.setTotal(p.done);
        bar.update(p.done, payload);
      }
    } else if (p.phase !== phase || p.total === null) {
      process.stdout.write(
        `progress ${p.phase} ${p.done}${p.total === null ? '' : `/${p.total}`} calls=${apiCalls()}\n`,
      );
    }
    phase = p.phase;
  };
  return { bar, onProgress };
};

const main = async () => {
  const args = parse();
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const portalId = Number(args.portal);
  if (!Number.isInteger(portalId) || portalId <= 0)
    fail('--portal must be a positive whole number (the HubSpot portal id)');
  const config = tryConfig();
  const rateLimit =
    args['rate-limit'] === undefined ? (config?.hubspot.rateLimitPer10s ?? 110) : Number(args['rate-limit']);
  if (!Number.isFinite(rateLimit) || rateLimit <= 0)
    fail('--rate-limit must be a positive number of requests per 10 s');

  const databaseUrl =
    args['database-url'] ??
    config?.databaseUrl ??
    fail('no database: set DATABASE_URL or pass --database-url');
  const baseUrl = args['base-url'] ?? config?.hubspot.apiBaseUrl ?? 'https://api.hubapi.com';
  const logger = pino(
    { level: 'warn', redact: ['token', 'accessToken', 'refreshToken'] },
    pino.destination(2),
  );

  const key = config?.tokenEncryptionKey ?? null;
  const store = await createStore({
    url: databaseUrl,
    cipher: key ? createTokenCipher(key, config?.tokenPreviousKeys) : noTokenCipher,
    logger,
  });
  await store.migrate();

  const staticToken = args.token ?? config?.hubspot.accessToken ?? null;
  let getAccessToken: () => Promise<string>;
  if (staticToken !== null) {
    getAccessToken = async () => staticToken;
  } else {
    const { clientId, clientSecret } = config?.hubspot ?? { clientId: null, clientSecret: null };
    if (!clientId || !clientSecret)
      return fail(
        'no HubSpot credentials: pass --token, or set HUBSPOT_ACCESS_TOKEN or HUBSPOT_CLIENT_ID/SECRET',
      );
    const oauth = createOAuthClient({ baseUrl, clientId, clientSecret });
    const tokens = createTokenProvider({
      store,
      logger,
      refreshTokens: (refreshToken) => oauth.refresh(refreshToken),
    });
    getAccessToken = () => tokens.getAccessToken(portalId);
  }

  const limiter = createLimiterRegistry({
    maxRequests: rateLimit,
    searchMaxRequests: config?.hubspot.searchPerSecond ?? 5,
  }).for(portalId);
  const client = createPortalClient({ portalId, baseUrl, getAccessToken, limiter, logger });

  const { bar, onProgress } = progressReporter(() => client.stats.apiCalls, !args.plain);

  // Ctrl-C stops between chunks; the run stays resumable and the next start continues it.
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort(new Error('interrupted')));
  process.once('SIGTERM', () => abort.abort(new Error('terminated')));

  try {
    const report = await runSync({
      store,
      client,
      portalId,
      kind: args.full ? 'full' : 'incremental',
      now: Date.now,
      onProgress,
      signal: abort.signal,
      logger,
    });
    bar?.stop();
    process.stdout.write(`\n${formatReport(report)}\n`);
  } catch (error) {
    bar?.stop();
    const message = isAppError(error) ? `${error.code}: ${error.message}` : (error as Error).message;
    process.stderr.write(`\nsync failed: ${message}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
};

await main();
