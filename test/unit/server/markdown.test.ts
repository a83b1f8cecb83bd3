import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../server/src/http/markdown';

describe('renderMarkdown (the public pages subset)', () => {
  it('renders the title apart, headings with anchors, paragraphs, lists, tables and inline forms', () => {
    const { title, html } = renderMarkdown(
      [
        '<!-- a comment for editors -->',
        '# Privacy policy',
        '',
        'We read **companies** and `deals`,',
        'see [the guide](/docs#use) or [mail](mailto:a@b.test).',
        '',
        '## What we store',
        '- first',
        '- second',
        '',
        '1. one',
        '2. two',
        '',
        '| when | what |',
        '| --- | --- |',
        '| Install | `sync` starts |',
      ].join('\n'),
    );
    expect(title).toBe('Privacy policy');
    expect(html).toBe(
      [
        '<p>We read <strong>companies</strong> and <code>deals</code>,\nsee <a href="/docs#use">the guide</a> or <a href="mailto:a@b.test">mail</a>.</p>',
        '<h2 id="what-we-store">What we store</h2>',
        '<ul><li>first</li><li>second</li></ul>',
        '<ol><li>one</li><li>two</li></ol>',
        '<table><thead><tr><th>when</th><th>what</th></tr></thead><tbody><tr><td>Install</td><td><code>sync</code> starts</td></tr></tbody></table>',
      ].join('\n'),
    );
  });

  it('escapes every piece of text, inside inline forms too', () => {
    const { html } = renderMarkdown(`# T\n\nA & B < C "quoted" 'it' **a>b** \`<i>\` [x & y](/a?b=1&c=2)`);
    expect(html).toBe(
      '<p>A &amp; B &lt; C &quot;quoted&quot; &#39;it&#39; <strong>a&gt;b</strong> <code>&lt;i&gt;</code> <a href="/a?b=1&amp;c=2">x &amp; y</a></p>',
    );
  });

  it('refuses what it does not render, naming the line', () => {
    const refused = [
      ['# T\n\n<script>alert(1)</script>', /line 3: not in the supported/],
      ['# T\n\ntext <img src=x onerror=alert(1)>', /line 3: images and raw HTML/],
      ['# T\n\n**<b>bold</b>** text', /line 3: images and raw HTML/],
      ['# T\n\n[click](javascript:void)', /line 3: link target "javascript:void" is not https/],
      ['# T\n\n```\ncode\n```', /line 3: not in the supported/],
      ['# T\n\n> quoted', /line 3: not in the supported/],
      ['# T\n\n- item\n  - nested', /line 4: not in the supported/],
      ['# T\n\n| a |\n| b |', /line 3: a table needs a header row/],
      ['no title', /a page starts with a # title/],
      ['# One\n# Two', /line 2: a page has one # title/],
    ] as const;
    for (const [source, error] of refused) expect(() => renderMarkdown(source), source).toThrow(error);
  });
});
