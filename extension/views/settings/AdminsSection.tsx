import { useState } from 'react';
import {
  Alert,
  Button,
  Flex,
  Heading,
  LoadingSpinner,
  NumberInput,
  Select,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import type { AdminsView, PortalUsers } from '@pulse/shared';
import type { ApiError, PulseApi } from '../api';
import { describeError } from '../labels';
import { toApiError, useAsync } from '../use-async';

/** The server keeps at most this many listed admins (ZAdminsRequest). */
export const MAX_ADMINS = 100;

/** Why `value` cannot be added to the listed admins, or undefined when it can. */
export function adminIdProblem(
  value: number | undefined,
  listed: number[],
  installerUserId: number | null,
): string | undefined {
  if (value === undefined || Number.isNaN(value)) return 'Enter a HubSpot user id.';
  if (!Number.isSafeInteger(value) || value <= 0) return 'A HubSpot user id is a positive whole number.';
  if (value === installerUserId) return `User ${value} installed Pulse and is already an admin.`;
  if (listed.includes(value)) return `User ${value} is already listed.`;
  if (listed.length >= MAX_ADMINS) return `Pulse keeps at most ${MAX_ADMINS} admins; remove one first.`;
  return undefined;
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

/** The listed admins being edited: the draft, the id being typed, and saving. */
function useAdminsDraft(
  api: PulseApi,
  view: AdminsView,
  onSaved: (view: AdminsView) => void,
  onEdit: () => void,
) {
  const [draft, setDraft] = useState<number[]>(sorted(view.userIds));
  const [candidate, setCandidate] = useState<number | undefined>(undefined);
  const [tried, setTried] = useState(false);
  // A fresh input after each add: a controlled value set back to undefined does not clear every host's field.
  const [inputKey, setInputKey] = useState(0);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const problem = adminIdProblem(candidate, draft, view.installerUserId);
  const edit = (next: number[]) => {
    setDraft(next);
    onEdit();
    setSaveError(null);
  };

  return {
    draft,
    candidate,
    inputKey,
    saveError,
    isSaving,
    isDirty: JSON.stringify(draft) !== JSON.stringify(sorted(view.userIds)),
    // An empty field is only a problem once someone tries to add it.
    shownProblem: candidate === undefined && !tried ? undefined : problem,
    type(next: number | undefined) {
      setCandidate(next);
      setSaveError(null);
    },
    add() {
      setTried(true);
      if (problem !== undefined || candidate === undefined) return;
      edit(sorted([...draft, candidate]));
      setCandidate(undefined);
      setTried(false);
      setInputKey((k) => k + 1);
    },
    remove: (id: number) => edit(draft.filter((other) => other !== id)),
    /** a user picked by name: the list only offers users who can be added */
    pick(id: number) {
      if (adminIdProblem(id, draft, view.installerUserId) === undefined) edit(sorted([...draft, id]));
    },
    discard: () => setDraft(sorted(view.userIds)),
    async save() {
      setIsSaving(true);
      setSaveError(null);
      try {
        onSaved(await api.saveAdmins({ userIds: draft }));
      } catch (e) {
        setSaveError(toApiError(e));
      } finally {
        setIsSaving(false);
      }
    },
  };
}

type Admins = ReturnType<typeof useAdminsDraft>;

/** Typing a user id: only when the portal's users could not be listed. */
function AdminIdInput({ admins }: { admins: Admins }) {
  return (
    <Flex direction="row" gap="sm" align="end" wrap>
      <NumberInput
        key={admins.inputKey}
        label="HubSpot user id"
        name="admin-user-id"
        value={admins.candidate}
        description="Find it in HubSpot under Settings → Users & Teams (the number in the user's URL)."
        error={admins.shownProblem !== undefined}
        validationMessage={admins.shownProblem}
        onChange={(next) => admins.type(typeof next === 'number' ? next : undefined)}
        testId="admin-user-id"
      />
      <Button onClick={admins.add} testId="admin-add">
        Add
      </Button>
    </Flex>
  );
}

/** Picking a portal user by name; the installer and the users already listed are not offered. */
function AdminPicker({
  admins,
  users,
  installerUserId,
}: {
  admins: Admins;
  users: PortalUsers['users'];
  installerUserId: number | null;
}) {
  const options = users
    .filter((u) => u.userId !== installerUserId && !admins.draft.includes(u.userId))
    .map((u) => ({ value: String(u.userId), label: u.email ? `${u.name} (${u.email})` : u.name }));
  return (
    <Select
      key={admins.draft.join(',')}
      label="Add an admin"
      name="admin-pick"
      placeholder={options.length === 0 ? 'Every user is already an admin' : 'Choose a user'}
      options={options}
      readOnly={options.length === 0}
      onChange={(value) => admins.pick(Number(value))}
      testId="admin-pick"
    />
  );
}

function AdminsEditor({
  api,
  view,
  users,
  canEdit,
  onSaved,
  onEdit,
}: {
  api: PulseApi;
  view: AdminsView;
  /** the portal's users by name; undefined when they could not be listed (ids are typed instead) */
  users: PortalUsers['users'] | undefined;
  canEdit: boolean;
  onSaved: (view: AdminsView) => void;
  /** any change to the draft: a "saved" notice no longer describes it */
  onEdit: () => void;
}) {
  const admins = useAdminsDraft(api, view, onSaved, onEdit);
  const { draft, saveError } = admins;
  const noInstaller = view.installerUserId === null;
  const nameOf = (id: number) => users?.find((u) => u.userId === id)?.name ?? `User ${id}`;
  return (
    <Flex direction="column" gap="sm">
      {view.installerUserId !== null ? (
        <Text testId="admin-installer">{nameOf(view.installerUserId)} (installed Pulse)</Text>
      ) : null}
      {draft.map((id) => (
        <Flex key={id} direction="row" gap="sm" align="center">
          <Text testId={`admin-${id}`}>{nameOf(id)}</Text>
          {canEdit ? (
            <Button
              variant="transparent"
              size="xs"
              onClick={() => admins.remove(id)}
              testId={`admin-remove-${id}`}
            >
              Remove
            </Button>
          ) : null}
        </Flex>
      ))}
      {draft.length === 0 ? (
        <Text variant="microcopy" testId="admins-empty">
          {noInstaller && view.userIds.length === 0 && canEdit
            ? 'No installing user is recorded and nobody is listed, so every user who can open this page can change the settings. Listing admins makes only them admins.'
            : 'Nobody else is listed.'}
        </Text>
      ) : null}
      {canEdit ? (
        <>
          {users === undefined ? (
            <AdminIdInput admins={admins} />
          ) : (
            <AdminPicker admins={admins} users={users} installerUserId={view.installerUserId} />
          )}
          <Flex direction="row" gap="sm" align="center">
            <Button
              variant="primary"
              onClick={() => void admins.save()}
              disabled={!admins.isDirty || admins.isSaving}
              testId="admins-save"
            >
              {admins.isSaving ? 'Saving…' : 'Save admins'}
            </Button>
            <Button
              variant="secondary"
              onClick={admins.discard}
              disabled={!admins.isDirty}
              testId="admins-discard"
            >
              Discard
            </Button>
          </Flex>
        </>
      ) : null}
      {saveError ? (
        <Alert title={describeError(saveError).title} variant="error" testId="admins-error">
          {describeError(saveError).text}
        </Alert>
      ) : null}
    </Flex>
  );
}

/**
 * Who may change Pulse's settings (docs/decisions/005-admin-rule.md): the user who installed Pulse plus the
 * users an admin lists here. Everyone can see the list; only admins can change it.
 */
export function AdminsSection({ api, canEdit }: { api: PulseApi; canEdit: boolean }) {
  const { state, reload, set } = useAsync(() => api.getAdmins(), 'admins');
  const people = useAsync(() => api.getUsers(), 'users');
  const [saved, setSaved] = useState(false);
  const view = state.data;
  return (
    <Tile testId="section-admins">
      <Flex direction="column" gap="sm">
        <Heading>Admins</Heading>
        <Text variant="microcopy">
          The HubSpot user who installed Pulse and the users listed here can change these settings, start a
          sync and disconnect Pulse. Everyone else sees the settings read-only.
        </Text>
        {view === undefined && state.status === 'error' ? (
          <Alert title={describeError(state.error).title} variant="error" testId="admins-load-error">
            {describeError(state.error).text}
            <Button size="xs" onClick={reload}>
              Try again
            </Button>
          </Alert>
        ) : view === undefined || people.state.status === 'loading' ? (
          <LoadingSpinner label="Loading admins…" testId="admins-loading" />
        ) : (
          <AdminsEditor
            key={JSON.stringify(view.userIds)}
            api={api}
            view={view}
            users={people.state.data?.users}
            canEdit={canEdit && view.isAdmin}
            onSaved={(next) => {
              setSaved(true);
              set(next);
            }}
            onEdit={() => setSaved(false)}
          />
        )}
        {people.state.data?.warning ? (
          <Text variant="microcopy" testId="users-warning">
            {people.state.data.warning}
          </Text>
        ) : null}
        {people.state.status === 'error' && people.state.data === undefined ? (
          <Text variant="microcopy" testId="users-error">
            The portal&apos;s users could not be listed ({describeError(people.state.error).text}); enter a
            user id instead.
          </Text>
        ) : null}
        {saved ? (
          <Alert title="Admins saved" variant="success" testId="admins-saved">
            The listed users can change Pulse settings from now on.
          </Alert>
        ) : null}
      </Flex>
    </Tile>
  );
}
