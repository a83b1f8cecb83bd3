import { Alert, Button, Divider, Flex, Text, Toggle } from '@hubspot/ui-extensions';
import type { Settings, SettingsError, SettingsView } from '@pulse/shared';
import type { ApiError, PulseApi } from '../api';
import { formatRelativeTime } from '../format';
import { describeError } from '../labels';
import { BacktestPanel } from '../BacktestPanel';
import { SettingsPreviewPanel } from '../SettingsPreviewPanel';
import { SettingsSyncStatus } from '../SettingsSyncStatus';
import { AdoptionSection } from './AdoptionSection';
import { SettingsSection, type FieldApi } from './fields';
import { FinancialSection } from './FinancialSection';
import { HealthScoreSection } from './HealthScoreSection';
import { RenewalRulesSection } from './RenewalRulesSection';
import { SECTION_TITLE, sectionOf } from './reset-section';
import { RecomputeProgress } from './RecomputeProgress';
import { RiskSection } from './RiskSection';
import { SurveysSection } from './SurveysSection';
import { useSettingsDraft, type SettingsDraft } from './use-settings-draft';
import { useSettingsPreview } from './use-settings-preview';
import { WindowsSection } from './WindowsSection';

export type SettingsEditorProps = {
  api: PulseApi;
  view: SettingsView;
  now: number;
  previewDelayMs: number;
  pollMs: number;
  /** this version was just saved here: show its recompute where the admin pressed Save */
  savedNow: boolean;
  onSaved: (view: SettingsView) => void;
  onReload: () => void;
};

/** One version of the settings, edited as a draft with a live preview; a new version starts a new editor. */
export function SettingsEditor(props: SettingsEditorProps) {
  const { api, view, now, previewDelayMs, pollMs, onSaved, onReload } = props;
  const editor = useSettingsDraft(api, view, onSaved);
  const { draft, parsed, isDirty, field, resetControl } = editor;
  const preview = useSettingsPreview(api, isDirty && parsed.success ? parsed.data : null, previewDelayMs);
  const previewState = !isDirty ? 'idle' : !parsed.success ? 'invalid' : preview.status;
  return (
    <Flex direction="column" gap="md">
      <EditorNotices view={view} now={now} errors={isDirty ? editor.errors : []} draft={draft} />
      <HealthScoreSection field={field} settings={draft} reset={resetControl('health')} />
      <AdoptionSection
        field={field}
        settings={draft}
        properties={view.numericCompanyProperties}
        reset={resetControl('adoption')}
      />
      {view.canEdit ? (
        <SettingsPreviewPanel state={previewState} preview={preview.preview} error={preview.error} />
      ) : null}
      <BacktestPanel
        api={api}
        draft={draft}
        candidate={isDirty && parsed.success ? parsed.data : null}
        canEdit={view.canEdit}
        currencyCode={view.currencyCode}
        onApply={(settings) => field.update([], settings)}
        previewDelayMs={previewDelayMs}
      />
      <RiskSection field={field} risk={draft.risk} reset={resetControl('risk')} />
      <RenewalRulesSection field={field} renewals={draft.renewals} reset={resetControl('renewals')} />
      <FinancialSection
        field={field}
        financial={draft.financial}
        properties={view.numericCompanyProperties}
        reset={resetControl('financial')}
      />
      <SurveysSection field={field} settings={draft} reset={resetControl('surveys')} />
      <WindowsSection field={field} settings={draft} reset={resetControl('windows')} />
      <WriteBackSection field={field} enabled={draft.writeBack.enabled} />
      {view.canEdit ? <SaveBar editor={editor} view={view} /> : null}
      {props.savedNow ? <RecomputeProgress api={api} version={view.version} pollMs={pollMs} /> : null}
      {editor.saveError ? <SaveErrorAlert error={editor.saveError} onReload={onReload} /> : null}
      <Divider />
      <SettingsSyncStatus api={api} initial={view.sync} now={now} canSync={view.canEdit} pollMs={pollMs} />
    </Flex>
  );
}

/** Who may edit, what could not be loaded, which version this is, and what stands between the draft and Save. */
function EditorNotices({
  view,
  now,
  errors,
  draft,
}: {
  view: SettingsView;
  now: number;
  errors: SettingsError[];
  draft: Settings;
}) {
  return (
    <>
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
      {errors.length > 0 ? (
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
    </>
  );
}

function WriteBackSection({ field, enabled }: { field: FieldApi; enabled: boolean }) {
  return (
    <SettingsSection
      id="write-back"
      title="Write-back"
      help="Lets you build HubSpot lists, reports and workflows on Pulse scores."
      field={field}
    >
      <Toggle
        label="Write health score, band and renewal risk to company properties"
        name="writeBack.enabled"
        checked={enabled}
        readOnly={field.isReadOnly}
        onChange={(checked) => field.update(['writeBack', 'enabled'], checked)}
        testId="writeBack.enabled"
      />
    </SettingsSection>
  );
}

function SaveBar({ editor, view }: { editor: SettingsDraft; view: SettingsView }) {
  const { isDirty, isSaving, parsed, field } = editor;
  return (
    <Flex direction="row" gap="sm" align="center" wrap>
      <Button
        variant="primary"
        onClick={() => void editor.save()}
        disabled={!isDirty || !parsed.success || isSaving}
        testId="save"
      >
        {isSaving ? 'Saving…' : 'Save and recompute now'}
      </Button>
      <Button
        variant="secondary"
        onClick={() => field.update([], view.settings)}
        disabled={!isDirty}
        testId="discard"
      >
        Discard changes
      </Button>
      <Button variant="transparent" onClick={() => field.update([], view.defaults)} testId="reset-defaults">
        Reset all to defaults
      </Button>
    </Flex>
  );
}

function SaveErrorAlert({ error, onReload }: { error: ApiError; onReload: () => void }) {
  const described = describeError(error);
  return (
    <Alert title={described.title} variant="error" testId="save-error">
      {error.code === 'validation_failed'
        ? 'Some fields need attention; see the messages next to them.'
        : described.text}
      {error.code === 'conflict' ? (
        <Button size="xs" onClick={onReload}>
          Reload settings
        </Button>
      ) : null}
    </Alert>
  );
}
