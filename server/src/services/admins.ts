import { z } from 'zod';
import type { RunMode } from '../config/config';
import type { Store } from '../store';

/**
 * The admin rule (docs/decisions/005-admin-rule.md): the user who installed Pulse on a portal and the users that
 * an admin listed are admins; in demo mode everyone is. Kept in the portal's key-value checkpoints, so uninstall
 * (deleteAllData) removes it with everything else.
 */
const ADMINS_KEY = 'pulse.admins';
const ZAdmins = z.object({
  installerUserId: z.number().int().nullable(),
  userIds: z.array(z.number().int().positive()).max(100),
});
export type Admins = z.infer<typeof ZAdmins>;

export type AdminDirectory = {
  isAdmin(portalId: number, userId: number | null): Promise<boolean>;
  get(portalId: number): Promise<Admins>;
  recordInstaller(portalId: number, userId: number | null): Promise<void>;
  setAdmins(portalId: number, userIds: number[]): Promise<Admins>;
};

export const createAdminDirectory = ({ store, mode }: { store: Store; mode: RunMode }): AdminDirectory => {
  const get = async (portalId: number): Promise<Admins> => {
    const raw = await store.forPortal(portalId).checkpoints.get(ADMINS_KEY);
    if (raw === null) return { installerUserId: null, userIds: [] };
    const parsed = ZAdmins.safeParse(JSON.parse(raw));
    // a row we cannot read grants nobody anything
    return parsed.success ? parsed.data : { installerUserId: null, userIds: [] };
  };
  const save = (portalId: number, admins: Admins) =>
    store.forPortal(portalId).checkpoints.set(ADMINS_KEY, JSON.stringify(admins));
  return {
    get,
    async isAdmin(portalId, userId) {
      if (mode === 'demo') return true;
      const admins = await get(portalId);
      // Single-portal mode has no installing user: until someone lists admins, the operator's portal users all are.
      if (mode === 'single-portal' && admins.installerUserId === null && admins.userIds.length === 0)
        return userId !== null;
      if (userId === null) return false;
      return admins.installerUserId === userId || admins.userIds.includes(userId);
    },
    async recordInstaller(portalId, userId) {
      const admins = await get(portalId);
      await save(portalId, { ...admins, installerUserId: userId });
    },
    async setAdmins(portalId, userIds) {
      const admins = { ...(await get(portalId)), userIds: [...new Set(userIds)].sort((a, b) => a - b) };
      await save(portalId, admins);
      return admins;
    },
  };
};
