import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** A view importing a subpath we do not implement would silently bundle HubSpot's remote (non-DOM) components. */
const refuseUnimplementedSubpaths: Plugin = {
  name: 'pulse-refuse-hubspot-subpaths',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source.startsWith('@hubspot/ui-extensions/'))
      this.error(
        `${importer ?? 'a module'} imports "${source}", which the web host does not implement (extension/web/ui covers "@hubspot/ui-extensions" only).`,
      );
    return null;
  },
};

/**
 * Two builds share this file:
 * - default: the web host app (index.html → dist/), served by the Pulse server at `/`;
 * - `--mode widget`: one self-contained script + stylesheet (dist/widget.js, dist/widget.css) that a
 *   non-HubSpot CRM can embed. It runs second and keeps the app's files.
 */
export default defineConfig(({ mode }) => {
  const isWidget = mode === 'widget';
  return {
    // Production JSX even when NODE_ENV says otherwise (vitest sets 'test'): React below is the production build.
    oxc: { jsx: { runtime: 'automatic', development: false } },
    root: here('.'),
    plugins: [refuseUnimplementedSubpaths],
    base: isWidget ? './' : '/',
    // The views import the HubSpot package; here it resolves to our DOM implementation of the same components.
    resolve: {
      alias: [{ find: /^@hubspot\/ui-extensions$/, replacement: here('./ui/index.ts') }],
    },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    logLevel: 'warn',
    build: {
      outDir: here('./dist'),
      emptyOutDir: !isWidget,
      copyPublicDir: !isWidget,
      sourcemap: false,
      ...(isWidget
        ? {
            cssCodeSplit: false,
            lib: {
              entry: here('./widget.tsx'),
              name: 'PulseWidget',
              formats: ['iife' as const],
              fileName: () => 'widget.js',
              cssFileName: 'widget',
            },
          }
        : {}),
    },
  };
});
