import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHarness, installPortal, PORTAL_A, signedRequest, type Harness } from './harness';

let h: Harness;
afterEach(async () => h?.close());

type Line = {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string; headers?: unknown };
  res?: { statusCode: number };
  responseTime?: number;
  errorCode?: string;
};
const lines = (): Line[] =>
  h
    .logs()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
const completed = () => lines().filter((l) => l.msg === 'request completed');

describe('request log', () => {
  it('writes one line per request with its id, method, path, status and duration, and no headers', async () => {
    h = await buildHarness();
    const res = await request(h.app)
      .get('/healthz')
      .set('X-Request-Id', 'trace-1')
      .set('Cookie', 'session=abc');
    expect(res.status).toBe(200);
    const [line, ...rest] = completed();
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({
      reqId: 'trace-1',
      req: { method: 'GET', url: '/healthz' },
      res: { statusCode: 200 },
    });
    expect(line?.level).toBe(20); // debug: production (info) logs failures only
    expect(line?.responseTime).toBeGreaterThanOrEqual(0);
    expect(line?.req?.headers).toBeUndefined();
    expect(h.logs()).not.toContain('session=abc');
  });

  it('logs a refused request at info, with the error line bound to the same request id', async () => {
    h = await buildHarness();
    const res = await request(h.app).get('/api/v1/sync');
    expect(res.status).toBe(401);
    const id = res.headers['x-request-id'];
    const mine = lines().filter((l) => l.reqId === id);
    expect(mine.map((l) => [l.level, l.errorCode ?? l.res?.statusCode])).toEqual([
      [30, 'invalid_signature'],
      [30, 401],
    ]);
  });

  it('blanks OAuth codes and state in the logged path', async () => {
    h = await buildHarness();
    await request(h.app).get('/oauth/callback?code=very-secret-code&state=signed-state');
    expect(completed()[0]?.req?.url).toBe('/oauth/callback?code=[Redacted]&state=[Redacted]');
    expect(h.logs()).not.toMatch(/very-secret-code|signed-state/);
  });

  it('reads a card without asking for the admin list (only admin routes need it)', async () => {
    h = await buildHarness();
    await installPortal(h.store, PORTAL_A, { installerUserId: 42 });
    let adminReads = 0;
    const forPortal = h.store.forPortal.bind(h.store);
    h.store.forPortal = (portalId) => {
      const portal = forPortal(portalId);
      const get = (key: string) => {
        if (key === 'pulse.admins') adminReads += 1;
        return portal.checkpoints.get(key);
      };
      return { ...portal, checkpoints: { ...portal.checkpoints, get } };
    };
    await signedRequest(h.app, 'GET', '/api/v1/companies/1/health', { userId: 42 }).req;
    expect(adminReads).toBe(0);
    const settings = await signedRequest(h.app, 'GET', '/api/v1/settings', { userId: 42 }).req;
    expect(settings.body.canEdit).toBe(true);
    const other = await signedRequest(h.app, 'GET', '/api/v1/settings', { userId: 7 }).req;
    expect(other.body.canEdit).toBe(false);
    expect(adminReads).toBe(2);
  });
});
