/**
 * app.manifest.json + one origin → the HubSpot project under extension/ (the files `hs project upload` archives).
 *
 * The upload set (what the HubSpot CLI archives: extension/src plus the npm workspaces declared inside it, see
 * docs/decisions/001) is an npm workspace rooted at extension/src:
 *   extension/src/package.json            workspace root: the component folders, app/packages/*, and by relative
 *                                         path ../../shared and ../views, which the CLI copies into the upload
 *                                         under _workspaces/ and rewrites here
 *   extension/src/app/<cards|pages|settings>/package.json   one package per component folder
 *   extension/src/app/packages/hubspot-api                  @pulse/hubspot-api: hubspot.fetch for the views, and
 *                                                           origin.ts, the API origin (generated)
 * The root sits at srcDir, not at src/app: the CLI places outside workspaces at srcDir/_workspaces, and only a
 * node_modules at srcDir is above both them and the component folders, so the shared packages resolve React,
 * @hubspot/ui-extensions and zod from the same single install.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseAppManifest, ZAppHsMeta, type AppManifest } from '@pulse/shared';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const MANIFEST_PATH = join(REPO_ROOT, 'app.manifest.json');
export const PROJECT_DIR = 'extension';
export const SRC_DIR = 'extension/src';
export const APP_HSMETA = 'extension/src/app/app-hsmeta.json';
export const HUBSPOT_API_PACKAGE = 'extension/src/app/packages/hubspot-api';
/** The npm workspaces outside srcDir that the entries import by name (the CLI copies them into the upload). */
const SHARED_PACKAGES = { '@pulse/shared': 'shared', '@pulse/views': 'extension/views' } as const;

export type ProjectFile = { /** relative to the repo root */ path: string } & (
  { json: unknown } | { text: string }
);

/** Exact versions HubSpot's build installs: the ones the root lockfile installed, which our tests ran. */
export type PinnedVersions = Record<'@hubspot/ui-extensions' | 'react' | 'zod', string> &
  Record<keyof typeof SHARED_PACKAGES | '@pulse/hubspot-api', string>;

const ZLock = z.object({ packages: z.record(z.string(), z.object({ version: z.string().optional() })) });
const ZVersioned = z.object({ version: z.string() });

export function readPinnedVersions(root = REPO_ROOT): PinnedVersions {
  const lock = ZLock.parse(JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')));
  const installed = (name: string) => {
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (version === undefined) throw new Error(`package-lock.json has no ${name}: run npm install`);
    return version;
  };
  const own = (dir: string) =>
    ZVersioned.parse(JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))).version;
  return {
    '@hubspot/ui-extensions': installed('@hubspot/ui-extensions'),
    react: installed('react'),
    zod: installed('zod'),
    '@pulse/shared': own(SHARED_PACKAGES['@pulse/shared']),
    '@pulse/views': own(SHARED_PACKAGES['@pulse/views']),
    '@pulse/hubspot-api': own(HUBSPOT_API_PACKAGE),
  };
}

