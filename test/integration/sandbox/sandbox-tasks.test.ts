/* eslint-disable no-restricted-imports -- the sandbox is checked against the real SDK */
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  generateDataset,
  type Sandbox,
  type SandboxServer,
} from '../../../server/src/sandbox';

// Tasks as Pulse's playbooks will create them, the portal's users and the company properties the portfolio
// segments by, through the real SDK over loopback HTTP.

const NOW = Date.parse('2026-04-01T12:00:00.000Z');
const PORTAL = 7_300_001;
const DUE = '2026-04-08T09:00:00.000Z';

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

const toCompany = (id: string) => ({
  to: { id },
  types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 192 }],
});

describe('tasks, users and company properties through @hubspot/api-client over HTTP', () => {
  const dataset = generateDataset({ seed: 41, now: NOW, companies: 30 });
  const company = dataset.objects.companies[3]!;
  const owner = dataset.owners[0]!;
  let sandbox: Sandbox;
  let server: SandboxServer;
  let api: Client;

  const clientWith = async (scopes: string[]) => {
    const tokens = await new Client({ basePath: server.url }).oauth.tokensApi.create(
      'authorization_code',
      sandbox.oauth.issueCode(PORTAL, scopes),
      'https://pulse.test/cb',
      'c',
      's',
    );
    return new Client({ accessToken: tokens.accessToken, basePath: server.url });
  };

  beforeAll(async () => {
    sandbox = createSandbox({
      portals: [{ portalId: PORTAL, dataset, accessTokens: ['pat-all'] }],
      rateLimit: false,
      clock: () => NOW,
      oauth: { clientId: 'c', clientSecret: 's' },
    });
    server = await sandbox.listen();
    api = new Client({ accessToken: 'pat-all', basePath: server.url });
  });
  afterAll(async () => server.close());

  it('creates a task for the company owner, associated to the company, and reads it back', async () => {
    const created = await api.crm.objects.tasks.basicApi.create({
      properties: {
        hs_task_subject: 'Renewal risk High: call the champion',
        hs_task_body: 'Top driver: 3 escalations open for 20+ days.',
        hs_timestamp: String(Date.parse(DUE)),
        hs_task_priority: 'HIGH',
        hubspot_owner_id: owner.id,
      },
      associations: [toCompany(company.id)],
    });
    expect(created.properties).toMatchObject({
      hs_task_subject: 'Renewal risk High: call the champion',
      hs_timestamp: DUE, // epoch ms in, ISO out, as HubSpot stores it
      hs_task_priority: 'HIGH',
      hs_task_status: 'NOT_STARTED', // HubSpot's defaults
      hs_task_type: 'TODO',
      hubspot_owner_id: owner.id,
    });

    const read = await api.crm.objects.tasks.basicApi.getById(
      created.id,
      ['hs_task_subject', 'hs_timestamp'],
      undefined,
      ['companies'],
    );
    expect(read.associations?.companies?.results).toEqual([{ id: company.id, type: 'task_to_company' }]);
    const fromCompany = await api.crm.associations.v4.batchApi.getPage('companies', 'tasks', {
      inputs: [{ id: company.id }],
    });
    expect(fromCompany.results[0]?.to).toEqual([
      {
        toObjectId: Number(created.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 191, label: null }],
      },
    ]);
    expect(sandbox.dataset(PORTAL).objects.tasks.map((t) => t.id)).toContain(created.id);
  });

  it('batch-creates tasks and finds them again by company and due date', async () => {
    const other = dataset.objects.companies[4]!;
    const batch = await api.crm.objects.tasks.batchApi.create({
      inputs: [
        { properties: { hs_task_subject: 'A', hs_timestamp: DUE }, associations: [toCompany(other.id)] },
        {
          properties: { hs_task_subject: 'B', hs_timestamp: '2026-05-01T00:00:00Z' },
          associations: [toCompany(other.id)],
        },
      ],
    });
    expect(batch.status).toBe('COMPLETE');
    expect(batch.results.map((t) => t.properties.hs_task_subject)).toEqual(['A', 'B']);

    const found = await api.crm.objects.tasks.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: 'associations.company', operator: 'EQ' as never, value: other.id },
            {
              propertyName: 'hs_timestamp',
              operator: 'LT' as never,
              value: String(Date.parse('2026-04-15T00:00:00Z')),
            },
          ],
        },
      ],
      properties: ['hs_task_subject'],
      limit: 10,
    } as never);
    expect(found.results.map((t) => t.properties.hs_task_subject)).toEqual(['A']);
  });

  it('refuses a task without a due date, with a bad priority, owner or association, and creates none of a bad batch', async () => {
    const before = sandbox.dataset(PORTAL).objects.tasks.length;
    const cases = [
      { properties: { hs_task_subject: 'no due date' } },
      { properties: { hs_timestamp: DUE, hs_task_priority: 'URGENT' } },
      { properties: { hs_timestamp: DUE, hubspot_owner_id: '999' } },
      { properties: { hs_timestamp: DUE }, associations: [toCompany('123')] },
      { properties: { hs_timestamp: DUE, pulse_made_up: 'x' } },
    ];
    const errors = [];
    for (const input of cases)
      errors.push(await refusal(api.crm.objects.tasks.basicApi.create(input as never)));
    expect(errors.map((e) => e.code)).toEqual([400, 400, 400, 400, 400]);
    expect(errors.map((e) => e.body.category)).toEqual(Array(5).fill('VALIDATION_ERROR'));
    expect(String(errors[0]!.body.message)).toContain('hs_timestamp is required');
    expect(String(errors[1]!.body.message)).toContain('INVALID_OPTION');
    expect(String(errors[2]!.body.message)).toContain('INVALID_OWNER_ID');
    expect(String(errors[3]!.body.message)).toContain('No company with id 123');
    expect(String(errors[4]!.body.message)).toContain('PROPERTY_DOESNT_EXIST');

    const badBatch = await refusal(
      api.crm.objects.tasks.batchApi.create({
        inputs: [
          { properties: { hs_timestamp: DUE }, associations: [] },
          { properties: {}, associations: [] },
        ],
      }),
    );
    expect(badBatch.code).toBe(400);
    expect(sandbox.dataset(PORTAL).objects.tasks.length).toBe(before);
  });

  it('needs crm.objects.contacts.write to create a task and crm.objects.contacts.read to read one', async () => {
    const reader = await clientWith(['oauth', 'crm.objects.companies.read', 'crm.objects.contacts.read']);
    const denied = await refusal(
      reader.crm.objects.tasks.basicApi.create({ properties: { hs_timestamp: DUE }, associations: [] }),
    );
    expect(denied.code).toBe(403);
    expect(denied.body).toMatchObject({
      category: 'MISSING_SCOPES',
      errors: [{ context: { requiredGranularScopes: ['crm.objects.contacts.write'] } }],
    });
    expect((await reader.crm.objects.tasks.basicApi.getPage(10)).results.length).toBeGreaterThan(0);
    const blind = await clientWith(['oauth', 'crm.objects.companies.read']);
    expect((await refusal(blind.crm.objects.tasks.basicApi.getPage(10))).code).toBe(403);
  });

  it("lists the portal's users with names, and its teams, to a token with the settings scopes", async () => {
    const users = await api.settings.users.usersApi.getPage();
    expect(users.results).toHaveLength(dataset.owners.length);
    expect(users.results[0]).toMatchObject({
      id: String(owner.userId),
      email: owner.email,
      firstName: owner.firstName,
      lastName: owner.lastName,
      superAdmin: true,
      primaryTeamId: owner.teams[0]!.id,
    });
    const byEmail = await api.settings.users.usersApi.getById(owner.email, 'EMAIL' as never);
    expect(byEmail.id).toBe(String(owner.userId));
    const teams = await api.settings.users.teamsApi.getAll();
    expect(teams.results.map((t) => t.name).sort()).toEqual(['CS East', 'CS West']);
    expect(teams.results.flatMap((t) => t.userIds).sort()).toEqual(
      dataset.owners.map((o) => String(o.userId)).sort(),
    );

    const ownersOnly = await clientWith(['oauth', 'crm.objects.owners.read']);
    const denied = await refusal(ownersOnly.settings.users.usersApi.getPage());
    expect(denied.body).toMatchObject({
      errors: [{ context: { requiredGranularScopes: ['settings.users.read'] } }],
    });
    // the owners carry the same names without the settings scope
    const owners = await ownersOnly.crm.owners.ownersApi.getPage();
    expect(owners.results[0]).toMatchObject({ firstName: owner.firstName, lastName: owner.lastName });
  });

  it('describes company properties with labels and types, and enumerations with their options', async () => {
    const properties = (await api.crm.properties.coreApi.getAll('companies')).results;
    const industry = properties.find((p) => p.name === 'industry')!;
    expect(industry).toMatchObject({ label: 'Industry', type: 'enumeration', fieldType: 'select' });
    expect(industry.options.find((o) => o.value === 'HOSPITAL_HEALTH_CARE')?.label).toBe(
      'Hospital & Health Care',
    );
    const lifecycle = properties.find((p) => p.name === 'lifecyclestage')!;
    expect(lifecycle.options.map((o) => o.value)).toContain('evangelist');
    const numeric = properties.filter((p) => p.type === 'number').map((p) => p.name);
    expect(numeric).toEqual(
      expect.arrayContaining(['annualrevenue', 'total_revenue', 'pulse_license_utilization']),
    );

    const companies = dataset.objects.companies.filter((c) => !c.archived);
    const optionValues = (name: string) =>
      new Set(properties.find((p) => p.name === name)!.options.map((o) => o.value));
    for (const c of companies) {
      expect(optionValues('industry').has(c.properties.industry!)).toBe(true);
      expect(optionValues('lifecyclestage').has(c.properties.lifecyclestage!)).toBe(true);
    }
  });
});
