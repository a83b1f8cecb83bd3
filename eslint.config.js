import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

// The boundaries from ARCHITECTURE.md, enforced here so a wrong import fails `npm test`.
const sdkOnlyInHubspot = {
  name: '@hubspot/api-client',
  message: 'Only server/src/hubspot/ may import the HubSpot SDK; use its readers and writers.',
};
// shared/ and the views are npm workspace packages: outside them, reach them by name. A relative path out of a
// HubSpot component folder is also what `hs project upload` cannot archive.
const byPackageName = [
  { group: ['**/shared/src', '**/shared/src/**'], message: "Import shared code from '@pulse/shared'." },
];
const viewsByPackageName = {
  group: ['../**/views', '../**/views/**'],
  message: "Import the views from '@pulse/views'.",
};

// The layers inside server/src (docs/decisions/009-server-layers.md): each folder may import only the ones below it.
// `from` lists what a layer must NOT import; errors.ts, logger.ts and @pulse/shared are open to all.
const S = './server/src';
const layer = (target, forbidden, message) => ({
  target: `${S}/${target}`,
  from: forbidden.map((f) => `${S}/${f}`),
  message,
});
const ENTRY_POINTS = ['main.ts', 'runtime', 'cli'];
const serverLayers = [
  layer(
    'http',
    [
      'config',
      'store',
      'hubspot',
      'sandbox',
      'sync',
      'jobs',
      'services',
      'routes',
      'app.ts',
      ...ENTRY_POINTS,
    ],
    'http/ is Express plumbing: it depends on nothing above it (inject what it needs).',
  ),
  layer(
    'config',
    ['http', 'store', 'hubspot', 'sandbox', 'sync', 'jobs', 'services', 'routes', 'app.ts', ...ENTRY_POINTS],
    'config/ only parses the environment.',
  ),
  layer(
    'store',
    ['config', 'http', 'hubspot', 'sandbox', 'sync', 'jobs', 'services', 'routes', 'app.ts', ...ENTRY_POINTS],
    'store/ knows the database only: not HubSpot, the sync or the services.',
  ),
  layer(
    'hubspot',
    ['config', 'http', 'store', 'sandbox', 'sync', 'jobs', 'services', 'routes', 'app.ts', ...ENTRY_POINTS],
    'hubspot/ is the connector: it returns our types and knows nothing of the store or the app.',
  ),
  layer(
    'sandbox',
    ['config', 'http', 'store', 'hubspot', 'sync', 'jobs', 'services', 'routes', 'app.ts', ...ENTRY_POINTS],
    'The sandbox plays HubSpot: it imports nothing of Pulse.',
  ),
  layer(
    'sync',
    ['config', 'http', 'sandbox', 'jobs', 'services', 'routes', 'app.ts', ...ENTRY_POINTS],
    'sync/ sits below the services: hand it what it needs.',
  ),
  layer(
    'jobs',
    ['config', 'http', 'sandbox', 'services', 'routes', 'app.ts', ...ENTRY_POINTS],
    'jobs/ runs syncs; the services reach it through JobsPort.',
  ),
  layer(
    'services',
    ['http', 'sandbox', 'sync', 'jobs', 'routes', 'app.ts', ...ENTRY_POINTS],
    'Services never see HTTP and reach the sync and jobs through ports (services/ports.ts).',
  ),
  layer(
    'routes',
    ['hubspot', 'sandbox', 'sync', 'jobs', 'app.ts', ...ENTRY_POINTS],
    'Routes parse, authorize and call a service.',
  ),
  layer(
    'app.ts',
    ['hubspot', 'sandbox', 'sync', 'jobs', ...ENTRY_POINTS],
    'createApp takes its dependencies; the composition root (runtime/) builds them.',
  ),
  layer(
    'cli',
    ['http', 'routes', 'app.ts', 'runtime', 'main.ts', 'sandbox'],
    'The CLI syncs one portal; it does not start the app.',
  ),
  layer('runtime', ['main.ts', 'cli'], 'runtime/ is the composition root; only main.ts starts it.'),
  {
    target: S,
    from: ['./test', './extension', './scripts'],
    message: 'The server does not import tests, the extension or scripts.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'extension/web/dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-restricted-imports': ['error', { paths: [sdkOnlyInHubspot], patterns: byPackageName }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through server/src/config only.' },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure: no Node built-ins.' },
            {
              group: ['**/server/**', '**/extension/**'],
              message: 'shared/ imports nothing from server/ or extension/.',
            },
          ],
          paths: [sdkOnlyInHubspot],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'shared/ is pure: no process.' }],
    },
  },
  { files: ['server/src/hubspot/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    // Short functions: a function reads in one screen. Data tables (the default model in shared/src/schemas,
    // migrations' DDL split per concern) are object literals or short steps, so they need no exception; tests'
    // describe blocks are grouping, not logic, and are not counted.
    files: ['server/**/*.ts', 'shared/**/*.ts', 'extension/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs}'],
    rules: { 'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['server/**/*.ts', 'shared/**/*.ts', 'extension/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // what import-x needs to follow TypeScript imports (its own typescript preset, with the node resolver)
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: serverLayers }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    // Config is the one reader of the environment; scripts and tests set up processes.
    files: ['server/src/config/**', 'scripts/**', 'test/**', '*.config.*'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['extension/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**'], message: 'The extension talks to the server over HTTP only.' },
            ...byPackageName,
            viewsByPackageName,
          ],
          paths: [sdkOnlyInHubspot],
        },
      ],
    },
  },
  {
    // Hooks as React runs them: the plugin's recommended rules (React Compiler checks included), all as errors.
    files: ['extension/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: Object.fromEntries(
      Object.keys(reactHooks.configs.flat.recommended.rules).map((rule) => [rule, 'error']),
    ),
  },
);
