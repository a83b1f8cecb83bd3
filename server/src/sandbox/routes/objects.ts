// v3 object reads: list pages, one record, batch read and search, in HubSpot's shapes and limits.
import { CRM_OBJECTS, type CrmObjectType } from '@pulse/shared';
import { malformProperties } from '../fault-injector';
import { badRequest, json, notFound } from '../hubspot-responses';
import type { PortalState } from '../portal-state';
import type { SandboxRecord } from '../sandbox-dataset';
import { parseSearchRequest, SEARCH_RESULT_CAP, searchRecords } from '../search-records';
import {
  batchTimes,
  isObject,
  listParam,
  missingError,
  objectType,
  parseLimit,
  readIdInputs,
  readJson,
  singular,
  type RouteContext,
} from './route-context';

const LIST_MAX = 100;
const BATCH_MAX = 100;

// What HubSpot returns when no `properties` are asked for, and what it always adds when some are.
const DEFAULT_PROPERTIES: Record<CrmObjectType, string[]> = {
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  tickets: [
    'content',
    'createdate',
    'hs_lastmodifieddate',
    'hs_object_id',
    'hs_pipeline',
    'hs_pipeline_stage',
    'hs_ticket_category',
    'hs_ticket_priority',
    'subject',
  ],
  responses: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};
const ALWAYS_PROPERTIES: Record<CrmObjectType, string[]> = {
  companies: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  contacts: ['createdate', 'lastmodifieddate', 'hs_object_id'],
  deals: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tickets: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  responses: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

export type SerializedRecord = {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
};

/** A record as HubSpot sends it: the requested properties (or the defaults) plus the always-present ones. */
export function serialize(
  ctx: RouteContext,
  type: CrmObjectType,
  rec: SandboxRecord,
  names: string[] | null,
): SerializedRecord {
  const source = ctx.faults.isMalformed(rec.id) ? malformProperties(type, rec.properties) : rec.properties;
  const wanted =
    names === null ? DEFAULT_PROPERTIES[type] : [...new Set([...names, ...ALWAYS_PROPERTIES[type]])];
  const properties: Record<string, string | null> = {};
  for (const name of wanted) properties[name] = name === 'hs_object_id' ? rec.id : (source[name] ?? null);
  return {
    id: rec.id,
    properties,
    createdAt: rec.createdAt,
    updatedAt: rec.updatedAt,
    archived: rec.archived,
    ...(rec.archivedAt ? { archivedAt: rec.archivedAt } : {}),
  };
}

/** `associations=companies,contacts` on basic reads: v3's embedded association ids, keyed by HubSpot's name. */
function withAssociations(
  ctx: RouteContext,
  type: CrmObjectType,
  rec: SandboxRecord,
  body: SerializedRecord,
) {
  const names = listParam(ctx.url, 'associations');
  if (names === null) return body;
  const associations: Record<string, { results: Array<{ id: string; type: string }> }> = {};
  for (const name of names) {
    const toType = objectType(name);
    const results = ctx.portal
      .associated(type, rec.id, toType)
      .map((a) => ({ id: a.id, type: `${singular(type)}_to_${singular(toType)}` }));
    if (results.length > 0) associations[CRM_OBJECTS[toType].apiName] = { results };
  }
  return { ...body, associations };
}

export function listObjects(ctx: RouteContext): Response {
  const type = objectType(ctx.params[0]);
  const limit = parseLimit(ctx.url.searchParams.get('limit'), 10, LIST_MAX);
  const afterRaw = ctx.url.searchParams.get('after');
  if (afterRaw !== null && afterRaw !== '' && !/^\d+$/.test(afterRaw))
    throw badRequest(`after must be a paging cursor from a previous page (got ${afterRaw})`);
  const archived = ctx.url.searchParams.get('archived') === 'true';
  const names = listParam(ctx.url, 'properties');
  const records = ctx.portal.records(type);
  const results = [];
  let i = afterRaw ? ctx.portal.firstIndexFrom(type, Number(afterRaw)) : 0;
  let last: SandboxRecord | undefined;
  for (; i < records.length && results.length < limit; i++) {
    const rec = records[i] as SandboxRecord;
    if (rec.archived !== archived) continue;
    results.push(withAssociations(ctx, type, rec, serialize(ctx, type, rec, names)));
    last = rec;
  }
  while (i < records.length && (records[i] as SandboxRecord).archived !== archived) i++;
  const body: Record<string, unknown> = { results };
  if (i < records.length && last) {
    // Like HubSpot, the cursor is the next id to read from, so records created meanwhile are not skipped.
    const after = String(Number(last.id) + 1);
    const link = new URL(ctx.url);
    link.searchParams.set('after', after);
    body.paging = { next: { after, link: link.toString() } };
  }
  return json(200, body);
}

export function getObject(ctx: RouteContext): Response {
  const type = objectType(ctx.params[0]);
  const rec = ctx.portal.get(type, ctx.params[1] ?? '');
  const archived = ctx.url.searchParams.get('archived') === 'true';
  if (!rec || (rec.archived && !archived)) throw notFound();
  return json(
    200,
    withAssociations(ctx, type, rec, serialize(ctx, type, rec, listParam(ctx.url, 'properties'))),
  );
}

export async function batchRead(ctx: RouteContext): Promise<Response> {
  const type = objectType(ctx.params[0]);
  const body = await readJson(ctx.request);
  const inputs = readIdInputs(body, BATCH_MAX);
  const props = isObject(body) ? body.properties : undefined;
  const names =
    Array.isArray(props) && props.length > 0 ? props.filter((p): p is string => typeof p === 'string') : null;
  const archived = ctx.url.searchParams.get('archived') === 'true';
  const seen = new Set<string>();
  const results = [];
  const missing: string[] = [];
  for (const { id } of inputs) {
    if (seen.has(id)) continue;
    seen.add(id);
    const rec = ctx.portal.get(type, id);
    if (!rec || rec.archived !== archived) missing.push(id);
    else results.push(serialize(ctx, type, rec, names));
  }
  if (missing.length === 0) return json(200, { status: 'COMPLETE', results, ...batchTimes(ctx) });
  return json(207, {
    status: 'COMPLETE',
    results,
    numErrors: 1,
    errors: [missingError(type, missing)],
    ...batchTimes(ctx),
  });
}

const searchCache = new WeakMap<PortalState, { key: string; hits: SandboxRecord[] }>();

export async function search(ctx: RouteContext): Promise<Response> {
  const type = objectType(ctx.params[0]);
  const request = parseSearchRequest(await readJson(ctx.request));
  // Paging through a large result re-runs the same query many times; cache the full hit list per query.
  const cacheKey = JSON.stringify([
    ctx.portal.version(),
    type,
    request.filterGroups,
    request.sorts,
    request.query,
  ]);
  let hits = searchCache.get(ctx.portal)?.key === cacheKey ? searchCache.get(ctx.portal)?.hits : undefined;
  if (!hits) {
    hits = searchRecords(ctx.portal.records(type), request, type, ctx.portal.associated);
    searchCache.set(ctx.portal, { key: cacheKey, hits });
  }
  const end = Math.min(request.offset + request.limit, hits.length, SEARCH_RESULT_CAP);
  const results = hits.slice(request.offset, end).map((rec) => serialize(ctx, type, rec, request.properties));
  const body: Record<string, unknown> = { total: hits.length, results };
  if (end < Math.min(hits.length, SEARCH_RESULT_CAP)) body.paging = { next: { after: String(end) } };
  return json(200, body);
}
