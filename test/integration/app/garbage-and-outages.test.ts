import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHarness, installPortal, PORTAL_A, signedRequest, type Harness } from './harness';
import { abortedUpload, listenApp, rawRequest } from './raw-http';

let h: Harness;
afterEach(async () => h?.close());

type Line = { level: number; msg: string; errorCode?: string };
const lines = (): Line[] =>
  h
    .logs()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
const errorLines = () => lines().filter((l) => l.level >= 50);
const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** What pg throws when the server goes away while a client is checked out. */
const connectionLost = () => new Error('Connection terminated unexpectedly');

describe('garbage in, 4xx out', () => {
  const json = { 'Content-Type': 'application/json' };
  const gzipped = { ...json, 'Content-Encoding': 'gzip' };

  it('answers a gzip body that does not decompress with 400 JSON, logged at info, on any path', async () => {
    h = await buildHarness();
    const server = await listenApp(h.app);
    try {
      for (const path of ['/webhooks/hubspot', '/api/v1/sync', '/oauth/callback', '/nowhere']) {
        const res = await rawRequest(server.port, {
          method: 'POST',
          path,
          headers: gzipped,
          body: Buffer.from('this is not gzip at all'),
        });
        expect(res.status, path).toBe(400);
        expect(res.headers['content-type'], path).toMatch(/^application\/json/);
        expect(JSON.parse(res.text), path).toMatchObject({
          code: 'bad_request',
          message: 'The request body does not decompress (Content-Encoding)',
        });
      }
    } finally {
      await server.close();
    }
    expect(errorLines()).toEqual([]);
  });

  it('reads a valid gzip body, and refuses a truncated one and an unknown encoding with 4xx', async () => {
    h = await buildHarness();
    const server = await listenApp(h.app);
    const post = (headers: Record<string, string>, body: Buffer) =>
      rawRequest(server.port, { method: 'POST', path: '/webhooks/hubspot', headers, body });
    try {
      const zipped = gzipSync(JSON.stringify([]));
      expect((await post(gzipped, zipped.subarray(0, zipped.length - 6))).status).toBe(400);
      const unknown = await post({ ...json, 'Content-Encoding': 'snappy' }, Buffer.from('[]'));
      expect(unknown.status).toBe(400);
      expect(JSON.parse(unknown.text).code).toBe('bad_request');
      // a well-formed gzip body gets past the parser: refused for its missing signature, not its encoding
      const valid = await post(gzipped, zipped);
      expect(valid.status).toBe(401);
      expect(JSON.parse(valid.text).code).toBe('invalid_signature');
    } finally {
      await server.close();
    }
    expect(errorLines()).toEqual([]);
  });

  it('logs an aborted upload at info as aborted, not as a failure', async () => {
    h = await buildHarness();
    const server = await listenApp(h.app);
    try {
      await abortedUpload(server.port, {
        path: '/webhooks/hubspot',
        headers: json,
        declared: 5000,
        sent: 10,
      });
      await until(() => lines().some((l) => l.msg === 'request aborted'));
    } finally {
      await server.close();
    }
    expect(errorLines()).toEqual([]);
    expect(lines().find((l) => l.msg === 'request aborted')?.level).toBe(30);
  });
});

describe('database outages', () => {
  it('answers a card read with 503, Retry-After and database_unavailable while the database is gone', async () => {
    h = await buildHarness();
    await installPortal(h.store, PORTAL_A);
    const forPortal = h.store.forPortal.bind(h.store);
    h.store.forPortal = (portalId) => {
      const portal = forPortal(portalId);
      return {
        ...portal,
        snapshots: {
          ...portal.snapshots,
          card: () => Promise.reject(connectionLost()),
        },
      };
    };
    const res = await signedRequest(h.app, 'GET', '/api/v1/companies/1/health').req;
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ code: 'database_unavailable' });
    expect(lines().find((l) => l.errorCode === 'database_unavailable')?.level).toBe(40); // warn
  });

  it('reports not ready (503, Retry-After) while the store does not answer, and ready once it does', async () => {
    h = await buildHarness();
    const ping = h.store.ping.bind(h.store);
    h.store.ping = () =>
      Promise.reject(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      );
    const down = await request(h.app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toEqual({
      status: 'unavailable',
      reason: 'store unreachable',
      code: 'database_unavailable',
    });
    h.store.ping = ping;
    expect((await request(h.app).get('/readyz')).status).toBe(200);
  });

  it('still answers 500 internal for an error that is not an outage', async () => {
    h = await buildHarness();
    await installPortal(h.store, PORTAL_A);
    const forPortal = h.store.forPortal.bind(h.store);
    h.store.forPortal = (portalId) => {
      const portal = forPortal(portalId);
      return {
        ...portal,
        snapshots: { ...portal.snapshots, card: () => Promise.reject(new TypeError('x is undefined')) },
      };
    };
    const res = await signedRequest(h.app, 'GET', '/api/v1/companies/1/health').req;
    expect(res.status).toBe(500);
    expect(res.headers['retry-after']).toBeUndefined();
  });
});

describe('the embeddable widget', () => {
  it('may be loaded by another site (widget.js and widget.css only)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-web-'));
    for (const file of ['index.html', 'widget.js', 'widget.css', 'app.js'])
      writeFileSync(join(dir, file), file.endsWith('.html') ? '<!doctype html><p>x</p>' : '/* x */');
    h = await buildHarness({ staticDir: dir });
    for (const file of ['widget.js', 'widget.css']) {
      const res = await request(h.app).get(`/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers['cross-origin-resource-policy'], file).toBe('cross-origin');
    }
    for (const path of ['/app.js', '/', '/companies/1', '/healthz']) {
      const res = await request(h.app).get(path);
      expect(res.headers['cross-origin-resource-policy'], path).toBe('same-origin');
    }
  });
});
