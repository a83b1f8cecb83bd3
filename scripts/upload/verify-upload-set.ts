/**
 * `npm run upload:verify [-- --project <dir>]`: proves that what `hs project upload` sends builds on HubSpot's side.
 *
 * 1. archive the project exactly as the HubSpot CLI does (./archive.ts) and unpack the zip with HubSpot's own
 *    extraction code into <work>/src, so paths look like a HubSpot project's;
 * 2. `npm install` there (the upload carries no node_modules; HubSpot's builder installs from the package.json
 *    files it receives, and so do we, from the npm cache when it is warm);
 * 3. build every UI entrypoint the uploaded *-hsmeta.json files name with `remoteBuild` from
 *    @hubspot/ui-extensions-dev-server (HubSpot's build);
 * 4. lint the unpacked files with @hubspot/eslint-config-ui-extensions (HubSpot's lint rules);
 * 5. translate the hsmeta files with the CLI's `handleTranslate` (@hubspot/project-parsing-lib). Its JSON schemas
 *    per component type are served by HubSpot's API for an account; offline each known component type gets an
 *    accept-all schema, so this checks everything translate checks (file placement, uids, one app, singular
 *    components, parent app) except field-level schemas, which test/extension/manifest.test.ts checks against
 *    our zod schemas of HubSpot's 2026.03 templates.
 *
 * Writes a JSON report (VerifyReport) to --report (default <work>/report.json); exits 1 when anything failed.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { z } from 'zod';
import { config as hubspotLintConfig } from '@hubspot/eslint-config-ui-extensions';
import { extractZipArchive } from '@hubspot/local-dev-lib/archive';
import { http } from '@hubspot/local-dev-lib/http';
import { remoteBuild } from '@hubspot/ui-extensions-dev-server/build';
import { handleTranslate } from '@hubspot/cli/lib/projects/upload.js';
import { archiveProject, readHsProject, type ArchiveReport } from './archive';

const run = promisify(execFile);

export type BuildResult =
  | { entrypoint: string; ok: true; bytes: number; files: string[] }
  | { entrypoint: string; ok: false; error: string };
export type LintMessage = {
  file: string;
  line: number;
  rule: string | null;
  message: string;
  severity: 'error' | 'warning';
};
export type VerifyReport = {
  ok: boolean;
  /** wall-clock milliseconds per step */
  timings: Record<'archive' | 'install' | 'build' | 'lint' | 'translate', number>;
  archive: ArchiveReport & { files: string[] };
  install: { ok: boolean; error?: string };
  builds: BuildResult[];
  lint: { files: number; errors: number; warnings: number; messages: LintMessage[] };
  translate: { ok: boolean; components: string[]; skippedHsMetaFiles: string[]; error?: string };
};

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? listFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name))],
    ),
  );
  return nested.flat().sort();
}

/** npm reads `npm_config_*` from the environment: an install started under `npm test` must not inherit the repo's. */
function npmEnvironment(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.toLowerCase().startsWith('npm_') || keep.has(key.toLowerCase()),
    ),
  );
}

/**
 * Where npm installs for a component folder: the nearest folder up to srcDir whose package.json declares
 * workspaces (npm's own rule when run inside a workspace member), else the component folder itself.
 */
async function installRootOf(srcDir: string, componentDir: string): Promise<string> {
  for (let dir = componentDir; dir.startsWith(srcDir); dir = dirname(dir)) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => null);
    if (manifest !== null && z.object({ workspaces: z.unknown() }).safeParse(JSON.parse(manifest)).success)
      return dir;
    if (dir === srcDir) break;
  }
  return componentDir;
}

