import {
  type CompanySnapshot,
  type CompanyBundle,
  defaultSettings,
  type Settings,
  buildPipelineIndex,
  type PipelineIndex,
  DAY_MS,
  utcDay,
  computeCompanySnapshot,
  reconstructHistory,
  toHistoryEntry,
  type HistoryEntry,
  type StoredSentiment,
} from '@pulse/shared';
import { isAppError } from '../errors';
import type { PortalClient } from '../hubspot';
import type { Logger } from '../hubspot/types';
import type { PortalStore } from '../store';

/**
 * Companies per recompute batch. A batch (bundles, history, snapshots and their JSON) is what stays alive while
 * the database and write-back answer; V8 lets its old space grow to a few times what is alive, so this bounds
 * the peak. 200 keeps write-back in whole calls of 100 and costs six small queries per batch.
 */
export const BUNDLES_PER_BATCH = 200;
/** History read per company for the trend: 30 days back plus the trend's few days of slack. */
const HISTORY_DAYS = 35;

export type ScoringContext = { settings: Settings; settingsVersion: number; index: PipelineIndex };

export const loadScoringContext = async (portal: PortalStore): Promise<ScoringContext> => {
  const stored = await portal.settings.get();
  return scoringContextFor(portal, stored?.settings ?? defaultSettings, stored?.version ?? 0);
};

/** The context a recompute under `settings` uses (the preview passes candidate settings). */
export const scoringContextFor = async (
  portal: PortalStore,
  settings: Settings,
  settingsVersion: number,
): Promise<ScoringContext> => {
  const pipelines = await portal.pipelines.list();
  return { settings, settingsVersion, index: buildPipelineIndex(pipelines, settings.renewals) };
};

/** The numeric company properties the settings map (ARR, adoption measures): read alongside Pulse's own. */
export const mappedPropertiesOf = (settings: Settings): string[] => {
  const names = new Set<string>();
  if (settings.financial.arrProperty) names.add(settings.financial.arrProperty);
  for (const group of settings.scoring.groups) {
    for (const measure of group.measures)
      if (measure.signal.startsWith('adoption:')) names.add(measure.signal.slice('adoption:'.length));
  }
  return [...names];
};

/** Values Pulse writes to HubSpot, compared with the last written ones (the timestamp is not part of "changed"). */
export const writeBackValues = (snapshot: CompanySnapshot): Record<string, string> => ({
  pulse_health_score: snapshot.health.score === null ? '' : String(Math.round(snapshot.health.score)),
  pulse_health_band: snapshot.health.band ?? '',
  pulse_renewal_risk: snapshot.renewal.risk.level,
  pulse_nps: snapshot.nps.score === null ? '' : String(snapshot.nps.score),
});

export type RecomputeStats = { companies: number; writtenBack: number; writeBackError: string | null };

type BatchContext = ScoringContext & {
  portal: PortalStore;
  now: number;
  /** with a client and write-back enabled, changed values go to HubSpot */
  client: PortalClient | null;
  logger: Logger | undefined;
  stats: RecomputeStats;
};

type ScoringInputs = {
  sentiments: Map<string, StoredSentiment>;
  historyByCompany: Map<string, HistoryEntry[]>;
};
type ScoringRun = ScoringContext & { portal: PortalStore; now: number };

/** Each company's sentiment and recent history, what its snapshot is computed from besides its records. */
const readScoringInputs = async (bundles: CompanyBundle[], ctx: ScoringRun): Promise<ScoringInputs> => {
  const ids = bundles.map((b) => b.company.id);
  const [sentiments, history] = await Promise.all([
    ctx.portal.sentiment.forCompanies(ids),
    ctx.portal.history.forCompanies(ids, utcDay(ctx.now - HISTORY_DAYS * DAY_MS)),
  ]);
  const historyByCompany = new Map<string, HistoryEntry[]>();
  for (const { companyId, ...entry } of history) {
    const list = historyByCompany.get(companyId);
    if (list) list.push(entry);
    else historyByCompany.set(companyId, [entry]);
  }
  return { sentiments, historyByCompany };
};

const snapshotsOf = (bundles: CompanyBundle[], inputs: ScoringInputs, ctx: ScoringRun) =>
  bundles.map((bundle) =>
    computeCompanySnapshot({
      bundle,
      index: ctx.index,
      settings: ctx.settings,
      settingsVersion: ctx.settingsVersion,
      sentiment: inputs.sentiments.get(bundle.company.id) ?? null,
      history: inputs.historyByCompany.get(bundle.company.id) ?? [],
      now: ctx.now,
    }),
  );

/**
 * Snapshots for one batch of bundles under `ctx`'s settings, as a recompute computes them, with nothing written:
 * the settings preview. (Health, band and renewal risk do not depend on history; a company without history gets
 * its rebuilt days only from a real recompute.)
 */
export const scoreBundles = async (bundles: CompanyBundle[], ctx: ScoringRun): Promise<CompanySnapshot[]> =>
  snapshotsOf(bundles, await readScoringInputs(bundles, ctx), ctx);

