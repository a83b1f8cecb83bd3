import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAppManifest, type AppManifest } from '@pulse/shared';

export const MANIFEST_PATH = fileURLToPath(new URL('../../../app.manifest.json', import.meta.url));

/** Read once at start-up: the OAuth scopes we ask for must equal the ones the app declares, or installs fail. */
export const loadManifest = (path = MANIFEST_PATH): AppManifest => {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new Error(
      `Cannot read the app manifest at ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  const parsed = parseAppManifest(raw);
  if (!parsed.success)
    throw new Error(`The app manifest is not valid:\n  - ${parsed.errorMessages.join('\n  - ')}`);
  return parsed.data;
};
