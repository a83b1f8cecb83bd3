/**
 * What `hs project upload` sends, assembled by the HubSpot CLI's own archiving code, unpacked, installed, built
 * with HubSpot's builder (`remoteBuild`) and linted with HubSpot's rules (scripts/upload/verify-upload-set.ts).
 * The second case breaks an entry the way issue 8 found them broken and proves the same pipeline fails.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, readCommittedOrigin, readManifest } from '../../scripts/generate-manifest';
import { copyProject, verifyInChildProcess } from './project-copy';

const manifest = readManifest();
const entrypoints = [
  ...manifest.components.cards.map((c) => c.config.entrypoint),
  ...manifest.components.pages.map((p) => p.config.entrypoint),
  ...(manifest.components.settings ? [manifest.components.settings.config.entrypoint] : []),
].sort();
const MINUTES = 60_000;

describe('the upload set', () => {
  it(
    'builds every entry with HubSpot’s builder and passes HubSpot’s lint rules',
    { timeout: 10 * MINUTES },
    async () => {
      const report = await verifyInChildProcess(join(REPO_ROOT, 'extension'));

      // The CLI carried the shared packages in (they live outside srcDir) and nothing of the server.
      expect(report.archive.externalWorkspaces).toEqual([
        join(REPO_ROOT, 'extension/views'),
        join(REPO_ROOT, 'shared'),
      ]);
      const files = report.archive.files;
      expect(files).toEqual(
        expect.arrayContaining(['package.json', 'app/app-hsmeta.json', 'app/packages/hubspot-api/origin.ts']),
      );
      expect(files.some((f) => /^_workspaces\/shared-[0-9a-f]{8}\/src\/index\.ts$/.test(f))).toBe(true);
      expect(files.some((f) => /^_workspaces\/views-[0-9a-f]{8}\/CompanyHealthCard\.tsx$/.test(f))).toBe(
        true,
      );
      expect(files.filter((f) => f.includes('node_modules') || f.startsWith('server'))).toEqual([]);

      expect(report.install).toEqual({ ok: true });
      expect(report.builds.map((b) => b.entrypoint)).toEqual(entrypoints);
      for (const build of report.builds) expect(build, build.entrypoint).toMatchObject({ ok: true });

      // The company card calls the origin the project files were generated with.
      const card = report.builds.find((b) => b.entrypoint === '/app/cards/CompanyHealthCard.tsx');
      const cardJs = card?.ok ? card.files.find((f) => f.endsWith('CompanyHealthCard.js')) : undefined;
      expect(cardJs).toBeDefined();
      expect(await readFile(cardJs ?? '', 'utf8')).toContain(readCommittedOrigin() ?? 'no origin');

      expect(report.lint.files).toBeGreaterThan(40);
      expect(report.lint.messages.filter((m) => m.severity === 'error')).toEqual([]);
      expect(report.translate).toMatchObject({ ok: true, skippedHsMetaFiles: [] });
      expect(report.translate.components).toEqual(
        expect.arrayContaining([
          'APPLICATION:pulse',
          'CARD:pulse_company_health',
          'PAGE:pulse_portfolio',
          'SETTINGS:pulse_settings',
          'WEBHOOKS:pulse_webhooks',
        ]),
      );
      expect(report.ok).toBe(true);
    },
  );

  it('fails when an entry imports a file the upload does not carry', { timeout: 10 * MINUTES }, async () => {
    const root = await copyProject();
    const entry = join(root, 'extension/src/app/cards/CompanyHealthCard.tsx');
    // Resolves locally (extension/views/format.ts exists), but leaves what the CLI archives.
    const source = await readFile(entry, 'utf8');
    await writeFile(
      entry,
      `import { formatMoney } from '../../../views/format';\n${source}\nvoid formatMoney;\n`,
    );

    const report = await verifyInChildProcess(join(root, 'extension'));

    expect(report.ok).toBe(false);
    const broken = report.builds.find((b) => b.entrypoint === '/app/cards/CompanyHealthCard.tsx');
    expect(broken).toMatchObject({
      ok: false,
      error: expect.stringContaining('Could not resolve "../../../views/format"'),
    });
    expect(report.builds.filter((b) => b.ok).map((b) => b.entrypoint)).toEqual(
      entrypoints.filter((e) => e !== '/app/cards/CompanyHealthCard.tsx'),
    );
    expect(report.lint.messages).toContainEqual(
      expect.objectContaining({
        file: 'app/cards/CompanyHealthCard.tsx',
        rule: '@hubspot/ui-extensions/no-parent-imports',
        severity: 'error',
      }),
    );
  });
});
