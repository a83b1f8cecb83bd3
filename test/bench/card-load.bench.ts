/**
 * Card load: 10,000 companies' snapshots stored, the app listening on loopback with the production logger (JSON
 * at `info`, to /dev/null), and signed card requests (`GET /api/v1/companies/:id/health`, through the real v3
 * verifier, replay guard and caller resolution) sent by a SEPARATE process at a fixed 200 requests/s for 15 s.
 * Open model: request i is due at start + i/rate whatever happened to earlier ones, and its latency counts from
 * that due time, so a stalled server cannot hide its queue (no coordinated omission).
 * The server process does nothing else, so `process.cpuUsage()` deltas are the server's CPU per request.
 * Target: p99 ≤ 25 ms and no errors. SQLite always; Postgres as well when TEST_DATABASE_URL is set (in a
 * throw-away database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { createApp, type PulseApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config/config';
import { createLogger, type Logger } from '../../server/src/logger';
import { loadManifest } from '../../server/src/services/manifest';
import { createTokenCipher } from '../../server/src/services/token-cipher';
import { createStore } from '../../server/src/store';
import type { HistoryEntry, Store } from '../../server/src/store';
import { buildSnapshot } from '../integration/store/snapshot-factory';

const COMPANIES = 10_000;
const RATE = 200;
const SECONDS = 15;
const HISTORY_DAYS = 30;
const SEQUENTIAL = 1_000;
export const BENCH_PORTAL = 4242;
export const BENCH_SECRET = 'bench-client-secret';
const PUBLIC_URL = 'https://pulse.bench';
const TARGET_P99_MS = 25;
const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Plain JS run by `node -e` in a child process (an eval'd script is not transpiled). It fires signed card requests
 * on command: `sequential` (one at a time, for CPU per request) or `load` (open model at a fixed rate).
 */
const LOAD_GENERATOR = `
const { createHmac } = require('node:crypto');
const http = require('node:http');
const w = JSON.parse(process.env.PULSE_BENCH_GENERATOR);
// node:http with keep-alive costs the generator less CPU than fetch: it shares the machine with the server
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let sequence = 0;
const get = (path, headers) =>
  new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: w.port, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
const fire = async (due) => {
  sequence += 1;
  // n makes every URL, hence every signature, unique: the replay guard refuses repeats
  const path = '/api/v1/companies/' + (100000 + ((sequence * 7919) % w.companies)) + '/health?userId=42&userEmail=csm%40example.com&appId=1&portalId=' + w.portal + '&n=' + sequence;
  const timestamp = String(Date.now());
  const signature = createHmac('sha256', w.secret).update('GET' + w.publicUrl + path.replace('%40', '@') + timestamp).digest('base64');
  const sentLate = performance.now() - due;
  try {
    const res = await get(path, { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': timestamp });
    const body = JSON.parse(res.text);
    return { ms: performance.now() - due, sentLate, ok: res.status === 200 && body.status === 'ready', bytes: Buffer.byteLength(res.text) };
  } catch {
    return { ms: performance.now() - due, sentLate, ok: false, bytes: 0 };
  }
};
process.on('message', async (command) => {
  const cpu = process.cpuUsage();
  const done = [];
  let elapsed = 0;
  if (command.cmd === 'sequential') {
    for (let i = 0; i < command.n; i++) done.push(await fire(performance.now()));
  } else if (command.cmd === 'load') {
    const total = command.rate * command.seconds;
    const pending = [];
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / command.rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(fire(due));
    }
    done.push(...(await Promise.all(pending)));
    elapsed = (performance.now() - started) / 1000;
  }
  const used = process.cpuUsage(cpu);
  process.send({ done, elapsed, cpuMs: (used.user + used.system) / 1000 });
});
process.send({ ready: true });
`;

type Sample = { ms: number; sentLate: number; ok: boolean; bytes: number };
type Batch = { done: Sample[]; elapsed: number; /** the generator's own CPU for the batch */ cpuMs: number };

