import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import pg from 'pg';
import { createSandbox, generateDataset, type SandboxServer } from '../../server/src/sandbox';
import { signV3 } from './app/harness';
import { startTcpProxy, targetOf, type TcpProxy } from './tcp-proxy';

/**
 * Pulse as it runs in production (`server/src/main.ts` in a child process, single-portal mode, Postgres store and
 * pg-boss jobs) with its database behind a TCP proxy the test cuts, and the HubSpot sandbox over real HTTP in
 * this process. A supervisor restarts the child if it ever exits and counts it: the figure must stay 0.
 */

export const RIG_PORTAL = 5151;
const TOKEN = 'rig-private-app-token';
const SECRET = 'rig-client-secret';

export type CardResult = { status: number; retryAfter: string | null; code: string | null; at: number };
export type SyncRunRow = {
  id: string;
  kind: string;
  status: string;
  started_at: number;
  finished_at: number | null;
};

export type OutageRig = {
  proxy: TcpProxy;
  companyIds: string[];
  /** one signed card read (GET /api/v1/companies/:id/health), as HubSpot sends it */
  readCard(companyId: string): Promise<CardResult>;
  /** POST /api/v1/sync, signed; the status code */
  requestSync(full: boolean): Promise<number>;
  readyz(): Promise<number>;
  /** the portal's sync runs, newest first, read straight from Postgres (not through the proxy) */
  syncRuns(): Promise<SyncRunRow[]>;
  /** the process id recorded as the running sync's owner (run-sync.ts `sync:owner` checkpoint), if any */
  syncOwnerPid(): Promise<number | null>;
  /** every line the child logged, parsed */
  logLines(): { level: number; msg: string; [key: string]: unknown }[];
  /** times a child exited and was started again */
  readonly restarts: number;
  /** the running children's process ids (one per instance) */
  pids(): number[];
  /** SIGKILLs one instance (it is not restarted when `restart` is false) */
  kill(pid: number): void;
  close(): Promise<void>;
};

export type OutageRigOptions = {
  databaseUrl: string;
  companies: number;
  /** HubSpot calls per 10 s the child allows itself (low: a sync that lasts while the database drops) */
  hubspotPer10s: number;
  /** Pulse instances on the same database (default 1); only the first serves the HTTP reads */
  instances?: number;
  /** start a child again when it exits (default true) */
  restart?: boolean;
};

const freePort = async (): Promise<number> => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

const withSchema = (url: string, schema: string) => {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
};

const admin = async <T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const waitUntil = async (check: () => Promise<boolean>, timeoutMs: number, what: string) => {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

type Supervisor = {
  children: ChildProcess[];
  restarts: number;
  stopping: boolean;
  restart: boolean;
  lines: string[];
};

const supervise = (env: NodeJS.ProcessEnv, state: Supervisor) => {
  const start = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: process.cwd(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      state.lines.push(...parts.filter((line) => line.startsWith('{')));
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', () => {
      state.children = state.children.filter((c) => c !== child);
      if (state.stopping || !state.restart) return;
      state.restarts += 1;
      start();
    });
    state.children.push(child);
  };
  start();
};

const signedFetch = async (port: number, method: string, path: string, body?: unknown) => {
  const url = `http://localhost:${port}${path}`;
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = Date.now();
  const signature = signV3({ secret: SECRET, method, url, body: text, timestamp });
  return fetch(url, {
    method,
    headers: {
      'X-HubSpot-Signature-v3': signature,
      'X-HubSpot-Request-Timestamp': String(timestamp),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: text }),
    signal: AbortSignal.timeout(15_000),
  });
};

const hubspotQuery = (sequence: number) =>
  `userId=42&userEmail=csm%40example.com&appId=1&portalId=${RIG_PORTAL}&n=${sequence}`;

