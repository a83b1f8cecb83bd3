import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './logger';
import { startPulse } from './runtime';

// Read config, start, listen; nothing else lives here.
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
const logger = createLogger({
  level: config.logLevel,
  pretty: process.stdout.isTTY && config.nodeEnv !== 'production',
});

try {
  const pulse = await startPulse({ config, logger });
  console.log(pulse.summary);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await pulse.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, 'Pulse could not start');
  console.error(`Pulse could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
