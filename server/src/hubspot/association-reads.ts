import { z } from 'zod';
import { parseEnvelope } from './mappers';
import { chunk, type ReadContext } from './read-context';
import { MalformedResponseError } from './retry';
import { requestJson } from './sdk-call';
import type { ObjectType } from './types';

/** HubSpot rejects association batch reads of more than 1,000 ids (changelog, February 2025). */
export const ASSOCIATION_BATCH_LIMIT = 1000;

/** Association type ids that mark the primary company (HUBSPOT.md). */
export const PRIMARY_COMPANY_TYPE: Partial<Record<ObjectType, number>> = {
  contacts: 1,
  deals: 5,
  tickets: 26,
};

export type AssociationTarget = { id: string; typeIds: number[] };
type Pending = { id: string; after?: string | undefined };

const ZAssociationResult = z.object({
  _from: z.object({ id: z.coerce.string() }).optional(),
  from: z.object({ id: z.coerce.string() }).optional(),
  to: z.array(
    z.object({
      toObjectId: z.coerce.string(),
      associationTypes: z.array(z.object({ typeId: z.number().int() })),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).nullish(),
});

/** One `POST /crm/v4/associations/{from}/{to}/batch/read` of up to 1,000 ids (each with its own cursor). */
const readBatch = (ctx: ReadContext, from: ObjectType, to: ObjectType, part: Pending[]): Promise<unknown[]> =>
  ctx.call(
    `associations ${from}→${to}`,
    'standard',
    async (client, _probe, meta) => {
      const response = await requestJson(client, meta, {
        method: 'POST',
        path: `/crm/v4/associations/${from}/${to}/batch/read`,
        body: { inputs: part.map((p) => (p.after ? { id: p.id, after: p.after } : { id: p.id })) },
      });
      return parseEnvelope(response, `associations ${from}→${to}`);
    },
    [from, to],
  );

/** Merges one batch's results into `targets`; returns the ids that have more targets to page through. */
const mergeResults = (
  targets: Map<string, AssociationTarget[]>,
  results: unknown[],
  label: string,
): Pending[] => {
  const more: Pending[] = [];
  for (const item of results) {
    const parsed = ZAssociationResult.safeParse(item);
    if (!parsed.success) throw new MalformedResponseError(`${label}: unreadable result`);
    const fromId = parsed.data._from?.id ?? parsed.data.from?.id;
    if (fromId === undefined) continue;
    const list = targets.get(fromId) ?? [];
    for (const target of parsed.data.to) {
      const existing = list.find((t) => t.id === target.toObjectId);
      const typeIds = target.associationTypes.map((t) => t.typeId);
      if (existing) existing.typeIds = [...new Set([...existing.typeIds, ...typeIds])];
      else list.push({ id: target.toObjectId, typeIds });
    }
    targets.set(fromId, list);
    const after = parsed.data.paging?.next?.after;
    if (after) more.push({ id: fromId, after });
  }
  return more;
};

/** Targets per source id with their association type ids (so the primary one can be told apart). */
export const readAssociations = async (
  ctx: ReadContext,
  from: ObjectType,
  to: ObjectType,
  ids: readonly string[],
): Promise<Map<string, AssociationTarget[]>> => {
  const targets = new Map<string, AssociationTarget[]>();
  for (const id of ids) targets.set(id, []);
  // Each input may page on its own (an id with hundreds of targets): keep asking for those until done.
  let pending: Pending[] = [...new Set(ids)].map((id) => ({ id }));
  while (pending.length > 0) {
    const next: Pending[] = [];
    for (const part of chunk(pending, ASSOCIATION_BATCH_LIMIT)) {
      const results = await readBatch(ctx, from, to, part);
      next.push(...mergeResults(targets, results, `associations ${from}→${to}`));
    }
    pending = next;
  }
  return targets;
};
