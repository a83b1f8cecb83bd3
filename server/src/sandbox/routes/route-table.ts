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
import type { RouteContext } from './route-context';

export type Route = {
  /** Endpoint name for stats, with ids replaced by placeholders and object types canonical. */
  key: string;
  kind: 'search' | 'page' | 'other';
  run: (ctx: RouteContext) => Promise<Response> | Response;
};

type RouteSpec = {
  method: string;
  pattern: RegExp;
  /** the path with ids as placeholders; `{0}`, `{1}` stand for the object types captured */
  key: string;
  kind?: Route['kind'];
  run: Route['run'];
};

const apiName = (name: string | undefined): string => {
  const type = crmObjectTypeOf(name ?? '');
  return type ? CRM_OBJECTS[type].apiName : (name ?? '');
};

const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/objects\/([^/]+)$/,
    key: 'GET /crm/v3/objects/{0}',
    kind: 'page',
    run: listObjects,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/search$/,
    key: 'POST /crm/v3/objects/{0}/search',
    kind: 'search',
    run: search,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/batch\/read$/,
    key: 'POST /crm/v3/objects/{0}/batch/read',
    kind: 'page',
    run: batchRead,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/batch\/update$/,
    key: 'POST /crm/v3/objects/{0}/batch/update',
    run: batchUpdateCompanies,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/objects\/([^/]+)\/([^/]+)$/,
    key: 'GET /crm/v3/objects/{0}/{id}',
    run: getObject,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v4\/associations\/([^/]+)\/([^/]+)\/batch\/read$/,
    key: 'POST /crm/v4/associations/{0}/{1}/batch/read',
    kind: 'page',
    run: associationsBatchRead,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/pipelines\/([^/]+)$/,
    key: 'GET /crm/v3/pipelines/{0}',
    run: listPipelines,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/pipelines\/([^/]+)\/([^/]+)$/,
    key: 'GET /crm/v3/pipelines/{0}/{pipelineId}',
    run: getPipeline,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/pipelines\/([^/]+)\/([^/]+)\/stages$/,
    key: 'GET /crm/v3/pipelines/{0}/{pipelineId}/stages',
    run: listStages,
  },
  { method: 'GET', pattern: /^\/crm\/v3\/owners$/, key: 'GET /crm/v3/owners', run: listOwners },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/owners\/([^/]+)$/,
    key: 'GET /crm/v3/owners/{ownerId}',
    run: getOwner,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)$/,
    key: 'GET /crm/v3/properties/{0}',
    run: listProperties,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/groups$/,
    key: 'GET /crm/v3/properties/{0}/groups',
    run: listGroups,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/groups$/,
    key: 'POST /crm/v3/properties/{0}/groups',
    run: createGroup,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/groups\/([^/]+)$/,
    key: 'GET /crm/v3/properties/{0}/groups/{groupName}',
    run: getGroup,
  },
  {
    method: 'GET',
    pattern: /^\/crm\/v3\/properties\/([^/]+)\/([^/]+)$/,
    key: 'GET /crm/v3/properties/{0}/{propertyName}',
    run: getProperty,
  },
  {
    method: 'POST',
    pattern: /^\/crm\/v3\/properties\/([^/]+)$/,
    key: 'POST /crm/v3/properties/{0}',
    run: createProperty,
  },
  {
    method: 'DELETE',
    pattern: /^\/appinstalls\/v3\/external-install$/,
    key: 'DELETE /appinstalls/v3/external-install',
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
    const key = spec.key.replace('{0}', apiName(params[0])).replace('{1}', apiName(params[1]));
    return { route: { key, kind: spec.kind ?? 'other', run: spec.run }, params };
  }
  return null;
}
