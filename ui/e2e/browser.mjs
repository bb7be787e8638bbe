// Shared by the end-to-end scripts and the bench: Debian's Chromium driven by playwright-core
// (no browser is ever downloaded), and a console watcher that fails on errors.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Collects console errors and page errors. A 404 from an endpoint another issue adds (sign-in,
 * credentials, templates) is how the canvas learns the feature is off, and Chromium logs it as a
 * failed resource: those are expected; anything else is a failure.
 */
export function watchConsole(page) {
  const errors = [];
  const optional404 = /\/api\/(me|credentials|templates)\b/;
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location()?.url ?? '';
    if (m.text().includes('status of 404') && optional404.test(url)) return;
    errors.push(`console error: ${m.text()} ${url}`);
  });
  return errors;
}
