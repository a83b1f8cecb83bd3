import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../../server/src/services/manifest';
import { publicPagesOf } from '../../../server/src/services/public-pages';
import {
  buildHarness,
  CLIENT_ID,
  CLIENT_SECRET,
  ENCRYPTION_KEY,
  HUBSPOT_BASE,
  PUBLIC_URL,
  type Harness,
} from './harness';

const manifest = loadManifest();
const pages = publicPagesOf(manifest);
const env = (extra: Record<string, string>) => ({
  HUBSPOT_CLIENT_ID: CLIENT_ID,
  HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
  PUBLIC_URL,
  TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
  HUBSPOT_API_BASE_URL: HUBSPOT_BASE,
  DATABASE_URL: 'file::memory:',
  NODE_ENV: 'test',
  ...extra,
});

/** The text a reader sees: tags dropped, entities decoded. */
const visibleText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('public pages: privacy policy, terms, support, setup guide', () => {
  let h: Harness;
  beforeAll(async () => {
    // a built web host whose client-side router would answer every unknown path with its shell
    const staticDir = mkdtempSync(join(tmpdir(), 'pulse-web-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>web host shell</title>');
    h = await buildHarness({
      staticDir,
      env: env({
        OPERATOR_NAME: 'Acme <Success> & "Partners"',
        OPERATOR_EMAIL: 'privacy@acme.test',
        OPERATOR_ADDRESS: "<script>alert('x')</script> 1 Main St",
        UNINSTALLED_RETENTION_DAYS: '12',
      }),
    });
  });
  afterAll(() => h.close());

  it('serves each page at its manifest path, before the web host, naming the configured operator', async () => {
    expect(pages.map((p) => p.path).sort()).toEqual(
      ['/docs', '/docs/data', '/docs/permissions', '/privacy', '/support', '/terms'].sort(),
    );
    for (const page of pages) {
      const res = await request(h.app).get(page.path);
      expect(res.status, page.path).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).not.toContain('web host shell');
      expect(res.text).not.toMatch(/\{\{\w+\}\}/);
      expect(visibleText(res.text)).toContain('Pulse');
    }
    const privacy = visibleText((await request(h.app).get('/privacy')).text);
    expect(privacy).toContain('operated by Acme <Success> & "Partners"');
    expect(privacy).toContain('privacy@acme.test');
    const support = visibleText((await request(h.app).get('/support')).text);
    expect(support).toContain(manifest.support.supportEmail);
    expect(support).toContain(manifest.support.supportPhone);
  });

  it('escapes configured values: an operator string cannot inject markup', async () => {
    for (const path of ['/privacy', '/terms']) {
      const { text } = await request(h.app).get(path);
      expect(text).not.toContain('<script>');
      expect(text).not.toContain('<Success>');
      expect(text).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 1 Main St');
      expect(text).toContain('Acme &lt;Success&gt; &amp; &quot;Partners&quot;');
    }
  });

  it('states the retention period from the configuration and what a privacy deletion removes', async () => {
    const privacy = visibleText((await request(h.app).get('/privacy')).text);
    expect(privacy).toContain('deleted after 12 day(s)');
    expect(privacy).toMatch(/Disconnect .* deleted at once/);
    expect(privacy).toMatch(
      /Privacy deletion of a contact .* we delete the contact's record, every survey response they submitted and their written comments/,
    );
    const guide = visibleText((await request(h.app).get('/docs')).text);
    expect(guide).toContain("keeps the account's data for 12 day(s)");
  });

  it('links only to pages it serves, and every anchor exists', async () => {
    const served = new Map<string, string>();
    for (const page of pages) served.set(page.path, (await request(h.app).get(page.path)).text);
    for (const [path, html] of served) {
      for (const [, href = ''] of html.matchAll(/href="([^"]+)"/g)) {
        if (href.startsWith('mailto:')) continue;
        const [target = '', anchor] = href.split('#');
        const page = target === '' ? html : served.get(target);
        expect(page, `${path} links to ${href}`).toBeDefined();
        if (anchor) expect(page, `${path} links to ${href}`).toContain(`id="${anchor}"`);
      }
    }
  });

  it('is what the generated project files and listing links point at', async () => {
    const app = JSON.parse(readFileSync('extension/src/app/app-hsmeta.json', 'utf8')) as {
      config: { support: { documentationUrl: string; supportUrl: string } };
    };
    const links = readFileSync('docs/marketplace/links.md', 'utf8');
    const linked = [
      new URL(app.config.support.documentationUrl).pathname,
      new URL(app.config.support.supportUrl).pathname,
      ...['Privacy policy', 'Terms of service'].map((field) => {
        const row = links.split('\n').find((l) => l.startsWith(`| ${field} `)) ?? '';
        return new URL(row.split('|')[2]?.trim() ?? '').pathname;
      }),
    ];
    expect(linked).toEqual(['/docs', '/support', '/privacy', '/terms']);
    for (const path of linked) expect((await request(h.app).get(path)).status, path).toBe(200);
  });
});

describe('public pages without an operator configured', () => {
  it('say so on the page instead of inventing one', async () => {
    const h = await buildHarness({ env: env({}) });
    try {
      const privacy = visibleText((await request(h.app).get('/privacy')).text);
      expect(privacy).toContain('operated by [not configured: set OPERATOR_NAME]');
      expect(privacy).toContain('[not configured: set OPERATOR_EMAIL]');
      expect(privacy).toContain('deleted after 7 day(s)');
    } finally {
      await h.close();
    }
  });
});
