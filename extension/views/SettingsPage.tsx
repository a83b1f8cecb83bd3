import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import {
  Accordion,
  Alert,
  Button,
  Divider,
  Flex,
  Heading,
  Input,
  LoadingSpinner,
  NumberInput,
  Text,
  Tile,
  Toggle,
} from '@hubspot/ui-extensions';
import type { SettingsPreview, SettingsView } from '../../shared/src/contracts/settings-api';
import type { Group, Measure, Settings } from '../../shared/src/schemas/settings';
import { parseSettings, type SettingsError } from '../../shared/src/scoring/validate-settings';
import type { ApiError, PulseApi } from './api';
import { ErrorView } from './ErrorView';
import { formatRelativeTime } from './format';
import { describeError } from './labels';
import { pathKey, setAt, type Path } from './settings-draft';
import { SettingsPreviewPanel } from './SettingsPreviewPanel';
import { SettingsSyncStatus } from './SettingsSyncStatus';
import { asyncReducer, toApiError, useAsync } from './use-async';

export type SettingsPageProps = { api: PulseApi; now?: () => number; previewDelayMs?: number };

const DEFAULT_PREVIEW_DELAY_MS = 500;

/** Shared by every field: read the draft value, show its error, write it back. */
type FieldApi = {
  isReadOnly: boolean;
  errorFor: (path: Path) => string | undefined;
  update: (path: Path, value: unknown) => void;
};

function NumberField({
  field,
  path,
  label,
  value,
  min,
  max,
  description,
}: {
  field: FieldApi;
  path: Path;
  label: string;
  value: number;
  min?: number;
  max?: number;
  description?: string;
}) {
  const message = field.errorFor(path);
  return (
    <NumberInput
      label={label}
      name={pathKey(path)}
      value={Number.isFinite(value) ? value : undefined}
      min={min}
      max={max}
      description={description}
      readOnly={field.isReadOnly}
      error={message !== undefined}
      validationMessage={message}
      onChange={(next) => field.update(path, typeof next === 'number' ? next : Number.NaN)}
      testId={pathKey(path)}
    />
  );
}

function TextField({
  field,
  path,
  label,
  value,
  description,
}: {
  field: FieldApi;
  path: Path;
  label: string;
  value: string;
  description?: string;
}) {
  const message = field.errorFor(path);
  return (
    <Input
      label={label}
      name={pathKey(path)}
      value={value}
      description={description}
      readOnly={field.isReadOnly}
      error={message !== undefined}
      validationMessage={message}
      onChange={(next) => field.update(path, next)}
      testId={pathKey(path)}
    />
  );
}

function RuleFields({ field, path, measure }: { field: FieldApi; path: Path; measure: Measure }) {
  const rule = measure.rule;
  switch (rule.kind) {
    case 'steps':
      return (
        <Flex direction="row" gap="sm" wrap>
          {rule.direction === 'lower_is_better'
            ? rule.steps.map((step, i) => (
                <Flex direction="row" gap="xs" key={i}>
                  <NumberField
                    field={field}
                    path={[...path, 'steps', i, 'max']}
                    label={`Up to`}
                    value={step.max}
                  />
                  <NumberField
                    field={field}
                    path={[...path, 'steps', i, 'points']}
                    label="points"
                    value={step.points}
                    min={0}
                    max={100}
                  />
                </Flex>
              ))
            : rule.steps.map((step, i) => (
                <Flex direction="row" gap="xs" key={i}>
                  <NumberField
                    field={field}
                    path={[...path, 'steps', i, 'min']}
                    label={`At least`}
                    value={step.min}
                  />
                  <NumberField
                    field={field}
                    path={[...path, 'steps', i, 'points']}
                    label="points"
                    value={step.points}
                    min={0}
                    max={100}
                  />
                </Flex>
              ))}
          <NumberField
            field={field}
            path={[...path, 'otherwise']}
            label="Otherwise, points"
            value={rule.otherwise}
            min={0}
            max={100}
          />
        </Flex>
      );
    case 'linear':
      return (
        <Flex direction="row" gap="sm" wrap>
          <NumberField field={field} path={[...path, 'from']} label="From value" value={rule.from} />
          <NumberField
            field={field}
            path={[...path, 'fromPoints']}
            label="gives points"
            value={rule.fromPoints}
            min={0}
            max={100}
          />
          <NumberField field={field} path={[...path, 'to']} label="To value" value={rule.to} />
          <NumberField
            field={field}
            path={[...path, 'toPoints']}
            label="gives points"
            value={rule.toPoints}
            min={0}
            max={100}
          />
        </Flex>
      );
    case 'category':
      return (
        <Flex direction="row" gap="sm" wrap>
          {Object.entries(rule.points).map(([category, points]) => (
            <NumberField
              key={category}
              field={field}
              path={[...path, 'points', category]}
              label={`${category.replace(/_/g, ' ')}: points`}
              value={points}
              min={0}
              max={100}
            />
          ))}
        </Flex>
      );
    default: {
      const unreachable: never = rule;
      return unreachable;
    }
  }
}