export type LoadGenerator = {
  sequential(n: number): Promise<Batch>;
  load(rate: number, seconds: number): Promise<Batch>;
  close(): void;
};

export const startLoadGenerator = async (port: number): Promise<LoadGenerator> => {
  const child: ChildProcess = spawn(process.execPath, ['-e', LOAD_GENERATOR], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      PULSE_BENCH_GENERATOR: JSON.stringify({
        port,
        secret: BENCH_SECRET,
        publicUrl: PUBLIC_URL,
        portal: BENCH_PORTAL,
        companies: COMPANIES,
      }),
    },
  });
  const next = () =>
    new Promise<Batch & { ready?: true }>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as Batch);
      });
    });
  await next();
  return {
    sequential: (n) => {
      const reply = next();
      child.send({ cmd: 'sequential', n });
      return reply;
    },
    load: (rate, seconds) => {
      const reply = next();
      child.send({ cmd: 'load', rate, seconds });
      return reply;
    },
    close: () => child.kill(),
  };
};

export async function seedCardBench(store: Store): Promise<void> {
  await store.migrate();
  const now = Date.now();
  const portal = store.forPortal(BENCH_PORTAL);
  await portal.installation.upsert({
    mode: 'oauth',
    status: 'active',
    scopes: [],
    accessToken: 'a',
    refreshToken: 'r',
    accessTokenExpiresAt: now + 3_600_000,
    hubDomain: null,
    installedAt: now,
    updatedAt: now,
  });
  for (let i = 0; i < COMPANIES; i += 500) {
    const snapshots = Array.from({ length: Math.min(500, COMPANIES - i) }, (_, j) =>
      buildSnapshot(String(100_000 + i + j), { score: (i + j) % 101 }),
    );
    await portal.snapshots.put(snapshots, { syncedAt: now });
    const history: HistoryEntry[] = snapshots.flatMap((s) =>
      Array.from({ length: HISTORY_DAYS }, (_, d) => ({
        companyId: s.companyId,
        date: new Date(now - d * 86_400_000).toISOString().slice(0, 10),
        score: s.health.score,
        band: s.health.band,
        settingsVersion: 1,
        measurePoints: { nps: 50, openHighPriority: 60 },
      })),
    );
    await portal.history.put(history);
  }
  const run = await portal.syncRuns.start('full', now - 60_000);
  await portal.syncRuns.finish(run, { status: 'succeeded', error: null });
}

/** The production logger configuration (JSON, `info`), written to /dev/null instead of stdout. */
export const benchLogger = (): Logger =>
  createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null', sync: true }) });

export const createCardBenchApp = (store: Store, logger: Logger = benchLogger()): PulseApp => {
  const config = loadConfig({
    HUBSPOT_CLIENT_ID: 'bench',
    HUBSPOT_CLIENT_SECRET: BENCH_SECRET,
    PUBLIC_URL,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    RATE_LIMIT_PER_10S: '100000',
    NODE_ENV: 'production',
  });
  const refuse = () => Promise.reject(new Error('the card path must not call HubSpot'));
  return createApp({
    config,
    store,
    logger,
    manifest: loadManifest(),
    hubspot: {
      exchangeCode: refuse,
      refreshTokens: refuse,
      getTokenInfo: refuse,
      revokeRefreshToken: refuse,
      getAccountDetails: refuse,
      deleteInstall: refuse,
      ensureCompanyProperties: refuse,
    },
    jobs: { requestSync: async () => undefined },
    recompute: async () => undefined,
    scoring: { scoreAll: refuse, storeUnreadProperties: refuse },
    tokens: { getAccessToken: refuse },
    signingSecret: BENCH_SECRET,
  });
};

type Row = {
  store: string;
  sent: number;
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  /** server CPU per request, one request at a time (no batching effects) */
  cpuSequential: number;
  /** server CPU per request during the fixed-rate run */
  cpuLoad: number;
  /** the generator's own lateness: when it is large, the generator, not the server, was starved */
  sentLateP99: number;
  generatorCpu: number;
  maxBytes: number;
};

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

