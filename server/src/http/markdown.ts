import { escapeHtml } from './html';

/**
 * The Markdown the public pages are written in (docs/marketplace/*.md), rendered to HTML with every piece of
 * text escaped. A deliberately small subset, so what the page shows is what the file says:
 *   `#`, `##`, `###` headings; paragraphs (consecutive lines); `- ` and `1. ` lists (one line per item);
 *   `| a | b |` tables (a header row, then a `| --- |` row); inline `**bold**`, `` `code` ``,
 *   `[text](https://…|mailto:…|/path|#anchor)`; `<!-- comments -->` on their own lines (dropped).
 * Anything else that Markdown would treat specially (raw HTML, quotes, code fences, nested lists, images) is
 * refused with the line number, so an edit cannot silently render as something else.
 */

export class MarkdownError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'MarkdownError';
  }
}

const SAFE_HREF = /^(https?:\/\/|mailto:|\/|#)/;

const renderInline = (text: string, line: number): string => {
  // raw HTML or an image would render as something else on GitHub than here: refuse (code spans may show tags)
  if (/!\[|<[a-z!/]/i.test(text.replace(/`[^`]+`/g, '')))
    throw new MarkdownError(line, 'images and raw HTML are not supported');
  let html = '';
  // one pass over the three inline forms; everything between them is escaped text
  const pattern = /\*\*([^*]+)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    html += escapeHtml(text.slice(last, match.index));
    const [, bold, code, label, href] = match;
    if (bold !== undefined) html += `<strong>${escapeHtml(bold)}</strong>`;
    else if (code !== undefined) html += `<code>${escapeHtml(code)}</code>`;
    else if (label !== undefined && href !== undefined) {
      if (!SAFE_HREF.test(href))
        throw new MarkdownError(line, `link target "${href}" is not https, mailto or /`);
      html += `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
    }
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
};

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

type Block = { kind: 'p' | 'ul' | 'ol' | 'table'; lines: { text: string; line: number }[] };

const renderBlock = (block: Block): string => {
  const inline = (l: { text: string; line: number }) => renderInline(l.text, l.line);
  switch (block.kind) {
    case 'p':
      return `<p>${block.lines.map(inline).join('\n')}</p>`;
    case 'ul':
    case 'ol':
      return `<${block.kind}>${block.lines.map((l) => `<li>${inline(l)}</li>`).join('')}</${block.kind}>`;
    case 'table': {
      const [head, rule, ...rows] = block.lines;
      if (head === undefined || rule === undefined || !/^\|(\s*:?-+:?\s*\|)+$/.test(rule.text.trim()))
        throw new MarkdownError(head?.line ?? 0, 'a table needs a header row and a | --- | row');
      const row = (l: { text: string; line: number }, tag: 'th' | 'td') =>
        `<tr>${cells(l.text)
          .map((c) => `<${tag}>${renderInline(c, l.line)}</${tag}>`)
          .join('')}</tr>`;
      return `<table><thead>${row(head, 'th')}</thead><tbody>${rows.map((r) => row(r, 'td')).join('')}</tbody></table>`;
    }
    default: {
      const never: never = block.kind;
      return never;
    }
  }
};

const kindOf = (text: string): Block['kind'] | null => {
  if (/^- /.test(text)) return 'ul';
  if (/^\d+\. /.test(text)) return 'ol';
  if (text.startsWith('|')) return 'table';
  return null;
};

/** The page's `# title` and its body as HTML (the title rendered by the page layout, not here). */
export const renderMarkdown = (source: string): { title: string; html: string } => {
  const out: string[] = [];
  let title: string | null = null;
  let block: Block | null = null;
  const flush = () => {
    if (block) out.push(renderBlock(block));
    block = null;
  };
  source.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trimEnd();
    const heading = /^(#{1,3}) (.+)$/.exec(text);
    if (text.trim() === '' || /^<!--.*-->$/.test(text.trim())) return flush();
    if (heading) {
      flush();
      const [, hashes = '#', content = ''] = heading;
      if (hashes.length === 1) {
        if (title !== null) throw new MarkdownError(line, 'a page has one # title');
        title = content;
        return;
      }
      out.push(`<h${hashes.length} id="${slug(content)}">${renderInline(content, line)}</h${hashes.length}>`);
      return;
    }
    if (/^(\s+[-*\d]|>|```|~~~|\* |#{4,}|<)/.test(text))
      throw new MarkdownError(line, 'not in the supported Markdown subset (see server/src/http/markdown.ts)');
    const kind = kindOf(text) ?? 'p';
    if (block !== null && block.kind !== kind) flush();
    block ??= { kind, lines: [] };
    const content = kind === 'ul' ? text.slice(2) : kind === 'ol' ? text.replace(/^\d+\. /, '') : text;
    block.lines.push({ text: content, line });
  });
  flush();
  if (title === null) throw new MarkdownError(1, 'a page starts with a # title');
  return { title, html: out.join('\n') };
};
