import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPortalClient, createRateLimiter } from '../../../server/src/hubspot';
import { deleteInstall } from '../../../server/src/hubspot/app-install';

const BASE = 'https://hubspot.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const deal = (id: string, properties: Record<string, string | null>) => ({
  id,
  properties: {
    dealname: `Deal ${id}`,
    pipeline: 'p1',
    dealstage: 's1',
    createdate: '2026-01-02T03:04:05.000Z',
    ...properties,
  },
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
  archived: false,
});

const client = (tokens: string[] = ['token-a']) => {
  let i = 0;
  return createPortalClient({
    portalId: 7,
    baseUrl: BASE,
    getAccessToken: async () => tokens[Math.min(i++, tokens.length - 1)]!,
    limiter: createRateLimiter({ maxRequests: 1000 }),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
};

describe('portal client over the real SDK', () => {
  it('reads a page into our types and skips only the malformed record, reporting why', async () => {
    server.use(
      http.get(`${BASE}/crm/v3/objects/deals`, () =>
        HttpResponse.json({
          results: [
            deal('1', {
              amount: '1200.50',
              closedate: '2026-06-30T00:00:00Z',
              dealtype: 'existingbusiness',
              hs_arr: '',
            }),
            deal('2', { amount: '12abc' }),
            deal('3', { dealstage: null }),
            deal('4', { amount: null, closedate: '1767225600000' }),
          ],
          paging: { next: { after: '104' } },
        }),
      ),
    );
    const page = await client().readPage('deals');
    expect(page.records.map((d) => d.id)).toEqual(['1', '4']);
    expect(page.records[0]).toMatchObject({
      amount: 1200.5,
      closeAt: Date.parse('2026-06-30T00:00:00Z'),
      dealType: 'existingbusiness',
      arr: null,
    });
    expect(page.records[1]).toMatchObject({ amount: null, closeAt: 1767225600000 });
    expect(page.skipped).toEqual([
      { objectType: 'deals', id: '2', reason: 'amount is not a number: "12abc"' },
      { objectType: 'deals', id: '3', reason: 'dealstage is missing' },
    ]);
    expect(page.next).toBe('104');
  });

  it('keeps a ticket with an unknown priority, without the priority, and warns about it', async () => {
    server.use(
      http.get(`${BASE}/crm/v3/objects/tickets`, () =>
        HttpResponse.json({
          results: [
            {
              id: '9',
              properties: {
                subject: 'Broken',
                hs_pipeline: '0',
                hs_pipeline_stage: '1',
                hs_ticket_priority: 'SUPER',
                createdate: '2026-01-01T00:00:00Z',
              },
              createdAt: '2026-01-01T00:00:00Z',
              updatedAt: '2026-01-01T00:00:00Z',
            },
          ],
        }),
      ),
    );
    const page = await client().readPage('tickets');
    expect(page.records).toHaveLength(1);
    expect(page.records[0]?.priority).toBeNull();
    expect(page.warnings[0]).toMatchObject({ objectType: 'tickets', id: '9' });
    expect(page.skipped).toEqual([]);
  });

  it('retries a 429 itself (the SDK retries nothing) and sends the current token on every attempt', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/crm/v3/objects/deals`, ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        if (seen.length === 1) {
          return HttpResponse.json(
            { status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' },
            { status: 429, headers: { 'Retry-After': '0' } },
          );
        }
        return HttpResponse.json({ results: [deal('1', {})] });
      }),
    );
    const c = client(['token-a', 'token-b']);
    const page = await c.readPage('deals');
    expect(page.records).toHaveLength(1);
    expect(seen).toEqual(['Bearer token-a', 'Bearer token-b']);
    expect(c.stats).toEqual({ apiCalls: 2, rateLimited: 1, retries: 1 });
  });

  it('retries an HTML 502 and a truncated 200 body', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/crm/v3/objects/deals`, () => {
        calls += 1;
        if (calls === 1)
          return new HttpResponse('<html><h1>502 Bad Gateway</h1></html>', {
            status: 502,
            headers: { 'content-type': 'text/html' },
          });
        if (calls === 2)
          return new HttpResponse('{"results":[{"id":"1","prop', {
            status: 200,
            headers: { 'content-type': 'application/json' },
          });
        if (calls === 3)
          return new HttpResponse('<html>maintenance</html>', {
            status: 200,
            headers: { 'content-type': 'text/html' },
          });
        return HttpResponse.json({ results: [deal('1', {})] });
      }),
    );
    const c = client();
    await expect(c.readPage('deals')).resolves.toMatchObject({ records: [{ id: '1' }] });
    expect(c.stats.retries).toBe(3);
  });

  it('turns a 401 into hubspot_auth_failed without retrying', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/crm/v3/owners`, () => {
        calls += 1;
        return HttpResponse.json(
          { status: 'error', category: 'EXPIRED_AUTHENTICATION', message: 'expired' },
          { status: 401 },
        );
      }),
    );
    await expect(client().getOwners()).rejects.toMatchObject({ code: 'hubspot_auth_failed' });
    expect(calls).toBe(1);
  });

  it('reads associations in batches of 1,000 ids, follows per-id paging, and keeps type ids', async () => {
    const bodies: { inputs: { id: string; after?: string }[] }[] = [];
    server.use(
      http.post(`${BASE}/crm/v4/associations/deals/companies/batch/read`, async ({ request }) => {
        const body = (await request.json()) as { inputs: { id: string; after?: string }[] };
        bodies.push(body);
        const results = body.inputs
          .filter((input) => input.id === '1' || input.id === '1500')
          .map((input) =>
            input.after
              ? {
                  from: { id: input.id },
                  to: [{ toObjectId: 902, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 341 }] }],
                }
              : {
                  from: { id: input.id },
                  to: [
                    {
                      toObjectId: 901,
                      associationTypes: [
                        { category: 'HUBSPOT_DEFINED', typeId: 5 },
                        { category: 'HUBSPOT_DEFINED', typeId: 341 },
                      ],
                    },
                  ],
                  ...(input.id === '1' ? { paging: { next: { after: 'x' } } } : {}),
                },
          );
        return HttpResponse.json({ status: 'COMPLETE', results }, { status: 207 });
      }),
    );
    const ids = Array.from({ length: 1500 }, (_, i) => String(i + 1));
    const targets = await client().readAssociations('deals', 'companies', ids);
    expect(bodies.map((b) => b.inputs.length)).toEqual([1000, 500, 1]);
    expect(targets.get('1')).toEqual([
      { id: '901', typeIds: [5, 341] },
      { id: '902', typeIds: [341] },
    ]);
    expect(targets.get('1500')).toEqual([{ id: '901', typeIds: [5, 341] }]);
    expect(targets.get('2')).toEqual([]);
  });

  it('lists company properties with their data type, leaving out hidden and unreadable definitions', async () => {
    server.use(
      http.get(`${BASE}/crm/v3/properties/companies`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('archived')).toBe('false');
        return HttpResponse.json({
          results: [
            {
              name: 'annualrevenue',
              label: 'Annual revenue',
              type: 'number',
              fieldType: 'number',
              groupName: 'companyinformation',
              hidden: false,
            },
            {
              name: 'industry',
              label: 'Industry',
              type: 'enumeration',
              fieldType: 'select',
              groupName: 'companyinformation',
            },
            {
              name: 'hs_internal_score',
              label: 'Internal',
              type: 'number',
              fieldType: 'number',
              groupName: 'x',
              hidden: true,
            },
            { label: 'No name', type: 'number' },
            { name: 'seats', label: '', type: 'number', fieldType: 'number', groupName: 'product_usage' },
          ],
        });
      }),
    );
    expect(await client().listCompanyProperties()).toEqual([
      { name: 'annualrevenue', label: 'Annual revenue', type: 'number' },
      { name: 'industry', label: 'Industry', type: 'enumeration' },
      { name: 'seats', label: 'seats', type: 'number' },
    ]);
  });

  it('splits a modified-since search whose total passes 10,000 into two time windows', async () => {
    const windows: string[] = [];
    server.use(
      http.post(`${BASE}/crm/v3/objects/deals/search`, async ({ request }) => {
        const body = (await request.json()) as {
          filterGroups: { filters: { operator: string; value: string }[] }[];
        };
        const filters = body.filterGroups[0]!.filters;
        const since = Number(filters.find((f) => f.operator === 'GTE')!.value);
        const until = Number(filters.find((f) => f.operator === 'LT')!.value);
        windows.push(`${since}-${until}`);
        const total = until - since > 1000 ? 15_000 : 3;
        return HttpResponse.json({
          total,
          results: [deal(String(since), { hs_lastmodifieddate: String(since) })],
        });
      }),
    );
    const pages = [];
    for await (const page of client().iterateModified('deals', { since: 0, until: 2000 })) pages.push(page);
    expect(windows).toEqual(['0-2000', '0-1000', '1000-2000']);
    expect(pages.flatMap((p) => p.records.map((r) => r.id))).toEqual(['0', '1000']);
  });
});

// The OAuth calls (2026-03 token, introspect, revoke) are tested in oauth-client.test.ts.
describe('uninstall', () => {
  it('deletes the install with the portal token and reports a refused token as hubspot_auth_failed', async () => {
    server.use(
      http.delete(`${BASE}/appinstalls/v3/external-install`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer a-1'
          ? new HttpResponse(null, { status: 204 })
          : new HttpResponse(null, { status: 401 }),
      ),
    );
    await expect(deleteInstall({ baseUrl: BASE, accessToken: 'a-1' })).resolves.toBeUndefined();
    await expect(deleteInstall({ baseUrl: BASE, accessToken: 'wrong' })).rejects.toMatchObject({
      code: 'hubspot_auth_failed',
    });
  });
});
