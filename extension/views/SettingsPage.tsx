import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Alert, Button, Divider, Flex, LoadingSpinner, Text, Toggle } from '@hubspot/ui-extensions';
import {
  type SettingsPreview,
  type SettingsView,
  type Settings,
  parseSettings,
  type SettingsError,
} from '@pulse/shared';
import type { ApiError, PulseApi } from './api';
import { ErrorView } from './ErrorView';
import { formatRelativeTime } from './format';
import { describeError } from './labels';
import { pathKey, setAt, type Path } from './settings-draft';
import { AdminsSection } from './settings/AdminsSection';
import { AdoptionSection } from './settings/AdoptionSection';
import { DisconnectedNotice, DisconnectSection } from './settings/DisconnectSection';
import { SettingsSection, type FieldApi, type ResetControl } from './settings/fields';
import { FinancialSection } from './settings/FinancialSection';
import { HealthScoreSection } from './settings/HealthScoreSection';
import { RenewalRulesSection } from './settings/RenewalRulesSection';
import { resetSection, SECTION_TITLE, sectionOf, type SectionKey } from './settings/reset-section';
import { RiskSection } from './settings/RiskSection';
import { SurveysSection } from './settings/SurveysSection';
import { WindowsSection } from './settings/WindowsSection';
import { SettingsPreviewPanel } from './SettingsPreviewPanel';
import { SettingsSyncStatus } from './SettingsSyncStatus';
import { asyncReducer, toApiError, useAsync } from './use-async';

export type SettingsPageProps = { api: PulseApi; now?: () => number; previewDelayMs?: number };

const DEFAULT_PREVIEW_DELAY_MS = 500;

type EditorProps = {
  api: PulseApi;
  view: SettingsView;
  now: number;
  previewDelayMs: number;
  onSaved: (view: SettingsView) => void;
  onReload: () => void;
};

