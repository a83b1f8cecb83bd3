import { useEffect, useReducer, useRef } from 'react';
import type { Settings, SettingsPreview } from '@pulse/shared';
import type { PulseApi } from '../api';
import type { SettingsPreviewPanelProps } from '../SettingsPreviewPanel';
import { asyncReducer, toApiError } from '../use-async';

/**
 * The debounced live preview of `settings` (null: nothing to preview — unchanged or invalid). Only the
 * latest request may land: asyncReducer drops answers to older request ids.
 */
export function useSettingsPreview(
  api: PulseApi,
  settings: Settings | null,
  delayMs: number,
): Pick<SettingsPreviewPanelProps, 'preview' | 'error'> & { status: 'loading' | 'ready' | 'error' } {
  const [preview, dispatch] = useReducer(asyncReducer<SettingsPreview>, {
    status: 'loading',
    requestId: 0,
    data: undefined,
  });
  const lastRequest = useRef(0);

  useEffect(() => {
    if (settings === null) return;
    const timer = setTimeout(() => {
      lastRequest.current += 1;
      const requestId = lastRequest.current;
      dispatch({ type: 'start', requestId });
      api.previewSettings({ settings }).then(
        (data) => dispatch({ type: 'resolve', requestId, data }),
        (error: unknown) => dispatch({ type: 'reject', requestId, error: toApiError(error) }),
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [api, settings, delayMs]);

  return {
    status: preview.status === 'success' ? 'ready' : preview.status,
    preview: preview.data,
    error: preview.status === 'error' ? preview.error : undefined,
  };
}
