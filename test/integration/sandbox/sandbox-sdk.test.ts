/* eslint-disable no-restricted-imports -- the sandbox is checked against the real SDK */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRM_OBJECTS } from '@pulse/shared';
import {
  createSandbox,
  generateDataset,
  type Sandbox,
  type SandboxServer,
} from '../../../server/src/sandbox';
import { NOW } from '../../factories';

const PORTAL = 4_242_001;
const TOKEN = 'pat-na1-sandbox-static-token';

type SdkError = { code: number; body: Record<string, unknown>; headers: Record<string, string> };

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: number; body: unknown; headers: Record<string, string> };
    const body =
      typeof e.body === 'string'
        ? (JSON.parse(e.body) as Record<string, unknown>)
        : (e.body as Record<string, unknown>);
    return { code: e.code, body, headers: e.headers };
  }
  throw new Error('expected the SDK call to fail');
}

describe('sandbox through @hubspot/api-client over HTTP', () => {
  const dataset = generateDataset({
    seed: 11,
    now: NOW,
    companies: 260,
    dealsPerCompany: 3,
    ticketsPerCompany: 6,
    contactsPerCompany: 2,
    responsesPerCompany: 3,
  });
  let clock = NOW;
  let sandbox: Sandbox;
  let server: SandboxServer;
  let client: Client;

  beforeAll(async () => {
    sandbox = createSandbox({
      portals: [{ portalId: PORTAL, dataset, accessTokens: [TOKEN] }],
      rateLimit: false,
      clock: () => clock,
      oauth: {
        clientId: 'client-1',
        clientSecret: 'secret-1',
        redirectUri: 'https://pulse.test/oauth/callback',
      },
    });
    server = await sandbox.listen();
    client = new Client({ accessToken: TOKEN, basePath: server.url });
  });
  afterAll(async () => server.close());

  it('pages through every live company, returning only the requested properties', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await client.crm.companies.basicApi.getPage(100, after, [
        'name',
        'pulse_license_utilization',
      ]);
      pages++;
      for (const company of page.results) {
        ids.push(company.id);
        expect(Object.keys(company.properties).sort()).toEqual([
          'createdate',
          'hs_lastmodifieddate',
          'hs_object_id',
          'name',
          'pulse_license_utilization',
        ]);
        expect(company.createdAt).toBeInstanceOf(Date);
      }
      after = page.paging?.next?.after;
    } while (after);
    const live = dataset.objects.companies.filter((c) => !c.archived).map((c) => c.id);
    expect(ids).toEqual(live);
    expect(pages).toBe(Math.ceil(live.length / 100));
  });

  it('batch-reads deals, reports missing ids with 207 errors and refuses more than 100 inputs', async () => {
    const [a, b] = dataset.objects.deals.filter((d) => !d.archived);
    const ok = await client.crm.deals.batchApi.read({
      inputs: [{ id: a!.id }, { id: b!.id }],
      properties: ['amount', 'dealstage'],
      propertiesWithHistory: [],
    });
    expect(ok.results.map((r) => r.properties.amount).sort()).toEqual(
      [a!.properties.amount, b!.properties.amount].sort(),
    );

    const partial = await client.crm.deals.batchApi.read({
      inputs: [{ id: a!.id }, { id: '1' }],
      properties: ['amount'],
      propertiesWithHistory: [],
    });
    expect(partial.results).toHaveLength(1);
    expect('errors' in partial && partial.errors?.[0]?.context).toEqual({ ids: ['1'] });

    const tooMany = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    const error = await failure(
      client.crm.deals.batchApi.read({ inputs: tooMany, properties: [], propertiesWithHistory: [] }),
    );
    expect(error.code).toBe(400);
    expect(error.body.category).toBe('VALIDATION_ERROR');
  });

  it('searches tickets by hs_lastmodifieddate across pages, sorted', async () => {
    const since = NOW - 30 * 86_400_000;
    const expected = dataset.objects.tickets
      .filter((t) => !t.archived && Date.parse(t.properties.hs_lastmodifieddate ?? '') >= since)
      .map((t) => t.id);
    expect(expected.length).toBeGreaterThan(200); // so that paging is exercised
    const seen: string[] = [];
    let previous = -Infinity;
    let after: string | undefined;
    do {
      const page = await client.crm.tickets.searchApi.doSearch({
        filterGroups: [
          {
            filters: [
              { propertyName: 'hs_lastmodifieddate', operator: 'GTE' as never, value: String(since) },
            ],
          },
        ],
        sorts: ['hs_lastmodifieddate'],
        properties: ['subject', 'hs_ticket_priority'],
        limit: 200,
        after,
      });
      expect(page.total).toBe(expected.length);
      for (const t of page.results) {
        const modified = Date.parse(t.properties.hs_lastmodifieddate ?? '');
        expect(modified).toBeGreaterThanOrEqual(previous);
        previous = modified;
        seen.push(t.id);
      }
      after = page.paging?.next?.after;
    } while (after);
    expect(seen.sort()).toEqual([...expected].sort());
  });

  it('feedback submissions and contacts are searchable by hs_lastmodifieddate too', async () => {
    for (const type of ['responses', 'contacts', 'deals', 'companies'] as const) {
      const since = NOW - 90 * 86_400_000;
      const expected = dataset.objects[type].filter(
        (r) => !r.archived && Date.parse(r.properties.hs_lastmodifieddate ?? '') >= since,
      ).length;
      const page = await client.crm.objects.searchApi.doSearch(CRM_OBJECTS[type].apiName, {
        filterGroups: [
          {
            filters: [
              {
                propertyName: 'hs_lastmodifieddate',
                operator: 'GTE' as never,
                value: new Date(since).toISOString(),
              },
            ],
          },
        ],
        limit: 1,
      });
      expect(page.total, type).toBe(expected);
      expect(expected, type).toBeGreaterThan(0);
    }
  });

  it('returns primary and unlabeled association types in the v4 batch read', async () => {
    const deal = dataset.objects.deals.find((d) => !d.archived)!;
    const company = dataset.associations.find((a) => a.fromType === 'deals' && a.fromId === deal.id)!.toId;
    const response = await client.crm.associations.v4.batchApi.getPage('deals', 'companies', {
      inputs: [{ id: deal.id }, { id: '999' }],
    });
    const result = response.results[0]!;
    expect(result._from.id).toBe(deal.id);
    expect(String(result.to[0]!.toObjectId)).toBe(company);
    expect(result.to[0]!.associationTypes).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' },
      { category: 'HUBSPOT_DEFINED', typeId: 341, label: null },
    ]);
    expect('errors' in response && response.errors?.[0]?.subCategory).toBe(
      'crm.associations.NO_ASSOCIATIONS_FOUND',
    );

    const byCompany = await client.crm.associations.v4.batchApi.getPage('0-2', 'contact', {
      inputs: [{ id: company }],
    });
    const contactIds = dataset.associations
      .filter((a) => a.fromType === 'contacts' && a.toId === company)
      .map((a) => a.fromId);
    const live = contactIds.filter((id) => !dataset.objects.contacts.find((c) => c.id === id)?.archived);
    expect(byCompany.results[0]?.to.map((t) => String(t.toObjectId)).sort() ?? []).toEqual(live.sort());
    for (const t of byCompany.results[0]?.to ?? [])
      expect(t.associationTypes.map((x) => x.typeId)).toContain(280);

    const noSuchType = await failure(
      client.crm.associations.v4.batchApi.getPage('feedback_submissions', 'companies', {
        inputs: [{ id: '1' }],
      }),
    );
    expect(noSuchType.code).toBe(400);
  });

  it('serves pipelines with string metadata and seed-specific stage ids', async () => {
    const deals = await client.crm.pipelines.pipelinesApi.getAll('deals');
    expect(deals.results.map((p) => p.label)).toEqual(['Sales Pipeline', 'Renewals']);
    const won = deals.results[1]!.stages.find((s) => s.label === 'Renewed')!;
    expect(won.metadata).toEqual({ isClosed: 'true', probability: '1.0' });
    expect(won.id).toMatch(/^\d+$/);
    const tickets = await client.crm.pipelines.pipelinesApi.getAll('tickets');
    expect(tickets.results[0]!.stages.map((s) => s.metadata?.ticketState)).toEqual([
      'OPEN',
      'OPEN',
      'OPEN',
      'CLOSED',
    ]);
  });

  it('lists owners with user ids and teams', async () => {
    const owners = await client.crm.owners.ownersApi.getPage(undefined, undefined, 100);
    expect(owners.results).toHaveLength(dataset.owners.length);
    expect(owners.results[0]!.userId).toBe(dataset.owners[0]!.userId);
    expect(owners.results[0]!.teams?.[0]).toMatchObject({ primary: true });
  });

  it('answers a bad token with 401 INVALID_AUTHENTICATION', async () => {
    const stranger = new Client({ accessToken: 'not-a-token', basePath: server.url });
    const error = await failure(stranger.crm.companies.basicApi.getPage(10));
    expect(error.code).toBe(401);
    expect(error.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    expect(typeof error.body.correlationId).toBe('string');
  });

  it('runs the OAuth code → token → refresh flow, refusing replays and revoked tokens', async () => {
    const code = sandbox.oauth.issueCode(PORTAL, ['crm.objects.companies.read']);
    const tokens = await client.oauth.tokensApi.create(
      'authorization_code',
      code,
      'https://pulse.test/oauth/callback',
      'client-1',
      'secret-1',
    );
    expect(tokens.expiresIn).toBe(1800);
    expect(tokens.accessToken.length).toBeGreaterThan(150);

    const portalClient = new Client({ accessToken: tokens.accessToken, basePath: server.url });
    const info = await portalClient.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info.hubId).toBe(PORTAL);
    expect(info.scopes).toEqual(['crm.objects.companies.read']);
    await portalClient.crm.companies.basicApi.getPage(1);

    const replay = await failure(
      client.oauth.tokensApi.create(
        'authorization_code',
        code,
        'https://pulse.test/oauth/callback',
        'client-1',
        'secret-1',
      ),
    );
    expect(replay.code).toBe(400);
    expect(replay.body.status).toBe('BAD_AUTH_CODE');

    clock += 1801 * 1000; // the access token has expired
    const expired = await failure(portalClient.crm.companies.basicApi.getPage(1));
    expect(expired.code).toBe(401);
    const refreshed = await client.oauth.tokensApi.create(
      'refresh_token',
      undefined,
      undefined,
      'client-1',
      'secret-1',
      tokens.refreshToken,
    );
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    portalClient.setAccessToken(refreshed.accessToken);
    await portalClient.crm.companies.basicApi.getPage(1);

    const uninstall = await portalClient.apiRequest({
      method: 'DELETE',
      path: '/appinstalls/v3/external-install',
    });
    expect(uninstall.status).toBe(204);
    expect((await failure(portalClient.crm.companies.basicApi.getPage(1))).code).toBe(401);
    const revoked = await failure(
      client.oauth.tokensApi.create(
        'refresh_token',
        undefined,
        undefined,
        'client-1',
        'secret-1',
        tokens.refreshToken,
      ),
    );
    expect(revoked.body.status).toBe('BAD_REFRESH_TOKEN');
  });

  it('creates the property group and property, then records the batch update', async () => {
    await client.crm.properties.groupsApi.create('companies', { name: 'pulse', label: 'Pulse' });
    await client.crm.properties.coreApi.create('companies', {
      name: 'pulse_health_score',
      label: 'Health score',
      type: 'number' as never,
      fieldType: 'number' as never,
      groupName: 'pulse',
    });
    const property = await client.crm.properties.coreApi.getByName('companies', 'pulse_health_score');
    expect(property.groupName).toBe('pulse');
    const groups = await client.crm.properties.groupsApi.getAll('companies');
    expect(groups.results.map((g) => g.name)).toContain('pulse');

    const [first, second] = dataset.objects.companies.filter((c) => !c.archived);
    clock += 5000;
    const result = await client.crm.companies.batchApi.update({
      inputs: [
        { id: first!.id, properties: { pulse_health_score: '72' } },
        { id: second!.id, properties: { pulse_health_score: '35' } },
      ],
    });
    expect(result.results).toHaveLength(2);
    expect(sandbox.writes(PORTAL).map((w) => [w.id, w.properties])).toEqual([
      [first!.id, { pulse_health_score: '72' }],
      [second!.id, { pulse_health_score: '35' }],
    ]);
    const stored = sandbox.dataset(PORTAL).objects.companies.find((c) => c.id === first!.id)!;
    expect(stored.properties.pulse_health_score).toBe('72');
    expect(stored.properties.hs_lastmodifieddate).toBe(new Date(clock).toISOString());

    const unknown = await failure(
      client.crm.companies.batchApi.update({
        inputs: [{ id: first!.id, properties: { no_such_property: '1' } }],
      }),
    );
    expect(unknown.code).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('PROPERTY_DOESNT_EXIST');
  });
});

