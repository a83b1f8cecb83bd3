import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/src/config/config';

const KEY = 'a'.repeat(64);
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('starts the demo with nothing set, with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'demo',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: 'file:./data/pulse.db',
      hubspot: {
        apiBaseUrl: 'https://api.hubapi.com',
        clientId: null,
        accessToken: null,
        rateLimitPer10s: 110,
        searchPerSecond: 5,
      },
      tokenEncryptionKey: null,
      trustProxy: false,
      syncIntervalMinutes: 15,
      fullSyncIntervalHours: 24,
      uninstalledRetentionDays: 7,
    });
  });

  it('derives single-portal and marketplace modes', () => {
    expect(
      loadConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-1', TOKEN_ENCRYPTION_KEY: KEY, HUBSPOT_PORTAL_ID: '123' }),
    ).toMatchObject({
      mode: 'single-portal',
      hubspot: { portalId: 123 },
    });
    const market = loadConfig({
      HUBSPOT_CLIENT_ID: 'id',
      HUBSPOT_CLIENT_SECRET: 'secret',
      PUBLIC_URL: 'https://pulse.example.com/',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      TRUST_PROXY: '1',
    });
    expect(market).toMatchObject({
      mode: 'marketplace',
      publicUrl: 'https://pulse.example.com',
      trustProxy: 1,
    });
    expect(market.tokenEncryptionKey?.length).toBe(32);
  });

  it('names every bad variable in one error and never echoes a value', () => {
    const error = problemsOf({
      PORT: 'eighty',
      HUBSPOT_CLIENT_SECRET: 'super-secret-value',
      TOKEN_ENCRYPTION_KEY: 'too-short-secret',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://db',
    });
    const variables = error.problems.map((p) => p.variable);
    expect(variables.sort()).toEqual([
      'DATABASE_URL',
      'HUBSPOT_CLIENT_ID',
      'LOG_LEVEL',
      'PORT',
      'PUBLIC_URL',
      'TOKEN_ENCRYPTION_KEY',
    ]);
    expect(error.message).not.toContain('super-secret-value');
    expect(error.message).not.toContain('too-short-secret');
  });

  it('takes the HubSpot call budget from the environment and names a bad one', () => {
    expect(
      loadConfig({ HUBSPOT_RATE_LIMIT_PER_10S: '190', HUBSPOT_SEARCH_PER_SECOND: '4' }).hubspot,
    ).toMatchObject({
      rateLimitPer10s: 190,
      searchPerSecond: 4,
    });
    const error = problemsOf({ HUBSPOT_RATE_LIMIT_PER_10S: 'fast', HUBSPOT_SEARCH_PER_SECOND: '0' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'HUBSPOT_RATE_LIMIT_PER_10S',
      'HUBSPOT_SEARCH_PER_SECOND',
    ]);
  });

  it('takes the scheduling and retention periods from the environment and names bad ones', () => {
    expect(loadConfig({ FULL_SYNC_INTERVAL_HOURS: '12', UNINSTALLED_RETENTION_DAYS: '0' })).toMatchObject({
      fullSyncIntervalHours: 12,
      uninstalledRetentionDays: 0,
    });
    const error = problemsOf({ FULL_SYNC_INTERVAL_HOURS: 'daily', UNINSTALLED_RETENTION_DAYS: '-1' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'FULL_SYNC_INTERVAL_HOURS',
      'UNINSTALLED_RETENTION_DAYS',
    ]);
  });

  it('lists each missing marketplace variable', () => {
    const error = problemsOf({ HUBSPOT_CLIENT_SECRET: 'super-secret-value', TOKEN_ENCRYPTION_KEY: 'nope' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'HUBSPOT_CLIENT_ID',
      'PUBLIC_URL',
      'TOKEN_ENCRYPTION_KEY',
    ]);
    expect(error.message).not.toContain('super-secret-value');
  });

  it('requires an encryption key outside demo mode', () => {
    const error = problemsOf({ HUBSPOT_ACCESS_TOKEN: 'pat-secret-token' });
    expect(error.problems).toEqual([
      { variable: 'TOKEN_ENCRYPTION_KEY', message: expect.stringMatching(/required outside demo/) },
    ]);
    expect(error.message).not.toContain('pat-secret-token');
  });

  it('takes previous token keys for rotation, names a bad one by position, never echoes it', () => {
    const current = Buffer.alloc(32, 1);
    const previous = [Buffer.alloc(32, 2), Buffer.alloc(32, 3)];
    const config = loadConfig({
      HUBSPOT_ACCESS_TOKEN: 'pat-1',
      TOKEN_ENCRYPTION_KEY: current.toString('base64'),
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: `${previous[0]?.toString('hex')}, ${previous[1]?.toString('base64')}`,
    });
    expect(config.tokenPreviousKeys).toEqual(previous);
    expect(loadConfig({}).tokenPreviousKeys).toEqual([]);

    const bad = problemsOf({
      HUBSPOT_ACCESS_TOKEN: 'pat-1',
      TOKEN_ENCRYPTION_KEY: current.toString('base64'),
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: `${previous[0]?.toString('hex')},old-secret-key`,
    });
    expect(bad.problems).toEqual([
      {
        variable: 'TOKEN_ENCRYPTION_PREVIOUS_KEYS',
        message: expect.stringMatching(/^key 2 must be 32 bytes/),
      },
    ]);
    expect(bad.message).not.toContain('old-secret-key');
    expect(
      problemsOf({ TOKEN_ENCRYPTION_PREVIOUS_KEYS: Buffer.alloc(32, 2).toString('hex') }).problems,
    ).toEqual([
      {
        variable: 'TOKEN_ENCRYPTION_PREVIOUS_KEYS',
        message: expect.stringMatching(/needs TOKEN_ENCRYPTION_KEY/),
      },
    ]);
  });

  it('takes the operator named by the public pages, required in production marketplace mode', () => {
    expect(
      loadConfig({
        OPERATOR_NAME: ' Acme Success GmbH ',
        OPERATOR_EMAIL: 'privacy@acme.test',
        OPERATOR_ADDRESS: 'Hauptstr. 1, Berlin',
      }).operator,
    ).toEqual({ name: 'Acme Success GmbH', email: 'privacy@acme.test', address: 'Hauptstr. 1, Berlin' });
    expect(loadConfig({}).operator).toEqual({ name: null, email: null, address: null });
    expect(problemsOf({ OPERATOR_EMAIL: 'not an address' }).problems).toEqual([
      { variable: 'OPERATOR_EMAIL', message: 'must be an e-mail address' },
    ]);
    const production = problemsOf({
      NODE_ENV: 'production',
      HUBSPOT_CLIENT_ID: 'id',
      HUBSPOT_CLIENT_SECRET: 'secret',
      PUBLIC_URL: 'https://pulse.acme.test',
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(production.problems.map((p) => p.variable).sort()).toEqual(['OPERATOR_EMAIL', 'OPERATOR_NAME']);
  });
});
