import { rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
export const webHostDistDir = fileURLToPath(new URL('./dist', import.meta.url));
// Same file system as dist/ (so the final rename is atomic) and already ignored by git.
const scratchRoot = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));

/**
 * Builds the web host app, then the embeddable widget, into extension/web/dist (what `npm run build:web`
 * does). Both go to a scratch folder first and replace dist/ in one step, so a server already serving
 * dist/ never sees it half-written.
 */
export async function buildWebHost(): Promise<{ distDir: string; ms: number }> {
  const started = performance.now();
  const scratch = `${scratchRoot}pulse-web-build-${process.pid}-${Date.now()}`;
  try {
    await build({
      configFile,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: scratch, emptyOutDir: true },
    });
    await build({
      configFile,
      mode: 'widget',
      logLevel: 'warn',
      build: { outDir: scratch, emptyOutDir: false },
    });
    await rm(webHostDistDir, { recursive: true, force: true });
    await rename(scratch, webHostDistDir);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { distDir: webHostDistDir, ms: Math.round(performance.now() - started) };
}
