import {
  type Band,
  type BandCounts,
  type CompanySnapshot,
  type PreviewChange,
  type RecomputeStatus,
  type RiskLevel,
  type Settings,
  type SettingsPreview,
  PREVIEW_CHANGES_LIMIT,
  ZRecomputeStatus,
} from '@pulse/shared';
import { isAppError } from '../errors';
import type { PortalStore } from '../store';
import type { RecomputePort, ScoringPort } from './ports';

/** What the admin sees now for one company: the live snapshot's band, score and renewal-risk level. */
type Shown = { name: string; band: Band | null; score: number | null; risk: RiskLevel | null };

const shownNow = async (portal: PortalStore): Promise<Map<string, Shown>> => {
  const shown = new Map<string, Shown>();
  for (const s of await portal.snapshots.list())
    shown.set(s.companyId, {
      name: s.companyName,
      band: s.health.band,
      score: s.health.score,
      risk: s.renewal.risk.level,
    });
  return shown;
};

const emptyCounts = (): BandCounts => ({ healthy: 0, monitor: 0, at_risk: 0, no_data: 0 });
const average = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 10) / 10);

/** Band changes first, then risk changes; within each, by name. */
const byImportance = (a: PreviewChange, b: PreviewChange) => {
  const bandA = a.band.from !== a.band.to ? 0 : 1;
  const bandB = b.band.from !== b.band.to ? 0 : 1;
  return (
    bandA - bandB || a.companyName.localeCompare(b.companyName) || a.companyId.localeCompare(b.companyId)
  );
};

/** Compares the scores shown now with candidate snapshots, one company at a time. */
const createComparison = (shown: Map<string, Shown>) => {
  const current = emptyCounts();
  const proposed = emptyCounts();
  const sums = { current: 0, currentN: 0, proposed: 0, proposedN: 0 };
  const changes: PreviewChange[] = [];
  let changed = 0;
  let riskChanged = 0;
  let companies = 0;
  const add = (after: CompanySnapshot) => {
    companies += 1;
    const before = shown.get(after.companyId) ?? null;
    const band = { from: before?.band ?? null, to: after.health.band };
    const risk = { from: before?.risk ?? null, to: after.renewal.risk.level };
    current[band.from ?? 'no_data'] += 1;
    proposed[band.to ?? 'no_data'] += 1;
    if (before?.score != null) {
      sums.current += before.score;
      sums.currentN += 1;
    }
    if (after.health.score !== null) {
      sums.proposed += after.health.score;
      sums.proposedN += 1;
    }
    const bandMoved = band.from !== band.to;
    const riskMoved = risk.from !== risk.to;
    if (bandMoved) changed += 1;
    if (riskMoved) riskChanged += 1;
    if (bandMoved || riskMoved)
      changes.push({
        companyId: after.companyId,
        companyName: after.companyName,
        band,
        score: { from: before?.score ?? null, to: after.health.score },
        risk,
      });
  };
  const result = (propertiesRead: string[]): SettingsPreview => ({
    companies,
    current,
    proposed,
    changed,
    riskChanged,
    averageCurrent: average(sums.current, sums.currentN),
    averageProposed: average(sums.proposed, sums.proposedN),
    changes: changes.sort(byImportance).slice(0, PREVIEW_CHANGES_LIMIT),
    propertiesRead,
  });
  return { add, result };
};

/**
 * The preview: every stored company recomputed under the candidate settings exactly as the recompute after a save
 * does (ScoringPort), compared with the scores shown now. No HubSpot call, except reading the values of a
 * property mapped since the last sync.
 */
export const previewWithRecords = async (
  deps: { portal: PortalStore; scoring: ScoringPort },
  settings: Settings,
): Promise<SettingsPreview> => {
  const comparison = createComparison(await shownNow(deps.portal));
  const propertiesRead = await deps.scoring.scoreAll(deps.portal.portalId, settings, (batch) => {
    for (const snapshot of batch) comparison.add(snapshot);
  });
  return comparison.result(propertiesRead);
};

/** Where the recompute a save started reports its progress, per portal (read by every instance). */
const RECOMPUTE_KEY = 'pulse.recompute';

const NONE: RecomputeStatus = {
  state: 'none',
  version: 0,
  done: 0,
  total: 0,
  startedAt: null,
  progressAt: null,
  finishedAt: null,
  bandChanged: null,
  riskChanged: null,
  error: null,
};

/** A recompute that reported nothing for this long died with its process (a restart, a crash). */
export const RECOMPUTE_STALE_MS = 15 * 60_000;

export const getRecomputeStatus = async (portal: PortalStore, now: number): Promise<RecomputeStatus> => {
  const raw = await portal.checkpoints.get(RECOMPUTE_KEY);
  if (raw === null) return NONE;
  const parsed = ZRecomputeStatus.safeParse(JSON.parse(raw));
  if (!parsed.success) return NONE;
  const status = parsed.data;
  const lastHeard = Date.parse(status.progressAt ?? status.startedAt ?? '');
  if (status.state === 'running' && Number.isFinite(lastHeard) && now - lastHeard > RECOMPUTE_STALE_MS)
    return {
      ...status,
      state: 'failed',
      error:
        'The recompute stopped without finishing (the server restarted); the next sync recomputes every company.',
    };
  return status;
};

const putStatus = (portal: PortalStore, status: RecomputeStatus) =>
  portal.checkpoints.set(RECOMPUTE_KEY, JSON.stringify(status));

/** Marks the recompute of `version` as started (before the save answers, so the page sees it at once). */
export const startRecomputeStatus = async (portal: PortalStore, version: number, now: number) => {
  const status: RecomputeStatus = {
    ...NONE,
    state: 'running',
    version,
    total: (await portal.snapshots.status()).count,
    startedAt: new Date(now).toISOString(),
  };
  await putStatus(portal, status);
  return status;
};

/**
 * The recompute after a save: newly mapped property values stored first, then every company recomputed, with
 * progress and finally how many companies changed band and risk level, where the page can read them.
 */
export const runRecompute = async (
  deps: { portal: PortalStore; recompute: RecomputePort; scoring: ScoringPort; now: () => number },
  started: RecomputeStatus,
  settings: Settings,
): Promise<void> => {
  const { portal } = deps;
  let status = started;
  // progress writes are chained so the final status is never overwritten by a late progress write
  let writes = Promise.resolve();
  const report = (next: RecomputeStatus) => {
    status = next;
    writes = writes.then(() => putStatus(portal, next));
  };
  try {
    const before = await shownNow(portal);
    await deps.scoring.storeUnreadProperties(portal.portalId, settings);
    await deps.recompute(portal.portalId, 'all', {
      onProgress: (done) =>
        report({
          ...status,
          done,
          total: Math.max(status.total, done),
          progressAt: new Date(deps.now()).toISOString(),
        }),
    });
    const comparison = createComparison(before);
    for (const s of await portal.snapshots.list()) comparison.add(s);
    const { changed, riskChanged, companies } = comparison.result([]);
    report({
      ...status,
      state: 'done',
      done: companies,
      total: companies,
      finishedAt: new Date(deps.now()).toISOString(),
      bandChanged: changed,
      riskChanged,
    });
  } catch (error) {
    report({
      ...status,
      state: 'failed',
      finishedAt: new Date(deps.now()).toISOString(),
      // our errors carry messages written for people; anything else is not shown
      error: isAppError(error) ? error.message : 'an unexpected error; it is in the server log',
    });
    throw error;
  } finally {
    await writes;
  }
};
