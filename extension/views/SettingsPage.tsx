import { useState } from 'react';
import { Divider, Flex, LoadingSpinner } from '@hubspot/ui-extensions';
import type { PulseApi } from './api';
import { ErrorView } from './ErrorView';
import { AdminsSection } from './settings/AdminsSection';
import { DisconnectedNotice, DisconnectSection } from './settings/DisconnectSection';
import { SettingsEditor } from './settings/SettingsEditor';
import { UnavailableSources } from './UnavailableSources';
import { useAsync } from './use-async';

export type SettingsPageProps = {
  api: PulseApi;
  now?: () => number;
  previewDelayMs?: number;
  /** how often a running recompute or sync is re-read */
  pollMs?: number;
};

const DEFAULT_PREVIEW_DELAY_MS = 500;
const DEFAULT_POLL_MS = 1000;

/** The app's settings page: the scoring model with a live preview, adoption mapping, renewal risk, renewals, revenue, surveys, windows, write-back, sync status, admins and disconnect. */
export function SettingsPage({
  api,
  now = Date.now,
  previewDelayMs = DEFAULT_PREVIEW_DELAY_MS,
  pollMs = DEFAULT_POLL_MS,
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
      <UnavailableSources
        sources={view.unavailableSources}
        reauthorizeUrl={view.canEdit ? view.reauthorizeUrl : null}
      />
      {/* a new version (saved or reloaded) starts a fresh draft */}
      <SettingsEditor
        key={view.version}
        api={api}
        view={view}
        now={now()}
        previewDelayMs={previewDelayMs}
        pollMs={pollMs}
        savedNow={savedVersion === view.version}
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
