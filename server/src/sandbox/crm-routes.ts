import type { FaultInjector } from './fault-injector';
import { malformProperties } from './fault-injector';
import { badRequest, json, notFound, SandboxHttpError } from './hubspot-responses';
import { isoDate } from './iso-date';
import type { PortalState } from './portal-state';
import type { SandboxObjectType, SandboxPropertyDefinition, SandboxRecord } from './sandbox-dataset';
import { parseSearchRequest, SEARCH_RESULT_CAP, searchRecords } from './search-records';

export const OBJECT_TYPE_ALIASES: Record<string, SandboxObjectType> = {
  companies: 'companies',
  company: 'companies',
  '0-2': 'companies',
  contacts: 'contacts',
  contact: 'contacts',
  '0-1': 'contacts',
  deals: 'deals',
  deal: 'deals',
  '0-3': 'deals',
  tickets: 'tickets',
  ticket: 'tickets',
  '0-5': 'tickets',
  feedback_submissions: 'feedback_submissions',
  feedback_submission: 'feedback_submissions',
  '0-19': 'feedback_submissions',
};

const SINGULAR: Record<SandboxObjectType, string> = {
  companies: 'company',
  contacts: 'contact',
  deals: 'deal',
  tickets: 'ticket',
  feedback_submissions: 'feedback_submission',
};

// What HubSpot returns when no `properties` are asked for, and what it always adds when some are.
const DEFAULT_PROPERTIES: Record<SandboxObjectType, string[]> = {
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
  feedback_submissions: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};
const ALWAYS_PROPERTIES: Record<SandboxObjectType, string[]> = {
  companies: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  contacts: ['createdate', 'lastmodifieddate', 'hs_object_id'],
  deals: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tickets: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  feedback_submissions: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** HubSpot-defined association type ids: [unlabeled, primary] for each direction. */
const ASSOCIATION_TYPES: Record<string, { typeId: number; primaryTypeId?: number }> = {
  'companies>contacts': { typeId: 280, primaryTypeId: 2 },
  'contacts>companies': { typeId: 279, primaryTypeId: 1 },
  'companies>deals': { typeId: 342, primaryTypeId: 6 },
  'deals>companies': { typeId: 341, primaryTypeId: 5 },
  'companies>tickets': { typeId: 340, primaryTypeId: 25 },
  'tickets>companies': { typeId: 339, primaryTypeId: 26 },
  'contacts>feedback_submissions': { typeId: 97 },
  'feedback_submissions>contacts': { typeId: 98 },
  'tickets>feedback_submissions': { typeId: 99 },
  'feedback_submissions>tickets': { typeId: 100 },
  'contacts>deals': { typeId: 4 },
  'deals>contacts': { typeId: 3 },
  'contacts>tickets': { typeId: 15 },
  'tickets>contacts': { typeId: 16 },
  'deals>tickets': { typeId: 27 },
  'tickets>deals': { typeId: 28 },
};

const V4_PAGE = 500;
const LIST_MAX = 100;
const BATCH_MAX = 100;
const ASSOCIATION_BATCH_MAX = 1000;

export type RouteContext = {
  request: Request;
  url: URL;
  params: string[];
  portal: PortalState;
  faults: FaultInjector;
  clock: () => number;
  correlationId: () => string;
  revokePortal: () => void;
};

export type Route = {
  /** Endpoint name for stats, with ids replaced by placeholders and object types canonical. */
  key: string;
  kind: 'search' | 'page' | 'other';
  run: (ctx: RouteContext) => Promise<Response> | Response;
};

function objectType(name: string | undefined): SandboxObjectType {
  const type = OBJECT_TYPE_ALIASES[(name ?? '').toLowerCase()];
  if (!type) throw badRequest(`Unable to infer object type from: ${name}`);
  return type;
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`Invalid input JSON: ${(error as Error).message}`);
  }
}

function requestedProperties(url: URL): string[] | null {
  const names = url.searchParams
    .getAll('properties')
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  return names.length > 0 ? names : null;
}

