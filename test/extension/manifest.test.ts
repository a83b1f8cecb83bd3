import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ZAppHsMeta,
  ZCardHsMeta,
  ZHsProject,
  ZPageHsMeta,
  ZSettingsHsMeta,
  ZWebhooksHsMeta,
  parseAppManifest,
} from '@pulse/shared';
import {
  PLACEHOLDER_ORIGIN,
  REPO_ROOT,
  buildProjectFiles,
  chooseOrigin,
  driftedFiles,
  readCommittedOrigin,
  readManifest,
  readPinnedVersions,
  type ProjectFile,
} from '../../scripts/generate-manifest';
import { PROPERTIES } from '../../server/src/hubspot/mappers';
import { redirectUriOf } from '../../server/src/routes/oauth';

const manifest = readManifest();
const ORIGIN = 'https://pulse.acme.com';
const files = buildProjectFiles(manifest, ORIGIN);
const jsonOf = (path: string, list: ProjectFile[] = files): unknown => {
  const file = list.find((f) => f.path === path);
  if (!file || !('json' in file)) throw new Error(`${path} is not a generated JSON file`);
  return file.json;
};
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8'));

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Every string in a JSON value that looks like a URL or a host. */
function urlsIn(value: unknown): string[] {
  if (typeof value === 'string') return /^https?:\/\//.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(urlsIn);
  return [];
}

