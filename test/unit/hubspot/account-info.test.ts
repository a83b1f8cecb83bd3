import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readAccountDetails } from '../../../server/src/hubspot/account-info';

/** `GET /account-info/v3/details` as HubSpot documents it (account information API). */
const BASE = 'https://hubspot.test';
const DETAILS = `${BASE}/account-info/v3/details`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const details = {
  portalId: 4242,
  accountType: 'STANDARD',
  timeZone: 'Europe/Berlin',
  companyCurrency: 'EUR',
  additionalCurrencies: ['USD'],
  utcOffset: '+01:00',
  utcOffsetMilliseconds: 3_600_000,
  uiDomain: 'app-eu1.hubspot.com',
  dataHostingLocation: 'eu1',
};

const read = (accessToken = 'pat-eu1-static') =>
  readAccountDetails({ baseUrl: BASE, accessToken, retry: { baseDelayMs: 1, maxDelayMs: 2 } });

describe('account details', () => {
  it('tells a static token which portal it belongs to, with the account settings', async () => {
    server.use(
      http.get(DETAILS, ({ request }) =>
        request.headers.get('authorization') === 'Bearer pat-eu1-static'
          ? HttpResponse.json(details)
          : HttpResponse.json({ status: 'error', category: 'INVALID_AUTHENTICATION' }, { status: 401 }),
      ),
    );
    await expect(read()).resolves.toEqual({
      portalId: 4242,
      companyCurrency: 'EUR',
      timeZone: 'Europe/Berlin',
      uiDomain: 'app-eu1.hubspot.com',
      dataHostingLocation: 'eu1',
      accountType: 'STANDARD',
    });
    await expect(read('wrong')).rejects.toMatchObject({ code: 'hubspot_auth_failed', status: 401 });
  });

  it('keeps the portal id when an informational field is odd, and refuses an answer without one', async () => {
    server.use(
      http.get(DETAILS, () => HttpResponse.json({ ...details, companyCurrency: 12, timeZone: null })),
    );
    await expect(read()).resolves.toMatchObject({ portalId: 4242, companyCurrency: null, timeZone: null });
    server.use(http.get(DETAILS, () => HttpResponse.json({ ...details, portalId: 'abc' })));
    await expect(read()).rejects.toMatchObject({
      code: 'hubspot_unavailable',
      message: expect.stringMatching(/portalId/),
    });
  });

  it('retries a 5xx before answering', async () => {
    let calls = 0;
    server.use(
      http.get(DETAILS, () =>
        ++calls === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json(details),
      ),
    );
    await expect(read()).resolves.toMatchObject({ portalId: 4242 });
    expect(calls).toBe(2);
  });
});
