import { describe, expect, it } from 'vitest';
import { createSandbox, generateDataset, type Sandbox } from '../../../server/src/sandbox';
import { NOW } from '../../factories';

const PORTAL = 501;
const BASE = 'https://sandbox.test';
const dataset = generateDataset({ seed: 8, now: NOW, companies: 60, ticketsPerCompany: 5 });

function setup(extra: Partial<Parameters<typeof createSandbox>[0]> = {}) {
  let clock = NOW;
  const sandbox = createSandbox({
    portals: [{ portalId: PORTAL, dataset, accessTokens: ['t'] }],
    rateLimit: false,
    clock: () => clock,
    ...extra,
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await sandbox.handle(
      new Request(`${BASE}${path}`, {
        method,
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
    const text = await response.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = null;
    }
    return { status: response.status, text, json, headers: response.headers };
  };
  return { sandbox, call, tick: (ms: number) => (clock += ms), now: () => clock };
}

type Page = {
  results: Array<{ id: string; properties: Record<string, string | null>; archived: boolean }>;
  paging?: { next: { after: string } };
};
const search = (filters: unknown[], extra: Record<string, unknown> = {}) => ({
  filterGroups: [{ filters }],
  limit: 200,
  ...extra,
});

describe('sandbox.handle', () => {
  it('hides archived records from lists, gets and search, and shows them only when asked', async () => {
    const { call } = setup();
    const archived = dataset.objects.tickets.filter((t) => t.archived);
    expect(archived.length).toBeGreaterThan(0);
    const listed: string[] = [];
    let after = '';
    do {
      const page = (await call('GET', `/crm/v3/objects/tickets?limit=100${after ? `&after=${after}` : ''}`))
        .json as Page;
      listed.push(...page.results.map((r) => r.id));
      after = page.paging?.next.after ?? '';
    } while (after);
    expect(listed).toHaveLength(dataset.objects.tickets.length - archived.length);
    expect(listed).not.toContain(archived[0]!.id);

    const onlyArchived = (await call('GET', '/crm/v3/objects/tickets?limit=100&archived=true')).json as Page;
    expect(onlyArchived.results.map((r) => r.id)).toEqual(archived.map((t) => t.id));
    expect((await call('GET', `/crm/v3/objects/tickets/${archived[0]!.id}`)).status).toBe(404);
    expect((await call('GET', `/crm/v3/objects/tickets/${archived[0]!.id}?archived=true`)).status).toBe(200);
    const found = (
      await call(
        'POST',
        '/crm/v3/objects/tickets/search',
        search([{ propertyName: 'hs_object_id', operator: 'EQ', value: archived[0]!.id }]),
      )
    ).json;
    expect(found?.total).toBe(0);
  });

  it('accepts properties as a comma list and as repeated parameters, and numeric object type ids', async () => {
    const { call } = setup();
    const a = (await call('GET', '/crm/v3/objects/0-3?limit=1&properties=amount,dealstage')).json as Page;
    const b = (await call('GET', '/crm/v3/objects/deals?limit=1&properties=amount&properties=dealstage'))
      .json as Page;
    expect(a.results).toEqual(b.results);
    expect(a.paging?.next.after).toBe(b.paging?.next.after);
    expect(Object.keys(a.results[0]!.properties).sort()).toEqual([
      'amount',
      'createdate',
      'dealstage',
      'hs_lastmodifieddate',
      'hs_object_id',
    ]);
  });

  it('supports the search operators Pulse uses, with dates compared as instants', async () => {
    const { call } = setup();
    const live = dataset.objects.deals.filter((d) => !d.archived);
    const total = async (body: unknown) =>
      (await call('POST', '/crm/v3/objects/deals/search', body)).json?.total;
    const from = NOW - 200 * 86_400_000;
    const to = NOW - 20 * 86_400_000;
    const between = live.filter((d) => {
      const t = Date.parse(d.properties.closedate!);
      return t >= from && t <= to;
    }).length;
    expect(
      await total(
        search([
          {
            propertyName: 'closedate',
            operator: 'BETWEEN',
            value: new Date(from).toISOString(),
            highValue: String(to),
          },
        ]),
      ),
    ).toBe(between);
    const pipelines = dataset.pipelines.deals.map((p) => p.id);
    expect(await total(search([{ propertyName: 'pipeline', operator: 'IN', values: pipelines }]))).toBe(
      live.length,
    );
    expect(await total(search([{ propertyName: 'hs_arr', operator: 'HAS_PROPERTY' }]))).toBe(
      live.filter((d) => d.properties.hs_arr !== null).length,
    );
    expect(await total(search([{ propertyName: 'amount', operator: 'GT', value: '50000' }]))).toBe(
      live.filter((d) => Number(d.properties.amount) > 50_000).length,
    );
    expect(
      await total({
        filterGroups: [
          { filters: [{ propertyName: 'dealtype', operator: 'EQ', value: 'newbusiness' }] },
          { filters: [{ propertyName: 'dealtype', operator: 'NEQ', value: 'newbusiness' }] },
        ],
      }),
    ).toBe(live.length);

    const sorted = (
      await call('POST', '/crm/v3/objects/deals/search', {
        limit: 50,
        sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }],
        properties: ['amount'],
      })
    ).json as Page;
    const amounts = sorted.results.map((r) => Number(r.properties.amount));
    expect(amounts).toEqual([...amounts].sort((x, y) => y - x));
    expect(amounts[0]).toBe(Math.max(...live.map((d) => Number(d.properties.amount))));
  });

  it('bumps hs_lastmodifieddate on mutations so incremental search finds them', async () => {
    const { sandbox, call, tick, now } = setup();
    tick(60_000);
    const company = dataset.objects.companies.find((c) => !c.archived)!;
    sandbox.update(PORTAL, 'companies', company.id, { name: 'Renamed Ltd' });
    const created = sandbox.create(
      PORTAL,
      'deals',
      { properties: { dealname: 'New deal', amount: '1000' } },
      [{ toType: 'companies', toId: company.id, primary: true }],
    );
    const since = search([{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(now()) }]);
    expect(
      ((await call('POST', '/crm/v3/objects/companies/search', since)).json as Page).results.map((r) => r.id),
    ).toEqual([company.id]);
    expect(
      ((await call('POST', '/crm/v3/objects/deals/search', since)).json as Page).results.map((r) => r.id),
    ).toEqual([created.id]);
    const assoc = (
      await call('POST', '/crm/v4/associations/deals/companies/batch/read', { inputs: [{ id: created.id }] })
    ).json as {
      results: Array<{ to: Array<{ toObjectId: number; associationTypes: Array<{ typeId: number }> }> }>;
    };
    expect(assoc.results[0]!.to[0]!.associationTypes.map((t) => t.typeId)).toEqual([5, 341]);

    sandbox.archive(PORTAL, 'deals', created.id);
    expect((await call('GET', `/crm/v3/objects/deals/${created.id}`)).status).toBe(404);
    expect(dataset.objects.companies.find((c) => c.id === company.id)!.properties.name).not.toBe(
      'Renamed Ltd',
    ); // the input is untouched
  });

  it('recounts num_associated_contacts when a contact is associated', async () => {
    const { sandbox } = setup();
    const company = dataset.objects.companies.find((c) => !c.archived)!;
    const before = Number(
      sandbox.dataset(PORTAL).objects.companies.find((c) => c.id === company.id)!.properties
        .num_associated_contacts,
    );
    sandbox.create(PORTAL, 'contacts', { properties: { email: 'new@x.test' } }, [
      { toType: 'companies', toId: company.id, primary: true },
    ]);
    expect(
      sandbox.dataset(PORTAL).objects.companies.find((c) => c.id === company.id)!.properties
        .num_associated_contacts,
    ).toBe(String(before + 1));
  });

  it('answers bad requests the way HubSpot does', async () => {
    const { call } = setup();
    expect((await call('GET', '/crm/v3/objects/companies?limit=101')).status).toBe(400);
    const malformed = await call('POST', '/crm/v3/objects/companies/search', '{"filterGroups": [');
    expect(malformed.status).toBe(400);
    expect(malformed.json?.category).toBe('VALIDATION_ERROR');
    const unknown = await call('GET', '/crm/v3/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
    expect((await call('POST', '/crm/v3/objects/companies/search', { limit: 201 })).status).toBe(400);
    expect((await call('GET', '/crm/v3/objects/widgets')).status).toBe(400);
  });
});

describe('sandbox faults', () => {
  const statuses = async (sandbox: Sandbox, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const response = await sandbox.handle(
        new Request(`${BASE}/crm/v3/objects/companies?limit=5`, { headers: { authorization: 'Bearer t' } }),
      );
      out.push(response.status);
    }
    return out;
  };

  it('injects 5xx, HTML errors and 429 bursts deterministically, and counts them', async () => {
    const make = () => setup({ seed: 5 }).sandbox;
    const a = make();
    const b = make();
    for (const s of [a, b])
      s.faults.set({ error5xxRate: 0.2, htmlErrorRate: 0.1, burst429: { every: 10, length: 2 } });
    const first = await statuses(a, 40);
    expect(await statuses(b, 40)).toEqual(first);
    expect(first.filter((s) => s === 429)).toHaveLength(8);
    expect(first.filter((s) => s >= 500).length).toBeGreaterThan(3);
    expect(a.stats(PORTAL).faults).toBe(first.filter((s) => s !== 200).length);

    const html = setup().sandbox;
    html.faults.set({ htmlErrorRate: 1 });
    const response = await html.handle(
      new Request(`${BASE}/crm/v3/objects/companies`, { headers: { authorization: 'Bearer t' } }),
    );
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('502 Bad Gateway');

    a.faults.clear();
    expect(await statuses(a, 5)).toEqual([200, 200, 200, 200, 200]);
  });

  it('truncates pages and malforms the chosen records', async () => {
    const { sandbox, call } = setup();
    sandbox.faults.set({ truncatePageRate: 1 });
    const cut = await call('GET', '/crm/v3/objects/companies?limit=20');
    expect(cut.status).toBe(200);
    expect(() => JSON.parse(cut.text)).toThrow();

    const deal = dataset.objects.deals.find((d) => !d.archived)!;
    const ticket = dataset.objects.tickets.find((t) => !t.archived)!;
    sandbox.faults.set({ malformedIds: [deal.id, ticket.id] });
    const d = (await call('GET', `/crm/v3/objects/deals/${deal.id}?properties=amount,closedate,dealstage`))
      .json as { properties: Record<string, unknown> };
    expect(d.properties).toMatchObject({ amount: '12abc', closedate: 'not a date', dealstage: null });
    const t = (await call('GET', `/crm/v3/objects/tickets/${ticket.id}?properties=hs_ticket_priority`))
      .json as { properties: Record<string, unknown> };
    expect(t.properties.hs_ticket_priority).toBe('SUPER');
  });

  it('slows responses down by the configured delay', async () => {
    const { sandbox } = setup();
    sandbox.faults.set({ slowMs: 60 });
    const started = performance.now();
    await sandbox.handle(new Request(`${BASE}/crm/v3/owners`, { headers: { authorization: 'Bearer t' } }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('sandbox scopes', () => {
  it('refuses every CRM endpoint to a token without CRM scopes; account-info and uninstall need none', async () => {
    const sandbox = createSandbox({
      portals: [{ portalId: PORTAL, dataset, accessTokens: ['bare'], privateAppScopes: ['oauth'] }],
      rateLimit: false,
      clock: () => NOW,
    });
    const company = dataset.objects.companies[0]!.id;
    const pipeline = dataset.pipelines.deals[0]!.id;
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/crm/v3/objects/companies'],
      ['GET', `/crm/v3/objects/0-2/${company}`],
      ['POST', '/crm/v3/objects/contacts/search', { filterGroups: [] }],
      ['POST', '/crm/v3/objects/deals/batch/read', { inputs: [] }],
      ['POST', '/crm/v3/objects/companies/batch/update', { inputs: [] }],
      ['POST', '/crm/v4/associations/companies/deals/batch/read', { inputs: [] }],
      ['GET', '/crm/v3/pipelines/deals'],
      ['GET', `/crm/v3/pipelines/deals/${pipeline}`],
      ['GET', `/crm/v3/pipelines/deals/${pipeline}/stages`],
      ['GET', '/crm/v3/owners'],
      ['GET', '/crm/v3/owners/1'],
      ['GET', '/crm/v3/properties/companies'],
      ['GET', '/crm/v3/properties/companies/name'],
      ['GET', '/crm/v3/properties/companies/groups'],
      ['GET', '/crm/v3/properties/companies/groups/companyinformation'],
      ['POST', '/crm/v3/properties/companies', {}],
      ['POST', '/crm/v3/properties/companies/groups', {}],
    ];
    for (const [method, path, body] of calls) {
      const response = await sandbox.handle(
        new Request(`${BASE}${path}`, {
          method,
          headers: { authorization: 'Bearer bare', 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(await response.json(), `${method} ${path}`).toMatchObject({ category: 'MISSING_SCOPES' });
    }
    expect(sandbox.stats(PORTAL).forbidden).toBe(calls.length);
    const bare = (method: string, path: string) =>
      sandbox.handle(new Request(`${BASE}${path}`, { method, headers: { authorization: 'Bearer bare' } }));
    expect((await bare('GET', '/account-info/v3/details')).status).toBe(200);
    expect((await bare('DELETE', '/appinstalls/v3/external-install')).status).toBe(204);
  });
});
