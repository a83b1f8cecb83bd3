import {
  DAY_MS,
  utcDay,
  type CompanyHealthView,
  type HistoryPoint,
  type CompanySnapshot,
} from '@pulse/shared';
import { AppError } from '../errors';
import { readUnavailableSources, type PortalStore } from '../store';
import type { OnDemandOutcome } from './company-on-demand';
import { getSyncStatus, hasCompletedFullSync, hasSettledSync } from './sync-status';

export const HISTORY_DAYS = 90;
/** hubspot.fetch caps a response at 1 MB; a verbatim is a survey comment of any length. */
export const MAX_VERBATIM_CHARS = 1000;

const capVerbatims = (snapshot: CompanySnapshot): CompanySnapshot => ({
  ...snapshot,
  nps: {
    ...snapshot.nps,
    verbatims: snapshot.nps.verbatims
      .slice(0, 3)
      .map((v) =>
        v.content.length > MAX_VERBATIM_CHARS
          ? { ...v, content: `${v.content.slice(0, MAX_VERBATIM_CHARS - 1)}…` }
          : v,
      ),
  },
});

type CardInput = {
  companyId: string;
  now: number;
  syncIntervalMinutes: number;
  /** fetches and scores this one company now (on-demand sync), within the card's time budget */
  fetchCompany?: () => Promise<OnDemandOutcome>;
};

const readCard = (portal: PortalStore, companyId: string, now: number) => {
  const since = now - (HISTORY_DAYS - 1) * DAY_MS;
  // one statement for the snapshot, its history and the settings changes: the card is the hottest read
  return portal.snapshots.card(companyId, { historySince: utcDay(since), settingsSince: since });
};

const notFound = (companyId: string) =>
  new AppError('not_found', `Company ${companyId} is not in this HubSpot account's synced data`);

/**
 * The card's view of one company, read from the store (never computed on load). The company id is looked up
 * inside the caller's portal only. A company the store does not have (first sync running, or created since the
 * last sync) is fetched on its own when `fetchCompany` is given; without it, or when that takes longer than the
 * card can wait, the answer is "syncing" while a sync runs or has never finished. 404 when HubSpot does not have
 * the company, or once a full sync has finished without it and no on-demand fetch is possible.
 */
export const getCompanyHealthView = async (
  portal: PortalStore,
  input: CardInput,
): Promise<CompanyHealthView> => {
  const { companyId, now } = input;
  const { portalId } = portal;
  const [stored, account] = await Promise.all([readCard(portal, companyId, now), portal.account.get()]);
  let card = stored;
  let importing = false;
  if (card === null) {
    const settled = await hasSettledSync(portal);
    const outcome = input.fetchCompany ? await input.fetchCompany() : 'pending';
    if (outcome === 'missing' || (settled && !input.fetchCompany)) throw notFound(companyId);
    if (outcome === 'synced') card = await readCard(portal, companyId, now);
    if (card === null)
      return { status: 'syncing', portalId, sync: await getSyncStatus(portal, input.syncIntervalMinutes) };
    importing = !(await hasCompletedFullSync(portal));
  }
  const changedDays = new Set(card.settingsChangedAt.map(utcDay));
  const points: HistoryPoint[] = card.history.map((entry) => ({
    date: entry.date,
    score: entry.score,
    band: entry.band,
    settingsChanged: changedDays.has(entry.date),
    reconstructed: entry.reconstructed === true,
  }));
  return {
    status: 'ready',
    portalId,
    currencyCode: account?.companyCurrency ?? null,
    snapshot: capVerbatims(card.stored.snapshot),
    history: points,
    syncedAt: new Date(card.stored.syncedAt).toISOString(),
    ...(importing ? { importing } : {}),
    unavailableSources: await readUnavailableSources(portal),
  };
};
