export {
  createJobRunner,
  createInProcessRunner,
  createPgBossRunner,
  DEFAULT_SYNC_INTERVAL_MS,
  type JobRunner,
  type JobRunnerOptions,
  type RunSyncForPortal,
} from './job-runner';
