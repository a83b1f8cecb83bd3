/** The part of a pino logger the connector and sync use (a test can pass a stub). Never log tokens. */
export type Logger = {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export const OBJECT_TYPES = ['companies', 'contacts', 'deals', 'tickets', 'feedback_submissions'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** A record HubSpot sent that we could not use; the rest of its page is kept. */
export type SkippedRecord = { objectType: string; id: string; reason: string };