/** Snapshots for one batch of bundles, plus today's history entries and the write-back of changed values. */
const computeBatch = async (bundles: CompanyBundle[], ctx: BatchContext): Promise<CompanySnapshot[]> => {
  const inputs = await readScoringInputs(bundles, ctx);
  await backfillHistory(bundles, inputs.historyByCompany, inputs.sentiments, ctx);
  const snapshots = snapshotsOf(bundles, inputs, ctx);
  await ctx.portal.history.put(snapshots.map((s) => ({ companyId: s.companyId, ...toHistoryEntry(s) })));
  ctx.stats.companies += snapshots.length;
  await writeBack(snapshots, ctx);
  return snapshots;
};

/**
 * History from day one (docs/metrics.md): a company without any recent history entry (the first sync, a new
 * company) gets the 90 days before today rebuilt from its records' timestamps, marked reconstructed, before its
 * snapshot is computed, so today's trend already reads them. A rebuilt day never replaces a stored one.
 */
const backfillHistory = async (
  bundles: CompanyBundle[],
  historyByCompany: Map<string, HistoryEntry[]>,
  sentiments: Map<string, StoredSentiment>,
  ctx: BatchContext,
): Promise<void> => {
  const rebuilt: (HistoryEntry & { companyId: string })[] = [];
  for (const bundle of bundles) {
    const id = bundle.company.id;
    if (historyByCompany.has(id)) continue;
    const sentiment = sentiments.get(id) ?? null;
    const entries = reconstructHistory(
      bundle,
      ctx.index,
      ctx.settings,
      ctx.settingsVersion,
      sentiment,
      ctx.now,
    );
    historyByCompany.set(id, entries);
    for (const entry of entries) rebuilt.push({ companyId: id, ...entry });
  }
  await ctx.portal.history.put(rebuilt);
};

/**
 * Write-back is a convenience for HubSpot lists and workflows, not the product: when HubSpot refuses it (a
 * missing scope, an outage) the snapshots still count and the failure is reported, not thrown.
 */
const writeBack = async (snapshots: CompanySnapshot[], ctx: BatchContext): Promise<void> => {
  if (
    !ctx.client ||
    !ctx.settings.writeBack.enabled ||
    ctx.stats.writeBackError !== null ||
    snapshots.length === 0
  )
    return;
  try {
    const written = await ctx.portal.writeBack.get(snapshots.map((s) => s.companyId));
    const changed = snapshots
      .map((s) => ({ companyId: s.companyId, values: writeBackValues(s), computedAt: s.computedAt }))
      .filter(({ companyId, values }) => {
        const before = written.get(companyId);
        return !before || Object.entries(values).some(([k, v]) => before[k] !== v);
      });
    if (changed.length === 0) return;
    await ctx.client.ensureCompanyProperties();
    await ctx.client.updateCompanies(
      changed.map((c) => ({
        id: c.companyId,
        properties: { ...c.values, pulse_last_computed: c.computedAt },
      })),
    );
    await ctx.portal.writeBack.set(changed.map(({ companyId, values }) => ({ companyId, values })));
    ctx.stats.writtenBack += changed.length;
  } catch (error) {
    if (!isAppError(error)) throw error;
    ctx.stats.writeBackError = error.message;
    ctx.logger?.warn(
      { portalId: ctx.portal.portalId, code: error.code },
      'write-back to HubSpot failed; snapshots are kept',
    );
  }
};

export type RecomputeOptions = {
  portal: PortalStore;
  /** the companies to recompute, or 'all' (a settings change) */
  companyIds: readonly string[] | 'all';
  now: number | (() => number);
  /** pass one to write changed values back to HubSpot (when the settings allow) */
  client?: PortalClient | null;
  logger?: Logger;
  onProgress?: (done: number) => void;
};

/**
 * Recomputes snapshots. 'all' builds a new snapshot generation that replaces the live set in one step (readers
 * keep the previous complete set until then); a list updates those companies in the live set and removes the
 * snapshots of companies that are gone.
 */
export const recomputeCompanies = async (options: RecomputeOptions): Promise<RecomputeStats> => {
  const { portal } = options;
  const now = typeof options.now === 'function' ? options.now() : options.now;
  const stats: RecomputeStats = { companies: 0, writtenBack: 0, writeBackError: null };
  const ctx: BatchContext = {
    ...(await loadScoringContext(portal)),
    portal,
    now,
    client: options.client ?? null,
    logger: options.logger,
    stats,
  };

  if (options.companyIds === 'all') {
    const generation = await portal.snapshots.beginGeneration();
    for await (const bundles of portal.bundles.iterate({ batchSize: BUNDLES_PER_BATCH })) {
      const snapshots = await computeBatch(bundles, ctx);
      await portal.snapshots.put(snapshots, { syncedAt: now, generation });
      options.onProgress?.(stats.companies);
    }
    await portal.snapshots.commitGeneration(generation);
    return stats;
  }

  const wanted = [...new Set(options.companyIds)];
  if (wanted.length === 0) return stats;
  const seen = new Set<string>();
  for await (const bundles of portal.bundles.iterate({ companyIds: wanted, batchSize: BUNDLES_PER_BATCH })) {
    const snapshots = await computeBatch(bundles, ctx);
    await portal.snapshots.put(snapshots, { syncedAt: now });
    for (const s of snapshots) seen.add(s.companyId);
    options.onProgress?.(stats.companies);
  }
  const gone = wanted.filter((id) => !seen.has(id));
  if (gone.length > 0) await portal.snapshots.delete(gone);
  return stats;
};
