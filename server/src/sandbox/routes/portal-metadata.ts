// Pipelines (deals and tickets) and owners.
import type { SandboxOwner, SandboxPipeline } from '../sandbox-dataset';
import { badRequest, json, notFound } from '../hubspot-responses';
import { parseLimit, type RouteContext } from './route-context';
import { crmObjectTypeOf } from '@pulse/shared';

function pipelineList(ctx: RouteContext): SandboxPipeline[] {
  const type = crmObjectTypeOf(ctx.params[0] ?? '');
  if (type === 'deals') return ctx.portal.data.pipelines.deals;
  if (type === 'tickets') return ctx.portal.data.pipelines.tickets;
  throw badRequest(`Unable to infer object type from: ${ctx.params[0]}`);
}

function pipeline(ctx: RouteContext): SandboxPipeline {
  const found = pipelineList(ctx).find((p) => p.id === ctx.params[1]);
  if (!found) throw notFound(`Unable to find pipeline ${ctx.params[1]}`);
  return found;
}

export const listPipelines = (ctx: RouteContext) =>
  json(200, { results: pipelineList(ctx).filter((p) => !p.archived) });
export const getPipeline = (ctx: RouteContext) => json(200, pipeline(ctx));
export const listStages = (ctx: RouteContext) => json(200, { results: pipeline(ctx).stages });

export function listOwners(ctx: RouteContext): Response {
  const limit = parseLimit(ctx.url.searchParams.get('limit'), 100, 500);
  const after = Number(ctx.url.searchParams.get('after') ?? '0');
  if (!Number.isInteger(after) || after < 0)
    throw badRequest('after must be a paging cursor from a previous page');
  const email = ctx.url.searchParams.get('email');
  const archived = ctx.url.searchParams.get('archived') === 'true';
  const all = ctx.portal.data.owners.filter(
    (o: SandboxOwner) => o.archived === archived && (email === null || o.email === email.toLowerCase()),
  );
  const body: Record<string, unknown> = { results: all.slice(after, after + limit) };
  if (after + limit < all.length) body.paging = { next: { after: String(after + limit) } };
  return json(200, body);
}

export function getOwner(ctx: RouteContext): Response {
  const owner = ctx.portal.data.owners.find((o) => o.id === ctx.params[0]);
  if (!owner) throw notFound();
  return json(200, owner);
}
