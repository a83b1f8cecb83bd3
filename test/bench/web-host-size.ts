/**
 * Size of the web host (extension/web): the JavaScript a browser downloads to open the demo — the views,
 * our DOM implementation of the HubSpot components, React, zod and shared code — built exactly as
 * `npm run build:web` builds it, but in memory so extension/web/dist is left alone.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const configFile = fileURLToPath(new URL('../../extension/web/vite.config.ts', import.meta.url));
const KB = 1024;

export type WebHostBundleSize = { rawKb: number; gzipKb: number };

function jsOf(output: Awaited<ReturnType<typeof build>>): string[] {
  const outputs = Array.isArray(output) ? output : [output];
  return outputs.flatMap((o) =>
    'output' in o
      ? o.output
          .filter((item): item is Rollup.OutputChunk => item.type === 'chunk')
          .map((chunk) => chunk.code)
      : [],
  );
}

async function measure(mode: 'production' | 'widget'): Promise<WebHostBundleSize> {
  const output = await build({ configFile, mode, logLevel: 'silent', build: { write: false } });
  const chunks = jsOf(output);
  if (chunks.length === 0) throw new Error(`The ${mode} build of extension/web produced no JavaScript`);
  const raw = chunks.reduce((sum, code) => sum + Buffer.byteLength(code), 0);
  const gzip = chunks.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0);
  return { rawKb: Math.round((raw / KB) * 10) / 10, gzipKb: Math.round((gzip / KB) * 10) / 10 };
}

/** The demo app's JavaScript (every chunk of index.html). */
export function measureWebHostBundle(): Promise<WebHostBundleSize> {
  return measure('production');
}

/** The embeddable widget script (dist/widget.js). */
export function measureWidgetBundle(): Promise<WebHostBundleSize> {
  return measure('widget');
}
