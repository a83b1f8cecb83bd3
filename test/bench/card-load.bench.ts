/**
 * Card load: 10,000 companies' snapshots stored, the app listening on loopback, and signed card requests
 * (`GET /api/v1/companies/:id/health`, through the real v3 verifier, replay guard and caller resolution) fired
 * at a fixed 200 requests/s for 15 s. Target: p99 ≤ 25 ms and no errors. SQLite always; Postgres as well when
 * TEST_DATABASE_URL is set (in a throw-away database).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { createApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config/config';
import { createLogger } from '../../server/src/logger';
import { loadManifest } from '../../server/src/services/manifest';
import { createTokenCipher } from '../../server/src/services/token-cipher';
import { createStore } from '../../server/src/store';
import type { HistoryEntry, Store } from '../../server/src/store/store';
import { buildSnapshot } from '../integration/store/snapshot-factory';

const COMPANIES = 10_000;
const RATE = 200;
const SECONDS = 15;
const HISTORY_DAYS = 30;
const PORTAL = 4242;
const SECRET = 'bench-client-secret';
const PUBLIC_URL = 'https://pulse.bench';
const TARGET_P99_MS = 25;

/** Plain JS (an eval'd worker is not transpiled): fires signed card requests at a fixed rate, reports latencies. */
const LOAD_GENERATOR = `
const { parentPort, workerData: w } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
let sequence = 0;
const fire = async () => {
  sequence += 1;
  // n makes every URL, hence every signature, unique: the replay guard refuses repeats
  const path = '/api/v1/companies/' + (100000 + ((sequence * 7919) % w.companies)) + '/health?userId=42&userEmail=csm%40example.com&appId=1&portalId=' + w.portal + '&n=' + sequence;
  const timestamp = String(Date.now());
  const signature = createHmac('sha256', w.secret).update('GET' + w.publicUrl + path.replace('%40', '@') + timestamp).digest('base64');
  const started = performance.now();
  try {
    const res = await fetch('http://127.0.0.1:' + w.port + path, { headers: { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': timestamp } });
    const body = await res.json();
    return { ms: performance.now() - started, ok: res.status === 200 && body.status === 'ready' };
  } catch {
    return { ms: performance.now() - started, ok: false };
  }
};
(async () => {
  for (let i = 0; i < w.warmup; i++) await fire();
  const total = w.rate * w.seconds;
  const results = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / w.rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    results.push(fire());
  }
  const done = await Promise.all(results);
  parentPort.postMessage({ done, elapsed: (performance.now() - started) / 1000 });
})();
`;

type Row = { store: string; sent: number; rate: number; p50: number; p99: number; max: number; errors: number };

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function seed(store: Store) {
  await store.migrate();
  const now = Date.now();
  await store.upsertInstallation({
    portalId: PORTAL,
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
    const snapshots = Array.from({ length: Math.min(500, COMPANIES - i) }, (_, j) => buildSnapshot(String(100_000 + i + j), { score: (i + j) % 101 }));
    await store.putSnapshots(PORTAL, snapshots, { syncedAt: now });
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
    await store.putHistory(PORTAL, history);
  }
  const run = await store.startSyncRun(PORTAL, 'full', now - 60_000);
  await store.finishSyncRun(run, { status: 'succeeded', error: null });
}

async function load(store: Store, label: string): Promise<Row> {
  await seed(store);
  const config = loadConfig({
    HUBSPOT_CLIENT_ID: 'bench',
    HUBSPOT_CLIENT_SECRET: SECRET,
    PUBLIC_URL,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    RATE_LIMIT_PER_10S: '100000',
    NODE_ENV: 'production',
  });
  const refuse = () => Promise.reject(new Error('the card path must not call HubSpot'));
  const app = createApp({
    config,
    store,
    logger: createLogger({ level: 'silent' }),
    manifest: loadManifest(),
    hubspot: { exchangeCode: refuse, refreshTokens: refuse, getTokenInfo: refuse, deleteInstall: refuse, ensureCompanyProperties: refuse },
    jobs: { requestSync: async () => undefined },
    recompute: async () => undefined,
    tokens: { getAccessToken: refuse },
    signingSecret: SECRET,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  // The load generator runs on its own thread so its HTTP client does not compete with the server's event loop.
  const worker = new Worker(LOAD_GENERATOR, {
    eval: true,
    workerData: { port, secret: SECRET, publicUrl: PUBLIC_URL, portal: PORTAL, companies: COMPANIES, rate: RATE, seconds: SECONDS, warmup: 300 },
  });
  const { done, elapsed } = await new Promise<{ done: { ms: number; ok: boolean }[]; elapsed: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const total = done.length;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  const latencies = done.map((r) => r.ms).sort((a, b) => a - b);
  return {
    store: label,
    sent: total,
    rate: total / elapsed,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    errors: done.filter((r) => !r.ok).length,
  };
}

export default async function cardLoad(): Promise<{ title: string; markdown: string; ok: boolean }> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pulse-card-bench-'));
  try {
    const store = await createStore({ url: `file:${join(dir, 'pulse.db')}`, cipher: createTokenCipher(randomBytes(32)) });
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

  const ok = rows.every((r) => r.p99 <= TARGET_P99_MS && r.errors === 0);
  const markdown = [
    `${COMPANIES.toLocaleString('en')} companies' snapshots (+${HISTORY_DAYS} days of history each); signed card requests at a fixed ${RATE}/s for ${SECONDS} s over loopback.`,
    `Target: p99 ≤ ${TARGET_P99_MS} ms, 0 errors.${pgUrl ? '' : ' (PostgreSQL skipped: TEST_DATABASE_URL not set.)'}`,
    '',
    '| store | requests | achieved req/s | p50 ms | p99 ms | max ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.store} | ${r.sent} | ${r.rate.toFixed(1)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} | ${r.errors} |`),
  ].join('\n');
  return { title: 'Card API under load', markdown, ok };
}