async function load(store: Store, label: string): Promise<Row> {
  await seedCardBench(store);
  const server = createCardBenchApp(store).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const generator = await startLoadGenerator(port);
  try {
    // warm-up: JIT, statement caches, the installation cache
    await generator.sequential(300);
    let cpu = process.cpuUsage();
    const sequential = await generator.sequential(SEQUENTIAL);
    const cpuSequential = cpuMs(cpu) / SEQUENTIAL;
    cpu = process.cpuUsage();
    const { done, elapsed, cpuMs: generatorCpuMs } = await generator.load(RATE, SECONDS);
    const cpuLoad = cpuMs(cpu) / done.length;
    const latencies = done.map((r) => r.ms).sort((a, b) => a - b);
    const late = done.map((r) => r.sentLate).sort((a, b) => a - b);
    return {
      store: label,
      sent: done.length,
      rate: done.length / elapsed,
      p50: quantile(latencies, 0.5),
      p90: quantile(latencies, 0.9),
      p99: quantile(latencies, 0.99),
      max: latencies.at(-1) ?? NaN,
      errors: done.filter((r) => !r.ok).length + sequential.done.filter((r) => !r.ok).length,
      cpuSequential,
      cpuLoad,
      sentLateP99: quantile(late, 0.99),
      generatorCpu: generatorCpuMs / done.length,
      maxBytes: Math.max(...done.map((r) => r.bytes)),
    };
  } finally {
    generator.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export default async function cardLoad(): Promise<{ title: string; markdown: string; ok: boolean }> {
  const rows: Row[] = [];
  const loadBefore = loadavg()[0] ?? NaN;
  const dir = mkdtempSync(join(tmpdir(), 'pulse-card-bench-'));
  try {
    const store = await createStore({
      url: `file:${join(dir, 'pulse.db')}`,
      cipher: createTokenCipher(randomBytes(32)),
    });
    try {
      rows.push(await load(store, 'SQLite (file)'));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl !== undefined && pgUrl !== '') {
    const name = `pulse_card_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      const store = await createStore({ url: url.toString(), cipher: createTokenCipher(randomBytes(32)) });
      try {
        rows.push(await load(store, 'PostgreSQL'));
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  }

  const ok = rows.every((r) => r.p99 <= TARGET_P99_MS && r.errors === 0 && r.maxBytes < MAX_RESPONSE_BYTES);
  const markdown = [
    `${COMPANIES.toLocaleString('en')} companies' snapshots (+${HISTORY_DAYS} days of history each); signed card requests from a separate process at a fixed ${RATE}/s for ${SECONDS} s over loopback (open model: latency counts from each request's due time).`,
    `Server CPU per request = \`process.cpuUsage()\` of the server process over ${SEQUENTIAL} sequential requests, and over the fixed-rate run. Logger: production JSON at \`info\` to /dev/null.`,
    `Target: p99 ≤ ${TARGET_P99_MS} ms, 0 errors, responses under 1 MB.${pgUrl ? '' : ' (PostgreSQL skipped: TEST_DATABASE_URL not set.)'} Load average when it started: ${loadBefore.toFixed(2)}.`,
    '',
    '| store | requests | achieved req/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU ms/req (sequential) | server CPU ms/req (at rate) | generator CPU ms/req | generator late p99 ms | response bytes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.store} | ${r.sent} | ${r.rate.toFixed(1)} | ${r.p50.toFixed(2)} | ${r.p90.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} | ${r.errors} | ${r.cpuSequential.toFixed(3)} | ${r.cpuLoad.toFixed(3)} | ${r.generatorCpu.toFixed(3)} | ${r.sentLateP99.toFixed(2)} | ${r.maxBytes} |`,
    ),
  ].join('\n');
  return { title: 'Card API under load', markdown, ok };
}
