import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../../server/src/hubspot/mappers';
import { PULSE_COMPANY_PROPERTIES } from '../../../server/src/hubspot/writer';
import { loadManifest } from '../../../server/src/services/manifest';
import { PUBLIC_PAGES_DIR } from '../../../server/src/services/public-pages';

/**
 * The listing material says what the code does: the shared-data table lists exactly the properties the HubSpot
 * connector asks for and writes, the permissions page justifies exactly the scopes the app declares. Editing one
 * side without the other fails here.
 */
const rowsOf = (file: string) =>
  readFileSync(`${PUBLIC_PAGES_DIR}${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim().replace(/^`|`$/g, '')),
    );

const sorted = (values: Iterable<string>) => [...values].sort();

describe('docs/marketplace/shared-data.md', () => {
  const rows = rowsOf('shared-data.md').filter((r) => r.length === 4 && r[0] !== 'object');
  const listed = (objectType: string, access: 'read' | 'write') =>
    sorted(rows.filter(([o, , a]) => o === objectType && a === access).map(([, property]) => property ?? ''));

  it('lists every property Pulse reads, per object type, and no other', () => {
    for (const [objectType, properties] of Object.entries(PROPERTIES))
      expect(listed(objectType, 'read'), objectType).toEqual(sorted(properties));
    const objectTypes = new Set(rows.map(([o]) => o ?? ''));
    expect(sorted(objectTypes)).toEqual(sorted(Object.keys(PROPERTIES)));
  });

  it('lists exactly the company properties Pulse writes, and says what each is for', () => {
    expect(listed('companies', 'write')).toEqual(sorted(PULSE_COMPANY_PROPERTIES));
    expect(rows.filter(([, , a]) => a === 'write').every(([o]) => o === 'companies')).toBe(true);
    for (const row of rows) expect(row[3], row.join(' | ')).toMatch(/\w{3,}/);
  });
});

describe('docs/marketplace/permissions.md', () => {
  const { requiredScopes, optionalScopes } = loadManifest().auth;
  const rows = rowsOf('permissions.md').filter((r) => r[0] !== 'scope');

  it('justifies every scope the app declares, with the kind it is declared as, and no other', () => {
    const kinds = Object.fromEntries(rows.map(([scope, kind]) => [scope, kind]));
    expect(sorted(Object.keys(kinds))).toEqual(sorted([...requiredScopes, ...optionalScopes]));
    for (const scope of requiredScopes) expect(kinds[scope], scope).toBe('required');
    for (const scope of optionalScopes) expect(kinds[scope], scope).toBe('optional');
  });

  it('says why and what happens without each scope', () => {
    for (const [scope, , why, without] of rows) {
      expect(why, scope).toMatch(/\w+ \w+ \w+/);
      expect(without, scope).toMatch(/\w+/);
    }
  });
});
