import {
  type BandCounts,
  type SettingsPreview,
  type SettingsView,
  type Band,
  rescore,
  parseSettings,
  defaultSettings,
  type Settings,
} from '@pulse/shared';
import { AppError, isAppError } from '../errors';
import { PULSE_COMPANY_PROPERTIES } from '../hubspot';
import { readUnavailableSources, type PortalStore } from '../store';
import type { BackgroundTasks } from './background';
import type { HubSpotPort, RecomputePort } from './ports';
import { getSyncStatus } from './sync-status';

/** How long a portal's property catalogue is reused: admins add properties rarely, the page loads often. */
export const PROPERTY_CATALOGUE_TTL_MS = 10 * 60_000;

type PropertyOption = SettingsView['numericCompanyProperties'][number];
type PropertyCatalogue = Pick<HubSpotPort, 'listCompanyProperties'>;

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

/** The portal's numeric company properties, Pulse's own (written by write-back) left out; cached per portal. */
const numericPropertiesOf = async (
  hubspot: PropertyCatalogue,
  list: (portalId: number) => Promise<{ name: string; label: string; type: string }[]>,
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
    .filter((p) => p.type === 'number' && !PULSE_OWN.has(p.name))
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
  return {
    settings,
    defaults: defaultSettings,
    version: stored?.version ?? 0,
    updatedAt: stored === null ? null : new Date(stored.updatedAt).toISOString(),
    updatedBy: stored?.updatedBy ?? null,
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
 * of companies). Returns the page's new view.
 */
export const updateSettings = async (
  deps: {
    portal: PortalStore;
    recompute: RecomputePort;
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
  await portal.settings.save(settings, {
    expectedVersion: input.expectedVersion,
    updatedBy: input.updatedBy,
    now: input.now(),
  });
  deps.background.run('recompute after settings change', () => deps.recompute(portal.portalId, 'all'));
  return getSettingsView(portal, {
    canEdit: true,
    syncIntervalMinutes: input.syncIntervalMinutes,
    hubspot: deps.hubspot,
    now: input.now(),
  });
};

const emptyCounts = (): BandCounts => ({ healthy: 0, monitor: 0, at_risk: 0, no_data: 0 });
const bump = (counts: BandCounts, band: Band | null) => {
  counts[band ?? 'no_data'] += 1;
};
const average = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 10) / 10);

/** Band distribution now vs under candidate settings, from stored signals only (no HubSpot calls). */
export const previewSettings = async (
  portal: PortalStore,
  input: { settings: unknown },
): Promise<SettingsPreview> => {
  const proposedSettings = validateSettings(input.settings);
  const [rows, stored] = await Promise.all([portal.snapshots.signals(), portal.settings.get()]);
  const currentSettings = stored?.settings ?? defaultSettings;
  const current = emptyCounts();
  const proposed = emptyCounts();
  let changed = 0;
  const sums = { current: 0, currentN: 0, proposed: 0, proposedN: 0 };
  for (const row of rows) {
    const before = rescore(row.signals, currentSettings);
    const after = rescore(row.signals, proposedSettings);
    bump(current, before.band);
    bump(proposed, after.band);
    if (before.band !== after.band) changed += 1;
    if (before.score !== null) {
      sums.current += before.score;
      sums.currentN += 1;
    }
    if (after.score !== null) {
      sums.proposed += after.score;
      sums.proposedN += 1;
    }
  }
  return {
    companies: rows.length,
    current,
    proposed,
    changed,
    averageCurrent: average(sums.current, sums.currentN),
    averageProposed: average(sums.proposed, sums.proposedN),
  };
};
