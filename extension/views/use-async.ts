import { useCallback, useEffect, useReducer, useRef } from 'react';
import { ApiError } from './api';

/**
 * Async state as a small reducer. Every request gets an id; a response whose id is not the latest is
 * dropped, so a slow old answer never overwrites a newer one (filters changed, retry clicked…).
 * `data` survives a reload so lists do not flash empty while the next page loads.
 */
export type AsyncState<T> =
  | { status: 'loading'; requestId: number; data: T | undefined }
  | { status: 'success'; requestId: number; data: T }
  | { status: 'error'; requestId: number; data: T | undefined; error: ApiError };

type Action<T> =
  | { type: 'start'; requestId: number }
  | { type: 'resolve'; requestId: number; data: T }
  | { type: 'reject'; requestId: number; error: ApiError };

export function asyncReducer<T>(state: AsyncState<T>, action: Action<T>): AsyncState<T> {
  switch (action.type) {
    case 'start':
      return { status: 'loading', requestId: action.requestId, data: state.data };
    case 'resolve':
      return action.requestId === state.requestId
        ? { status: 'success', requestId: action.requestId, data: action.data }
        : state;
    case 'reject':
      return action.requestId === state.requestId
        ? { status: 'error', requestId: action.requestId, data: state.data, error: action.error }
        : state;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('internal', error instanceof Error ? error.message : String(error));
}

/**
 * Runs `load` whenever `key` changes (and on `reload()`); `set` replaces the data with a value obtained
 * elsewhere (a save that answers with the fresh view). `key` must be a string so the effect compares it.
 */
export function useAsync<T>(load: () => Promise<T>, key: string) {
  const [state, dispatch] = useReducer(asyncReducer<T>, { status: 'loading', requestId: 0, data: undefined });
  const nextId = useRef(0);
  // The latest `load`, for `run` and `reload`; refreshed after each render, before the effect below runs.
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  const run = useCallback(() => {
    nextId.current += 1;
    const requestId = nextId.current;
    dispatch({ type: 'start', requestId });
    loadRef.current().then(
      (data) => dispatch({ type: 'resolve', requestId, data }),
      (error: unknown) => dispatch({ type: 'reject', requestId, error: toApiError(error) }),
    );
  }, []);

  const set = useCallback((data: T) => {
    nextId.current += 1;
    const requestId = nextId.current;
    dispatch({ type: 'start', requestId });
    dispatch({ type: 'resolve', requestId, data });
  }, []);

  useEffect(run, [key, run]);
  return { state, reload: run, set };
}