async function install(dir: string): Promise<VerifyReport['install']> {
  try {
    await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
      {
        cwd: dir,
        env: npmEnvironment(),
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { ok: true };
  } catch (cause) {
    const stderr = z.object({ stderr: z.string() }).safeParse(cause);
    return {
      ok: false,
      error: `npm install in ${dir}: ${stderr.success ? stderr.data.stderr.trim() : String(cause)}`,
    };
  }
}

const ZUiComponent = z.object({
  type: z.enum(['card', 'page', 'settings']),
  config: z.object({ entrypoint: z.string().regex(/^\//) }),
});

/** The entrypoints the uploaded hsmeta files name: what HubSpot will build. */
async function entrypointsOf(srcDir: string, files: string[]): Promise<string[]> {
  const entries: string[] = [];
  for (const file of files.filter((f) => f.endsWith('-hsmeta.json') && !f.startsWith('_workspaces/'))) {
    const parsed = ZUiComponent.safeParse(JSON.parse(await readFile(join(srcDir, file), 'utf8')));
    if (parsed.success) entries.push(parsed.data.config.entrypoint);
  }
  return entries.sort();
}

async function build(srcDir: string, entrypoint: string, outDir: string): Promise<BuildResult> {
  const file = join(srcDir, entrypoint);
  try {
    // HubSpot's builder runs in the component folder (the entry's folder), as `uie build` does.
    await remoteBuild({ root: dirname(file), entryPoint: file, outputDir: outDir, logLevel: 'error' });
    const built = (await readdir(outDir)).map((name) => join(outDir, name));
    const sizes = await Promise.all(built.map(async (file) => (await stat(file)).size));
    return { entrypoint, ok: true, bytes: sizes.reduce((a, b) => a + b, 0), files: built };
  } catch (cause) {
    return { entrypoint, ok: false, error: cause instanceof Error ? cause.message : String(cause) };
  }
}

async function lint(srcDir: string): Promise<VerifyReport['lint']> {
  const eslint = new ESLint({
    cwd: srcDir,
    overrideConfigFile: true,
    // HubSpot's config names no parser; typescript-eslint's parses our .ts/.tsx, HubSpot's rules judge them.
    overrideConfig: [
      { ignores: ['**/node_modules/**', '**/dist/**'] },
      { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } },
      ...hubspotLintConfig,
    ],
  });
  const results = await eslint.lintFiles(['.']);
  const messages: LintMessage[] = results.flatMap((r) =>
    r.messages.map((m) => ({
      file: relative(srcDir, r.filePath),
      line: m.line,
      rule: m.ruleId,
      message: m.message,
      severity: m.severity === 2 ? 'error' : 'warning',
    })),
  );
  return {
    files: results.length,
    errors: messages.filter((m) => m.severity === 'error').length,
    warnings: messages.filter((m) => m.severity === 'warning').length,
    messages,
  };
}

/** The component types a 2026.03 marketplace app may contain (HubSpot's project templates for the version). */
const MARKETPLACE_COMPONENT_TYPES = ['APPLICATION', 'CARD', 'PAGE', 'SETTINGS', 'WEBHOOKS'];

async function translate(workDir: string, srcDirName: string, platformVersion: string, name: string) {
  // The schema request is the only network call in translate; answer it with accept-all schemas (see above).
  http.get = async () =>
    ({ data: Object.fromEntries(MARKETPLACE_COMPONENT_TYPES.map((t) => [t, {}])) }) as never;
  try {
    const { intermediateRepresentation, skippedHsMetaFiles } = await handleTranslate({
      projectDir: workDir,
      projectConfig: { name, srcDir: srcDirName, platformVersion },
      accountId: 1,
      skipValidation: false,
    });
    const components = Object.values(intermediateRepresentation.intermediateNodesIndexedByUid).map(
      (node) => `${node.componentType}:${node.uid}`,
    );
    return { ok: skippedHsMetaFiles.length === 0, components: components.sort(), skippedHsMetaFiles };
  } catch (cause) {
    return {
      ok: false,
      components: [],
      skippedHsMetaFiles: [],
      error: cause instanceof Error ? cause.message : String(cause),
    };
  }
}

export async function verifyUploadSet(projectDir: string, workDir: string): Promise<VerifyReport> {
  const project = await readHsProject(projectDir);
  let started = performance.now();
  const lap = () => {
    const ms = Math.round(performance.now() - started);
    started = performance.now();
    return ms;
  };
  const archive = await archiveProject(projectDir, join(workDir, 'upload.zip'));
  const srcDir = join(workDir, 'src');
  await extractZipArchive(await readFile(archive.zipPath), 'pulse', srcDir, {
    includesRootDir: false,
    hideLogs: true,
  });
  const files = await listFiles(srcDir);
  const entrypoints = await entrypointsOf(srcDir, files);
  const roots = new Set(
    await Promise.all(entrypoints.map((e) => installRootOf(srcDir, dirname(join(srcDir, e))))),
  );
  const archiveMs = lap();
  let installed: VerifyReport['install'] = { ok: true };
  for (const root of roots) if (installed.ok) installed = await install(root);
  const installMs = lap();
  const builds: BuildResult[] = [];
  for (const [i, entrypoint] of entrypoints.entries()) {
    builds.push(
      installed.ok
        ? await build(srcDir, entrypoint, join(workDir, 'dist', String(i)))
        : { entrypoint, ok: false, error: 'not built: the install failed' },
    );
  }
  const buildMs = lap();
  const linted = await lint(srcDir);
  const lintMs = lap();
  const translated = await translate(workDir, 'src', project.platformVersion, project.name);
  const timings = { archive: archiveMs, install: installMs, build: buildMs, lint: lintMs, translate: lap() };
  const ok =
    installed.ok && builds.length > 0 && builds.every((b) => b.ok) && linted.errors === 0 && translated.ok;
  return {
    ok,
    timings,
    archive: { ...archive, files },
    install: installed,
    builds,
    lint: linted,
    translate: translated,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { project: { type: 'string' }, work: { type: 'string' }, report: { type: 'string' } },
  });
  const projectDir = resolve(
    values.project ?? join(dirname(new URL(import.meta.url).pathname), '../../extension'),
  );
  const workDir = values.work ? resolve(values.work) : await mkdtemp(join(tmpdir(), 'pulse-upload-'));
  await mkdir(workDir, { recursive: true });
  process.chdir(workDir); // the CLI's ignore rules resolve archive names against the working directory
  const report = await verifyUploadSet(projectDir, workDir);
  const reportPath = resolve(values.report ?? join(workDir, 'report.json'));
  await writeFile(reportPath, JSON.stringify(report, null, 2));
  for (const b of report.builds)
    console.log(
      b.ok
        ? `built ${b.entrypoint} (${(b.bytes / 1024).toFixed(1)} KB)`
        : `FAILED ${b.entrypoint}: ${b.error}`,
    );
  console.log(`steps (ms): ${JSON.stringify(report.timings)}`);
  console.log(
    `lint: ${report.lint.files} files, ${report.lint.errors} errors, ${report.lint.warnings} warnings`,
  );
  for (const m of report.lint.messages)
    console.log(`  ${m.severity} ${m.file}:${m.line} ${m.rule}: ${m.message}`);
  console.log(
    `translate: ${report.translate.ok ? 'ok' : `FAILED ${report.translate.error ?? report.translate.skippedHsMetaFiles.join(', ')}`}`,
  );
  console.log(`${report.ok ? 'upload set OK' : 'upload set FAILED'} (report: ${reportPath})`);
  process.exitCode = report.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