export function readManifest(path = MANIFEST_PATH): AppManifest {
  const parsed = parseAppManifest(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid manifest:\n  ${parsed.errorMessages.join('\n  ')}`);
  return parsed.data;
}

/** The origin the committed project files were generated with (null when they are missing or unreadable). */
export function readCommittedOrigin(root = REPO_ROOT): string | null {
  try {
    const app = ZAppHsMeta.safeParse(JSON.parse(readFileSync(join(root, APP_HSMETA), 'utf8')));
    return app.success ? (app.data.config.permittedUrls.fetch[0] ?? null) : null;
  } catch {
    return null;
  }
}

/** HubSpot wants one `*-hsmeta.json` next to each entrypoint, named after it. */
function metaPathFor(entrypoint: string): string {
  return join(SRC_DIR, dirname(entrypoint), `${basename(entrypoint, extname(entrypoint))}-hsmeta.json`);
}

function uiComponents(manifest: AppManifest) {
  const { cards, pages, settings } = manifest.components;
  return [
    ...cards.map((c) => ({ uid: c.uid, type: 'card' as const, config: c.config })),
    ...pages.map((p) => ({ uid: p.uid, type: 'page' as const, config: p.config })),
    ...(settings ? [{ uid: settings.uid, type: 'settings' as const, config: settings.config }] : []),
  ];
}

function appHsMeta(manifest: AppManifest, origin: string): ProjectFile {
  const { redirectPath, ...scopes } = manifest.auth;
  const { supportEmail, supportPhone, documentationPath, supportPath } = manifest.support;
  return {
    path: APP_HSMETA,
    json: {
      uid: manifest.uid,
      type: 'app',
      config: {
        name: manifest.name,
        description: manifest.description,
        distribution: manifest.distribution,
        auth: { ...scopes, redirectUrls: [`${origin}${redirectPath}`] },
        permittedUrls: { fetch: [origin], iframe: [], img: [] },
        support: {
          supportEmail,
          documentationUrl: `${origin}${documentationPath}`,
          supportUrl: `${origin}${supportPath}`,
          supportPhone,
        },
      },
    },
  };
}

function webhooksHsMeta(webhooks: NonNullable<AppManifest['webhooks']>, origin: string): ProjectFile {
  const crmObjects = Object.entries(webhooks.objects).flatMap(([objectType, subscribed]) => [
    ...subscribed.events.map((subscriptionType) => ({ subscriptionType, objectType, active: true })),
    ...subscribed.properties.map((propertyName) => ({
      subscriptionType: 'object.propertyChange',
      objectType,
      propertyName,
      active: true,
    })),
  ]);
  return {
    path: join(SRC_DIR, 'app/webhooks/webhooks-hsmeta.json'),
    json: {
      uid: webhooks.uid,
      type: 'webhooks',
      config: {
        settings: {
          targetUrl: `${origin}${webhooks.targetPath}`,
          maxConcurrentRequests: webhooks.maxConcurrentRequests,
        },
        subscriptions: {
          crmObjects,
          hubEvents: webhooks.hubEvents.map((subscriptionType) => ({ subscriptionType, active: true })),
        },
      },
    },
  };
}

function packageFiles(manifest: AppManifest, versions: PinnedVersions): ProjectFile[] {
  const runtime = {
    '@hubspot/ui-extensions': versions['@hubspot/ui-extensions'],
    react: versions.react,
  };
  const folders = [...new Set(uiComponents(manifest).map((c) => dirname(c.config.entrypoint)))].sort();
  const fromSrc = (dir: string) => relative(join(REPO_ROOT, SRC_DIR), join(REPO_ROOT, dir));
  const workspaceRoot: ProjectFile = {
    path: join(SRC_DIR, 'package.json'),
    json: {
      name: `${manifest.uid}-hubspot-project`,
      private: true,
      type: 'module',
      workspaces: [
        ...folders.map((f) => f.slice(1)),
        relative(SRC_DIR, HUBSPOT_API_PACKAGE),
        ...Object.values(SHARED_PACKAGES).map(fromSrc),
      ],
      // Installed once here, above the component folders and the CLI's _workspaces/: one React, one SDK.
      dependencies: { ...runtime, zod: versions.zod },
    },
  };
  const hubspotApi: ProjectFile = {
    path: join(HUBSPOT_API_PACKAGE, 'package.json'),
    json: {
      name: '@pulse/hubspot-api',
      version: versions['@pulse/hubspot-api'],
      private: true,
      description:
        'hubspot.fetch in the shape the Pulse views expect, bound to the API origin (origin.ts, generated).',
      type: 'module',
      sideEffects: false,
      exports: { '.': './index.ts' },
      dependencies: {
        '@hubspot/ui-extensions': versions['@hubspot/ui-extensions'],
        '@pulse/views': versions['@pulse/views'],
      },
    },
  };
  const components = folders.map((folder) => ({
    path: join(SRC_DIR, folder, 'package.json'),
    json: {
      name: `${manifest.uid}-${basename(folder)}`,
      private: true,
      type: 'module',
      dependencies: {
        ...runtime,
        '@pulse/hubspot-api': versions['@pulse/hubspot-api'],
        '@pulse/views': versions['@pulse/views'],
      },
    },
  }));
  return [workspaceRoot, hubspotApi, ...components];
}

function originModule(origin: string): ProjectFile {
  return {
    path: join(HUBSPOT_API_PACKAGE, 'origin.ts'),
    text: [
      '// Generated by `npm run manifest` from the origin it was given: do not edit.',
      '/** The HTTPS origin of the Pulse API the cards call through hubspot.fetch (also permittedUrls.fetch). */',
      `export const API_ORIGIN = ${JSON.stringify(origin)};`,
      '',
    ].join('\n'),
  };
}

/** The URLs the marketplace listing form asks for, for the operator to paste (the listing is edited in HubSpot). */
function listingLinks(manifest: AppManifest, origin: string): ProjectFile {
  const { documentationPath, supportPath, supportEmail } = manifest.support;
  const { privacyPolicyPath, termsPath } = manifest.legal;
  const rows: Array<[string, string]> = [
    ['Install URL (marketplace "Install" button)', `${origin}/oauth/install`],
    ['Redirect URL (OAuth)', `${origin}${manifest.auth.redirectPath}`],
    ['Setup guide / documentation', `${origin}${documentationPath}`],
    ['Support page', `${origin}${supportPath}`],
    ['Support email', supportEmail],
    ['Privacy policy', `${origin}${privacyPolicyPath}`],
    ['Terms of service', `${origin}${termsPath}`],
  ];
  if (manifest.webhooks) rows.push(['Webhook target', `${origin}${manifest.webhooks.targetPath}`]);
  return {
    path: 'docs/marketplace/links.md',
    text: [
      '# Listing links',
      '',
      '<!-- Generated by `npm run manifest` from app.manifest.json and the origin it was given: do not edit. -->',
      '',
      `For the origin \`${origin}\`. Paste these into the marketplace listing form (see [listing.md](listing.md)).`,
      '',
      '| field | value |',
      '| --- | --- |',
      ...rows.map(([field, value]) => `| ${field} | ${value} |`),
      '',
    ].join('\n'),
  };
}

/** Every generated file, for one origin. */
export function buildProjectFiles(
  manifest: AppManifest,
  origin: string,
  versions: PinnedVersions = readPinnedVersions(),
): ProjectFile[] {
  const files: ProjectFile[] = [
    {
      path: join(PROJECT_DIR, 'hsproject.json'),
      json: { name: manifest.uid, srcDir: 'src', platformVersion: manifest.platformVersion },
    },
    appHsMeta(manifest, origin),
    ...uiComponents(manifest).map((c) => ({ path: metaPathFor(c.config.entrypoint), json: c })),
    ...packageFiles(manifest, versions),
    originModule(origin),
    listingLinks(manifest, origin),
  ];
  if (manifest.webhooks) files.push(webhooksHsMeta(manifest.webhooks, origin));
  return files;
}
