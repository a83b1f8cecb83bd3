import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAppManifest, ZAppHsMeta, type AppManifest } from '@pulse/shared';

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

export const APP_HSMETA_PATH = fileURLToPath(
  new URL('../../../extension/src/app/app-hsmeta.json', import.meta.url),
);

/** The origin the HubSpot project files were generated for (`npm run manifest`); null when they are unreadable. */
export const readProjectOrigin = (path = APP_HSMETA_PATH): string | null => {
  try {
    const meta = ZAppHsMeta.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return meta.success ? (meta.data.config.permittedUrls.fetch[0] ?? null) : null;
  } catch {
    return null;
  }
};

/**
 * The cards, the OAuth redirect and the webhooks reach the origin the uploaded project was generated for: a
 * marketplace server at another PUBLIC_URL never hears from HubSpot. Says so, or null when they agree.
 */
export const projectOriginMismatch = (publicUrl: string, projectOrigin: string | null): string | null =>
  projectOrigin === publicUrl
    ? null
    : `PUBLIC_URL ${publicUrl} is not the origin the HubSpot project files were generated for (${projectOrigin ?? 'none found'}): run npm run manifest -- --origin ${publicUrl} and npm run hs:upload, or HubSpot calls another server`;