function GroupFields({
  field,
  group,
  index,
  errors,
}: {
  field: FieldApi;
  group: Group;
  index: number;
  errors: SettingsError[];
}) {
  const base: Path = ['scoring', 'groups', index];
  const groupProblems = errors.filter((e) => e.path === `${pathKey(base)}.measures`);
  return (
    <Tile compact>
      <NumberField
        field={field}
        path={[...base, 'weight']}
        label={`${group.label} weight`}
        value={group.weight}
        min={0}
      />
      {groupProblems.map((problem) => (
        <Text key={problem.message} testId={`${pathKey(base)}.problem`}>
          {problem.message}
        </Text>
      ))}
      {group.measures.length === 0 ? (
        <Text variant="microcopy">
          No measure mapped. Adoption measures come from numeric company properties.
        </Text>
      ) : (
        <Accordion title={`${group.label} measures and thresholds`} size="sm">
          <Flex direction="column" gap="sm">
            {group.measures.map((measure, mi) => {
              const rulePath: Path = [...base, 'measures', mi, 'rule'];
              const ruleProblems = errors.filter(
                (e) =>
                  e.path.startsWith(pathKey(rulePath)) && field.errorFor(e.path.split('.')) === undefined,
              );
              return (
                <Flex direction="column" gap="xs" key={measure.key}>
                  <NumberField
                    field={field}
                    path={[...base, 'measures', mi, 'weight']}
                    label={`${measure.label} weight`}
                    value={measure.weight}
                    min={0}
                  />
                  <RuleFields field={field} path={rulePath} measure={measure} />
                  {ruleProblems.map((problem) => (
                    <Text key={problem.path + problem.message}>{problem.message}</Text>
                  ))}
                </Flex>
              );
            })}
          </Flex>
        </Accordion>
      )}
    </Tile>
  );
}

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
  const field: FieldApi = {
    isReadOnly: !view.canEdit,
    errorFor,
    update: (path, value) => {
      setDraft((current) => setAt(current, path, value));
      setServerErrors([]);
      setSaveError(null);
    },
  };

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
          Only HubSpot super admins can change Pulse settings.
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
          {errors.map((e) => `${e.path}: ${e.message}`).join(' · ')}
        </Alert>
      ) : null}

      <Heading>Health score</Heading>
      <Text variant="microcopy">
        Overall health is the weighted mean of the groups; a group is the weighted mean of its measures. A
        measure without data is left out and its weight spread over the rest.
      </Text>
      {s.scoring.groups.map((group, gi) => (
        <GroupFields key={group.key} field={field} group={group} index={gi} errors={errors} />
      ))}
      <Flex direction="row" gap="sm" wrap>
        <NumberField
          field={field}
          path={['scoring', 'bands', 'healthy']}
          label="Healthy from"
          value={s.scoring.bands.healthy}
          min={0}
          max={100}
        />
        <NumberField
          field={field}
          path={['scoring', 'bands', 'monitor']}
          label="Monitor from"
          value={s.scoring.bands.monitor}
          min={0}
          max={100}
          description="Below this is At risk."
        />
        <NumberField
          field={field}
          path={['scoring', 'sentimentExpiryDays']}
          label="CSM sentiment expires after (days)"
          value={s.scoring.sentimentExpiryDays}
          min={1}
        />
      </Flex>

      <SettingsPreviewPanel
        state={previewState}
        preview={preview.data}
        error={preview.status === 'error' ? preview.error : undefined}
      />
      <Divider />

      <Heading>Renewals</Heading>
      <Flex direction="row" gap="sm" wrap>
        <TextField
          field={field}
          path={['renewals', 'renewalPipelinePattern']}
          label="Renewal pipeline name pattern"
          value={s.renewals.renewalPipelinePattern}
          description="Deals in pipelines whose name matches (case-insensitive) are renewals."
        />
        <TextField
          field={field}
          path={['renewals', 'existingBusinessType']}
          label="Existing-business deal type"
          value={s.renewals.existingBusinessType}
        />
        <TextField
          field={field}
          path={['renewals', 'renewalNamePattern']}
          label="Renewal deal name pattern"
          value={s.renewals.renewalNamePattern}
          description="In other pipelines, existing-business deals whose name matches are renewals."
        />
        <NumberField
          field={field}
          path={['renewals', 'atRiskWindowDays']}
          label="At-risk ARR window (days)"
          value={s.renewals.atRiskWindowDays}
          min={1}
        />
      </Flex>

      <Heading>Surveys</Heading>
      <Flex direction="row" gap="sm" wrap>
        <NumberField
          field={field}
          path={['windows', 'npsDays']}
          label="NPS window (days)"
          value={s.windows.npsDays}
          min={1}
        />
        <NumberField
          field={field}
          path={['windows', 'lowSampleBelow']}
          label="Low sample below (responses)"
          value={s.windows.lowSampleBelow}
          min={0}
        />
      </Flex>

      <Heading>Write-back</Heading>
      <Toggle
        label="Write health score, band and renewal risk to company properties"
        name="writeBack.enabled"
        checked={s.writeBack.enabled}
        readOnly={!view.canEdit}
        onChange={(checked) => field.update(['writeBack', 'enabled'], checked)}
        testId="writeBack.enabled"
      />
      <Text variant="microcopy">Lets you build HubSpot lists, reports and workflows on Pulse scores.</Text>

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
            Reset to defaults
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
      <SettingsSyncStatus api={api} initial={view.sync} now={now} />
    </Flex>
  );
}

/** The app's settings page: scoring model with a live preview, renewal rules, write-back, and sync status. */
export function SettingsPage({
  api,
  now = Date.now,
  previewDelayMs = DEFAULT_PREVIEW_DELAY_MS,
}: SettingsPageProps) {
  const { state, reload, set } = useAsync(() => api.getSettings(), 'settings');
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
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
    </Flex>
  );
}