function serialize(ctx: RouteContext, type: SandboxObjectType, rec: SandboxRecord, names: string[] | null) {
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

function withAssociations(
  ctx: RouteContext,
  type: SandboxObjectType,
  rec: SandboxRecord,
  body: ReturnType<typeof serialize>,
) {
  const names = ctx.url.searchParams
    .getAll('associations')
    .flatMap((a) => a.split(','))
    .map((a) => a.trim())
    .filter(Boolean);
  if (names.length === 0) return body;
  const associations: Record<string, { results: Array<{ id: string; type: string }> }> = {};
  for (const name of names) {
    const toType = objectType(name);
    const results = ctx.portal
      .associated(type, rec.id, toType)
      .map((a) => ({ id: a.id, type: `${SINGULAR[type]}_to_${SINGULAR[toType]}` }));
    if (results.length > 0) associations[toType] = { results };
  }
  return { ...body, associations };
}

function parseLimit(raw: string | null, fallback: number, max: number): number {
  if (raw === null || raw === '') return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw badRequest(`limit must be a whole number between 1 and ${max} (got ${raw})`);
  return limit;
}

function batchTimes(ctx: RouteContext) {
  const now = isoDate(ctx.clock());
  return { startedAt: now, completedAt: now };
}

function listObjects(ctx: RouteContext): Response {
  const type = objectType(ctx.params[0]);
  const limit = parseLimit(ctx.url.searchParams.get('limit'), 10, LIST_MAX);
  const afterRaw = ctx.url.searchParams.get('after');
  if (afterRaw !== null && afterRaw !== '' && !/^\d+$/.test(afterRaw))
    throw badRequest(`after must be a paging cursor from a previous page (got ${afterRaw})`);
  const archived = ctx.url.searchParams.get('archived') === 'true';
  const names = requestedProperties(ctx.url);
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

function getObject(ctx: RouteContext): Response {
  const type = objectType(ctx.params[0]);
  const rec = ctx.portal.get(type, ctx.params[1] ?? '');
  const archived = ctx.url.searchParams.get('archived') === 'true';
  if (!rec || (rec.archived && !archived)) throw notFound();
  return json(200, withAssociations(ctx, type, rec, serialize(ctx, type, rec, requestedProperties(ctx.url))));
}

function readInputs(body: unknown, max: number): Array<Record<string, unknown>> {
  const inputs =
    typeof body === 'object' && body !== null ? (body as { inputs?: unknown }).inputs : undefined;
  if (!Array.isArray(inputs)) throw badRequest('inputs must be an array');
  if (inputs.length > max)
    throw badRequest(`Batch input size of ${inputs.length} exceeds the maximum of ${max}.`, {
      context: { limit: [String(max)] },
    });
  return inputs.map((input, i) => {
    if (typeof input !== 'object' || input === null) throw badRequest(`inputs[${i}] must be an object`);
    const id = (input as { id?: unknown }).id;
    if (typeof id !== 'string' && typeof id !== 'number') throw badRequest(`inputs[${i}].id is required`);
    return { ...(input as Record<string, unknown>), id: String(id) };
  });
}

function missingError(type: SandboxObjectType, ids: string[]) {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${SINGULAR[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
    errors: [],
    links: {},
  };
}

async function batchRead(ctx: RouteContext): Promise<Response> {
  const type = objectType(ctx.params[0]);
  const body = await readJson(ctx.request);
  const inputs = readInputs(body, BATCH_MAX);
  const props = (body as { properties?: unknown }).properties;
  const names =
    Array.isArray(props) && props.length > 0 ? props.filter((p): p is string => typeof p === 'string') : null;
  const archived = ctx.url.searchParams.get('archived') === 'true';
  const seen = new Set<string>();
  const results = [];
  const missing: string[] = [];
  for (const { id } of inputs as Array<{ id: string }>) {
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

async function search(ctx: RouteContext): Promise<Response> {
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

async function associationsBatchRead(ctx: RouteContext): Promise<Response> {
  const from = objectType(ctx.params[0]);
  const to = objectType(ctx.params[1]);
  const spec = ASSOCIATION_TYPES[`${from}>${to}`];
  if (!spec) {
    throw badRequest(
      `There is no association type between ${SINGULAR[from].toUpperCase()} and ${SINGULAR[to].toUpperCase()}.`,
    );
  }
  const inputs = readInputs(await readJson(ctx.request), ASSOCIATION_BATCH_MAX);
  const results = [];
  const errors = [];
  for (const input of inputs) {
    const id = String(input.id);
    const offset = typeof input.after === 'string' && /^\d+$/.test(input.after) ? Number(input.after) : 0;
    const rec = ctx.portal.get(from, id);
    const all = rec && !rec.archived ? ctx.portal.associated(from, id, to) : [];
    if (all.length === 0) {
      errors.push({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        message: `No ${SINGULAR[to]} is associated with ${SINGULAR[from]} ${id}.`,
        context: { fromObjectId: [id], fromObjectType: [SINGULAR[from]], toObjectType: [SINGULAR[to]] },
        errors: [],
        links: {},
      });
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

function pipelineList(ctx: RouteContext) {
  const name = (ctx.params[0] ?? '').toLowerCase();
  const type = OBJECT_TYPE_ALIASES[name];
  if (type === 'deals') return ctx.portal.data.pipelines.deals;
  if (type === 'tickets') return ctx.portal.data.pipelines.tickets;
  throw badRequest(`Unable to infer object type from: ${ctx.params[0]}`);
}

function owners(ctx: RouteContext): Response {
  const limit = parseLimit(ctx.url.searchParams.get('limit'), 100, 500);
  const after = Number(ctx.url.searchParams.get('after') ?? '0');
  if (!Number.isInteger(after) || after < 0)
    throw badRequest('after must be a paging cursor from a previous page');
  const email = ctx.url.searchParams.get('email');
  const archived = ctx.url.searchParams.get('archived') === 'true';
  const all = ctx.portal.data.owners.filter(
    (o) => o.archived === archived && (email === null || o.email === email.toLowerCase()),
  );
  const body: Record<string, unknown> = { results: all.slice(after, after + limit) };
  if (after + limit < all.length) body.paging = { next: { after: String(after + limit) } };
  return json(200, body);
}

function companyOnly(ctx: RouteContext): void {
  if (objectType(ctx.params[0]) !== 'companies')
    throw notFound('The sandbox models properties of companies only.');
}

function findProperty(ctx: RouteContext, name: string): SandboxPropertyDefinition | undefined {
  return ctx.portal.data.companyProperties.find((p) => p.name === name && !p.archived);
}

const PROPERTY_TYPES: Record<string, string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation'],
  bool: ['booleancheckbox'],
};

async function createProperty(ctx: RouteContext): Promise<Response> {
  companyOnly(ctx);
  const body = (await readJson(ctx.request)) as Record<string, unknown>;
  const { name, label, type, fieldType, groupName } = body;
  if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name))
    throw badRequest(`name must be lower-case letters, digits and _ (got ${JSON.stringify(name)})`);
  if (typeof label !== 'string' || label === '') throw badRequest('label is required');
  if (typeof type !== 'string' || !PROPERTY_TYPES[type])
    throw badRequest(`type must be one of ${Object.keys(PROPERTY_TYPES).join(', ')}`);
  if (typeof fieldType !== 'string' || !PROPERTY_TYPES[type]?.includes(fieldType))
    throw badRequest(`fieldType ${JSON.stringify(fieldType)} does not fit type ${type}`);
  if (typeof groupName !== 'string' || !ctx.portal.data.propertyGroups.some((g) => g.name === groupName)) {
    throw badRequest(`Property group ${JSON.stringify(groupName)} does not exist.`);
  }
  if (findProperty(ctx, name))
    throw new SandboxHttpError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${name}' already exists.`);
  const now = isoDate(ctx.clock());
  const options = Array.isArray(body.options)
    ? (body.options as Array<Record<string, unknown>>).map((o, i) => ({
        label: String(o.label ?? o.value ?? ''),
        value: String(o.value ?? ''),
        displayOrder: Number(o.displayOrder ?? i),
        hidden: o.hidden === true,
      }))
    : [];
  const definition: SandboxPropertyDefinition = {
    name,
    label,
    type,
    fieldType,
    groupName,
    description: typeof body.description === 'string' ? body.description : '',
    options,
    displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: body.hasUniqueValue === true,
    hidden: body.hidden === true,
    hubspotDefined: false,
    formField: body.formField === true,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
  ctx.portal.data.companyProperties.push(definition);
  return json(201, definition);
}

async function createGroup(ctx: RouteContext): Promise<Response> {
  companyOnly(ctx);
  const body = (await readJson(ctx.request)) as Record<string, unknown>;
  if (typeof body.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(body.name))
    throw badRequest('name must be lower-case letters, digits and _');
  if (typeof body.label !== 'string' || body.label === '') throw badRequest('label is required');
  const name = body.name;
  if (ctx.portal.data.propertyGroups.some((g) => g.name === name)) {
    throw new SandboxHttpError(
      409,
      'OBJECT_ALREADY_EXISTS',
      `A property group named '${name}' already exists.`,
    );
  }
  const group = {
    name,
    label: body.label,
    displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1,
    archived: false,
  };
  ctx.portal.data.propertyGroups.push(group);
  return json(201, group);
}

async function batchUpdate(ctx: RouteContext): Promise<Response> {
  companyOnly(ctx);
  const inputs = readInputs(await readJson(ctx.request), BATCH_MAX);
  const problems: Array<{ message: string; code: string; context: Record<string, string[]> }> = [];
  const updates = inputs.map((input, i) => {
    const props = input.properties;
    if (typeof props !== 'object' || props === null || Array.isArray(props))
      throw badRequest(`inputs[${i}].properties must be an object`);
    const values: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(props)) {
      const def = findProperty(ctx, name);
      if (!def) {
        problems.push({
          message: `Property "${name}" does not exist`,
          code: 'PROPERTY_DOESNT_EXIST',
          context: { propertyName: [name] },
        });
        continue;
      }
      if (def.modificationMetadata.readOnlyValue) {
        problems.push({
          message: `Property "${name}" is a read only property; its value cannot be set.`,
          code: 'READ_ONLY_VALUE',
          context: { propertyName: [name] },
        });
        continue;
      }
      const text = value === null ? null : String(value);
      if (
        def.type === 'enumeration' &&
        def.options.length > 0 &&
        text !== null &&
        text !== '' &&
        !def.options.some((o) => o.value === text)
      ) {
        problems.push({
          message: `${text} was not one of the allowed options for ${name}`,
          code: 'INVALID_OPTION',
          context: { propertyName: [name] },
        });
        continue;
      }
      if (def.type === 'number' && text !== null && text !== '' && !Number.isFinite(Number(text))) {
        problems.push({
          message: `${text} is not a valid number for ${name}`,
          code: 'INVALID_DECIMAL',
          context: { propertyName: [name] },
        });
        continue;
      }
      values[name] = text;
    }
    return { id: String(input.id), values };
  });
  if (problems.length > 0) {
    throw badRequest(
      `Property values were not valid: ${JSON.stringify(problems.map((p) => ({ isValid: false, message: p.message, error: p.code, name: p.context.propertyName?.[0] })))}`,
      { errors: problems },
    );
  }
  const results = [];
  const missing: string[] = [];
  for (const { id, values } of updates) {
    const rec = ctx.portal.get('companies', id);
    if (!rec || rec.archived) {
      missing.push(id);
      continue;
    }
    const updated = ctx.portal.update('companies', id, values, 'api');
    results.push(serialize(ctx, 'companies', updated, Object.keys(values)));
  }
  if (missing.length === 0) return json(200, { status: 'COMPLETE', results, ...batchTimes(ctx) });
  return json(207, {
    status: 'COMPLETE',
    results,
    numErrors: 1,
    errors: [missingError('companies', missing)],
    ...batchTimes(ctx),
  });
}

type RouteSpec = {
  method: string;
  pattern: RegExp;
  key: (p: string[]) => string;
  kind?: Route['kind'];
  run: Route['run'];
};

const canonical = (name: string | undefined): string =>
  OBJECT_TYPE_ALIASES[(name ?? '').toLowerCase()] ?? name ?? '';

const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/objects\/([^/]+)$/,
    key: (p) => `GET /crm/v3/objects/${canonical(p[0])}`,
    kind: 'page',
    run: listObjects,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/search$/,
    key: (p) => `POST /crm/v3/objects/${canonical(p[0])}/search`,
    kind: 'search',
    run: search,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/batch\/read$/,
    key: (p) => `POST /crm/v3/objects/${canonical(p[0])}/batch/read`,
    kind: 'page',
    run: batchRead,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/batch\/update$/,
    key: (p) => `POST /crm/v3/objects/${canonical(p[0])}/batch/update`,
    run: batchUpdate,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/([^/]+)$/,
    key: (p) => `GET /crm/v3/objects/${canonical(p[0])}/{id}`,
    run: getObject,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v4\/associations\/([^/]+)\/([^/]+)\/batch\/read$/,
    key: (p) => `POST /crm/v4/associations/${canonical(p[0])}/${canonical(p[1])}/batch/read`,
    kind: 'page',
    run: associationsBatchRead,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/pipelines\/([^/]+)$/,
    key: (p) => `GET /crm/v3/pipelines/${canonical(p[0])}`,
    run: (ctx) => json(200, { results: pipelineList(ctx).filter((p) => !p.archived) }),
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/pipelines\/([^/]+)\/([^/]+)$/,
    key: (p) => `GET /crm/v3/pipelines/${canonical(p[0])}/{pipelineId}`,
    run: (ctx) => {
      const pipeline = pipelineList(ctx).find((p) => p.id === ctx.params[1]);
      if (!pipeline) throw notFound(`Unable to find pipeline ${ctx.params[1]}`);
      return json(200, pipeline);
    },
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/pipelines\/([^/]+)\/([^/]+)\/stages$/,
    key: (p) => `GET /crm/v3/pipelines/${canonical(p[0])}/{pipelineId}/stages`,
    run: (ctx) => {
      const pipeline = pipelineList(ctx).find((p) => p.id === ctx.params[1]);
      if (!pipeline) throw notFound(`Unable to find pipeline ${ctx.params[1]}`);
      return json(200, { results: pipeline.stages });
    },
  },
  { method: 'GET', pattern: /^\/crm\/v3\/owners$/, key: () => 'GET /crm/v3/owners', run: owners },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/owners\/([^/]+)$/,
    key: () => 'GET /crm/v3/owners/{ownerId}',
    run: (ctx) => {
      const owner = ctx.portal.data.owners.find((o) => o.id === ctx.params[0]);
      if (!owner) throw notFound();
      return json(200, owner);
    },
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)$/,
    key: (p) => `GET /crm/v3/properties/${canonical(p[0])}`,
    run: (ctx) => {
      companyOnly(ctx);
      return json(200, { results: ctx.portal.data.companyProperties.filter((p) => !p.archived) });
    },
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/groups$/,
    key: (p) => `GET /crm/v3/properties/${canonical(p[0])}/groups`,
    run: (ctx) => {
      companyOnly(ctx);
      return json(200, { results: ctx.portal.data.propertyGroups.filter((g) => !g.archived) });
    },
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/groups$/,
    key: (p) => `POST /crm/v3/properties/${canonical(p[0])}/groups`,
    run: createGroup,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/groups\/([^/]+)$/,
    key: (p) => `GET /crm/v3/properties/${canonical(p[0])}/groups/{groupName}`,
    run: (ctx) => {
      companyOnly(ctx);
      const group = ctx.portal.data.propertyGroups.find((g) => g.name === ctx.params[1] && !g.archived);
      if (!group) throw notFound(`Unable to find property group ${ctx.params[1]}`);
      return json(200, group);
    },
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/([^/]+)$/,
    key: (p) => `GET /crm/v3/properties/${canonical(p[0])}/{propertyName}`,
    run: (ctx) => {
      companyOnly(ctx);
      const def = findProperty(ctx, ctx.params[1] ?? '');
      if (!def) throw notFound(`Unable to find property ${ctx.params[1]}`);
      return json(200, def);
    },
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/properties\/([^/]+)$/,
    key: (p) => `POST /crm/v3/properties/${canonical(p[0])}`,
    run: createProperty,
  },
  {
    method: 'DELETE',
    pattern: /^\/appinstalls\/v3\/external-install$/,
    key: () => 'DELETE /appinstalls/v3/external-install',
    run: (ctx) => {
      ctx.revokePortal();
      return new Response(null, { status: 204 });
    },
  },
];

/** Finds the CRM route for an authenticated request; null when HubSpot would answer 404. */
export function matchRoute(method: string, path: string): { route: Route; params: string[] } | null {
  for (const spec of ROUTES) {
    if (spec.method !== method) continue;
    const m = spec.pattern.exec(path);
    if (!m) continue;
    const params = m.slice(1).map((p) => decodeURIComponent(p));
    return { route: { key: spec.key(params), kind: spec.kind ?? 'other', run: spec.run }, params };
  }
  return null;
}
