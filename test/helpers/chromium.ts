import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless, with background networking off (the test machines have no
 * internet). Playwright gives every launch a fresh, empty profile.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