describe('sandbox limits through the SDK', () => {
  it('enforces 110 requests per rolling 10 s with HubSpot headers, and 5 searches per second', async () => {
    let clock = NOW;
    const dataset = generateDataset({ seed: 3, now: NOW, companies: 30 });
    const sandbox = createSandbox({
      portals: [{ portalId: PORTAL, dataset, accessTokens: [TOKEN] }],
      clock: () => clock,
    });
    const server = await sandbox.listen();
    try {
      const client = new Client({ accessToken: TOKEN, basePath: server.url });
      for (let i = 0; i < 110; i++) {
        await client.crm.companies.basicApi.getPage(1);
        clock += 50; // 110 requests within 5.5 s
      }
      const limited = await failure(client.crm.companies.basicApi.getPage(1));
      expect(limited.code).toBe(429);
      expect(limited.body).toMatchObject({
        status: 'error',
        errorType: 'RATE_LIMIT',
        policyName: 'TEN_SECONDLY_ROLLING',
        message: 'You have reached your ten_secondly_rolling limit.',
      });
      expect(limited.headers['x-hubspot-ratelimit-max']).toBe('110');
      expect(limited.headers['x-hubspot-ratelimit-remaining']).toBe('0');
      expect(limited.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('10000');

      // Searches have their own budget even while the ten-second one is spent.
      const search = () => client.crm.companies.searchApi.doSearch({ filterGroups: [], limit: 1 });
      for (let i = 0; i < 5; i++) await search();
      const searchLimited = await failure(search());
      expect(searchLimited.body.policyName).toBe('SECONDLY');

      clock += 10_000; // every earlier request has left the rolling window
      const page = await client.crm.companies.basicApi.getPageWithHttpInfo(1);
      expect(page.httpStatusCode).toBe(200);
      expect(Number(page.headers['x-hubspot-ratelimit-remaining'])).toBeGreaterThan(0);
      expect(sandbox.stats(PORTAL).rateLimited).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('caps search at 10,000 results like HubSpot', async () => {
    const dataset = generateDataset({
      seed: 5,
      now: NOW,
      companies: 400,
      ticketsPerCompany: 26,
      contactsPerCompany: 0,
      responsesPerCompany: 0,
      dealsPerCompany: 0,
    });
    const sandbox = createSandbox({
      portals: [{ portalId: PORTAL, dataset, accessTokens: [TOKEN] }],
      rateLimit: false,
    });
    const server = await sandbox.listen();
    try {
      const client = new Client({ accessToken: TOKEN, basePath: server.url });
      const live = dataset.objects.tickets.filter((t) => !t.archived).length;
      expect(live).toBeGreaterThan(10_000);
      const last = await client.crm.tickets.searchApi.doSearch({
        filterGroups: [],
        limit: 200,
        after: '9800',
      });
      expect(last.total).toBe(live);
      expect(last.results).toHaveLength(200);
      expect(last.paging?.next).toBeUndefined();
      const beyond = await failure(
        client.crm.tickets.searchApi.doSearch({ filterGroups: [], limit: 100, after: '10000' }),
      );
      expect(beyond.code).toBe(400);
      expect(beyond.body.category).toBe('VALIDATION_ERROR');
    } finally {
      await server.close();
    }
  });
});
