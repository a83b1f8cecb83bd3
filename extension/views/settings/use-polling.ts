import { useEffect, useRef, useState } from 'react';

/**
 * Reads `load` every `intervalMs` while `active(latest)` holds, starting at once; the latest answer (or the last
 * error) is returned. Stops on unmount, and when `key` changes it starts over.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  options: { key: string | number | null; intervalMs: number; active: (latest: T | undefined) => boolean },
): { data: T | undefined; error: unknown } {
  const [state, setState] = useState<{ key: unknown; data: T | undefined; error: unknown }>({
    key: options.key,
    data: undefined,
    error: undefined,
  });
  // the callbacks change every render; the loop reads the current ones without restarting
  const latest = useRef({ load, active: options.active });
  useEffect(() => {
    latest.current = { load, active: options.active };
  });
  const { key, intervalMs } = options;
  useEffect(() => {
    if (key === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      let data: T | undefined;
      try {
        data = await latest.current.load();
        if (!stopped) setState({ key, data, error: undefined });
      } catch (error) {
        if (!stopped) setState((s) => ({ ...s, key, error }));
      }
      if (!stopped && latest.current.active(data)) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, intervalMs]);
  return state.key === key ? { data: state.data, error: state.error } : { data: undefined, error: undefined };
}
