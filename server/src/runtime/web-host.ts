import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger';

/** Where `npm run build:web` (Vite, a dev dependency the server never loads) writes the web host. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../extension/web/dist', import.meta.url));

/** The built web host's folder, or null (with one line saying how to build it): the API runs either way. */
export const webHostDir = (logger: Logger, dir = WEB_DIST_DIR): string | null => {
  if (existsSync(join(dir, 'index.html'))) return dir;
  logger.warn(
    { dir },
    'The web host is not built: the API runs, but / has no pages. Build it with `npm run build:web` (`npm start` does this first).',
  );
  return null;
};
