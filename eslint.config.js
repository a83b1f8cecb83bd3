import js from '@eslint/js';
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
