import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/config';
import { createLogger } from '../../../server/src/logger';
import { startPulse, type RunningPulse } from '../../../server/src/runtime';
import { createSandbox, generateDataset, type SandboxServer } from '../../../server/src/sandbox';
import { captureLogs } from './harness';

const PORTAL = 4455667;
const TOKEN = 'pat-na1-static-token-for-one-account';

let pulse: RunningPulse | null = null;
let crm: SandboxServer | null = null;
afterEach(async () => {
  await pulse?.close();
  await crm?.close();
  pulse = null;
  crm = null;
});

describe('npm start in single-portal mode', () => {
  it('starts with only HUBSPOT_ACCESS_TOKEN (+ secret and key): the portal id comes from account-info', async () => {
    const sandbox = createSandbox({
      portals: [
        {
          portalId: PORTAL,
          dataset: generateDataset({ seed: 3, now: Date.now(), companies: 3 }),
          accessTokens: [TOKEN],
        },
      ],
      rateLimit: false,
    });
    crm = await sandbox.listen(0, '127.0.0.1');
    const logs = captureLogs();
    const config = loadConfig({
      HUBSPOT_ACCESS_TOKEN: TOKEN,
      HUBSPOT_CLIENT_SECRET: 'app-secret-for-signatures',
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      HUBSPOT_API_BASE_URL: crm.url,
      DATABASE_URL: 'file::memory:',
      PORT: '0',
      NODE_ENV: 'test',
    });
    expect(config.mode).toBe('single-portal');
    expect(config.hubspot.portalId).toBeNull();
    pulse = await startPulse({ config, logger: createLogger({ level: 'info', destination: logs.stream }) });

    expect(pulse.summary).toContain('single-portal mode');
    const installation = await pulse.store.forPortal(PORTAL).installation.get();
    expect(installation).toMatchObject({ portalId: PORTAL, mode: 'static', status: 'active' });
    expect(sandbox.stats(PORTAL).byEndpoint['GET /account-info/v3/details']).toBe(1);
    // no OAuth call at all: introspection does not know private-app tokens
    expect(Object.keys(sandbox.stats().byEndpoint).filter((e) => e.includes('/oauth/'))).toEqual([]);
    const ready = await fetch(`${pulse.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(logs.text()).not.toContain(TOKEN);
  });
});