function SettingsEditor({ api, view, now, previewDelayMs, onSaved, onReload }: EditorProps) {
  const [draft, setDraft] = useState<Settings>(view.settings);
  const [serverErrors, setServerErrors] = useState<SettingsError[]>([]);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [preview, dispatchPreview] = useReducer(asyncReducer<SettingsPreview>, {
    status: 'loading',
    requestId: 0,
    data: undefined,
  });
  const previewRequest = useRef(0);

  const draftKey = JSON.stringify(draft);
  const isDirty = draftKey !== JSON.stringify(view.settings);
  const parsed = useMemo(() => parseSettings(draft), [draftKey]);
  const errors: SettingsError[] = [...(parsed.success ? [] : parsed.errors), ...serverErrors];
  const errorFor = (path: Path) => errors.find((e) => e.path === pathKey(path))?.message;
  const replace = (change: (current: Settings) => Settings) => {
    setDraft(change);
    setServerErrors([]);
    setSaveError(null);
  };
  const field: FieldApi = {
    isReadOnly: !view.canEdit,
    errors,
    errorFor,
    update: (path, value) => replace((current) => setAt(current, path, value)),
    replace,
  };
  /** Each section puts back its own defaults; the preview shows the effect before anything is saved. */
  const resetControl = (section: SectionKey): ResetControl => ({
    onReset: () => replace((current) => resetSection(section, current, view.defaults)),
    isAtDefaults: JSON.stringify(resetSection(section, draft, view.defaults)) === draftKey,
  });

  // Debounced live preview: only the latest request may land (asyncReducer drops older ids).
  useEffect(() => {
    if (!isDirty || !parsed.success) return;
    const settings = parsed.data;
    const timer = setTimeout(() => {
      previewRequest.current += 1;
      const requestId = previewRequest.current;
      dispatchPreview({ type: 'start', requestId });
      api.previewSettings({ settings }).then(
        (data) => dispatchPreview({ type: 'resolve', requestId, data }),
        (error: unknown) => dispatchPreview({ type: 'reject', requestId, error: toApiError(error) }),
      );
    }, previewDelayMs);
    return () => clearTimeout(timer);
  }, [draftKey]);

  async function save() {
    if (!parsed.success) return;
    setIsSaving(true);
    setSaveError(null);
    try {
      onSaved(await api.saveSettings({ settings: parsed.data, expectedVersion: view.version }));
    } catch (e) {
      const error = toApiError(e);
      setServerErrors(error.fields ?? []);
      setSaveError(error);
    } finally {
      setIsSaving(false);
    }
  }

  const previewState = !isDirty
    ? 'idle'
    : !parsed.success
      ? 'invalid'
      : preview.status === 'success'
        ? 'ready'
        : preview.status;
  const s = draft;
  return (
    <Flex direction="column" gap="md">
      {!view.canEdit ? (
        <Alert title="Read-only" variant="info" testId="read-only">
          Only Pulse admins can change these settings: the user who installed Pulse and the admins listed
          below.
        </Alert>
      ) : null}
      {view.warning ? (
        <Alert title="Some information could not be loaded" variant="warning" testId="settings-warning">
          {view.warning}
        </Alert>
      ) : null}
      {view.updatedAt ? (
        <Text variant="microcopy">
          Version {view.version}, saved {formatRelativeTime(view.updatedAt, now)}
          {view.updatedBy ? ` by ${view.updatedBy}` : ''}
        </Text>
      ) : null}
      {errors.length > 0 && isDirty ? (
        <Alert
          title={`${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} to fix before saving`}
          variant="warning"
          testId="problems"
        >
          {errors
            .map((e) => {
              const section = sectionOf(e.path, draft);
              return `${section ? SECTION_TITLE[section] : e.path}: ${e.message}`;
            })
            .join(' · ')}
        </Alert>
      ) : null}

      <HealthScoreSection field={field} settings={s} reset={resetControl('health')} />
      <AdoptionSection
        field={field}
        settings={s}
        properties={view.numericCompanyProperties}
        reset={resetControl('adoption')}
      />
      {view.canEdit ? (
        <SettingsPreviewPanel
          state={previewState}
          preview={preview.data}
          error={preview.status === 'error' ? preview.error : undefined}
        />
      ) : null}
      <RiskSection field={field} risk={s.risk} reset={resetControl('risk')} />
      <RenewalRulesSection field={field} renewals={s.renewals} reset={resetControl('renewals')} />
      <FinancialSection
        field={field}
        financial={s.financial}
        properties={view.numericCompanyProperties}
        reset={resetControl('financial')}
      />
      <SurveysSection field={field} settings={s} reset={resetControl('surveys')} />
      <WindowsSection field={field} settings={s} reset={resetControl('windows')} />

      <SettingsSection
        id="write-back"
        title="Write-back"
        help="Lets you build HubSpot lists, reports and workflows on Pulse scores."
        field={field}
      >
        <Toggle
          label="Write health score, band and renewal risk to company properties"
          name="writeBack.enabled"
          checked={s.writeBack.enabled}
          readOnly={!view.canEdit}
          onChange={(checked) => field.update(['writeBack', 'enabled'], checked)}
          testId="writeBack.enabled"
        />
      </SettingsSection>

      {view.canEdit ? (
        <Flex direction="row" gap="sm" align="center">
          <Button
            variant="primary"
            onClick={() => void save()}
            disabled={!isDirty || !parsed.success || isSaving}
            testId="save"
          >
            {isSaving ? 'Saving…' : 'Save settings'}
          </Button>
          <Button
            variant="secondary"
            onClick={() => field.update([], view.settings)}
            disabled={!isDirty}
            testId="discard"
          >
            Discard changes
          </Button>
          <Button
            variant="transparent"
            onClick={() => field.update([], view.defaults)}
            testId="reset-defaults"
          >
            Reset all to defaults
          </Button>
        </Flex>
      ) : null}
      {saveError ? (
        <Alert title={describeError(saveError).title} variant="error" testId="save-error">
          {saveError.code === 'validation_failed'
            ? 'Some fields need attention; see the messages next to them.'
            : describeError(saveError).text}
          {saveError.code === 'conflict' ? (
            <Button size="xs" onClick={onReload}>
              Reload settings
            </Button>
          ) : null}
        </Alert>
      ) : null}
      <Divider />
      <SettingsSyncStatus api={api} initial={view.sync} now={now} canSync={view.canEdit} />
    </Flex>
  );
}

/** The app's settings page: the scoring model with a live preview, adoption mapping, renewal risk, renewals, revenue, surveys, windows, write-back, sync status, admins and disconnect. */
export function SettingsPage({
  api,
  now = Date.now,
  previewDelayMs = DEFAULT_PREVIEW_DELAY_MS,
}: SettingsPageProps) {
  const { state, reload, set } = useAsync(() => api.getSettings(), 'settings');
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const [isDisconnected, setIsDisconnected] = useState(false);
  if (isDisconnected) return <DisconnectedNotice />;
  if (state.status === 'error' && state.data === undefined)
    return <ErrorView error={state.error} onRetry={reload} />;
  if (state.data === undefined)
    return <LoadingSpinner label="Loading settings…" layout="centered" testId="loading" />;
  const view = state.data;
  return (
    <Flex direction="column" gap="sm">
      {savedVersion === view.version ? (
        <Alert title="Settings saved" variant="success" testId="saved">
          Scores are recomputed with the new settings at the next sync; the history marks the change.
        </Alert>
      ) : null}
      {/* a new version (saved or reloaded) starts a fresh draft */}
      <SettingsEditor
        key={view.version}
        api={api}
        view={view}
        now={now()}
        previewDelayMs={previewDelayMs}
        onSaved={(saved) => {
          setSavedVersion(saved.version);
          set(saved);
        }}
        onReload={reload}
      />
      <Divider />
      <AdminsSection api={api} canEdit={view.canEdit} />
      {view.canEdit ? <DisconnectSection api={api} onDisconnected={() => setIsDisconnected(true)} /> : null}
    </Flex>
  );
}
