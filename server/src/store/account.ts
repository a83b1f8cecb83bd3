import { z } from 'zod';
import { makeCheckpointsRepo } from './checkpoints';
import type { PortalDb } from './scope';

/**
 * What Pulse keeps of the account's own settings (`GET /account-info/v3/details`, read at every sync): the company
 * currency every amount is shown in. Kept beside the sync's other per-portal state; deleted with the portal.
 */
export type AccountSettings = {
  /** ISO 4217, e.g. "EUR"; null when HubSpot did not say */
  companyCurrency: string | null;
  /** when HubSpot was last asked (epoch ms) */
  readAt: number;
};

const KEY = 'account:details';
const ZStored = z.object({ companyCurrency: z.string().nullable(), readAt: z.number() });

export const makeAccountRepo = (scope: PortalDb) => {
  const checkpoints = makeCheckpointsRepo(scope);
  return {
    /** null until a sync has read the account details */
    async get(): Promise<AccountSettings | null> {
      const raw = await checkpoints.get(KEY);
      if (raw === null) return null;
      const parsed = ZStored.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    },
    async set(account: AccountSettings): Promise<void> {
      await checkpoints.set(KEY, JSON.stringify(account));
    },
  };
};