export const startOutageRig = async (options: OutageRigOptions): Promise<OutageRig> => {
  const schema = `outage_${randomBytes(5).toString('hex')}`;
  await admin(options.databaseUrl, (c) => c.query(`create schema ${schema}`));
  const dataset = generateDataset({
    seed: 12,
    now: Date.now(),
    companies: options.companies,
    dealsPerCompany: 2,
    ticketsPerCompany: 3,
    contactsPerCompany: 3,
    responsesPerCompany: 3,
  });
  const sandbox = createSandbox({
    portals: [{ portalId: RIG_PORTAL, dataset, accessTokens: [TOKEN] }],
    rateLimit: false,
  });
  const hubspot: SandboxServer = await sandbox.listen();
  const proxy = await startTcpProxy(targetOf(options.databaseUrl));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    DATABASE_URL: withSchema(proxy.url(options.databaseUrl), schema),
    HUBSPOT_ACCESS_TOKEN: TOKEN,
    HUBSPOT_PORTAL_ID: String(RIG_PORTAL),
    HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_API_BASE_URL: hubspot.url,
    HUBSPOT_RATE_LIMIT_PER_10S: String(options.hubspotPer10s),
    // the readers spin fast on instant 503s: the inbound per-portal limit (tested on its own) must not answer 429 here
    RATE_LIMIT_PER_10S: '100000',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const state: Supervisor = {
    children: [],
    restarts: 0,
    stopping: false,
    restart: options.restart ?? true,
    lines: [],
  };
  supervise(env, state);
  // further instances: same database, their own (unused) port
  for (let i = 1; i < (options.instances ?? 1); i++) {
    const other = await freePort();
    supervise({ ...env, PORT: String(other), PUBLIC_URL: `http://localhost:${other}` }, state);
  }
  const direct = withSchema(options.databaseUrl, schema);
  let sequence = 0;
  const rig: OutageRig = {
    proxy,
    companyIds: dataset.objects.companies.filter((c) => !c.archived).map((c) => c.id),
    async readCard(companyId) {
      const at = Date.now();
      const path = `/api/v1/companies/${companyId}/health?${hubspotQuery(++sequence)}`;
      try {
        const res = await signedFetch(port, 'GET', path);
        const body = (await res.json().catch(() => ({}))) as { code?: string };
        return {
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          code: body.code ?? null,
          at,
        };
      } catch {
        return { status: 0, retryAfter: null, code: null, at }; // no answer at all (refused, reset, timed out)
      }
    },
    async requestSync(full) {
      const res = await signedFetch(port, 'POST', `/api/v1/sync?${hubspotQuery(++sequence)}`, { full });
      return res.status;
    },
    async readyz() {
      return (await fetch(`http://localhost:${port}/readyz`).catch(() => null))?.status ?? 0;
    },
    syncRuns: () =>
      admin(direct, async (c) =>
        (
          await c.query<SyncRunRow>(
            'select id, kind, status, started_at::float8 as started_at, finished_at::float8 as finished_at from sync_runs where portal_id = $1 order by started_at desc',
            [RIG_PORTAL],
          )
        ).rows.map((r) => ({
          ...r,
          started_at: Number(r.started_at),
          finished_at: r.finished_at === null ? null : Number(r.finished_at),
        })),
      ),
    syncOwnerPid: () =>
      admin(direct, async (c) => {
        const { rows } = await c.query<{ value: string }>(
          `select value from checkpoints where portal_id = $1 and key = 'sync:owner'`,
          [RIG_PORTAL],
        );
        const owner = rows[0] ? (JSON.parse(rows[0].value) as { pid?: unknown }) : {};
        return typeof owner.pid === 'number' ? owner.pid : null;
      }),
    logLines: () => state.lines.map((line) => JSON.parse(line) as { level: number; msg: string }),
    get restarts() {
      return state.restarts;
    },
    pids: () => state.children.map((c) => c.pid).filter((pid): pid is number => pid !== undefined),
    kill(pid) {
      state.children.find((c) => c.pid === pid)?.kill('SIGKILL');
    },
    async close() {
      state.stopping = true;
      proxy.restore();
      await Promise.all(state.children.map(stopChild));
      await proxy.close();
      await hubspot.close();
      await admin(options.databaseUrl, async (c) => {
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.query(`drop schema if exists ${schema}_pgboss cascade`);
      });
    },
  };
  await waitUntil(async () => (await rig.readyz()) === 200, 60_000, 'Pulse ready');
  return rig;
};

const stopChild = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  child.kill('SIGKILL');
};

/** Waits until `check` holds (polling every 200 ms), or throws naming `what`. */
export { waitUntil };
