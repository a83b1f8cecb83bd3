// Every CRM endpoint the sandbox serves, matched by method and path. A route's `key` names it in the call
// counts: ids become placeholders and object types HubSpot's API name, so `0-2` and `company` count as companies.
import { CRM_OBJECTS, crmObjectTypeOf } from '@pulse/shared';
import { associationsBatchRead } from './associations';
import { batchRead, getObject, listObjects, search } from './objects';
import { getOwner, getPipeline, listOwners, listPipelines, listStages } from './portal-metadata';
import {
  batchUpdateCompanies,
  createGroup,
  createProperty,
  getGroup,
  getProperty,
  listGroups,
  listProperties,
} from './properties';
import { getAccountDetails } from './account';
import { batchCreate, createObject } from './tasks';
import { getUser, listTeams, listUsers } from './users';
import type { RouteContext } from './route-context';
import {
  COMPANY_SCHEMA_SCOPES,
  OBJECT_SCOPES,
  OWNERS_READ,
  TEAMS_READ,
  USERS_READ,
  type ScopeRule,
} from '../scopes';

export type Route = {
  /** Endpoint name for stats, with ids replaced by placeholders and object types canonical. */
  key: string;
  kind: 'search' | 'page' | 'other';
  /** every rule must be met by the token's scopes, or the call gets HubSpot's 403 MISSING_SCOPES */
  scopes: readonly ScopeRule[];
  run: (ctx: RouteContext) => Promise<Response> | Response;
};

type RouteSpec = {
  method: string;
  pattern: RegExp;
  /** the path with ids as placeholders; `{0}`, `{1}` stand for the object types captured */
  key: string;
  kind?: Route['kind'];
  /** the scope rules for the captured path segments; an object type HubSpot does not know needs none (it 400s) */
  scopes: (params: string[]) => ScopeRule[];
  run: Route['run'];
};

const typeOf = (params: string[], i: number) => crmObjectTypeOf(params[i] ?? '');
/** The read scope of the object types captured at these positions. */
const read =
  (...positions: number[]) =>
  (params: string[]): ScopeRule[] =>
    positions.flatMap((i) => {
      const type = typeOf(params, i);
      return type ? [OBJECT_SCOPES[type].read] : [];
    });
const write = (params: string[]): ScopeRule[] => {
  const type = typeOf(params, 0);
  const rule = type ? OBJECT_SCOPES[type].write : null;
  return rule ? [rule] : [];
};
const companySchema = (rule: ScopeRule) => (params: string[]) =>
  typeOf(params, 0) === 'companies' ? [rule] : [];
const none = (): ScopeRule[] => [];

const apiName = (name: string | undefined): string => {
  const type = crmObjectTypeOf(name ?? '');
  return type ? CRM_OBJECTS[type].apiName : (name ?? '');
};

