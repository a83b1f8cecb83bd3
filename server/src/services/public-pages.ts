import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppManifest } from '@pulse/shared';
import type { Config } from '../config/config';

/**
 * The public pages the marketplace listing and the app's support links point at: privacy policy, terms, support,
 * the setup guide and its two reference pages (the data read and written, the permissions). Their text is Markdown in docs/marketplace/ (one source for the repo and the server);
 * `{{name}}` placeholders are filled from the configuration (the operator, the retention period) and the app
 * manifest (the support contact). Paths come from app.manifest.json, so the generated project files link here.
 */
export const PUBLIC_PAGES_DIR = fileURLToPath(new URL('../../../docs/marketplace/', import.meta.url));

export type PublicPage = { path: string; file: string; label: string };

export const publicPagesOf = (manifest: AppManifest): PublicPage[] => [
  { path: manifest.support.documentationPath, file: 'setup-guide.md', label: 'Setup guide' },
  {
    path: `${manifest.support.documentationPath}/data`,
    file: 'shared-data.md',
    label: 'Data read and written',
  },
  { path: `${manifest.support.documentationPath}/permissions`, file: 'permissions.md', label: 'Permissions' },
  { path: manifest.support.supportPath, file: 'support.md', label: 'Support' },
  { path: manifest.legal.privacyPolicyPath, file: 'privacy-policy.md', label: 'Privacy policy' },
  { path: manifest.legal.termsPath, file: 'terms.md', label: 'Terms of service' },
];

/** What the pages' `{{placeholders}}` stand for; a value the operator has not configured says so. */
export const placeholderValues = (config: Config, manifest: AppManifest): Record<string, string> => {
  const missing = (variable: string) => `[not configured: set ${variable}]`;
  return {
    appName: manifest.name,
    operatorName: config.operator.name ?? missing('OPERATOR_NAME'),
    operatorEmail: config.operator.email ?? missing('OPERATOR_EMAIL'),
    operatorAddress: config.operator.address ?? 'available on request by e-mail',
    supportEmail: manifest.support.supportEmail,
    supportPhone: manifest.support.supportPhone,
    retentionDays: String(config.uninstalledRetentionDays),
    publicUrl: config.publicUrl,
  };
};

export const readPageSource = (file: string, dir = PUBLIC_PAGES_DIR): string =>
  readFileSync(`${dir}${file}`, 'utf8');
