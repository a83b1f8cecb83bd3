/**
 * Bundle size of each HubSpot entry, built the way `hs project upload` ships it: one self-contained, minified
 * ES module with React, @hubspot/ui-extensions, zod and our shared code all included.
 * Target: the company card ≤ 150 KB gzipped (HubSpot loads it on every company record view).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { build, type Rollup } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type BundleSize = { entry: string; rawKB: number; gzipKB: number };

const KB = 1024;
const CARD_TARGET_GZIP_KB = 150;

const ENTRIES = [
  {
    label: 'Company card (crm.record.tab)',
    entry: 'extension/src/app/cards/CompanyHealthCard.tsx',
    targetGzipKB: CARD_TARGET_GZIP_KB,
  },
  {
    label: 'Sidebar card (crm.record.sidebar)',
    entry: 'extension/src/app/cards/CompanySidebarCard.tsx',
    targetGzipKB: CARD_TARGET_GZIP_KB,
  },
  { label: 'Portfolio page (pages)', entry: 'extension/src/app/pages/Portfolio.tsx', targetGzipKB: null },
  { label: 'Settings page (settings)', entry: 'extension/src/app/settings/Settings.tsx', targetGzipKB: null },
];

function chunksOf(output: Awaited<ReturnType<typeof build>>): Rollup.OutputChunk[] {
  const outputs = Array.isArray(output) ? output : [output];
  return outputs.flatMap((o) =>
    'output' in o ? o.output.filter((item): item is Rollup.OutputChunk => item.type === 'chunk') : [],
  );
}

/** Build one entry (path relative to the repo root) in library mode, minified, every dependency bundled. */
export async function measureBundle(entry: string): Promise<BundleSize> {
  const output = await build({
    root,
    configFile: false,
    logLevel: 'silent',
    // library mode leaves process.env.NODE_ENV alone; HubSpot's bundler ships React's production build
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: true,
      sourcemap: false,
      emptyOutDir: false,
      lib: { entry: path.join(root, entry), formats: ['es'], fileName: 'bundle' },
      rollupOptions: { external: [] },
    },
  });
  const code = chunksOf(output)
    .map((chunk) => chunk.code)
    .join('\n');
  if (code.length === 0) throw new Error(`building ${entry} produced no code`);
  // Vite's ES library output keeps whitespace; HubSpot's bundler ships fully minified code.
  const minified = (await transform(code, { minify: true, format: 'esm', target: 'es2020' })).code;
  return {
    entry,
    rawKB: Buffer.byteLength(minified) / KB,
    gzipKB: gzipSync(minified, { level: 9 }).length / KB,
  };
}

export default async function bundleSizeBench(): Promise<{ title: string; markdown: string; ok: boolean }> {
  const rows: string[] = [];
  let ok = true;
  for (const { label, entry, targetGzipKB } of ENTRIES) {
    const size = await measureBundle(entry);
    const meets = targetGzipKB === null || size.gzipKB <= targetGzipKB;
    ok &&= meets;
    rows.push(
      `| ${label} | \`${entry}\` | ${size.rawKB.toFixed(1)} | ${size.gzipKB.toFixed(1)} | ${targetGzipKB === null ? '—' : `≤ ${targetGzipKB} ${meets ? '✔' : '✘'}`} |`,
    );
  }
  const markdown = [
    'Each entry built with Vite in library mode (ES module, minified, React + @hubspot/ui-extensions + zod + shared/ included).',
    '',
    '| entry | file | raw KB | gzip KB | target (gzip KB) |',
    '| --- | --- | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
  return { title: 'Extension bundle size', markdown, ok };
}
