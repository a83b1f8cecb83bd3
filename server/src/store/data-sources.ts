import { z } from 'zod';
import { ZUnavailableSource, type UnavailableSource } from '@pulse/shared';
import type { PortalStore } from './portal-store';

/**
 * The portal's optional data sources it does not give Pulse (tickets, feedback surveys, contacts), as the last
 * sync found them. Kept with the portal's other small state in `checkpoints`, so a disconnect deletes it too.
 */
const KEY = 'pulse.unavailable-sources';

export const readUnavailableSources = async (
  portal: Pick<PortalStore, 'checkpoints'>,
): Promise<UnavailableSource[]> => {
  const raw = await portal.checkpoints.get(KEY);
  if (raw === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  const result = z.array(ZUnavailableSource).safeParse(parsed);
  return result.success ? result.data : [];
};

export const writeUnavailableSources = async (
  portal: Pick<PortalStore, 'checkpoints'>,
  sources: readonly UnavailableSource[],
): Promise<void> => {
  await portal.checkpoints.set(KEY, JSON.stringify(sources));
};
