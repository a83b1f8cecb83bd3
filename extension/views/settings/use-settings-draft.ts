import { useMemo, useState } from 'react';
import { parseSettings, type Settings, type SettingsError, type SettingsView } from '@pulse/shared';
import type { ApiError, PulseApi } from '../api';
import { pathKey, setAt, type Path } from '../settings-draft';
import { toApiError } from '../use-async';
import type { FieldApi, ResetControl } from './fields';
import { resetSection, type SectionKey } from './reset-section';

/**
 * The settings being edited: the draft, its problems (parseSettings' and, after a refused save, the
 * server's), the field API the sections write through, and saving. Any edit clears the last save error.
 */
export function useSettingsDraft(api: PulseApi, view: SettingsView, onSaved: (view: SettingsView) => void) {
  const [draft, setDraft] = useState<Settings>(view.settings);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const parsed = useMemo(() => parseSettings(draft), [draft]);
  const draftKey = JSON.stringify(draft);
  const isDirty = draftKey !== JSON.stringify(view.settings);
  const errors: SettingsError[] = [...(parsed.success ? [] : parsed.errors), ...(saveError?.fields ?? [])];

  const replace = (change: (current: Settings) => Settings) => {
    setDraft(change);
    setSaveError(null);
  };
  const field: FieldApi = {
    isReadOnly: !view.canEdit,
    errors,
    errorFor: (path: Path) => errors.find((e) => e.path === pathKey(path))?.message,
    update: (path, value) => replace((current) => setAt(current, path, value)),
    replace,
  };
  /** Each section puts back its own defaults; the preview shows the effect before anything is saved. */
  const resetControl = (section: SectionKey): ResetControl => ({
    onReset: () => replace((current) => resetSection(section, current, view.defaults)),
    isAtDefaults: JSON.stringify(resetSection(section, draft, view.defaults)) === draftKey,
  });

  async function save() {
    if (!parsed.success) return;
    setIsSaving(true);
    setSaveError(null);
    try {
      onSaved(await api.saveSettings({ settings: parsed.data, expectedVersion: view.version }));
    } catch (e) {
      setSaveError(toApiError(e));
    } finally {
      setIsSaving(false);
    }
  }

  return { draft, parsed, errors, isDirty, isSaving, saveError, field, resetControl, save };
}

export type SettingsDraft = ReturnType<typeof useSettingsDraft>;
