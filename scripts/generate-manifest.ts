/**
 * `npm run manifest`: generates the HubSpot project files under extension/ from app.manifest.json, the single
 * source of the app's configuration. test/extension/manifest.test.ts fails when the committed files drift.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, basename, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { parseAppManifest, type AppManifest } from '@pulse/shared';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_PATH = join(REPO_ROOT, 'app.manifest.json');

export type ProjectFile = { /** relative to the repo root */ path: string; json: unknown };

/** HubSpot wants one `*-hsmeta.json` next to each entrypoint, named after it. */
function metaPathFor(entrypoint: string): string {
  const folder = dirname(entrypoint); // "/app/cards"
  return join('extension/src', folder, `${basename(entrypoint, extname(entrypoint))}-hsmeta.json`);
}

/**
 * HubSpot installs each component folder's own package.json when it builds the project (`hs project upload`).
 * The versions are the root package.json's, so HubSpot bundles exactly what our tests and bundle bench ran.
 * The entry files also import extension/views and shared/ (outside srcDir), which `hs project upload`
 * bundles since platform 2025.2 (HUBSPOT.md); zod is listed because shared/ needs it.
 */
const COMPONENT_DEPENDENCIES = ['@hubspot/ui-extensions', 'react', 'zod'] as const;

function componentPackageJson(folder: string, rootPackage: RootPackage): ProjectFile {
  const dependencies = Object.fromEntries(
    COMPONENT_DEPENDENCIES.map((name) => {
      const version = rootPackage.dependencies[name];
      if (version === undefined)
        throw new Error(`package.json has no dependency ${name}, which the HubSpot components need`);
      return [name, version];
    }),
  );
  return {
    path: join('extension/src', folder, 'package.json'),
    json: { name: `pulse-${basename(folder)}`, private: true, type: 'module', dependencies },
  };
}

type RootPackage = { dependencies: Record<string, string> };

export function readRootPackage(): RootPackage {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as RootPackage;
}

export function buildProjectFiles(
  manifest: AppManifest,
  rootPackage: RootPackage = readRootPackage(),
): ProjectFile[] {
  const files: ProjectFile[] = [
    {
      path: 'extension/hsproject.json',
      json: { name: manifest.uid, srcDir: 'src', platformVersion: manifest.platformVersion },
    },
    {
      path: 'extension/src/app/app-hsmeta.json',
      json: {
        uid: manifest.uid,
        type: 'app',
        config: {
          name: manifest.name,
          description: manifest.description,
          distribution: manifest.distribution,
          auth: manifest.auth,
          permittedUrls: manifest.permittedUrls,
          support: manifest.support,
        },
      },
    },
  ];
  for (const card of manifest.components.cards) {
    files.push({
      path: metaPathFor(card.config.entrypoint),
      json: { uid: card.uid, type: 'card', config: card.config },
    });
  }
  for (const page of manifest.components.pages) {
    files.push({
      path: metaPathFor(page.config.entrypoint),
      json: { uid: page.uid, type: 'page', config: page.config },
    });
  }
  const settings = manifest.components.settings;
  if (settings) {
    files.push({
      path: metaPathFor(settings.config.entrypoint),
      json: { uid: settings.uid, type: 'settings', config: settings.config },
    });
  }
  const componentFolders = new Set(
    [...manifest.components.cards, ...manifest.components.pages, ...(settings ? [settings] : [])].map((c) =>
      dirname(c.config.entrypoint),
    ),
  );
  for (const folder of [...componentFolders].sort()) files.push(componentPackageJson(folder, rootPackage));
  if (manifest.webhooks) {
    files.push({
      path: 'extension/src/app/webhooks/webhooks-hsmeta.json',
      json: { uid: manifest.webhooks.uid, type: 'webhooks', config: manifest.webhooks.config },
    });
  }
  return files;
}

export function readManifest(path = MANIFEST_PATH): AppManifest {
  const parsed = parseAppManifest(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid manifest:\n  ${parsed.errorMessages.join('\n  ')}`);
  return parsed.data;
}

/** Written as the repo's Prettier would, so `npm run format` never rewrites generated files. */
async function serialize(json: unknown, target: string): Promise<string> {
  const options = (await resolveConfig(target)) ?? {};
  return format(JSON.stringify(json), { ...options, filepath: target });
}

async function main(): Promise<void> {
  const files = buildProjectFiles(readManifest());
  for (const file of files) {
    const target = join(REPO_ROOT, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await serialize(file.json, target));
    console.log(`wrote ${file.path}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
