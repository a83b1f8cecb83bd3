/**
 * `npm run upload:check`: refuses to let the HubSpot project go to HubSpot while it is not ready to install in a
 * real account. `npm run hs:upload` runs it, then `hs project upload` in extension/.
 *
 * Refused when:
 * - the project files still carry the placeholder origin (PLACEHOLDER_ORIGIN): HubSpot would call nothing;
 * - the project files drifted from app.manifest.json (edited by hand, or the manifest changed since);
 * - the support contact is still the example one the repo ships (HubSpot shows it to every installing admin).
 * `--build` also runs the full upload-set verification (scripts/upload/verify-upload-set.ts).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  PLACEHOLDER_ORIGIN,
  REPO_ROOT,
  buildProjectFiles,
  driftedFiles,
  readCommittedOrigin,
  readManifest,
  readPinnedVersions,
} from '../generate-manifest';

export type UploadCheck = { ok: boolean; origin: string | null; problems: string[] };

/** Contacts that only ever stand in for a real one: reserved example domains, the 555-01xx fictional numbers. */
const EXAMPLE_EMAIL = /@(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|invalid|test|localhost)$/i;
const FICTIONAL_PHONE = /^\+1[ (-]*555[ )-]*01\d\d$/;

export async function checkUploadReady(root = REPO_ROOT): Promise<UploadCheck> {
  const problems: string[] = [];
  const origin = readCommittedOrigin(root);
  if (origin === null) {
    problems.push(
      'extension/src/app/app-hsmeta.json is missing or not valid: run npm run manifest -- --origin https://<your host>',
    );
  } else if (origin === PLACEHOLDER_ORIGIN) {
    problems.push(
      `the project files still carry the placeholder origin ${PLACEHOLDER_ORIGIN}: run npm run manifest -- --origin https://<your host> (the origin Pulse is served at, PUBLIC_URL)`,
    );
  }
  const manifest = readManifest(join(root, 'app.manifest.json'));
  const drifted = await driftedFiles(
    buildProjectFiles(manifest, origin ?? PLACEHOLDER_ORIGIN, readPinnedVersions(root)),
    root,
  );
  if (drifted.length > 0)
    problems.push(
      `these files differ from what app.manifest.json generates: ${drifted.join(', ')} (run npm run manifest)`,
    );
  if (EXAMPLE_EMAIL.test(manifest.support.supportEmail))
    problems.push(
      `support.supportEmail in app.manifest.json is the example ${manifest.support.supportEmail}: set your support address`,
    );
  if (FICTIONAL_PHONE.test(manifest.support.supportPhone))
    problems.push(
      `support.supportPhone in app.manifest.json is the fictional ${manifest.support.supportPhone}: set your support number`,
    );
  return { ok: problems.length === 0, origin, problems };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { root: { type: 'string' }, build: { type: 'boolean' } } });
  const root = resolve(values.root ?? REPO_ROOT);
  const check = await checkUploadReady(root);
  if (!check.ok) {
    console.error('Not uploading to HubSpot:');
    for (const problem of check.problems) console.error(`  - ${problem}`);
    process.exitCode = 1;
    return;
  }
  console.log(`Project files ready for ${check.origin}.`);
  if (values.build) {
    // loaded only here: the HubSpot tools take seconds to import
    const { verifyUploadSet } = await import('./verify-upload-set');
    const work = await mkdtemp(join(tmpdir(), 'pulse-upload-'));
    process.chdir(work);
    const report = await verifyUploadSet(join(root, 'extension'), work);
    console.log(
      report.ok
        ? 'The upload set builds with HubSpot’s builder and passes its lint rules.'
        : `The upload set does not build: see ${work}`,
    );
    if (!report.ok) process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
