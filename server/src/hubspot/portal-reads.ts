import { z } from 'zod';
import type { Owner, Pipeline } from '@pulse/shared';
import { mapOwners, mapPipelines, parseEnvelope } from './mappers';
import { nextOf, type ReadContext } from './read-context';
import type { SkippedRecord } from './types';

/** The portal's own definitions: pipelines, owners, company properties. */

/**
 * A company property as the settings page offers it; `type` is HubSpot's data type (`number`, `string`, …) and
 * `unique` HubSpot's `hasUniqueValue` (an identifier such as Record ID, never a measure).
 */
export type CompanyProperty = { name: string; label: string; type: string; unique?: boolean };

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
  hasUniqueValue: z.boolean().optional(),
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
      ...(parsed.data.hasUniqueValue === true ? { unique: true } : {}),
    });
  }
  return properties;
};

/** A user of the portal (`GET /settings/v3/users`): who can be made a Pulse admin, and who saved the settings. */
export type PortalUser = {
  userId: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
};

const ZRawUser = z.object({
  id: z.string().regex(/^\d+$/),
  email: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
});

/** Every user of the portal, page by page (needs `settings.users.read`; a MissingScopesError otherwise). */
export const getUsers = async (ctx: ReadContext): Promise<PortalUser[]> => {
  const users: PortalUser[] = [];
  let after: string | null = null;
  do {
    const cursor: string | undefined = after ?? undefined;
    const page: { results: unknown[]; next: string | null } = await ctx.call(
      'users',
      'standard',
      async (client, probe) => {
        const response: unknown = await client.settings.users.usersApi.getPage(100, cursor, probe);
        return { results: parseEnvelope(response, 'users'), next: nextOf(response) };
      },
    );
    for (const item of page.results) {
      const raw = ZRawUser.safeParse(item);
      // a user without a numeric id cannot be an admin; the others still are listed
      if (!raw.success) continue;
      users.push({
        userId: Number(raw.data.id),
        email: raw.data.email || null,
        firstName: raw.data.firstName || null,
        lastName: raw.data.lastName || null,
      });
    }
    after = page.next;
  } while (after);
  return users;
};
