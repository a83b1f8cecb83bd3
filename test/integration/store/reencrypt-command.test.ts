import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../../server/src/services/token-cipher';
import { createStore } from '../../../server/src/store';
import { NOW } from '../../factories';

const script = fileURLToPath(new URL('../../../server/src/cli/reencrypt-tokens.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pulse-reencrypt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run tokens:reencrypt` as an operator runs it: a child process with nothing but its environment. */
const runCommand = async (env: Record<string, string>) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

const installWith = async (url: string, key: Buffer, portalId: number) => {
  const store = await createStore({ url, cipher: createTokenCipher(key) });
  await store.migrate();
  await store.forPortal(portalId).installation.upsert({
    mode: 'oauth',
    status: 'active',
    scopes: ['oauth'],
    accessToken: `access-${portalId}`,
    refreshToken: `refresh-${portalId}`,
    accessTokenExpiresAt: NOW,
    hubDomain: null,
    installedAt: NOW,
    updatedAt: NOW,
  });
  await store.close();
};

describe('npm run tokens:reencrypt', () => {
  it('moves every installation to the new key, after which the old key can be dropped', async () => {
    const url = `file:${join(dir, 'rotate.db')}`;
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    await installWith(url, oldKey, 41);
    await installWith(url, oldKey, 42);

    const run = await runCommand({
      DATABASE_URL: url,
      TOKEN_ENCRYPTION_KEY: newKey.toString('base64'),
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: oldKey.toString('hex'),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 installation\(s\) re-encrypted, 0 already current/);
    for (const secret of [newKey.toString('base64'), oldKey.toString('hex'), 'access-41'])
      expect(run.stdout + run.stderr).not.toContain(secret);

    const store = await createStore({ url, cipher: createTokenCipher(newKey) });
    expect((await store.forPortal(42).installation.get())?.refreshToken).toBe('refresh-42');
    await store.close();
  });

  it('fails naming the portal whose tokens no configured key opens', async () => {
    const url = `file:${join(dir, 'lost.db')}`;
    const key = randomBytes(32);
    await installWith(url, key, 51);
    await installWith(url, randomBytes(32), 52);

    const run = await runCommand({ DATABASE_URL: url, TOKEN_ENCRYPTION_KEY: key.toString('base64') });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/0 installation\(s\) re-encrypted, 1 already current/);
    expect(run.stderr).toMatch(/portal\(s\) 52: add the key they were written with/);
  });

  it('refuses to run without a key', async () => {
    const run = await runCommand({ DATABASE_URL: `file:${join(dir, 'none.db')}` });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/TOKEN_ENCRYPTION_KEY is not set/);
  });
});
