import type { PortalUsers } from '@pulse/shared';
import { isAppError } from '../errors';
import type { PortalStore } from '../store';
import type { HubSpotPort } from './ports';

/** How long a portal's user list is reused: users change rarely, the settings page loads often. */
export const USER_LIST_TTL_MS = 10 * 60_000;

type UserSource = Pick<HubSpotPort, 'listUsers'>;
type User = PortalUsers['users'][number];
type Person = {
  userId: number | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
};

const cache = new WeakMap<UserSource, Map<number, { readAt: number; users: User[] }>>();

const nameOf = (p: Person) =>
  [p.firstName, p.lastName].filter((part) => part !== null && part !== '').join(' ') ||
  p.email ||
  `User ${p.userId}`;

const toUsers = (people: Person[]): User[] =>
  people
    .filter((p): p is Person & { userId: number } => p.userId !== null && p.userId > 0)
    .map((p) => ({ userId: p.userId, name: nameOf(p), email: p.email }))
    .sort((a, b) => a.name.localeCompare(b.name));

/**
 * The portal's users by name, from HubSpot's user list (cached per portal). When it cannot be read (the
 * `settings.users.read` scope is not granted, HubSpot is down) the synced record owners, who are users too,
 * stand in, with a warning.
 */
export const listPortalUsers = async (
  portal: PortalStore,
  input: { hubspot?: UserSource | undefined; now: number },
): Promise<PortalUsers> => {
  const { hubspot } = input;
  const list = hubspot?.listUsers?.bind(hubspot);
  let reason = 'this connection does not read it';
  if (hubspot !== undefined && list !== undefined) {
    const perPortal = cache.get(hubspot) ?? new Map<number, { readAt: number; users: User[] }>();
    cache.set(hubspot, perPortal);
    const cached = perPortal.get(portal.portalId);
    if (cached !== undefined && input.now - cached.readAt < USER_LIST_TTL_MS)
      return { users: cached.users, warning: null };
    try {
      const users = toUsers(await list(portal.portalId));
      perPortal.set(portal.portalId, { readAt: input.now, users });
      return { users, warning: null };
    } catch (error) {
      reason = isAppError(error) ? error.message : 'an unexpected error';
    }
  }
  const owners = await portal.owners.list();
  return {
    users: toUsers(owners.filter((o) => !o.archived)),
    warning: `HubSpot's user list could not be read (${reason}); the record owners are listed instead.`,
  };
};

/** "csm@example.com" or "user 42" (how a save records its author) as the user's name, when known. */
export const displayNameOf = (recorded: string | null, users: User[]): string | null => {
  if (recorded === null) return null;
  const byId = /^user (\d+)$/.exec(recorded);
  const user = byId
    ? users.find((u) => u.userId === Number(byId[1]))
    : users.find((u) => u.email !== null && u.email.toLowerCase() === recorded.toLowerCase());
  return user?.name ?? recorded;
};
