import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/logger';
import { webHostDir } from '../../../server/src/runtime';
import { captureLogs } from '../../integration/app/harness';

describe('the web host folder at start-up', () => {
  it('is served when it was built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const logs = captureLogs();
    expect(webHostDir(createLogger({ level: 'info', destination: logs.stream }), dir)).toBe(dir);
    expect(logs.text()).toBe('');
  });

  it('is left out with one line saying how to build it when it was not (the API still starts)', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pulse-web-')), 'dist');
    mkdirSync(dir);
    const logs = captureLogs();
    expect(webHostDir(createLogger({ level: 'info', destination: logs.stream }), dir)).toBeNull();
    expect(logs.text()).toContain('The web host is not built');
    expect(logs.text()).toContain('npm run build:web');
  });
});
