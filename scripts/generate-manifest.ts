/**
 * `npm run manifest [-- --origin https://pulse.acme.com | --placeholder]`: generates every HubSpot project file
 * under extension/ (hsproject.json, the *-hsmeta.json files, the package.json files of the upload set, the API
 * origin the cards call) and docs/marketplace/links.md from app.manifest.json and ONE origin.
 *
 * The origin: `--origin`, else PUBLIC_URL, else the one already in the project files, else a placeholder that
 * `npm run upload:check` refuses. test/extension/manifest.test.ts fails when the committed files drift.
 * Only what `hs project upload` archives reaches HubSpot (extension/src plus the npm workspaces it declares);
 * see docs/decisions/001 and scripts/manifest/project-files.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { chooseOrigin } from './manifest/origin';
import {
  REPO_ROOT,
  buildProjectFiles,
  readCommittedOrigin,
  readManifest,
  type ProjectFile,
} from './manifest/project-files';

export { PLACEHOLDER_ORIGIN, chooseOrigin } from './manifest/origin';
export {
  REPO_ROOT,
  buildProjectFiles,
  readCommittedOrigin,
  readManifest,
  readPinnedVersions,
  type ProjectFile,
} from './manifest/project-files';

/** Written as the repo's Prettier would, so `npm run format` never rewrites generated files. */
export async function serialize(file: ProjectFile, root = REPO_ROOT): Promise<string> {
  const target = join(root, file.path);
  const options = (await resolveConfig(target)) ?? {};
  const source = 'json' in file ? JSON.stringify(file.json) : file.text;
  return format(source, { ...options, filepath: target });
}

/** The generated files that differ from what is on disk under `root` (missing ones included). */
export async function driftedFiles(files: ProjectFile[], root = REPO_ROOT): Promise<string[]> {
  const drifted: string[] = [];
  for (const file of files) {
    let current: string | null = null;
    try {
      current = readFileSync(join(root, file.path), 'utf8');
    } catch {
      current = null;
    }
    if (current !== (await serialize(file, root))) drifted.push(file.path);
  }
  return drifted;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { origin: { type: 'string' }, placeholder: { type: 'boolean' } },
  });
  const choice = chooseOrigin({
    origin: values.origin,
    placeholder: values.placeholder,
    publicUrl: process.env.PUBLIC_URL,
    committed: readCommittedOrigin(),
  });
  for (const file of buildProjectFiles(readManifest(), choice.origin)) {
    const target = join(REPO_ROOT, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await serialize(file));
    console.log(`wrote ${file.path}`);
  }
  console.log(`origin: ${choice.origin} (from ${choice.source})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
