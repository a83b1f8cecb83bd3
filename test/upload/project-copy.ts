import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../scripts/generate-manifest';
import type { VerifyReport } from '../../scripts/upload/verify-upload-set';

const run = promisify(execFile);

/** What the generator, the upload check and `hs project upload` read: a repo without its server and tests. */
const COPIED = [
  'app.manifest.json',
  'package.json',
  'package-lock.json',
  '.prettierrc.json',
  '.prettierignore',
  'scripts',
  'shared',
  'extension/hsproject.json',
  'extension/src',
  'extension/views',
  'docs/marketplace/links.md',
];

/** A copy of the repo's HubSpot project in a fresh temp directory (node_modules left out). */
export async function copyProject(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'pulse-project-'));
  for (const path of COPIED) {
    await cp(join(REPO_ROOT, path), join(root, path), {
      recursive: true,
      filter: (source) => basename(source) !== 'node_modules',
    });
  }
  return root;
}

/**
 * Gives a copy the repo's node_modules (each entry a symlink) with `.bin/hs` replaced by a stand-in that records
 * how it was called, so `npm run hs:upload` can run without ever reaching HubSpot.
 */
export async function linkNodeModules(root: string): Promise<{ hsCalls: () => Promise<string[]> }> {
  const modules = join(root, 'node_modules');
  await mkdir(join(modules, '.bin'), { recursive: true });
  for (const name of await readdir(join(REPO_ROOT, 'node_modules'))) {
    if (name !== '.bin') await symlink(join(REPO_ROOT, 'node_modules', name), join(modules, name));
  }
  for (const name of await readdir(join(REPO_ROOT, 'node_modules/.bin'))) {
    if (name !== 'hs') await symlink(join(REPO_ROOT, 'node_modules/.bin', name), join(modules, '.bin', name));
  }
  const calls = join(root, 'hs-calls.log');
  await writeFile(join(modules, '.bin/hs'), `#!/bin/sh\necho "$PWD $*" >> ${JSON.stringify(calls)}\n`, {
    mode: 0o755,
  });
  return {
    hsCalls: async () =>
      (await readFile(calls, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(root, '<root>')),
  };
}

/** Runs scripts/upload/verify-upload-set.ts in its own process on the project in `projectDir`. */
export async function verifyInChildProcess(projectDir: string): Promise<VerifyReport> {
  const work = await mkdtemp(join(tmpdir(), 'pulse-upload-'));
  const report = join(work, 'report.json');
  await run(
    join(REPO_ROOT, 'node_modules/.bin/tsx'),
    [
      join(REPO_ROOT, 'scripts/upload/verify-upload-set.ts'),
      '--project',
      projectDir,
      '--work',
      work,
      '--report',
      report,
    ],
    // The report says what failed; the exit code (1 on failure) is not the test's concern.
    { cwd: work, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: unknown) => error);
  // a report that does not parse fails the test with its own message
  return JSON.parse(await readFile(report, 'utf8'));
}
