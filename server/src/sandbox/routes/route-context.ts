// What a CRM route handler gets, and the request parsing every handler shares (HubSpot's limits and messages).
import { CRM_OBJECTS, crmObjectTypeOf, type CrmObjectType } from '@pulse/shared';
import type { FaultInjector } from '../fault-injector';
import { badRequest } from '../hubspot-responses';
import { isoDate } from '../iso-date';
import type { PortalState } from '../portal-state';
import type { SandboxAccount } from '../sandbox-dataset';

export type RouteContext = {
  request: Request;
  url: URL;
  params: string[];
  portal: PortalState;
  /** the account settings account-info reports */
  account: SandboxAccount;
  faults: FaultInjector;
  clock: () => number;
  correlationId: () => string;
  revokePortal: () => void;
};

/** Our name for the object type in a path segment (any of HubSpot's spellings); 400 like HubSpot otherwise. */
export function objectType(name: string | undefined): CrmObjectType {
  const type = crmObjectTypeOf(name ?? '');
  if (!type) throw badRequest(`Unable to infer object type from: ${name}`);
  return type;
}

/** HubSpot's singular name for a type, as its messages spell it. */
export const singular = (type: CrmObjectType): string => CRM_OBJECTS[type].singular;

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`Invalid input JSON: ${(error as Error).message}`);
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `properties=a,b` and `properties=a&properties=b` alike; null when none were asked for. */
export function listParam(url: URL, name: string): string[] | null {
  const names = url.searchParams
    .getAll(name)
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  return names.length > 0 ? names : null;
}

export function parseLimit(raw: string | null, fallback: number, max: number): number {
  if (raw === null || raw === '') return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw badRequest(`limit must be a whole number between 1 and ${max} (got ${raw})`);
  return limit;
}

/** A batch body's `inputs`, each an object; more than `max` is HubSpot's 400. */
export function readInputs(body: unknown, max: number): Array<Record<string, unknown>> {
  const inputs = isObject(body) ? body.inputs : undefined;
  if (!Array.isArray(inputs)) throw badRequest('inputs must be an array');
  if (inputs.length > max)
    throw badRequest(`Batch input size of ${inputs.length} exceeds the maximum of ${max}.`, {
      context: { limit: [String(max)] },
    });
  return inputs.map((input, i) => {
    if (!isObject(input)) throw badRequest(`inputs[${i}] must be an object`);
    return input;
  });
}

/** Batch inputs that name a record: `{ id }`, id as a string. */
export function readIdInputs(body: unknown, max: number): Array<Record<string, unknown> & { id: string }> {
  return readInputs(body, max).map((input, i) => {
    const id = input.id;
    if (typeof id !== 'string' && typeof id !== 'number') throw badRequest(`inputs[${i}].id is required`);
    return { ...input, id: String(id) };
  });
}

export function batchTimes(ctx: RouteContext) {
  const now = isoDate(ctx.clock());
  return { startedAt: now, completedAt: now };
}

/** HubSpot's 207 error entry for ids that do not exist (or are archived). */
export function missingError(type: CrmObjectType, ids: string[]) {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${singular(type).toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
    errors: [],
    links: {},
  };
}
