// The portal's users and teams (`/settings/v3/users`, `/settings/v3/users/teams`): every owner is a user, the
// first one a super admin. Names also come with the owners (`crm.objects.owners.read`); these endpoints need
// `settings.users.read` / `settings.users.teams.read`.
import { badRequest, json, notFound } from '../hubspot-responses';
import type { SandboxOwner } from '../sandbox-dataset';
import { parseLimit, type RouteContext } from './route-context';

function userOf(owner: SandboxOwner, index: number) {
  const [primary, ...others] = owner.teams;
  return {
    id: String(owner.userId),
    email: owner.email,
    firstName: owner.firstName,
    lastName: owner.lastName,
    roleIds: [],
    ...(primary ? { primaryTeamId: primary.id } : {}),
    secondaryTeamIds: others.map((t) => t.id),
    superAdmin: index === 0,
  };
}

const users = (ctx: RouteContext) =>
  ctx.portal.data.owners.filter((o) => !o.archived).map((o, i) => userOf(o, i));

export function listUsers(ctx: RouteContext): Response {
  const limit = parseLimit(ctx.url.searchParams.get('limit'), 100, 100);
  const after = Number(ctx.url.searchParams.get('after') ?? '0');
  if (!Number.isInteger(after) || after < 0)
    throw badRequest('after must be a paging cursor from a previous page');
  const all = users(ctx);
  const body: Record<string, unknown> = { results: all.slice(after, after + limit) };
  if (after + limit < all.length) body.paging = { next: { after: String(after + limit) } };
  return json(200, body);
}

/** `?idProperty=EMAIL` looks the user up by email instead of id, as HubSpot allows. */
export function getUser(ctx: RouteContext): Response {
  const key = ctx.params[0] ?? '';
  const byEmail = ctx.url.searchParams.get('idProperty') === 'EMAIL';
  const user = users(ctx).find((u) => (byEmail ? u.email === key.toLowerCase() : u.id === key));
  if (!user) throw notFound(`No user ${key}`);
  return json(200, user);
}

export function listTeams(ctx: RouteContext): Response {
  const teams = new Map<
    string,
    { id: string; name: string; userIds: string[]; secondaryUserIds: string[] }
  >();
  for (const owner of ctx.portal.data.owners) {
    if (owner.archived) continue;
    for (const team of owner.teams) {
      const entry = teams.get(team.id) ?? { id: team.id, name: team.name, userIds: [], secondaryUserIds: [] };
      (team.primary ? entry.userIds : entry.secondaryUserIds).push(String(owner.userId));
      teams.set(team.id, entry);
    }
  }
  return json(200, { results: [...teams.values()] });
}
