/* eslint-disable no-restricted-imports -- the sandbox is checked against the real SDK */
import { Client } from '@hubspot/api-client';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSandbox, generateDataset } from '../../../server/src/sandbox';
import { sandboxMswHandlers } from '../../msw/sandbox-handlers';
import { NOW } from '../../factories';

const BASE = 'https://crm-sandbox.pulse.test';
const dataset = generateDataset({ seed: 21, now: NOW, companies: 40 });
const sandbox = createSandbox({
  portals: [{ portalId: 77, dataset, accessTokens: ['msw-token'] }],
  rateLimit: false,
});
const server = setupServer(...sandboxMswHandlers(sandbox, BASE));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('serves the SDK in-process through msw, and counts the calls', async () => {
  const client = new Client({ accessToken: 'msw-token', basePath: BASE });
  const page = await client.crm.companies.basicApi.getPage(100, undefined, ['name']);
  expect(page.results.map((c) => c.id)).toEqual(
    dataset.objects.companies.filter((c) => !c.archived).map((c) => c.id),
  );
  const found = await client.crm.deals.searchApi.doSearch({
    filterGroups: [
      { filters: [{ propertyName: 'dealtype', operator: 'EQ' as never, value: 'newbusiness' }] },
    ],
    limit: 5,
  });
  expect(found.total).toBe(
    dataset.objects.deals.filter((d) => !d.archived && d.properties.dealtype === 'newbusiness').length,
  );
  expect(sandbox.stats(77).byEndpoint).toEqual({
    'GET /crm/v3/objects/companies': 1,
    'POST /crm/v3/objects/deals/search': 1,
  });
});
