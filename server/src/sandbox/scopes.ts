// HubSpot's scope rules as the sandbox enforces them, written down here independently of what Pulse believes
// (server/src/hubspot has its own table): a test only proves something if the simulator can disagree.
//
// Sources: each endpoint's "Required scopes" in HubSpot's API reference; MISSING_SCOPES answers quoted in
// HubSpot/hubspot-api-nodejs issues (#50, #268). Engagements (tasks) are authorised by the contacts scopes:
// HubSpot's reference lists crm.objects.contacts.write for creating a task, and marketplace apps cannot
// request crm.objects.tasks.* scopes. Where the reference lists several scopes, any one of them is enough
// ("One or more of the following scopes are required").
import type { CrmObjectType } from '@pulse/shared';
import { json } from './hubspot-responses';

/** Any one of these scopes satisfies the rule. */
export type ScopeRule = readonly string[];

/** What reading and writing records of a type takes; `write: null` for a type HubSpot keeps read-only. */
export const OBJECT_SCOPES: Record<CrmObjectType, { read: ScopeRule; write: ScopeRule | null }> = {
  companies: { read: ['crm.objects.companies.read'], write: ['crm.objects.companies.write'] },
  contacts: { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
  deals: { read: ['crm.objects.deals.read'], write: ['crm.objects.deals.write'] },
  tickets: { read: ['tickets'], write: ['tickets'] },
  // Read-only in HubSpot; Service Hub Professional or Enterprise.
  responses: { read: ['crm.objects.feedback_submissions.read'], write: null },
  tasks: { read: ['crm.objects.contacts.read'], write: ['crm.objects.contacts.write'] },
};

/**
 * Company property definitions and groups: creating them needs the schema scope; reading them the schema read
 * scope or, as HubSpot also accepts, the records' read scope (an assumption where the reference is unclear,
 * decision 003).
 */
export const COMPANY_SCHEMA_SCOPES: { read: ScopeRule; write: ScopeRule } = {
  read: ['crm.schemas.companies.read', 'crm.objects.companies.read'],
  write: ['crm.schemas.companies.write'],
};

export const OWNERS_READ: ScopeRule = ['crm.objects.owners.read'];
export const USERS_READ: ScopeRule = ['settings.users.read'];
export const TEAMS_READ: ScopeRule = ['settings.users.teams.read'];

/** Every scope a sandbox rule names (plus `oauth`): what a private app configured with all of them holds. */
export const ALL_SCOPES: readonly string[] = [
  ...new Set([
    'oauth',
    ...Object.values(OBJECT_SCOPES).flatMap((s) => [...s.read, ...(s.write ?? [])]),
    ...COMPANY_SCHEMA_SCOPES.read,
    ...COMPANY_SCHEMA_SCOPES.write,
    ...OWNERS_READ,
    ...USERS_READ,
    ...TEAMS_READ,
  ]),
].sort();

/** The first rule the granted scopes do not satisfy, or null when the call is allowed. */
export function unmetRule(rules: readonly ScopeRule[], granted: ReadonlySet<string>): ScopeRule | null {
  return rules.find((rule) => rule.length > 0 && !rule.some((scope) => granted.has(scope))) ?? null;
}

/** HubSpot's 403 for a token without the scope an endpoint needs. */
export function missingScopesResponse(rule: ScopeRule, correlationId: string): Response {
  return json(403, {
    status: 'error',
    message:
      "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    correlationId,
    errors: [
      {
        message: 'One or more of the following scopes are required.',
        context: { requiredGranularScopes: [...rule] },
      },
    ],
    links: { scopes: 'https://developers.hubspot.com/scopes' },
    category: 'MISSING_SCOPES',
  });
}
