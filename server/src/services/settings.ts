import {
  type SettingsPreview,
  type SettingsView,
  parseSettings,
  defaultSettings,
  type Settings,
} from '@pulse/shared';
import { AppError, isAppError } from '../errors';
import { PULSE_COMPANY_PROPERTIES } from '../hubspot';
import { readUnavailableSources, type PortalStore } from '../store';
import type { BackgroundTasks } from './background';
import type { HubSpotPort, RecomputePort, ScoringPort } from './ports';
import { previewWithRecords, runRecompute, startRecomputeStatus } from './settings-recompute';
import { getSyncStatus } from './sync-status';
import { displayNameOf, listPortalUsers } from './users';

/** How long a portal's property catalogue is reused: admins add properties rarely, the page loads often. */
export const PROPERTY_CATALOGUE_TTL_MS = 10 * 60_000;

type PropertyOption = SettingsView['numericCompanyProperties'][number];
type PropertyCatalogue = Pick<HubSpotPort, 'listCompanyProperties' | 'listUsers'>;

/** Per connector (one per app), per portal: the numeric properties read from HubSpot and when. */
const catalogues = new WeakMap<
  PropertyCatalogue,
  Map<number, { readAt: number; properties: PropertyOption[] }>
>();
const PULSE_OWN = new Set(PULSE_COMPANY_PROPERTIES);

const mappedProperties = (settings: Settings) => {
  const names = new Set<string>();
  for (const group of settings.scoring.groups)
    for (const measure of group.measures)
      if (measure.signal.startsWith('adoption:')) names.add(measure.signal.slice('adoption:'.length));
  if (settings.financial.arrProperty !== null) names.add(settings.financial.arrProperty);
  return names;
};

/** The portal's company properties that can be mapped (isMappableProperty); cached per portal. */
/** An identifier, a date or a time stored as a number: numeric, yet no measure of usage or revenue. */
const NOT_A_MEASURE = /(^|_)(id|ids|date|timestamp)(_|$)|_at$|_time$|^hs_time_in_|_ms$/i;

/**
 * Whether a company property makes sense as ARR or an adoption measure: a number that is not Pulse's own, not
 * an identifier (HubSpot's unique-value properties such as Record ID, `*_id`) and not a date or time.
 */
export const isMappableProperty = (p: { name: string; label: string; type: string; unique?: boolean }) =>
  p.type === 'number' &&
  p.unique !== true &&
  !PULSE_OWN.has(p.name) &&
  !NOT_A_MEASURE.test(p.name) &&
  !/\b(record id|id|date|timestamp)\b/i.test(p.label);

