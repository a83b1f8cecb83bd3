import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox, generateDataset, type SandboxServer } from '../../../server/src/sandbox';
import { createStore, type Store } from '../../../server/src/store';
import { recomputeCompanies } from '../../../server/src/sync';
import { identityCipher, PORTAL, TOKEN } from './harness';
import { NOW } from '../../factories';

const dataset = generateDataset({
  seed: 99,
  now: NOW,
  companies: 150,
  ticketsPerCompany: 8,
  dealsPerCompany: 3,
  contactsPerCompany: 4,
  responsesPerCompany: 3,
});
const dir = mkdtempSync(join(tmpdir(), 'pulse-crash-'));
const servers: SandboxServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sandbox of its own per run, so one run's write-back cannot change what the other run reads. */
const startSandbox = async () => {
  const sandbox = createSandbox({
    portals: [{ portalId: PORTAL, dataset, accessTokens: [TOKEN] }],
    rateLimit: false,
  });
  sandbox.faults.set({ slowMs: 15 });
  const server = await sandbox.listen();
  servers.push(server);
  return server.url;
};

type Child = {
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  kill: () => void;
  waitFor: (text: string) => Promise<void>;
};

const runCli = (databaseFile: string, baseUrl: string): Child => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/src/cli/sync.ts',
      '--portal',
      String(PORTAL),
      '--full',
      '--plain',
      '--database-url',
      `file:${databaseFile}`,
      '--base-url',
      baseUrl,
      '--token',
      TOKEN,
      '--rate-limit',
      '100000',
    ],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters) if (out.includes(w.text)) w.resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) process.stderr.write(`sync CLI failed:\n${out}\n${err}\n`);
      resolve({ code, signal });
    }),
  );
  return {
    exit,
    stdout: () => out,
    kill: () => child.kill('SIGKILL'),
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        if (out.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void exit.then(() => reject(new Error(`the sync ended before printing "${text}":\n${out}\n${err}`)));
      }),
  };
};

/**
 * Everything a user could see: every stored record (through the company bundles), counts, and snapshots. The two
 * syncs finish tens of seconds apart and a snapshot depends on when it is computed (days since contact, ticket
 * ages), so both stores are re-scored at the same instant before their snapshots are compared.
 */
const contents = async (store: Store, scoredAt: number) => {
  const portal = store.forPortal(PORTAL);
  const scoredBySync = (await portal.snapshots.list()).map((s) => s.companyId);
  await recomputeCompanies({ portal, companyIds: 'all', now: scoredAt });
  const bundles = [];
  for await (const batch of portal.bundles.iterate()) bundles.push(...batch);
  const snapshots = (await portal.snapshots.list()).map(({ computedAt: _c, ...rest }) => rest);
  snapshots.sort((a, b) => a.companyId.localeCompare(b.companyId));
  return {
    counts: await portal.records.count(),
    scoredBySync,
    bundles,
    snapshots,
    pipelines: await portal.pipelines.list(),
    owners: await portal.owners.list(),
  };
};

const open = async (file: string) => {
  const store = await createStore({ url: `file:${file}`, cipher: identityCipher });
  await store.migrate();
  return store;
};

describe('crash safety', () => {
  it(
    'a sync killed with SIGKILL resumes from its checkpoint and ends with the same store as an uninterrupted one',
    { timeout: 120_000 },
    async () => {
      const uninterrupted = runCli(join(dir, 'a.db'), await startSandbox());
      expect(await uninterrupted.exit).toEqual({ code: 0, signal: null });

      const file = join(dir, 'b.db');
      const url = await startSandbox();
      const first = runCli(file, url);
      await first.waitFor('progress deals');
      first.kill();
      expect((await first.exit).signal).toBe('SIGKILL');

      const second = runCli(file, url);
      await second.waitFor('progress tickets');
      second.kill();
      expect((await second.exit).signal).toBe('SIGKILL');

      const crashed = await open(file);
      const running = await crashed.forPortal(PORTAL).syncRuns.running();
      expect(running?.kind).toBe('full');
      await crashed.close();

      const last = runCli(file, url);
      expect(await last.exit).toEqual({ code: 0, signal: null });
      expect(last.stdout()).toContain('resumed after an interruption');

      const [a, b] = [await open(join(dir, 'a.db')), await open(file)];
      const runs = await b.forPortal(PORTAL).syncRuns.list(10);
      expect(runs.map((r) => [r.id, r.status])).toEqual([[running!.id, 'succeeded']]);
      const scoredAt = Date.now();
      const [expected, actual] = [await contents(a, scoredAt), await contents(b, scoredAt)];
      expect(actual.counts).toEqual(expected.counts);
      expect(actual.bundles.length).toBeGreaterThan(100);
      expect(actual).toEqual(expected);
      await a.close();
      await b.close();
    },
  );
});
