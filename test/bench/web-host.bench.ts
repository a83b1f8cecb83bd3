/**
 * Web host bundle size: what a browser downloads to open the demo, and the embeddable widget script.
 * Budget: the demo app ≤ 150 KB gzipped, like the HubSpot card (it carries the same views plus the shell).
 */
import { measureWebHostBundle, measureWidgetBundle } from './web-host-size';

const TARGET_GZIP_KB = 150;

export default async function webHostBench(): Promise<{ title: string; markdown: string; ok: boolean }> {
  const app = await measureWebHostBundle();
  const widget = await measureWidgetBundle();
  const row = (label: string, file: string, size: { rawKb: number; gzipKb: number }) => {
    const meets = size.gzipKb <= TARGET_GZIP_KB;
    return {
      meets,
      line: `| ${label} | \`${file}\` | ${size.rawKb.toFixed(1)} | ${size.gzipKb.toFixed(1)} | ≤ ${TARGET_GZIP_KB} ${meets ? '✔' : '✘'} |`,
    };
  };
  const rows = [
    row('Web host app (demo)', 'extension/web/index.html', app),
    row('Embeddable widget', 'extension/web/widget.tsx', widget),
  ];
  const markdown = [
    'Built with `extension/web/vite.config.ts` exactly as `npm run build:web` does (minified; React, zod, shared/ and the DOM components included); JavaScript only, gzip level 9.',
    '',
    '| bundle | entry | raw KB | gzip KB | target (gzip KB) |',
    '| --- | --- | ---: | ---: | --- |',
    ...rows.map((r) => r.line),
  ].join('\n');
  return { title: 'Web host bundle size', markdown, ok: rows.every((r) => r.meets) };
}
