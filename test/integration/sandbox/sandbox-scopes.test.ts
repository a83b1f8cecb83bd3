/* eslint-disable no-restricted-imports -- the sandbox is checked against the real SDK */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_SCOPES,
  createSandbox,
  generateDataset,
  type Sandbox,
  type SandboxServer,
} from '../../../server/src/sandbox';
import { NOW } from '../../factories';

// Scopes enforced like HubSpot: every endpoint needs its scope, and a token without it gets the 403
// MISSING_SCOPES body HubSpot sends (HubSpot/hubspot-api-nodejs issues #50 and #268 quote it).

const PORTAL = 6_200_001;
const STARTER = 6_200_002;
const CORE = [
  'oauth',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'crm.schemas.companies.write',
];

async function refusal(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: number; body: unknown };
    const body = typeof e.body === 'string' ? (JSON.parse(e.body) as Record<string, unknown>) : e.body;
    return { code: e.code, body: body as Record<string, unknown> };
  }
  throw new Error('expected HubSpot to refuse the call');
}

const missingScopes = (scopes: string[]) => ({
  status: 'error',
  message:
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
  correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
  errors: [
    {
      message: 'One or more of the following scopes are required.',
      context: { requiredGranularScopes: scopes },
    },
  ],
  links: { scopes: 'https://developers.hubspot.com/scopes' },
  category: 'MISSING_SCOPES',
});

describe('scopes through @hubspot/api-client over HTTP', () => {
  const dataset = generateDataset({
    seed: 31,
    now: NOW,
    companies: 30,
    dealsPerCompany: 2,
    ticketsPerCompany: 3,
    contactsPerCompany: 2,
    responsesPerCompany: 2,
  });
  let sandbox: Sandbox;
  let server: SandboxServer;
  let core: Client;

  beforeAll(async () => {
    sandbox = createSandbox({
      portals: [
        { portalId: PORTAL, dataset, accessTokens: ['pat-everything'] },
        {
          portalId: STARTER,
          dataset,
          accessTokens: ['pat-starter'],
          ungrantableScopes: ['crm.objects.feedback_submissions.read'],
        },
      ],
      rateLimit: false,
      clock: () => NOW,
      oauth: { clientId: 'c', clientSecret: 's' },
    });
    server = await sandbox.listen();
    const tokens = await new Client({ basePath: server.url }).oauth.tokensApi.create(
      'authorization_code',
      sandbox.oauth.issueCode(PORTAL, CORE),
      'https://pulse.test/cb',
      'c',
      's',
    );
    core = new Client({ accessToken: tokens.accessToken, basePath: server.url });
  });
  afterAll(async () => server.close());

  it('refuses ticket reads of every kind to a token without the tickets scope', async () => {
    sandbox.resetStats();
    const ticket = dataset.objects.tickets[0]!.id;
    const calls = [
      () => core.crm.tickets.basicApi.getPage(10),
      () => core.crm.tickets.basicApi.getById(ticket),
      () =>
        core.crm.tickets.batchApi.read({
          inputs: [{ id: ticket }],
          properties: [],
          propertiesWithHistory: [],
        }),
      () => core.crm.tickets.searchApi.doSearch({ filterGroups: [], limit: 1 } as never),
      () => core.crm.pipelines.pipelinesApi.getAll('tickets'),
      () => core.crm.associations.v4.batchApi.getPage('tickets', 'companies', { inputs: [{ id: ticket }] }),
    ];
    for (const call of calls) {
      const error = await refusal(call());
      expect(error.code).toBe(403);
      expect(error.body).toEqual(missingScopes(['tickets']));
    }
    const stats = sandbox.stats(PORTAL);
    expect(stats.forbidden).toBe(6);
    expect(stats.byEndpoint).toMatchObject({
      'GET /crm/v3/objects/tickets': 1,
      'GET /crm/v3/objects/tickets/{id}': 1,
      'POST /crm/v3/objects/tickets/batch/read': 1,
      'POST /crm/v3/objects/tickets/search': 1,
      'GET /crm/v3/pipelines/tickets': 1,
      'POST /crm/v4/associations/tickets/companies/batch/read': 1,
    });
  });

  it('serves what the token was granted, and names the one scope a call misses', async () => {
    expect((await core.crm.companies.basicApi.getPage(5)).results).toHaveLength(5);
    expect((await core.crm.deals.basicApi.getPage(5)).results).toHaveLength(5);
    expect((await core.crm.owners.ownersApi.getPage()).results.length).toBeGreaterThan(0);
    expect((await core.crm.pipelines.pipelinesApi.getAll('deals')).results).toHaveLength(2);
    expect((await core.crm.properties.coreApi.getAll('companies')).results.length).toBeGreaterThan(10);

    const feedback = await refusal(core.crm.objects.basicApi.getPage('feedback_submissions', 10));
    expect(feedback.body).toEqual(missingScopes(['crm.objects.feedback_submissions.read']));
    const contacts = await refusal(core.crm.contacts.basicApi.getPage(10));
    expect(contacts.body).toEqual(missingScopes(['crm.objects.contacts.read']));
    // deals → contacts needs both read scopes; the deals one is granted, so HubSpot names the contacts one
    const dealToContacts = await refusal(
      core.crm.associations.v4.batchApi.getPage('deals', 'contacts', {
        inputs: [{ id: dataset.objects.deals[0]!.id }],
      }),
    );
    expect(dealToContacts.body).toEqual(missingScopes(['crm.objects.contacts.read']));
  });

  it('requires the write scopes for write-back and the schema scope for new properties', async () => {
    const reader = await new Client({ basePath: server.url }).oauth.tokensApi.create(
      'authorization_code',
      sandbox.oauth.issueCode(PORTAL, ['oauth', 'crm.objects.companies.read']),
      'https://pulse.test/cb',
      'c',
      's',
    );
    const client = new Client({ accessToken: reader.accessToken, basePath: server.url });
    const id = dataset.objects.companies[0]!.id;
    const update = await refusal(
      client.crm.companies.batchApi.update({ inputs: [{ id, properties: { name: 'Renamed' } }] }),
    );
    expect(update.body).toEqual(missingScopes(['crm.objects.companies.write']));
    const property = await refusal(
      client.crm.properties.coreApi.create('companies', {
        name: 'pulse_x',
        label: 'X',
        type: 'number' as never,
        fieldType: 'number' as never,
        groupName: 'companyinformation',
      }),
    );
    expect(property.body).toEqual(missingScopes(['crm.schemas.companies.write']));
    // reading property definitions comes with the object read scope
    expect((await client.crm.properties.coreApi.getAll('companies')).results.length).toBeGreaterThan(10);
    expect(sandbox.writes(PORTAL)).toEqual([]);
  });

  it('gives a private app every scope by default, less what its account cannot grant', async () => {
    const everything = new Client({ accessToken: 'pat-everything', basePath: server.url });
    expect((await everything.crm.objects.basicApi.getPage('feedback_submissions', 1)).results).toHaveLength(
      1,
    );
    const starter = new Client({ accessToken: 'pat-starter', basePath: server.url });
    expect((await starter.crm.tickets.basicApi.getPage(1)).results).toHaveLength(1);
    const error = await refusal(starter.crm.objects.basicApi.getPage('feedback_submissions', 1));
    expect(error.body).toEqual(missingScopes(['crm.objects.feedback_submissions.read']));
    expect(ALL_SCOPES).toContain('tickets');
  });
});
