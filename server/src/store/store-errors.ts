import { AppError } from '../errors';

/** Optimistic-concurrency failure (a stale `expectedVersion`): the HTTP layer answers 409. */
export class StoreConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'StoreConflictError';
  }
}

/** Stored data that no longer reads back (e.g. settings that fail ZSettings): never replaced silently. */
export class StoreDataError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('internal', message, { cause });
    this.name = 'StoreDataError';
  }
}
