import { Router } from 'express';
import { escapeHtml, htmlDocument } from '../http/html';
import { renderMarkdown } from '../http/markdown';
import { placeholderValues, publicPagesOf, readPageSource } from '../services/public-pages';
import type { RouteContext } from './context';

/**
 * Fills `{{name}}` placeholders in rendered HTML with escaped values. Done after rendering, so a value can never
 * be read as Markdown or HTML; an unknown name is a mistake in the page and stops start-up.
 */
export const fillPlaceholders = (
  html: string,
  values: Record<string, string>,
  file: string,
  encode: (value: string) => string = escapeHtml,
): string =>
  html.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${file}: unknown placeholder {{${name}}}`);
    return encode(value);
  });

/**
 * GET the privacy policy, terms, support page and setup guide (paths from app.manifest.json), rendered once at
 * start-up from docs/marketplace/*.md: a page that does not render stops the server instead of serving half.
 */
export const publicPageRoutes = ({ config, manifest }: Pick<RouteContext, 'config' | 'manifest'>) => {
  const pages = publicPagesOf(manifest);
  const values = placeholderValues(config, manifest);
  const nav = pages.map((p) => ({ href: p.path, label: p.label }));
  const router = Router();
  for (const page of pages) {
    let body: string;
    try {
      const { title, html } = renderMarkdown(readPageSource(page.file));
      // the layout escapes the title itself
      const plainTitle = fillPlaceholders(title, values, page.file, (value) => value);
      body = htmlDocument(plainTitle, fillPlaceholders(html, values, page.file), nav);
    } catch (cause) {
      throw new Error(`docs/marketplace/${page.file} cannot be served: ${(cause as Error).message}`, {
        cause,
      });
    }
    router.get(page.path, (_req, res) => {
      res.set('Cache-Control', 'public, max-age=300').type('html').send(body);
    });
  }
  return router;
};
