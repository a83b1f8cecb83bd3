import { z } from 'zod';
import { AppError } from '../errors';
import { OBJECT_TYPES, type ObjectType } from './types';

/**
 * The errors the connector throws. Everything above server/src/hubspot sees these (AppError codes from the
 * closed set), never an SDK exception.
 */

/** An AppError that remembers HubSpot's status, so callers can tell "already exists" (409) from other failures. */
export class HubSpotApiError extends AppError {
  readonly status: number | null;
  constructor(code: AppError['code'], message: string, status: number | null, cause?: unknown) {
    super(code, message, { cause });
    this.name = 'HubSpotApiError';
    this.status = status;
  }
}

/** Thrown by readers when a 2xx body is not the shape HubSpot documents (an HTML page, a cut-off body). */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

/** The read scope each object type needs (HubSpot's scope names, as in app.manifest.json). */
export const READ_SCOPES: Record<ObjectType, readonly string[]> = {
  companies: ['crm.objects.companies.read'],
  contacts: ['crm.objects.contacts.read'],
  deals: ['crm.objects.deals.read'],
  tickets: ['tickets'],
  feedback_submissions: ['crm.objects.feedback_submissions.read'],
};

/**
 * HubSpot answered 403 with category MISSING_SCOPES: the installation was not granted a scope this call needs
 * (an optional scope the account declined or cannot grant on its tier). Never retried: asking again changes
 * nothing until an admin re-authorizes. `objectType` is the object type whose data was refused, when the call
 * was about one; `scopes` are the scopes HubSpot named (`requiredGranularScopes`).
 */
export class MissingScopesError extends HubSpotApiError {
  readonly objectType: ObjectType | null;
  readonly scopes: readonly string[];
  constructor(input: { objectType: ObjectType | null; scopes: readonly string[]; label: string }) {
    const what = input.objectType ?? input.label;
    const scopes = input.scopes.length > 0 ? input.scopes.join(', ') : 'not named by HubSpot';
    super('forbidden', `HubSpot refused ${what}: Pulse was not granted the scope (${scopes}).`, 403);
    this.name = 'MissingScopesError';
    this.objectType = input.objectType;
    this.scopes = input.scopes;
  }
}

export const isMissingScopes = (error: unknown): error is MissingScopesError =>
  error instanceof MissingScopesError;

const ZScopeContext = z.object({ requiredGranularScopes: z.array(z.string()).optional() }).nullish();

/** HubSpot's 403 body: `category`, `message`, `errors[].context.requiredGranularScopes` (sometimes a top-level `context`). */
const ZMissingScopesBody = z.object({
  category: z.literal('MISSING_SCOPES'),
  context: ZScopeContext,
  errors: z.array(z.object({ context: ZScopeContext })).nullish(),
});

/** The scopes a MISSING_SCOPES body names, or null when the body is not a MISSING_SCOPES answer. */
export const readMissingScopes = (body: unknown): string[] | null => {
  const parsed = ZMissingScopesBody.safeParse(body);
  if (!parsed.success) return null;
  const named = [
    ...(parsed.data.context?.requiredGranularScopes ?? []),
    ...(parsed.data.errors ?? []).flatMap((e) => e.context?.requiredGranularScopes ?? []),
  ];
  return [...new Set(named)];
};

/**
 * Which of the call's object types the refusal is about: the one whose read scope HubSpot named; when HubSpot
 * named none we know, the call's last subject (an association read `X → Y` is refused for Y, since the sync
 * only reads associations from object types it could list).
 */
export const refusedObjectType = (
  subjects: readonly ObjectType[],
  scopes: readonly string[],
): ObjectType | null => {
  const named = subjects.find((type) => READ_SCOPES[type].some((scope) => scopes.includes(scope)));
  if (named !== undefined) return named;
  const fromScopes = OBJECT_TYPES.find((type) => READ_SCOPES[type].some((scope) => scopes.includes(scope)));
  return fromScopes ?? subjects.at(-1) ?? null;
};
