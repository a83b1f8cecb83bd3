import { z } from 'zod';
import type { Owner, Pipeline } from '@pulse/shared';
import { mapOwners, mapPipelines, parseEnvelope } from './mappers';
import { nextOf, type ReadContext } from './read-context';
import type { SkippedRecord } from './types';

/** The portal's own definitions: pipelines, owners, company properties. */

/** A company property as the settings page offers it; `type` is HubSpot's data type (`number`, `string`, …). */
export type CompanyProperty = { name: string; label: string; type: string };

export const getPipelines = async (
  ctx: ReadContext,
  objectType: 'deals' | 'tickets',
): Promise<{ pipelines: Pipeline[]; skipped: SkippedRecord[] }> => {
  const results = await ctx.call(
    `pipelines ${objectType}`,
    'standard',
    async (client, probe) => {
      const response: unknown = await client.crm.pipelines.pipelinesApi.getAll(objectType, probe);
      return parseEnvelope(response, `pipelines ${objectType}`);
    },
    [objectType],
  );
  const skipped: SkippedRecord[] = [];
  return { pipelines: mapPipelines(objectType, results, skipped), skipped };
};

export const getOwners = async (ctx: ReadContext): Promise<{ owners: Owner[]; skipped: SkippedRecord[] }> => {
  const all: unknown[] = [];
  let after: string | null = null;
  do {
    const cursor: string | undefined = after ?? undefined;
    const page: { results: unknown[]; next: string | null } = await ctx.call(
      'owners',
      'standard',
      async (client, probe) => {
        const response: unknown = await client.crm.owners.ownersApi.getPage(
          undefined,
          cursor,
          500,
          false,
          probe,
        );
        return { results: parseEnvelope(response, 'owners'), next: nextOf(response) };
      },
    );
    all.push(...page.results);
    after = page.next;
  } while (after);
  const skipped: SkippedRecord[] = [];
  return { owners: mapOwners(all, skipped), skipped };
};

const ZProperty = z.object({
  name: z.string().min(1),
  label: z.string(),
  type: z.string(),
  hidden: z.boolean().optional(),
});

/** The portal's company properties (`GET /crm/v3/properties/companies`), hidden ones left out. */
export const listCompanyProperties = async (ctx: ReadContext): Promise<CompanyProperty[]> => {
  const results = await ctx.call('company properties', 'standard', async (client, probe) => {
    const response: unknown = await client.crm.properties.coreApi.getAll(
      'companies',
      false,
      undefined,
      probe,
    );
    return parseEnvelope(response, 'company properties');
  });
  const properties: CompanyProperty[] = [];
  for (const item of results) {
    const parsed = ZProperty.safeParse(item);
    // One odd definition must not hide the rest of the catalogue.
    if (!parsed.success || parsed.data.hidden === true) continue;
    properties.push({
      name: parsed.data.name,
      label: parsed.data.label || parsed.data.name,
      type: parsed.data.type,
    });
  }
  return properties;
};
