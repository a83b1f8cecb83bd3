import { SOURCE_SCOPES, type DataSource, type UnavailableSource } from '@pulse/shared';
import { isMissingScopes, type ObjectType } from '../hubspot';
import type { Logger } from '../hubspot/types';

/** The object type behind each optional source; companies and deals are required and always read. */
export const SOURCE_OF: Partial<Record<ObjectType, DataSource>> = {
  tickets: 'tickets',
  feedback_submissions: 'surveys',
  contacts: 'contacts',
};

/**
 * Which optional object types one sync reads. A source is skipped when the installation's granted scopes are
 * known and lack its scope (`not_granted`); a 403 MISSING_SCOPES while reading it marks it `refused` and the
 * sync goes on without it instead of failing. An installation with no recorded scopes (a private app's static
 * token: HubSpot does not report them) reads everything and lets HubSpot's answers decide.
 */
export const createSourceTracker = (grantedScopes: readonly string[], logger?: Logger) => {
  const unavailable = new Map<DataSource, UnavailableSource>();
  if (grantedScopes.length > 0)
    for (const [source, scopes] of Object.entries(SOURCE_SCOPES) as [DataSource, readonly string[]][])
      if (scopes.some((scope) => !grantedScopes.includes(scope)))
        unavailable.set(source, { source, reason: 'not_granted', scopes: [...scopes] });

  const readable = (type: ObjectType): boolean => {
    const source = SOURCE_OF[type];
    return source === undefined || !unavailable.has(source);
  };

  return {
    readable,
    /**
     * Runs a read about `type`; when HubSpot refuses an optional source's scope, marks that source refused and
     * answers `fallback`. Any other error (a required type refused included) propagates.
     */
    async guard<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
      try {
        return await fn();
      } catch (error) {
        const type = isMissingScopes(error) ? error.objectType : null;
        const source = type === null ? undefined : SOURCE_OF[type];
        if (source === undefined || !isMissingScopes(error)) throw error;
        const scopes = error.scopes.length > 0 ? error.scopes : SOURCE_SCOPES[source];
        unavailable.set(source, { source, reason: 'refused', scopes: [...scopes] });
        logger?.warn(
          { source, scopes: error.scopes },
          'HubSpot refused an optional source; syncing without it',
        );
        return fallback;
      }
    },
    /** What this sync could not read, in a stable order. */
    list: (): UnavailableSource[] =>
      [...unavailable.values()].sort((a, b) => a.source.localeCompare(b.source)),
  };
};
export type SourceTracker = ReturnType<typeof createSourceTracker>;
