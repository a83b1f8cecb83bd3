// Company property definitions and groups (read and create), and the companies batch update that writes
// property values, validated the way HubSpot validates them.
import { badRequest, json, notFound, SandboxHttpError } from '../hubspot-responses';
import { isoDate } from '../iso-date';
import type { SandboxPropertyDefinition } from '../sandbox-dataset';
import { serialize } from './objects';
import {
  batchTimes,
  isObject,
  missingError,
  objectType,
  readIdInputs,
  readJson,
  type RouteContext,
} from './route-context';

const BATCH_MAX = 100;

function companyOnly(ctx: RouteContext): void {
  if (objectType(ctx.params[0]) !== 'companies')
    throw notFound('The sandbox models properties of companies only.');
}

function findProperty(ctx: RouteContext, name: string): SandboxPropertyDefinition | undefined {
  return ctx.portal.data.companyProperties.find((p) => p.name === name && !p.archived);
}

export function listProperties(ctx: RouteContext): Response {
  companyOnly(ctx);
  return json(200, { results: ctx.portal.data.companyProperties.filter((p) => !p.archived) });
}

export function getProperty(ctx: RouteContext): Response {
  companyOnly(ctx);
  const def = findProperty(ctx, ctx.params[1] ?? '');
  if (!def) throw notFound(`Unable to find property ${ctx.params[1]}`);
  return json(200, def);
}

export function listGroups(ctx: RouteContext): Response {
  companyOnly(ctx);
  return json(200, { results: ctx.portal.data.propertyGroups.filter((g) => !g.archived) });
}

export function getGroup(ctx: RouteContext): Response {
  companyOnly(ctx);
  const group = ctx.portal.data.propertyGroups.find((g) => g.name === ctx.params[1] && !g.archived);
  if (!group) throw notFound(`Unable to find property group ${ctx.params[1]}`);
  return json(200, group);
}

const PROPERTY_TYPES: Record<string, string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation'],
  bool: ['booleancheckbox'],
};

function optionsOf(raw: unknown): SandboxPropertyDefinition['options'] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((o, i) => ({
    label: String(o.label ?? o.value ?? ''),
    value: String(o.value ?? ''),
    displayOrder: Number(o.displayOrder ?? i),
    hidden: o.hidden === true,
  }));
}

export async function createProperty(ctx: RouteContext): Promise<Response> {
  companyOnly(ctx);
  const raw = await readJson(ctx.request);
  const body = isObject(raw) ? raw : {};
  const { name, label, type, fieldType, groupName } = body;
  if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name))
    throw badRequest(`name must be lower-case letters, digits and _ (got ${JSON.stringify(name)})`);
  if (typeof label !== 'string' || label === '') throw badRequest('label is required');
  if (typeof type !== 'string' || !PROPERTY_TYPES[type])
    throw badRequest(`type must be one of ${Object.keys(PROPERTY_TYPES).join(', ')}`);
  if (typeof fieldType !== 'string' || !PROPERTY_TYPES[type]?.includes(fieldType))
    throw badRequest(`fieldType ${JSON.stringify(fieldType)} does not fit type ${type}`);
  if (typeof groupName !== 'string' || !ctx.portal.data.propertyGroups.some((g) => g.name === groupName))
    throw badRequest(`Property group ${JSON.stringify(groupName)} does not exist.`);
  if (findProperty(ctx, name))
    throw new SandboxHttpError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${name}' already exists.`);
  const now = isoDate(ctx.clock());
  const definition: SandboxPropertyDefinition = {
    name,
    label,
    type,
    fieldType,
    groupName,
    description: typeof body.description === 'string' ? body.description : '',
    options: optionsOf(body.options),
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

export async function createGroup(ctx: RouteContext): Promise<Response> {
  companyOnly(ctx);
  const raw = await readJson(ctx.request);
  const body = isObject(raw) ? raw : {};
  if (typeof body.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(body.name))
    throw badRequest('name must be lower-case letters, digits and _');
  if (typeof body.label !== 'string' || body.label === '') throw badRequest('label is required');
  const name = body.name;
  if (ctx.portal.data.propertyGroups.some((g) => g.name === name))
    throw new SandboxHttpError(
      409,
      'OBJECT_ALREADY_EXISTS',
      `A property group named '${name}' already exists.`,
    );
  const group = {
    name,
    label: body.label,
    displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1,
    archived: false,
  };
  ctx.portal.data.propertyGroups.push(group);
  return json(201, group);
}

type Problem = { message: string; code: string; context: Record<string, string[]> };

/** HubSpot's check of one property value; a problem, or the value as the string HubSpot stores. */
function checkValue(ctx: RouteContext, name: string, value: unknown): Problem | { text: string | null } {
  const def = findProperty(ctx, name);
  const problem = (message: string, code: string): Problem => ({
    message,
    code,
    context: { propertyName: [name] },
  });
  if (!def) return problem(`Property "${name}" does not exist`, 'PROPERTY_DOESNT_EXIST');
  if (def.modificationMetadata.readOnlyValue)
    return problem(`Property "${name}" is a read only property; its value cannot be set.`, 'READ_ONLY_VALUE');
  const text = value === null ? null : String(value);
  const set = text !== null && text !== '';
  if (
    def.type === 'enumeration' &&
    def.options.length > 0 &&
    set &&
    !def.options.some((o) => o.value === text)
  )
    return problem(`${text} was not one of the allowed options for ${name}`, 'INVALID_OPTION');
  if (def.type === 'number' && set && !Number.isFinite(Number(text)))
    return problem(`${text} is not a valid number for ${name}`, 'INVALID_DECIMAL');
  return { text };
}

export async function batchUpdateCompanies(ctx: RouteContext): Promise<Response> {
  companyOnly(ctx);
  const inputs = readIdInputs(await readJson(ctx.request), BATCH_MAX);
  const problems: Problem[] = [];
  const updates = inputs.map((input, i) => {
    if (!isObject(input.properties)) throw badRequest(`inputs[${i}].properties must be an object`);
    const values: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(input.properties)) {
      const checked = checkValue(ctx, name, value);
      if ('code' in checked) problems.push(checked);
      else values[name] = checked.text;
    }
    return { id: input.id, values };
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
