import {
  buildPipelineIndex,
  defaultSettings,
  renewalCases,
  rescoreCases,
  sameSignals,
  suggestWeights,
  summarizeBacktest,
  toIso,
  type BacktestCase,
  type BacktestPreview,
  type BacktestReport,
  type BacktestView,
  type Settings,
  type WeightSuggestion,
} from '@pulse/shared';
import type { PortalStore } from '../store';
import type { BackgroundTasks } from './background';
import { validateSettings } from './settings';

/** A saved backtest older than this is recomputed (new renewals close, the sync adds records). */
export const BACKTEST_MAX_AGE_MS = 24 * 3_600_000;
/** Companies read per batch: bounds what is alive while the store answers. */
const BUNDLES_PER_BATCH = 200;

type Result = {
  version: number;
  computedAt: number;
  settings: Settings;
  cases: BacktestCase[];
  report: BacktestReport;
  suggestion: WeightSuggestion;
};

/** Every renewal case of the portal under `settings`, from the stored records (never from HubSpot). */
export const collectCases = async (
  portal: PortalStore,
  settings: Settings,
  now: number,
): Promise<BacktestCase[]> => {
  const index = buildPipelineIndex(await portal.pipelines.list(), settings.renewals);
  const cases: BacktestCase[] = [];
  for await (const bundles of portal.bundles.iterate({ batchSize: BUNDLES_PER_BATCH })) {
    const sentiments = await portal.sentiment.forCompanies(bundles.map((b) => b.company.id));
    for (const bundle of bundles)
      cases.push(...renewalCases(bundle, index, settings, sentiments.get(bundle.company.id) ?? null, now));
  }
  return cases;
};

export type Backtests = {
  /** the saved model's backtest: ready when computed for the current settings version, else started */
  view(portal: PortalStore): Promise<BacktestView>;
  /** the saved model vs a draft, side by side (waits for the saved model's backtest) */
  preview(portal: PortalStore, draft: unknown): Promise<BacktestPreview>;
};

/**
 * The backtest runs off the request path (a background task) and is kept per portal for its settings version;
 * `view` answers "running" until it is there. In memory: a restart recomputes on the next request.
 */
export const createBacktests = (deps: { background: BackgroundTasks; now: () => number }): Backtests => {
  const results = new Map<number, Result>();
  const running = new Map<number, { version: number; promise: Promise<Result> }>();

  const compute = async (portal: PortalStore): Promise<Result> => {
    const stored = await portal.settings.get();
    const settings = stored?.settings ?? defaultSettings;
    const now = deps.now();
    const cases = await collectCases(portal, settings, now);
    const result: Result = {
      version: stored?.version ?? 0,
      computedAt: now,
      settings,
      cases,
      report: summarizeBacktest(cases, settings),
      suggestion: suggestWeights(cases, settings),
    };
    results.set(portal.portalId, result);
    return result;
  };

  const start = (portal: PortalStore, version: number): Promise<Result> => {
    const inFlight = running.get(portal.portalId);
    if (inFlight !== undefined && inFlight.version === version) return inFlight.promise;
    const promise = compute(portal).finally(() => {
      if (running.get(portal.portalId)?.promise === promise) running.delete(portal.portalId);
    });
    running.set(portal.portalId, { version, promise });
    deps.background.run('backtest', () => promise);
    return promise;
  };

  const fresh = async (portal: PortalStore): Promise<{ result: Result | null; version: number }> => {
    const version = (await portal.settings.get())?.version ?? 0;
    const result = results.get(portal.portalId);
    const isFresh =
      result !== undefined &&
      result.version === version &&
      deps.now() - result.computedAt < BACKTEST_MAX_AGE_MS;
    return { result: isFresh ? result : null, version };
  };

  return {
    async view(portal) {
      const { result, version } = await fresh(portal);
      if (result === null) {
        void start(portal, version).catch(() => undefined); // logged by the background task
        return { status: 'running', settingsVersion: version };
      }
      return {
        status: 'ready',
        settingsVersion: result.version,
        computedAt: toIso(result.computedAt),
        report: result.report,
        suggestion: result.suggestion,
      };
    },
    async preview(portal, draftInput) {
      const draft = validateSettings(draftInput);
      const { result: cached, version } = await fresh(portal);
      const current = cached ?? (await start(portal, version));
      const proposedCases = sameSignals(current.settings, draft)
        ? rescoreCases(current.cases, draft)
        : await collectCases(portal, draft, deps.now());
      return { current: current.report, proposed: summarizeBacktest(proposedCases, draft) };
    },
  };
};
