import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const isCI = Boolean(process.env.CI);
export const missingChromiumMessage = `BROWSER SUITE SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` (never downloaded by the tests).`;

/** The system Chromium, headless; the flags keep it from phoning home during tests. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
