/**
 * `npm run upload:check` and `npm run hs:upload` refuse a project that still carries the placeholder origin (or
 * example support contacts, or hand-edited project files), and upload once `npm run manifest -- --origin` ran.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLACEHOLDER_ORIGIN, REPO_ROOT } from '../../scripts/generate-manifest';
import { checkUploadReady } from '../../scripts/upload/check';
import { copyProject, linkNodeModules } from './project-copy';

const run = promisify(execFile);
/** npm without the `npm test` environment it was started from. */
const npmEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const npmRun = (root: string, args: string[]) =>
  run('npm', ['run', '--silent', ...args], { cwd: root, env: npmEnv() }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? -1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );

async function setSupportContact(root: string): Promise<void> {
  const path = join(root, 'app.manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8'));
  manifest.support.supportEmail = 'help@acme-cs.com';
  manifest.support.supportPhone = '+44 20 7946 0321';
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

describe('the upload check', () => {
  it('refuses the repo as committed: placeholder origin and example support contacts', async () => {
    const check = await checkUploadReady(REPO_ROOT);
    expect(check.ok).toBe(false);
    expect(check.origin).toBe(PLACEHOLDER_ORIGIN);
    expect(check.problems).toEqual([
      expect.stringContaining(
        `placeholder origin ${PLACEHOLDER_ORIGIN}: run npm run manifest -- --origin https://`,
      ),
      expect.stringContaining(
        'support.supportEmail in app.manifest.json is the example support@pulse.example.com',
      ),
      expect.stringContaining('support.supportPhone in app.manifest.json is the fictional +1 555 0100'),
    ]);
  });

  describe('through npm', () => {
    let root = '';
    let hsCalls: () => Promise<string[]> = async () => [];
    beforeAll(async () => {
      root = await copyProject();
      ({ hsCalls } = await linkNodeModules(root));
      await setSupportContact(root);
    }, 120_000);

    it(
      'hs:upload stops before the HubSpot CLI while the placeholder origin is there',
      { timeout: 120_000 },
      async () => {
        const result = await npmRun(root, ['hs:upload']);
        expect(result.code).not.toBe(0);
        expect(result.output).toContain('Not uploading to HubSpot:');
        expect(result.output).toContain(
          `the project files still carry the placeholder origin ${PLACEHOLDER_ORIGIN}`,
        );
        expect(await hsCalls()).toEqual([]);
      },
    );

    it(
      'refuses project files edited by hand, then uploads once the manifest ran with a real origin',
      { timeout: 120_000 },
      async () => {
        expect((await npmRun(root, ['manifest', '--', '--origin', 'https://pulse.acme-cs.com'])).code).toBe(
          0,
        );
        const app = join(root, 'extension/src/app/app-hsmeta.json');
        const generated = await readFile(app, 'utf8');
        expect(generated).toContain('https://pulse.acme-cs.com/oauth/callback');

        await writeFile(
          app,
          generated.replace('https://pulse.acme-cs.com/oauth/callback', 'https://other.acme-cs.com/cb'),
        );
        const edited = await npmRun(root, ['upload:check']);
        expect(edited.code).not.toBe(0);
        expect(edited.output).toContain(
          'these files differ from what app.manifest.json generates: extension/src/app/app-hsmeta.json',
        );

        await writeFile(app, generated);
        const upload = await npmRun(root, ['hs:upload']);
        expect(upload.output).toContain('Project files ready for https://pulse.acme-cs.com.');
        expect(upload.code).toBe(0);
        expect(await hsCalls()).toEqual(['<root>/extension project upload']);
      },
    );
  });
});
