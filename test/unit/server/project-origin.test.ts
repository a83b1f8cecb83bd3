import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_ORIGIN } from '../../../scripts/manifest/origin';
import {
  APP_HSMETA_PATH,
  projectOriginMismatch,
  readProjectOrigin,
} from '../../../server/src/services/manifest';

describe('the server checks PUBLIC_URL against the HubSpot project origin', () => {
  const committed = readFileSync(APP_HSMETA_PATH, 'utf8');

  it('reads the origin the project files were generated for', () => {
    expect(readProjectOrigin()).toBe(JSON.parse(committed).config.permittedUrls.fetch[0]);
    const dir = mkdtempSync(join(tmpdir(), 'pulse-origin-'));
    const generated = join(dir, 'app-hsmeta.json');
    writeFileSync(generated, committed.split(PLACEHOLDER_ORIGIN).join('https://pulse.acme.test'));
    expect(readProjectOrigin(generated)).toBe('https://pulse.acme.test');
    expect(readProjectOrigin(join(dir, 'missing.json'))).toBeNull();
    writeFileSync(generated, '{"uid": "pulse"}');
    expect(readProjectOrigin(generated)).toBeNull();
  });

  it('is quiet when they agree and names both and the fix when they do not', () => {
    expect(projectOriginMismatch('https://pulse.acme.test', 'https://pulse.acme.test')).toBeNull();
    expect(projectOriginMismatch('https://pulse.acme.test', PLACEHOLDER_ORIGIN)).toBe(
      `PUBLIC_URL https://pulse.acme.test is not the origin the HubSpot project files were generated for (${PLACEHOLDER_ORIGIN}): run npm run manifest -- --origin https://pulse.acme.test and npm run hs:upload, or HubSpot calls another server`,
    );
    expect(projectOriginMismatch('https://pulse.acme.test', null)).toMatch(/\(none found\)/);
  });
});