describe('app.manifest.json → HubSpot project files', () => {
  it('the committed project files are exactly what the manifest generates for their origin', async () => {
    const committedOrigin = readCommittedOrigin();
    expect(
      committedOrigin,
      'extension/src/app/app-hsmeta.json is missing: run npm run manifest',
    ).not.toBeNull();
    const expected = buildProjectFiles(manifest, committedOrigin ?? PLACEHOLDER_ORIGIN);
    expect(await driftedFiles(expected), 'drifted from app.manifest.json: run npm run manifest').toEqual([]);
    const generated = new Set(expected.map((f) => f.path));
    const stale = listFiles(join(REPO_ROOT, 'extension/src'))
      .map((p) => relative(REPO_ROOT, p))
      .filter((p) => p.endsWith('-hsmeta.json') && !generated.has(p));
    expect(
      stale,
      'hsmeta files no longer in app.manifest.json: delete them, then run npm run manifest',
    ).toEqual([]);
  });

  it('writes every origin-bearing field from the one origin it is given', () => {
    const urls = files.flatMap((f) => ('json' in f ? urlsIn(f.json) : []));
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) expect(url.startsWith(`${ORIGIN}/`) || url === ORIGIN, url).toBe(true);
    const origin = files.find((f) => f.path.endsWith('hubspot-api/origin.ts'));
    expect(origin && 'text' in origin ? origin.text : '').toContain(`export const API_ORIGIN = "${ORIGIN}";`);
    const links = files.find((f) => f.path === 'docs/marketplace/links.md');
    expect(links && 'text' in links ? links.text : '').toContain(
      `${ORIGIN}${manifest.legal.privacyPolicyPath}`,
    );
    // no origin is written by hand anywhere: the placeholder build has none of the real one, and vice versa
    const placeholder = JSON.stringify(buildProjectFiles(manifest, PLACEHOLDER_ORIGIN));
    expect(placeholder).not.toContain('acme');
    expect(JSON.stringify(files)).not.toContain('pulse.invalid');
  });

  it('chooses the origin from --origin, then PUBLIC_URL, then the committed files, else the placeholder', () => {
    const committed = 'https://pulse.old.example';
    expect(chooseOrigin({ origin: 'https://a.example/', publicUrl: 'https://b.example', committed })).toEqual(
      {
        origin: 'https://a.example',
        source: '--origin',
      },
    );
    expect(chooseOrigin({ publicUrl: 'https://b.example', committed }).origin).toBe('https://b.example');
    expect(chooseOrigin({ committed }).origin).toBe(committed);
    expect(chooseOrigin({}).origin).toBe(PLACEHOLDER_ORIGIN);
    expect(chooseOrigin({ placeholder: true, committed }).origin).toBe(PLACEHOLDER_ORIGIN);
    expect(() => chooseOrigin({ origin: 'http://pulse.acme.com' })).toThrow(
      /--origin "http:\/\/pulse.acme.com" is not an https origin/,
    );
    expect(() => chooseOrigin({ publicUrl: 'https://pulse.acme.com/app' })).toThrow(/PUBLIC_URL .* no path/);
  });

  it('each generated file has the shape HubSpot expects for its type', () => {
    const schemaFor = (path: string) => {
      if (path === 'extension/hsproject.json') return ZHsProject;
      if (path.endsWith('app/app-hsmeta.json')) return ZAppHsMeta;
      if (path.includes('/app/cards/')) return ZCardHsMeta;
      if (path.includes('/app/pages/')) return ZPageHsMeta;
      if (path.includes('/app/settings/')) return ZSettingsHsMeta;
      if (path.includes('/app/webhooks/')) return ZWebhooksHsMeta;
      throw new Error(`no schema for ${path}`);
    };
    const meta = files.filter((f) => f.path.endsWith('-hsmeta.json') || f.path.endsWith('hsproject.json'));
    expect(meta.map((f) => f.path).sort()).toEqual([
      'extension/hsproject.json',
      'extension/src/app/app-hsmeta.json',
      'extension/src/app/cards/CompanyHealthCard-hsmeta.json',
      'extension/src/app/cards/CompanySidebarCard-hsmeta.json',
      'extension/src/app/pages/Portfolio-hsmeta.json',
      'extension/src/app/settings/Settings-hsmeta.json',
      'extension/src/app/webhooks/webhooks-hsmeta.json',
    ]);
    for (const file of meta) {
      const result = schemaFor(file.path).safeParse('json' in file ? file.json : null);
      expect(result.success, `${file.path}: ${result.error?.message}`).toBe(true);
    }
  });

  it('pins the upload set to the versions our tests ran, installed once at the workspace root', () => {
    const versions = readPinnedVersions();
    const ZPinned = z.object({
      dependencies: z.object({
        '@hubspot/ui-extensions': z.literal(versions['@hubspot/ui-extensions']),
        react: z.literal('18.3.1'),
      }),
    });
    const root = z
      .object({ workspaces: z.array(z.string()), dependencies: z.object({ zod: z.literal(versions.zod) }) })
      .and(ZPinned)
      .parse(jsonOf('extension/src/package.json'));
    // the shared packages outside srcDir are workspaces of the root inside it: the CLI uploads them
    expect(root.workspaces).toEqual(expect.arrayContaining(['../../shared', '../views', 'app/cards']));
    for (const folder of ['cards', 'pages', 'settings'])
      ZPinned.parse(jsonOf(`extension/src/app/${folder}/package.json`));
  });

  it('requires only what the core needs; tickets, feedback surveys and contacts are optional', () => {
    const app = ZAppHsMeta.parse(jsonOf('extension/src/app/app-hsmeta.json'));
    expect(app.config.auth.requiredScopes.sort()).toEqual(
      [
        'oauth',
        'crm.objects.companies.read',
        'crm.objects.companies.write',
        'crm.objects.deals.read',
        'crm.objects.owners.read',
        'crm.schemas.companies.write',
      ].sort(),
    );
    expect(app.config.auth.optionalScopes.sort()).toEqual(
      ['tickets', 'crm.objects.feedback_submissions.read', 'crm.objects.contacts.read'].sort(),
    );
    expect(app.config.auth.redirectUrls).toEqual([redirectUriOf(ORIGIN)]);
    expect(app.config.permittedUrls.fetch).toEqual([ORIGIN]);
  });

  it('subscribes to each property Pulse reads, to lifecycle and association changes, and to privacy deletions', () => {
    const hooks = ZWebhooksHsMeta.parse(jsonOf('extension/src/app/webhooks/webhooks-hsmeta.json'));
    const subs = hooks.config.subscriptions.crmObjects;
    // Every property change HubSpot can send names its property; none for the catch-all ones.
    const changes = subs.filter((s) => s.subscriptionType === 'object.propertyChange');
    expect(changes.every((s) => s.propertyName !== undefined)).toBe(true);
    expect(
      subs
        .filter((s) => s.subscriptionType !== 'object.propertyChange')
        .every((s) => s.propertyName === undefined),
    ).toBe(true);
    // hs_lastmodifieddate changes on every edit (our own write-back included); createdate never changes.
    const notSubscribed = new Set(['hs_lastmodifieddate', 'createdate']);
    const objects = {
      company: 'companies',
      deal: 'deals',
      ticket: 'tickets',
      feedback_submission: 'feedback_submissions',
    } as const;
    for (const [objectType, readAs] of Object.entries(objects)) {
      const subscribed = changes.filter((s) => s.objectType === objectType).map((s) => s.propertyName);
      expect(subscribed.sort(), objectType).toEqual(
        PROPERTIES[readAs].filter((p) => !notSubscribed.has(p)).sort(),
      );
      for (const event of ['object.creation', 'object.deletion', 'object.associationChange'] as const)
        expect(subs).toContainEqual({ subscriptionType: event, objectType, active: true });
    }
    expect(hooks.config.subscriptions.hubEvents).toEqual([
      { subscriptionType: 'contact.privacyDeletion', active: true },
    ]);
    expect(hooks.config.settings.targetUrl).toBe(`${ORIGIN}/webhooks/hubspot`);
  });

  it('every entrypoint exists, calls hubspot.extend for its location and imports nothing by relative path', () => {
    const target = {
      'crm.record.tab': 'crm.record.tab',
      'crm.record.sidebar': 'crm.record.sidebar',
    } as const;
    const entries = [
      ...manifest.components.cards.map((c) => ({
        entrypoint: c.config.entrypoint,
        extend: target[c.config.location],
      })),
      ...manifest.components.pages.map((p) => ({ entrypoint: p.config.entrypoint, extend: 'pages' })),
      ...(manifest.components.settings
        ? [{ entrypoint: manifest.components.settings.config.entrypoint, extend: 'settings' }]
        : []),
    ];
    for (const { entrypoint, extend } of entries) {
      const path = join(REPO_ROOT, 'extension/src', entrypoint);
      expect(existsSync(path), entrypoint).toBe(true);
      const source = readFileSync(path, 'utf8');
      expect(source).toContain(`hubspot.extend<'${extend}'>`);
      expect(source, `${entrypoint} imports by relative path`).not.toMatch(/from '\.{1,2}\//);
    }
  });

  it('rejects a bad manifest with messages that name the field', () => {
    const raw = readJson('app.manifest.json');
    const bad = z
      .object({
        auth: z.object({ requiredScopes: z.array(z.string()) }).loose(),
        support: z.object({}).loose(),
      })
      .loose()
      .parse(raw);
    const result = parseAppManifest({
      ...bad,
      auth: {
        ...bad.auth,
        redirectPath: 'https://pulse.acme.com/oauth/callback',
        optionalScopes: ['crm.objects.deals.read'],
      },
      support: { ...bad.support, supportEmail: 'not-an-email' },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.errorMessages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('app.manifest.json auth.redirectPath: must be a path on our origin'),
        expect.stringContaining('app.manifest.json auth: scopes listed twice'),
        expect.stringContaining('app.manifest.json support.supportEmail'),
      ]),
    );
  });
});
