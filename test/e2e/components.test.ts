import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, isCI, launchChromium, missingChromiumMessage } from './browser';

/**
 * The web host's HubSpot components under real clicks and typing in Chromium: callback values and their
 * types, HubSpot's commit-on-blur inputs, pagination and sort callbacks, and hubspot.fetch's timeout.
 */

const ORIGIN = 'http://gallery.test';
const entry = fileURLToPath(new URL('./fixtures/gallery.tsx', import.meta.url));

type Call = { name: string; args: unknown[] };

async function buildGallery(): Promise<{ js: string; css: string }> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    oxc: { jsx: { runtime: 'automatic', development: false } },
    build: {
      write: false,
      minify: false,
      cssCodeSplit: false,
      lib: { entry, formats: ['iife'], name: 'Gallery', fileName: () => 'gallery.js' },
    },
  });
  const items = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  const js = items.filter((i): i is Rollup.OutputChunk => i.type === 'chunk').map((c) => c.code);
  const css = items
    .filter((i): i is Rollup.OutputAsset => i.type === 'asset' && i.fileName.endsWith('.css'))
    .map((a) => String(a.source));
  return { js: js.join('\n'), css: css.join('\n') };
}

if (!hasChromium && !isCI) console.warn(missingChromiumMessage);

describe.skipIf(!hasChromium)('HubSpot components in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const [{ js, css }, chromium] = await Promise.all([buildGallery(), launchChromium()]);
    browser = chromium;
    page = await browser.newPage();
    page.setDefaultTimeout(5_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/')
        return route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><style>${css}</style><div id="root"></div><script src="/gallery.js"></script>`,
        });
      if (path === '/gallery.js') return route.fulfill({ contentType: 'text/javascript', body: js });
      if (path === '/echo')
        return route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({
            got: route.request().postDataJSON(),
            type: route.request().headers()['content-type'],
          }),
        });
      if (path === '/hang') return; // never answered: the client's timeout must end it
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto(`${ORIGIN}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const calls = (name: string) =>
    page.evaluate((n) => window.calls.filter((c: Call) => c.name === n).map((c: Call) => c.args[0]), name);

  it('asks for ascending, then descending, when a sortable header is clicked', async () => {
    const header = page.getByTestId('sort-header');
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await header.locator('button').click();
    await header.locator('button').click();
    await header.locator('button').click();
    expect(await calls('sort')).toEqual(['ascending', 'descending', 'ascending']);
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.getByTestId('plain-header').locator('button').count()).toBe(0);
  });

  it('reports page numbers from the pagination buttons and keeps a window of 5', async () => {
    const nav = page.getByTestId('table').getByRole('navigation');
    await nav.getByRole('button', { name: 'Next' }).click();
    await nav.getByRole('button', { name: '4', exact: true }).click();
    await nav.getByRole('button', { name: 'Last' }).click();
    await nav.getByRole('button', { name: 'Prev' }).click();
    await nav.getByRole('button', { name: 'First' }).click();
    expect(await calls('page')).toEqual([2, 4, 12, 11, 1]);
    expect(await nav.getByRole('button', { name: 'Prev' }).isDisabled()).toBe(true);
    expect(await nav.locator('.hs-pagination__page').allInnerTexts()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('commits NumberInput values as numbers on blur, rounded and clamped, reports text as NaN, and clears to undefined', async () => {
    const input = page.getByTestId('number').locator('input');
    await input.fill('12.34');
    expect(await calls('number')).toEqual([]); // typing alone does not commit
    expect(await calls('number-input')).toContain(12.34);
    await input.press('Tab');
    await input.fill('5000');
    await input.press('Enter');
    await input.fill('abc');
    await input.press('Tab');
    // text is refused but reported as no number (NaN), so the form it belongs to knows it cannot be saved
    expect(await calls('number')).toEqual([12.3, 1000, Number.NaN]);
    expect(await page.getByTestId('number').getByRole('alert').innerText()).toContain(
      '"abc" is not a number',
    );
    await input.fill('7');
    await input.press('Tab');
    expect(await calls('number')).toEqual([12.3, 1000, Number.NaN, 7]);
    expect(await page.getByTestId('number').getByRole('alert').count()).toBe(0);
    // HubSpot reports a cleared number input as undefined rather than keeping the last number.
    await input.fill('');
    await input.press('Tab');
    expect(await calls('number')).toEqual([12.3, 1000, Number.NaN, 7, undefined]);
    expect(await input.inputValue()).toBe('');
  });

  it('hands Select values back with their option types', async () => {
    const select = page.getByTestId('select').locator('select');
    expect(await select.locator('option:checked').innerText()).toBe('Pick one');
    await select.selectOption({ label: 'Seven' });
    await select.selectOption({ label: 'Yes' });
    await select.selectOption({ label: 'Word' });
    expect(await calls('select')).toEqual([7, true, 'word']);
    expect(await select.locator('option', { hasText: 'Pick one' }).count()).toBe(0);
  });

  it('toggles and opens an accordion', async () => {
    await page.getByTestId('toggle').getByRole('switch').click();
    await page.getByTestId('toggle').getByRole('switch').click();
    expect(await calls('toggle')).toEqual([true, false]);
    expect(await page.getByTestId('accordion-body').count()).toBe(0);
    await page.getByTestId('accordion').getByRole('button', { name: 'More' }).click();
    expect(await page.getByTestId('accordion-body').innerText()).toBe('Hidden details');
  });

  it('submits a Form with typed field values, committing the focused input first', async () => {
    const input = page.getByTestId('input').locator('input');
    await input.fill('Ada');
    await input.press('Enter');
    expect(await calls('input')).toEqual(['Ada']);
    expect(await calls('submit')).toEqual([{ name: 'Ada', seats: 3, plan: 2 }]);
  });

  it('commits a TextArea on blur, keeping Enter for new lines', async () => {
    const textarea = page.getByTestId('textarea').locator('textarea');
    await textarea.fill('first line');
    await textarea.press('Enter');
    await textarea.pressSequentially('second line');
    expect(await calls('textarea')).toEqual([]);
    await textarea.press('Tab');
    expect(await calls('textarea')).toEqual(['first line\nsecond line']);
  });

  it('runs Tag and Link click handlers, and follows the link', async () => {
    await page.getByTestId('tag').click();
    await page.getByTestId('link').click();
    expect(await calls('tag')).toEqual(['clicked']);
    expect(await calls('link')).toEqual(['clicked']);
    expect(await page.evaluate(() => window.location.hash)).toBe('#/linked');
  });

  it('hubspot.fetch sends JSON and gives up after its timeout', async () => {
    expect(await page.evaluate(() => window.tryFetch('/echo', 2_000))).toBe(
      'ok 200 {"got":{"hello":"world"},"type":"application/json"}',
    );
    expect(await page.evaluate(() => window.tryFetch('/hang', 300))).toBe(
      'error request timed out after 300 ms',
    );
  });

  // Served over plain http (not a secure context), like the demo opened on a LAN address.
  it('raised no uncaught errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
