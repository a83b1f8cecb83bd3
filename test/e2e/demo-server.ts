import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');

export type DemoServer = {
  baseUrl: string;
  /** GET/PUT our API the way the web host does (same-origin, so the demo portal answers) */
  api<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  logs(): string;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the demo the way a user does (`tsx server/src/main.ts`, no HubSpot configuration), on a free port
 * with a throwaway SQLite file, and waits until it is ready and its first sync has finished.
 */
export async function startDemoServer(options: { readyTimeoutMs?: number } = {}): Promise<DemoServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'server/src/main.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: `file:${join(dataDir, 'pulse.db')}`,
        PUBLIC_URL: baseUrl,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(baseUrl + path, {
      method: init.method ?? 'GET',
      // The demo trusts same-origin browser calls; a browser would send this Origin itself.
      headers: {
        origin: baseUrl,
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${init.method ?? 'GET'} ${path} → HTTP ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };

  const stop = async () => {
    if (!hasExited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  const fail = async (why: string) => {
    await stop();
    throw new Error(
      `The demo server did not get ready: ${why}\n--- server output ---\n${output.slice(-4000)}`,
    );
  };
  // 1. the process listens and says it is ready
  for (;;) {
    if (hasExited) return fail('the process exited');
    if (Date.now() > deadline) return fail('timed out waiting for /readyz');
    const ok = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(200);
  }
  // 2. the first sync from the built-in CRM sandbox has finished
  for (;;) {
    if (hasExited) return fail('the process exited during the first sync');
    if (Date.now() > deadline) return fail('timed out waiting for the first sync');
    const sync = await api<{ state: string; lastRun: { status: string; error: string | null } | null }>(
      '/api/v1/sync',
    ).catch(() => null);
    if (sync?.state === 'idle' && sync.lastRun?.status === 'succeeded') break;
    if (sync?.state === 'failed')
      return fail(`the first sync failed: ${sync.lastRun?.error ?? 'no error given'}`);
    await sleep(250);
  }
  return { baseUrl, api, logs: () => output, stop };
}