const numericPropertiesOf = async (
  hubspot: PropertyCatalogue,
  list: (portalId: number) => Promise<{ name: string; label: string; type: string; unique?: boolean }[]>,
  portalId: number,
  now: number,
): Promise<PropertyOption[]> => {
  const cache =
    catalogues.get(hubspot) ?? new Map<number, { readAt: number; properties: PropertyOption[] }>();
  catalogues.set(hubspot, cache);
  const cached = cache.get(portalId);
  if (cached !== undefined && now - cached.readAt < PROPERTY_CATALOGUE_TTL_MS) return cached.properties;
  const all = await list(portalId);
  const properties = all
    .filter(isMappableProperty)
    .map((p) => ({ name: p.name, label: p.label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  cache.set(portalId, { readAt: now, properties });
  return properties;
};

/**
 * Numeric company properties an admin can map, read from the portal. When HubSpot cannot be asked, the page
 * still opens with the properties already mapped and a warning, rather than failing.
 */
const propertyOptions = async (
  settings: Settings,
  portalId: number,
  input: { hubspot?: PropertyCatalogue | undefined; now?: number | undefined },
): Promise<{ properties: PropertyOption[]; warning: string | null }> => {
  const properties = new Map<string, PropertyOption>();
  let warning: string | null = null;
  const { hubspot } = input;
  const list = hubspot?.listCompanyProperties?.bind(hubspot);
  if (hubspot !== undefined && list !== undefined) {
    try {
      for (const p of await numericPropertiesOf(hubspot, list, portalId, input.now ?? Date.now()))
        properties.set(p.name, p);
    } catch (error) {
      const reason = isAppError(error) ? error.message : 'an unexpected error';
      warning = `The company properties could not be read from HubSpot (${reason}). Only the properties already mapped are listed; reload the page later to choose others.`;
    }
  }
  // A mapped property stays selectable even when HubSpot no longer lists it (deleted, or the read failed).
  for (const name of mappedProperties(settings))
    if (!properties.has(name)) properties.set(name, { name, label: name });
  return { properties: [...properties.values()], warning };
};

export const getSettingsView = async (
  portal: PortalStore,
  input: {
    canEdit: boolean;
    syncIntervalMinutes: number;
    /** where the portal's company properties come from; without it only the mapped ones are listed */
    hubspot?: PropertyCatalogue | undefined;
    now?: number | undefined;
    /** where an admin re-authorizes Pulse (marketplace mode): to grant a scope the install left out */
    reauthorizeUrl?: string | null | undefined;
  },
): Promise<SettingsView> => {
  const [stored, sync, account, unavailableSources] = await Promise.all([
    portal.settings.get(),
    getSyncStatus(portal, input.syncIntervalMinutes),
    portal.account.get(),
    readUnavailableSources(portal),
  ]);
  const settings = stored?.settings ?? defaultSettings;
  const { properties, warning } = await propertyOptions(settings, portal.portalId, input);
  // who saved, by name ("Saved by Ana Ruiz"), not by the email or id the save recorded
  const updatedBy =
    stored?.updatedBy == null
      ? null
      : displayNameOf(
          stored.updatedBy,
          (await listPortalUsers(portal, { hubspot: input.hubspot, now: input.now ?? Date.now() })).users,
        );
  return {
    settings,
    defaults: defaultSettings,
    version: stored?.version ?? 0,
    updatedAt: stored === null ? null : new Date(stored.updatedAt).toISOString(),
    updatedBy,
    canEdit: input.canEdit,
    currencyCode: account?.companyCurrency ?? null,
    sync,
    numericCompanyProperties: properties,
    warning,
    unavailableSources,
    reauthorizeUrl: input.reauthorizeUrl ?? null,
  };
};

/** parseSettings checks what a schema cannot (threshold order, unique keys, usable weights) and names each field. */
export const validateSettings = (input: unknown): Settings => {
  const parsed = parseSettings(input);
  if (!parsed.success)
    throw new AppError('validation_failed', 'The settings are not valid', {
      fields: parsed.errors.map((e) => ({
        path: e.path === '' ? 'settings' : `settings.${e.path}`,
        message: e.message,
      })),
    });
  return parsed.data;
};

/**
 * An admin saves the settings: validated, saved with optimistic concurrency (StoreConflictError → 409 conflict),
 * then every snapshot is re-scored under the new model in the background (the answer does not wait for thousands
 * of companies; GET /settings/recompute reports its progress and result). Returns the page's new view.
 */
export const updateSettings = async (
  deps: {
    portal: PortalStore;
    recompute: RecomputePort;
    scoring: ScoringPort;
    background: BackgroundTasks;
    hubspot?: PropertyCatalogue | undefined;
  },
  input: {
    settings: unknown;
    expectedVersion: number;
    updatedBy: string | null;
    now: () => number;
    syncIntervalMinutes: number;
  },
): Promise<SettingsView> => {
  const { portal } = deps;
  const settings = validateSettings(input.settings);
  const version = await portal.settings.save(settings, {
    expectedVersion: input.expectedVersion,
    updatedBy: input.updatedBy,
    now: input.now(),
  });
  const started = await startRecomputeStatus(portal, version, input.now());
  deps.background.run('recompute after settings change', () =>
    runRecompute({ ...deps, now: input.now }, started, settings),
  );
  return getSettingsView(portal, {
    canEdit: true,
    syncIntervalMinutes: input.syncIntervalMinutes,
    hubspot: deps.hubspot,
    now: input.now(),
  });
};

/** The preview of candidate settings over the stored records (services/settings-recompute.ts). */
export const previewSettings = async (
  deps: { portal: PortalStore; scoring: ScoringPort },
  input: { settings: unknown },
): Promise<SettingsPreview> => previewWithRecords(deps, validateSettings(input.settings));
