import type { CompanyHealthView, SetSentimentRequest } from '@pulse/shared';
import { AppError } from '../errors';
import type { PortalStore } from '../store';
import { getCompanyHealthView } from './company-health';
import type { RecomputePort } from './ports';

/**
 * A CSM sets their sentiment on a company: the company must be in the portal's synced data, the author is named
 * from the portal's owners (else the caller's e-mail), the company is re-scored with it, and the card's new view
 * is the answer.
 */
export const setCompanySentiment = async (
  deps: { portal: PortalStore; recompute: RecomputePort },
  input: {
    companyId: string;
    sentiment: SetSentimentRequest;
    author: { userId: number | null; userEmail: string | null };
    now: () => number;
    syncIntervalMinutes: number;
  },
): Promise<CompanyHealthView> => {
  const { portal } = deps;
  const { companyId, author } = input;
  // the company must exist in the caller's portal before anything is written for it
  if ((await portal.snapshots.get(companyId)) === null)
    throw new AppError('not_found', `Company ${companyId} is not in this HubSpot account's synced data`);
  await portal.sentiment.set(companyId, {
    value: input.sentiment.value,
    note: input.sentiment.note,
    authorUserId: author.userId,
    authorName: (await ownerNameOf(portal, author.userId)) || author.userEmail || 'A HubSpot user',
    setAt: input.now(),
  });
  await deps.recompute(portal.portalId, [companyId]);
  return getCompanyHealthView(portal, {
    companyId,
    now: input.now(),
    syncIntervalMinutes: input.syncIntervalMinutes,
  });
};

/** The owner's full name (or e-mail) when the HubSpot user owns records in the portal; '' otherwise. */
const ownerNameOf = async (portal: PortalStore, userId: number | null): Promise<string> => {
  const owner = userId === null ? null : await portal.owners.byUserId(userId);
  if (owner === null) return '';
  return [owner.firstName, owner.lastName].filter(Boolean).join(' ') || (owner.email ?? '');
};
