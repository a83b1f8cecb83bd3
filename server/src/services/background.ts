import type { Logger } from '../logger';

/**
 * Work started by a request that must not delay its answer (webhook processing, recomputing after a settings
 * save). Failures are logged, never thrown at a caller who has already been answered; `idle()` lets tests and
 * shutdown wait for what is in flight.
 */
export type BackgroundTasks = {
  run(name: string, task: () => Promise<unknown>): void;
  idle(): Promise<void>;
};

export const createBackgroundTasks = (logger: Logger): BackgroundTasks => {
  const running = new Set<Promise<unknown>>();
  return {
    run(name, task) {
      const promise = Promise.resolve()
        .then(task)
        .catch((err: unknown) => logger.error({ err, task: name }, 'background task failed'))
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
};
