import { type Browser, chromium } from 'playwright-core';
import { recordSecret } from './log-capture.js';

/**
 * Debian's Chromium, headless, with background networking off (the test machines have no
 * internet). Playwright gives every launch a fresh, empty profile. `extraArgs` adds switches, e.g.
 * `--host-resolver-rules` to reach a loopback server under a name that is not localhost.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
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
      ...extraArgs,
    ],
  });
  // Every cookie the browser is handed is recorded for the end-of-run log hygiene check.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('response', (response) => {
      void response.headerValues('set-cookie').then(
        (values) =>
          recordSecret(
            ...values
              .flatMap((v) => v.split('\n'))
              .map((c) => c.split(';')[0]!.split('=').slice(1).join('=')),
          ),
        () => {},
      );
    });
    return context;
  };
  return browser;
}
