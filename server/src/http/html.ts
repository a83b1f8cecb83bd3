/** Plain server-rendered pages: the browser steps of an install, and the public legal and support pages. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:44rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#213343}' +
  'h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem}' +
  'table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #cbd6e2;padding:.3rem .6rem;text-align:left;vertical-align:top}' +
  'code{background:#f5f8fa;padding:0 .2rem}nav{margin-top:3rem;border-top:1px solid #cbd6e2;padding-top:1rem;font-size:.9rem}' +
  'nav a{margin-right:1rem}';

/** A whole page; `bodyHtml` must already be escaped (htmlPage and the Markdown renderer do that). */
export const htmlDocument = (title: string, bodyHtml: string, nav: { href: string; label: string }[] = []) =>
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Pulse</title>
<style>${STYLE}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${bodyHtml}
${nav.length > 0 ? `<nav>${nav.map((n) => `<a href="${escapeHtml(n.href)}">${escapeHtml(n.label)}</a>`).join('')}</nav>` : ''}
</body></html>`;

export const htmlPage = (title: string, paragraphs: string[]) =>
  htmlDocument(title, paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'));
