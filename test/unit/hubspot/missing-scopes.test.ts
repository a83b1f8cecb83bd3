import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPortalClient, createRateLimiter, isMissingScopes } from '../../../server/src/hubspot';

const BASE = 'https://hubspot.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** HubSpot's 403 when the installation lacks a scope (shape from HubSpot's error responses). */
const missingScopes = (scopes: string[]) =>
  HttpResponse.json(
    {
      status: 'error',
      message: "This app hasn't been granted all required scopes to make this call.",
      correlationId: '0b8f6a2e-5d3c-4a53-9a0e-8a1d5c2f6b11',
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: scopes },
        },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
      category: 'MISSING_SCOPES',
    },
    { status: 403 },
  );

const client = () =>
  createPortalClient({
    portalId: 7,
    baseUrl: BASE,
    getAccessToken: async () => 'token-a',
    limiter: createRateLimiter({ maxRequests: 1000 }),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });

describe('a 403 MISSING_SCOPES', () => {
  it('on a list page names the object type and the scopes, and is asked once', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/crm/v3/objects/feedback_submissions`, () => {
        calls++;
        return missingScopes(['crm.objects.feedback_submissions.read']);
      }),
    );
    const error = await client()
      .readPage('feedback_submissions')
      .catch((e: unknown) => e);
    expect(isMissingScopes(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'forbidden',
      status: 403,
      objectType: 'feedback_submissions',
      scopes: ['crm.objects.feedback_submissions.read'],
    });
    expect(String(error)).toContain('crm.objects.feedback_submissions.read');
    expect(calls).toBe(1);
  });

  it('through an SDK model call (batch read) is recognised the same way', async () => {
    server.use(http.post(`${BASE}/crm/v3/objects/tickets/batch/read`, () => missingScopes(['tickets'])));
    const error = await client()
      .batchRead('tickets', ['1', '2'])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ objectType: 'tickets', scopes: ['tickets'] });
    expect(isMissingScopes(error)).toBe(true);
  });

  it('on an association read names the side HubSpot refused', async () => {
    server.use(
      http.post(`${BASE}/crm/v4/associations/feedback_submissions/tickets/batch/read`, () =>
        missingScopes(['tickets']),
      ),
    );
    const error = await client()
      .readAssociations('feedback_submissions', 'tickets', ['5'])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ objectType: 'tickets', scopes: ['tickets'] });
  });

  it('on ticket pipelines names tickets', async () => {
    server.use(http.get(`${BASE}/crm/v3/pipelines/tickets`, () => missingScopes(['tickets'])));
    const error = await client()
      .getPipelines('tickets')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ objectType: 'tickets' });
  });

  it('is not confused with another 403 or a 401', async () => {
    server.use(
      http.get(`${BASE}/crm/v3/objects/deals`, () =>
        HttpResponse.json(
          { status: 'error', message: 'portal is locked', category: 'FORBIDDEN' },
          { status: 403 },
        ),
      ),
      http.get(`${BASE}/crm/v3/objects/tickets`, () =>
        HttpResponse.json(
          { status: 'error', message: 'expired', category: 'EXPIRED_AUTHENTICATION' },
          { status: 401 },
        ),
      ),
    );
    const forbidden = await client()
      .readPage('deals')
      .catch((e: unknown) => e);
    expect(isMissingScopes(forbidden)).toBe(false);
    expect(forbidden).toMatchObject({ code: 'forbidden', status: 403 });
    const unauthorized = await client()
      .readPage('tickets')
      .catch((e: unknown) => e);
    expect(isMissingScopes(unauthorized)).toBe(false);
    expect(unauthorized).toMatchObject({ code: 'hubspot_auth_failed', status: 401 });
  });
});
