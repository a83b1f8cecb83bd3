import { randomBytes } from 'node:crypto';
import { createSandbox, demoDataset } from '../sandbox';
import type { Store } from '../store';

/** The one portal of demo mode, served by the built-in CRM sandbox. */
export const DEMO_PORTAL_ID = 20260401;

/**
 * The CRM of demo mode: the sandbox with the demo dataset, listening on loopback. Its access token is made up per
 * start (the sandbox accepts exactly that one), so nothing secret outlives the process.
 */
export const startDemoCrm = async () => {
  const accessToken = `demo-${randomBytes(16).toString('hex')}`;
  const dataset = demoDataset(Date.now());
  const sandbox = createSandbox({
    portals: [{ portalId: DEMO_PORTAL_ID, dataset, accessTokens: [accessToken] }],
  });
  const server = await sandbox.listen(0, '127.0.0.1');
  return {
    baseUrl: server.url,
    accessToken,
    summary: `sandbox CRM with ${dataset.objects.companies.length} companies`,
    close: () => server.close(),
  };
};

/** The demo visitor acts as the first active CSM with a HubSpot user, so "my book" shows something. */
export const demoVisitor = (store: Store) => {
  let userId: number | null = null;
  return async (): Promise<number | null> => {
    userId ??=
      (await store.forPortal(DEMO_PORTAL_ID).owners.list()).find((o) => o.userId !== null && !o.archived)
        ?.userId ?? null;
    return userId;
  };
};
