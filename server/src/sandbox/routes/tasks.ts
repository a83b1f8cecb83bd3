// Creating tasks (`POST /crm/v3/objects/tasks` and its batch), as HubSpot documents them: `hs_timestamp` (the
// due date) required, enumerations and the owner checked, associations by HubSpot-defined type id (task →
// company 192), defaults filled in. Reading tasks back is the generic object routes'. Other object types are
// not created by the sandbox (Pulse creates tasks only).
import { CRM_OBJECT_TYPES, CRM_OBJECTS, type CrmObjectType } from '@pulse/shared';
import { z } from 'zod';
import { badRequest, json, notFound } from '../hubspot-responses';
import { isoDate } from '../iso-date';
import type { AssociationInput } from '../portal-state';
import { associationSpec } from './associations';
import { serialize, type SerializedRecord } from './objects';
import { batchTimes, objectType, readJson, type RouteContext } from './route-context';

const BATCH_MAX = 100;

/** Task properties HubSpot defines, with the values its enumerations allow (null: free text). */
const TASK_PROPERTIES: Record<string, readonly string[] | null> = {
  hs_timestamp: null,
  hs_task_subject: null,
  hs_task_body: null,
  hubspot_owner_id: null,
  hs_task_status: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
  hs_task_priority: ['NONE', 'LOW', 'MEDIUM', 'HIGH'],
  hs_task_type: ['TODO', 'CALL', 'EMAIL'],
  hs_task_reminders: null,
};
const TASK_DEFAULTS = { hs_task_status: 'NOT_STARTED', hs_task_priority: 'NONE', hs_task_type: 'TODO' };

const ZAssociation = z.object({
  to: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
  types: z
    .array(
      z.object({
        associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
        associationTypeId: z.number().int(),
      }),
    )
    .min(1),
});
const ZCreateInput = z.object({
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  associations: z.array(ZAssociation).optional(),
});
type CreateInput = z.infer<typeof ZCreateInput>;

type Problem = { isValid: false; message: string; error: string; name: string };

/** What a task can be associated with, by HubSpot-defined type id (192: company, 204: contact, …). */
const TASK_TARGETS = new Map<number, CrmObjectType>(
  CRM_OBJECT_TYPES.flatMap((type) => {
    const spec = associationSpec('tasks', type);
    return spec ? [[spec.typeId, type] as const] : [];
  }),
);

/** A timestamp HubSpot accepts: epoch milliseconds or an ISO-8601 date. */
function instantOf(value: string): number | null {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Checks and normalises the properties of one new task; problems are HubSpot's per-property messages. */
function taskProperties(ctx: RouteContext, input: CreateInput, problems: Problem[]) {
  const out: Record<string, string | null> = { ...TASK_DEFAULTS };
  const problem = (name: string, error: string, message: string) =>
    problems.push({ isValid: false, message, error, name });
  for (const [name, raw] of Object.entries(input.properties)) {
    const value = raw === null ? null : String(raw);
    const allowed = TASK_PROPERTIES[name];
    if (allowed === undefined) problem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
    else if (allowed && value !== null && !allowed.includes(value))
      problem(name, 'INVALID_OPTION', `${value} was not one of the allowed options: ${allowed.join(', ')}`);
    else if (
      name === 'hubspot_owner_id' &&
      value !== null &&
      !ctx.portal.data.owners.some((o) => o.id === value)
    )
      problem(name, 'INVALID_OWNER_ID', `${value} is not a valid owner id`);
    else if ((name === 'hs_timestamp' || name === 'hs_task_reminders') && value !== null) {
      const at = instantOf(value);
      if (at === null) problem(name, 'INVALID_DATE', `${value} is not a valid date`);
      else out[name] = name === 'hs_timestamp' ? isoDate(at) : String(at);
    } else out[name] = value;
  }
  if (!out.hs_timestamp)
    problem('hs_timestamp', 'REQUIRED_PROPERTY', 'hs_timestamp is required: the due date');
  return out;
}

/** The records the task is associated with, by HubSpot-defined type id; problems name the bad ones. */
function taskAssociations(ctx: RouteContext, input: CreateInput, problems: Problem[]): AssociationInput[] {
  const out: AssociationInput[] = [];
  for (const { to, types } of input.associations ?? []) {
    for (const { associationCategory, associationTypeId } of types) {
      const toType = TASK_TARGETS.get(associationTypeId);
      const bad = (message: string) =>
        problems.push({ isValid: false, message, error: 'INVALID_ASSOCIATION', name: 'associations' });
      if (!toType || associationCategory !== 'HUBSPOT_DEFINED')
        bad(`${associationCategory} ${associationTypeId} is not an association type from a task`);
      else if (ctx.portal.get(toType, to.id)?.archived !== false)
        bad(`No ${CRM_OBJECTS[toType].singular} with id ${to.id} to associate the task with`);
      else out.push({ toType, toId: to.id });
    }
  }
  return out;
}

function parseInputs(ctx: RouteContext, inputs: unknown[]) {
  const problems: Problem[] = [];
  const checked = inputs.map((raw, i) => {
    const parsed = ZCreateInput.safeParse(raw);
    if (!parsed.success)
      throw badRequest(
        `inputs[${i}]: ${parsed.error.issues.map((e) => `${e.path.join('.')} ${e.message}`).join('; ')}`,
      );
    return {
      properties: taskProperties(ctx, parsed.data, problems),
      associations: taskAssociations(ctx, parsed.data, problems),
    };
  });
  if (problems.length > 0)
    throw badRequest(`Property values were not valid: ${JSON.stringify(problems)}`, { errors: problems });
  return checked;
}

function createTask(
  ctx: RouteContext,
  task: { properties: Record<string, string | null>; associations: AssociationInput[] },
): SerializedRecord {
  const rec = ctx.portal.create('tasks', task.properties, task.associations);
  rec.properties.hs_createdate = rec.createdAt;
  return serialize(ctx, 'tasks', rec, Object.keys(rec.properties));
}

function tasksOnly(ctx: RouteContext): void {
  if (objectType(ctx.params[0]) !== 'tasks') throw notFound('The sandbox creates tasks only.');
}

export async function createObject(ctx: RouteContext): Promise<Response> {
  tasksOnly(ctx);
  const created = parseInputs(ctx, [await readJson(ctx.request)]).map((task) => createTask(ctx, task));
  return json(201, created[0]);
}

export async function batchCreate(ctx: RouteContext): Promise<Response> {
  tasksOnly(ctx);
  const body = await readJson(ctx.request);
  const inputs = z.object({ inputs: z.array(z.unknown()) }).safeParse(body);
  if (!inputs.success) throw badRequest('inputs must be an array');
  if (inputs.data.inputs.length > BATCH_MAX)
    throw badRequest(
      `Batch input size of ${inputs.data.inputs.length} exceeds the maximum of ${BATCH_MAX}.`,
      {
        context: { limit: [String(BATCH_MAX)] },
      },
    );
  const results = parseInputs(ctx, inputs.data.inputs).map((task) => createTask(ctx, task));
  return json(201, { status: 'COMPLETE', results, ...batchTimes(ctx) });
}
