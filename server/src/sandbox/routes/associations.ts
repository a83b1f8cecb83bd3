// v4 association batch read, with HubSpot's type ids, primary labels, paging and 207 "no associations" errors.
import type { CrmObjectType } from '@pulse/shared';
import { badRequest, json } from '../hubspot-responses';
import { batchTimes, objectType, readIdInputs, readJson, singular, type RouteContext } from './route-context';

const V4_PAGE = 500;
const ASSOCIATION_BATCH_MAX = 1000;

type Pair = `${CrmObjectType}>${CrmObjectType}`;

/** HubSpot-defined association type ids: the unlabeled one and, where there is one, the primary one. */
export const ASSOCIATION_TYPES: Partial<Record<Pair, { typeId: number; primaryTypeId?: number }>> = {
  'companies>contacts': { typeId: 280, primaryTypeId: 2 },
  'contacts>companies': { typeId: 279, primaryTypeId: 1 },
  'companies>deals': { typeId: 342, primaryTypeId: 6 },
  'deals>companies': { typeId: 341, primaryTypeId: 5 },
  'companies>tickets': { typeId: 340, primaryTypeId: 25 },
  'tickets>companies': { typeId: 339, primaryTypeId: 26 },
  'contacts>responses': { typeId: 97 },
  'responses>contacts': { typeId: 98 },
  'tickets>responses': { typeId: 99 },
  'responses>tickets': { typeId: 100 },
  'contacts>deals': { typeId: 4 },
  'deals>contacts': { typeId: 3 },
  'contacts>tickets': { typeId: 15 },
  'tickets>contacts': { typeId: 16 },
  'deals>tickets': { typeId: 27 },
  'tickets>deals': { typeId: 28 },
  'companies>tasks': { typeId: 191 },
  'tasks>companies': { typeId: 192 },
  'contacts>tasks': { typeId: 203 },
  'tasks>contacts': { typeId: 204 },
  'deals>tasks': { typeId: 215 },
  'tasks>deals': { typeId: 216 },
  'tickets>tasks': { typeId: 229 },
  'tasks>tickets': { typeId: 230 },
};

export const associationSpec = (from: CrmObjectType, to: CrmObjectType) => ASSOCIATION_TYPES[`${from}>${to}`];

function noAssociations(from: CrmObjectType, to: CrmObjectType, id: string) {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
    message: `No ${singular(to)} is associated with ${singular(from)} ${id}.`,
    context: { fromObjectId: [id], fromObjectType: [singular(from)], toObjectType: [singular(to)] },
    errors: [],
    links: {},
  };
}

export async function associationsBatchRead(ctx: RouteContext): Promise<Response> {
  const from = objectType(ctx.params[0]);
  const to = objectType(ctx.params[1]);
  const spec = associationSpec(from, to);
  if (!spec) {
    throw badRequest(
      `There is no association type between ${singular(from).toUpperCase()} and ${singular(to).toUpperCase()}.`,
    );
  }
  const inputs = readIdInputs(await readJson(ctx.request), ASSOCIATION_BATCH_MAX);
  const results = [];
  const errors = [];
  for (const input of inputs) {
    const id = input.id;
    const offset = typeof input.after === 'string' && /^\d+$/.test(input.after) ? Number(input.after) : 0;
    const rec = ctx.portal.get(from, id);
    const all = rec && !rec.archived ? ctx.portal.associated(from, id, to) : [];
    if (all.length === 0) {
      errors.push(noAssociations(from, to, id));
      continue;
    }
    const page = all.slice(offset, offset + V4_PAGE);
    results.push({
      from: { id },
      to: page.map((a) => ({
        // HubSpot sends this id as a JSON number (the SDK's model says string); clients must not assume either.
        toObjectId: Number(a.id),
        associationTypes: [
          ...(a.primary && spec.primaryTypeId !== undefined
            ? [{ category: 'HUBSPOT_DEFINED', typeId: spec.primaryTypeId, label: 'Primary' }]
            : []),
          { category: 'HUBSPOT_DEFINED', typeId: spec.typeId, label: null },
        ],
      })),
      ...(offset + V4_PAGE < all.length ? { paging: { next: { after: String(offset + V4_PAGE) } } } : {}),
    });
  }
  const times = batchTimes(ctx);
  if (errors.length === 0) return json(200, { status: 'COMPLETE', results, ...times });
  return json(207, { status: 'COMPLETE', results, numErrors: errors.length, errors, ...times });
}
