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
import { REPO_ROOT, buildProjectFiles, readManifest } from '../../scripts/generate-manifest';

/** What HubSpot's build installs per component folder; React must be exactly what @hubspot/ui-extensions wants. */
const ZComponentPackage = z.object({
  name: z.string(),
  dependencies: z.object({
    '@hubspot/ui-extensions': z.string(),
    react: z.literal('18.3.1'),
    zod: z.string(),
  }),
});

const manifest = readManifest();
const files = buildProjectFiles(manifest);
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8'));

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

describe('app.manifest.json → HubSpot project files', () => {
  it('the committed project files equal what the manifest generates', () => {
    for (const file of files) {
      expect(existsSync(join(REPO_ROOT, file.path)), `${file.path} is missing: run npm run manifest`).toBe(
        true,
      );
      expect(
        readJson(file.path),
        `${file.path} drifted from app.manifest.json: run npm run manifest`,
      ).toEqual(file.json);
    }
    const generated = new Set(files.map((f) => f.path));
    const committed = listFiles(join(REPO_ROOT, 'extension/src'))
      .map((p) => relative(REPO_ROOT, p))
      .filter((p) => p.endsWith('-hsmeta.json'));
    const stale = committed.filter((p) => !generated.has(p));
    expect(
      stale,
      `hsmeta files no longer in app.manifest.json: delete them, then run npm run manifest`,
    ).toEqual([]);
  });

  it('each generated file has the shape HubSpot expects for its type', () => {
    const schemaFor = (path: string) => {
      if (path.endsWith('/package.json')) return ZComponentPackage;
      if (path === 'extension/hsproject.json') return ZHsProject;
      if (path.endsWith('app/app-hsmeta.json')) return ZAppHsMeta;
      if (path.includes('/app/cards/')) return ZCardHsMeta;
      if (path.includes('/app/pages/')) return ZPageHsMeta;
      if (path.includes('/app/settings/')) return ZSettingsHsMeta;
      if (path.includes('/app/webhooks/')) return ZWebhooksHsMeta;
      throw new Error(`no schema for ${path}`);
    };
    expect(files.map((f) => f.path).sort()).toEqual([
      'extension/hsproject.json',
      'extension/src/app/app-hsmeta.json',
      'extension/src/app/cards/CompanyHealthCard-hsmeta.json',
      'extension/src/app/cards/CompanySidebarCard-hsmeta.json',
      'extension/src/app/cards/package.json',
      'extension/src/app/pages/Portfolio-hsmeta.json',
      'extension/src/app/pages/package.json',
      'extension/src/app/settings/Settings-hsmeta.json',
      'extension/src/app/settings/package.json',
      'extension/src/app/webhooks/webhooks-hsmeta.json',
    ]);
    for (const file of files) {
      const result = schemaFor(file.path).safeParse(file.json);
      expect(result.success, `${file.path}: ${result.error?.message}`).toBe(true);
      if (file.path !== 'extension/hsproject.json' && !file.path.endsWith('/package.json')) {
        expect(file.path).toMatch(/-hsmeta\.json$/);
      }
    }
    // one app component; components sit directly in their type folder (no nesting)
    expect(files.filter((f) => ZAppHsMeta.safeParse(f.json).success)).toHaveLength(1);
    for (const file of files.filter((f) => f.path.includes('/app/') && !f.path.endsWith('app-hsmeta.json'))) {
      expect(file.path).toMatch(/^extension\/src\/app\/(cards|pages|settings|webhooks)\/[^/]+$/);
    }
  });

  it('declares the scopes the server needs, identically in the manifest and app-hsmeta.json', () => {
    const app = ZAppHsMeta.parse(readJson('extension/src/app/app-hsmeta.json'));
    expect(app.config.auth.requiredScopes).toEqual(manifest.auth.requiredScopes);
    expect(app.config.auth.optionalScopes).toEqual(manifest.auth.optionalScopes);
    expect(manifest.auth.requiredScopes).toEqual(
      expect.arrayContaining([
        'oauth',
        'crm.objects.companies.read',
        'crm.objects.companies.write',
        'crm.objects.contacts.read',
        'crm.objects.deals.read',
        'tickets',
        'crm.objects.feedback_submissions.read',
        'crm.schemas.companies.write',
        'crm.objects.owners.read',
      ]),
    );
    expect(app.config.permittedUrls.fetch).toContain(manifest.apiOrigin);
  });

  it('subscribes to every change of companies, deals, tickets and feedback, and to privacy deletions', () => {
    const hooks = ZWebhooksHsMeta.parse(readJson('extension/src/app/webhooks/webhooks-hsmeta.json'));
    for (const objectType of ['company', 'deal', 'ticket', 'feedback_submission'] as const) {
      for (const subscriptionType of [
        'object.creation',
        'object.propertyChange',
        'object.deletion',
        'object.associationChange',
      ] as const) {
        expect(hooks.config.subscriptions.crmObjects).toContainEqual(
          expect.objectContaining({ objectType, subscriptionType, active: true }),
        );
      }
    }
    expect(hooks.config.subscriptions.hubEvents).toEqual([
      { subscriptionType: 'contact.privacyDeletion', active: true },
    ]);
    expect(hooks.config.settings.targetUrl.startsWith(`${manifest.apiOrigin}/`)).toBe(true);
  });

  it('every entrypoint file exists and calls hubspot.extend for its location', () => {
    const expectedTarget = {
      'crm.record.tab': "'crm.record.tab'",
      'crm.record.sidebar': "'crm.record.sidebar'",
    } as const;
    for (const card of manifest.components.cards) {
      const path = join(REPO_ROOT, 'extension/src', card.config.entrypoint);
      expect(existsSync(path), card.config.entrypoint).toBe(true);
      expect(readFileSync(path, 'utf8')).toContain(`hubspot.extend<${expectedTarget[card.config.location]}>`);
    }
    for (const page of manifest.components.pages) {
      const path = join(REPO_ROOT, 'extension/src', page.config.entrypoint);
      expect(existsSync(path), page.config.entrypoint).toBe(true);
      expect(readFileSync(path, 'utf8')).toContain("hubspot.extend<'pages'>");
    }
    const settings = manifest.components.settings!;
    expect(readFileSync(join(REPO_ROOT, 'extension/src', settings.config.entrypoint), 'utf8')).toContain(
      "hubspot.extend<'settings'>",
    );
  });

  it('rejects a bad manifest with messages that name the field', () => {
    const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'app.manifest.json'), 'utf8'));
    const bad = {
      ...raw,
      apiOrigin: 'http://insecure.example.com',
      auth: { ...raw.auth, requiredScopes: [...raw.auth.requiredScopes], optionalScopes: ['tickets'] },
      support: { ...raw.support, supportEmail: 'not-an-email' },
    };
    const result = parseAppManifest(bad);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.errorMessages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('app.manifest.json apiOrigin: must be an https:// URL'),
        expect.stringContaining('app.manifest.json support.supportEmail'),
      ]),
    );
  });
});
