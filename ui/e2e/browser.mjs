// Shared by the end-to-end scripts and the bench: Debian's Chromium driven by playwright-core
// (no browser is ever downloaded), and a console watcher that fails on errors.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * What a script starts with: its screenshot folder made, the browser, one page with `pageOptions`
 * (viewport…), the page's console watched and its waits bounded at 15 s.
 */
export async function openPage(shots, pageOptions) {
  mkdirSync(shots, { recursive: true });
  const browser = await launch();
  const page = await browser.newPage(pageOptions);
  const errors = watchConsole(page);
  page.setDefaultTimeout(15000);
  return { browser, page, errors };
}

/**
 * Collects console errors and page errors. A 404 from an endpoint another issue adds (sign-in,
 * credentials, templates) is how the canvas learns the feature is off, and Chromium logs it as a
 * failed resource: those are expected. So are the 401s of signing in: /api/me before it, and the
 * wrong password the scripts try on purpose; the 409 of /setup done already. Anything else fails.
 */
export function watchConsole(page) {
  const errors = [];
  const optional404 = /\/api\/(me|credentials|templates)\b/;
  const expected401 = /\/api\/(me|auth\/login)$/;
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location()?.url ?? '';
    if (m.text().includes('status of 404') && optional404.test(url)) return;
    if (m.text().includes('status of 401') && expected401.test(url)) return;
    if (m.text().includes('status of 409') && url.endsWith('/api/auth/setup')) return;
    errors.push(`console error: ${m.text()} ${url}`);
  });
  return errors;
}

/** The account the scripts sign in with: the test's bootstrapped admin, passed in the environment. */
export function account() {
  const email = process.env.WEBOPS_E2E_EMAIL;
  const password = process.env.WEBOPS_E2E_PASSWORD;
  if (!email || !password) {
    console.error('set WEBOPS_E2E_EMAIL and WEBOPS_E2E_PASSWORD to an account of the runtime');
    process.exit(2);
  }
  return { email, password };
}

/**
 * Signs in through the real sign-in screen: a wrong password first (the screen says so and stays),
 * then the right one, which opens the workflow list.
 */
export async function signIn(page, base, { email, password }, check) {
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: 'Sign in to WebOps' }).waitFor();
  check(true, 'an anonymous visitor gets the sign-in screen');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(`${password}-wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'The email or the password is wrong.' }).waitFor();
  check((await page.getByRole('heading', { name: 'Sign in to WebOps' }).count()) === 1, 'a wrong password shows the error and stays on the sign-in screen');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
  const me = await page.getByTestId('me').innerText();
  check(me.startsWith(email), `the right password opens the workflow list, signed in as ${me}`);
}

/** Signs out from the user menu: back to the sign-in screen, and the API no longer knows the browser. */
export async function signOut(page, check) {
  await page.getByRole('group', { name: 'User menu' }).getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to WebOps' }).waitFor();
  const status = await page.evaluate(async () => (await fetch('/api/me')).status);
  check(status === 401, `signing out returns to the sign-in screen and /api/me answers ${status}`);
}

/**
 * Whether the number of elements matching the selector becomes n within 5 s. React Flow adds a node or an edge on
 * its next render, which on a busy machine comes after the mouse or drag call has returned.
 */
export async function countBecomes(page, selector, n) {
  return page.waitForFunction(([sel, want]) => document.querySelectorAll(sel).length === want, [selector, n], { timeout: 5000 })
    .then(() => true, () => false);
}

/** A call of the API from the signed-in page (its session cookie and CSRF header), answering {status, body}. */
export function callApi(page, method, path, body) {
  return page.evaluate(
    async ([m, p, b]) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('webops_csrf='))?.slice('webops_csrf='.length) ?? '';
      const answer = await fetch(p, {
        method: m,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await answer.text();
      return { status: answer.status, body: text ? JSON.parse(text) : null };
    },
    [method, path, body],
  );
}

/** One check of an end-to-end script: prints `ok - message`, or stops the script with the message. */
export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`ok - ${message}`);
}

/** Drags a palette item onto the canvas at (x, y) of the pane; the item must be visible (search first if folded). */
export async function dropNode(page, type, x, y) {
  const pane = page.locator('.react-flow__pane');
  await page.locator(`.palette .item[data-type="${type}"]`).dragTo(pane, { targetPosition: { x, y } });
}

/** Draws a connection from a node's output handle to another's input with the mouse, and checks it appeared. */
export async function connect(page, source, handle, target) {
  const before = await page.locator('.react-flow__edge').count();
  const from = page.locator(`.react-flow__node[data-id="${source}"] .react-flow__handle.source[data-handleid="${handle}"]`);
  const to = page.locator(`.react-flow__node[data-id="${target}"] .react-flow__handle.target[data-handleid="input"]`);
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  check(await countBecomes(page, '.react-flow__edge', before + 1), `connected ${source} (${handle}) to ${target}`);
}

/** Selects a node by clicking its title: the inspector shows it. */
export async function selectNode(page, nodeId) {
  await page.locator(`.react-flow__node[data-id="${nodeId}"] .t`).click();
}
