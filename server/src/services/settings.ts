import type { BandCounts, SettingsPreview, SettingsView } from '../../../shared/src/contracts/settings-api';
import type { Band } from '../../../shared/src/contracts/snapshot';
import { rescore } from '../../../shared/src/scoring/compute-snapshot';
import { parseSettings } from '../../../shared/src/scoring/validate-settings';
import { defaultSettings, type Settings } from '../../../shared/src/schemas/settings';
import { AppError } from '../errors';
import type { Store } from '../store/store';
import { getSyncStatus } from './sync-status';

/**
 * Numeric company properties an admin can map. We do not read the portal's property catalogue yet, so this is
 * HubSpot's standard numeric company properties plus whatever is already mapped in the portal's settings.
 */
const STANDARD_NUMERIC_PROPERTIES = [
  { name: 'annualrevenue', label: 'Annual revenue' },
  { name: 'total_revenue', label: 'Total revenue' },
  { name: 'numberofemployees', label: 'Number of employees' },
  { name: 'num_associated_contacts', label: 'Number of associated contacts' },
  { name: 'num_associated_deals', label: 'Number of associated deals' },
  { name: 'hs_num_open_deals', label: 'Number of open deals' },
];

const mappedProperties = (settings: Settings) => {
  const names = new Set<string>();
  for (const group of settings.scoring.groups)
    for (const measure of group.measures) if (measure.signal.startsWith('adoption:')) names.add(measure.signal.slice('adoption:'.length));
  if (settings.financial.arrProperty !== null) names.add(settings.financial.arrProperty);
  return names;
};

export const getSettingsView = async (
  store: Store,
  input: { portalId: number; canEdit: boolean; syncIntervalMinutes: number },
): Promise<SettingsView> => {
  const [stored, sync] = await Promise.all([store.getSettings(input.portalId), getSyncStatus(store, input.portalId, input.syncIntervalMinutes)]);
  const settings = stored?.settings ?? defaultSettings;
  const properties = new Map(STANDARD_NUMERIC_PROPERTIES.map((p) => [p.name, p]));
  for (const name of mappedProperties(settings)) if (!properties.has(name)) properties.set(name, { name, label: name });
  return {
    settings,
    defaults: defaultSettings,
    version: stored?.version ?? 0,
    updatedAt: stored === null ? null : new Date(stored.updatedAt).toISOString(),
    updatedBy: stored?.updatedBy ?? null,
    canEdit: input.canEdit,
    sync,
    numericCompanyProperties: [...properties.values()],
  };
};

/** parseSettings checks what a schema cannot (threshold order, unique keys, usable weights) and names each field. */
export const validateSettings = (input: unknown): Settings => {
  const parsed = parseSettings(input);
  if (!parsed.success)
    throw new AppError('validation_failed', 'The settings are not valid', {
      fields: parsed.errors.map((e) => ({ path: e.path === '' ? 'settings' : `settings.${e.path}`, message: e.message })),
    });
  return parsed.data;
};

/** Saves with optimistic concurrency (StoreConflictError → 409 conflict); returns the new version. */
export const saveSettings = async (store: Store, input: { portalId: number; settings: unknown; expectedVersion: number; updatedBy: string | null; now: number }) => {
  const settings = validateSettings(input.settings);
  return store.saveSettings(input.portalId, settings, { expectedVersion: input.expectedVersion, updatedBy: input.updatedBy, now: input.now });
};

const emptyCounts = (): BandCounts => ({ healthy: 0, monitor: 0, at_risk: 0, no_data: 0 });
const bump = (counts: BandCounts, band: Band | null) => {
  counts[band ?? 'no_data'] += 1;
};
const average = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 10) / 10);

/** Band distribution now vs under candidate settings, from stored signals only (no HubSpot calls). */
export const previewSettings = async (store: Store, input: { portalId: number; settings: unknown }): Promise<SettingsPreview> => {
  const proposedSettings = validateSettings(input.settings);
  const [rows, stored] = await Promise.all([store.listSignals(input.portalId), store.getSettings(input.portalId)]);
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
