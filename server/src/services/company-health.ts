import {
  DAY_MS,
  utcDay,
  type CompanyHealthView,
  type HistoryPoint,
  type CompanySnapshot,
} from '@pulse/shared';
import { AppError } from '../errors';
import type { PortalStore } from '../store';
import { getSyncStatus, hasSettledSync } from './sync-status';

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

/**
 * The card's view of one company, read from the store (never computed on load). The company id is looked up
 * inside the caller's portal only; an unknown id is 404 once a full sync has finished, and "syncing" before.
 */
export const getCompanyHealthView = async (
  portal: PortalStore,
  input: { companyId: string; now: number; syncIntervalMinutes: number },
): Promise<CompanyHealthView> => {
  const { companyId, now } = input;
  const { portalId } = portal;
  const since = now - (HISTORY_DAYS - 1) * DAY_MS;
  // one statement for the snapshot, its history and the settings changes: the card is the hottest read
  const [card, account] = await Promise.all([
    portal.snapshots.card(companyId, { historySince: utcDay(since), settingsSince: since }),
    portal.account.get(),
  ]);
  if (card === null) {
    if (await hasSettledSync(portal))
      throw new AppError('not_found', `Company ${companyId} is not in this HubSpot account's synced data`);
    return {
      status: 'syncing',
      portalId,
      sync: await getSyncStatus(portal, input.syncIntervalMinutes),
    };
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
  };
};
