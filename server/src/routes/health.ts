import { Router } from 'express';
import { RETRY_AFTER_SECONDS } from '../http/error-handler';
import type { RouteContext } from './context';

export const healthRoutes = ({ store, logger }: Pick<RouteContext, 'store' | 'logger'>) => {
  const router = Router();
  // Alive: the process answers. No dependencies, so an orchestrator never restarts us for a database blip.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready: the store answers and its schema is current; otherwise a balancer should send traffic elsewhere.
  router.get('/readyz', async (_req, res) => {
    try {
      await store.ping();
      const migrations = await store.migrationStatus();
      if (!migrations.current) {
        res
          .status(503)
          .json({ status: 'unavailable', reason: 'migrations pending', pending: migrations.pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch (err) {
      logger.warn({ err }, 'readiness check failed');
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS.database_unavailable));
      res
        .status(503)
        .json({ status: 'unavailable', reason: 'store unreachable', code: 'database_unavailable' });
    }
  });
  return router;
};