const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/objects\/([^/]+)$/,
    key: 'GET /crm/v3/objects/{0}',
    scopes: read(0),
    kind: 'page',
    run: listObjects,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/search$/,
    key: 'POST /crm/v3/objects/{0}/search',
    scopes: read(0),
    kind: 'search',
    run: search,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/batch\/read$/,
    key: 'POST /crm/v3/objects/{0}/batch/read',
    scopes: read(0),
    kind: 'page',
    run: batchRead,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)$/,
    key: 'POST /crm/v3/objects/{0}',
    scopes: write,
    run: createObject,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/batch\/create$/,
    key: 'POST /crm/v3/objects/{0}/batch/create',
    scopes: write,
    run: batchCreate,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/batch\/update$/,
    key: 'POST /crm/v3/objects/{0}/batch/update',
    scopes: write,
    run: batchUpdateCompanies,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/([^/]+)$/,
    key: 'GET /crm/v3/objects/{0}/{id}',
    scopes: read(0),
    run: getObject,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v4\/associations\/([^/]+)\/([^/]+)\/batch\/read$/,
    key: 'POST /crm/v4/associations/{0}/{1}/batch/read',
    scopes: read(0, 1),
    kind: 'page',
    run: associationsBatchRead,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/pipelines\/([^/]+)$/,
    key: 'GET /crm/v3/pipelines/{0}',
    scopes: read(0),
    run: listPipelines,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/pipelines\/([^/]+)\/([^/]+)$/,
    key: 'GET /crm/v3/pipelines/{0}/{pipelineId}',
    scopes: read(0),
    run: getPipeline,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/pipelines\/([^/]+)\/([^/]+)\/stages$/,
    key: 'GET /crm/v3/pipelines/{0}/{pipelineId}/stages',
    scopes: read(0),
    run: listStages,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/owners$/,
    key: 'GET /crm/v3/owners',
    scopes: () => [OWNERS_READ],
    run: listOwners,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/owners\/([^/]+)$/,
    key: 'GET /crm/v3/owners/{ownerId}',
    scopes: () => [OWNERS_READ],
    run: getOwner,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)$/,
    key: 'GET /crm/v3/properties/{0}',
    scopes: companySchema(COMPANY_SCHEMA_SCOPES.read),
    run: listProperties,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/groups$/,
    key: 'GET /crm/v3/properties/{0}/groups',
    scopes: companySchema(COMPANY_SCHEMA_SCOPES.read),
    run: listGroups,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/groups$/,
    key: 'POST /crm/v3/properties/{0}/groups',
    scopes: companySchema(COMPANY_SCHEMA_SCOPES.write),
    run: createGroup,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/groups\/([^/]+)$/,
    key: 'GET /crm/v3/properties/{0}/groups/{groupName}',
    scopes: companySchema(COMPANY_SCHEMA_SCOPES.read),
    run: getGroup,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/([^/]+)$/,
    key: 'GET /crm/v3/properties/{0}/{propertyName}',
    scopes: companySchema(COMPANY_SCHEMA_SCOPES.read),
    run: getProperty,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/properties\/([^/]+)$/,
    key: 'POST /crm/v3/properties/{0}',
    scopes: companySchema(COMPANY_SCHEMA_SCOPES.write),
    run: createProperty,
  },
  {
    method: 'DELETE',
    pattern: /^\/appinstalls\/v3\/external-install$/,
    key: 'DELETE /appinstalls/v3/external-install',
    scopes: none,
    run: (ctx) => {
      ctx.revokePortal();
      return new Response(null, { status: 204 });
    },
  },
  {
    method: 'GET',
    pattern: /^\/settings\/v3\/users$/,
    key: 'GET /settings/v3/users',
    scopes: () => [USERS_READ],
    run: listUsers,
  },
  {
    method: 'GET',
    pattern: /^\/settings\/v3\/users\/teams$/,
    key: 'GET /settings/v3/users/teams',
    scopes: () => [TEAMS_READ],
    run: listTeams,
  },
  {
    method: 'GET',
    pattern: /^\/settings\/v3\/users\/([^/]+)$/,
    key: 'GET /settings/v3/users/{userId}',
    scopes: () => [USERS_READ],
    run: getUser,
  },
  {
    method: 'GET',
    pattern: /^\/account-info\/v3\/details$/,
    key: 'GET /account-info/v3/details',
    scopes: none,
    run: getAccountDetails,
  },
];

/** Finds the CRM route for an authenticated request; null when HubSpot would answer 404. */
export function matchRoute(method: string, path: string): { route: Route; params: string[] } | null {
  for (const spec of ROUTES) {
    if (spec.method !== method) continue;
    const m = spec.pattern.exec(path);
    if (!m) continue;
    const params = m.slice(1).map((p) => decodeURIComponent(p));
    const key = spec.key.replace('{0}', apiName(params[0])).replace('{1}', apiName(params[1]));
    return { route: { key, kind: spec.kind ?? 'other', scopes: spec.scopes(params), run: spec.run }, params };
  }
  return null;
}
