// End-to-end: the pages around the canvas, against the real runtime, with what the Java test prepared: one unread
// notification ("Deploy 42 finished", from one run of its workflow), the workflows "Nightly CRM sync" (2 of 3 runs
// failed) and "Ping" (2 good runs), and the agent "keeper" with the memories "db" and "oncall" (stored by 2 runs of a
// fourth workflow): 8 runs of 4 workflows.
//   WEBOPS_E2E_EMAIL=… WEBOPS_E2E_PASSWORD=… node ui/e2e/pages.mjs <runtime base url> [screenshot dir]
// The admin reads and clears the notification from the bell, reads the dashboard's charts and opens a failed
// execution from the list of all executions, makes an agent and forgets one of another's memories, creates a user
// with a generated password, demotes them, resets their password, disables and enables them and finds all that in
// the audit log; then signs in as that user with the new password, who is offered neither the users nor the audit
// pages.
import { mkdirSync } from 'node:fs';
import { account, check, countBecomes, launch, signIn, signOut, watchConsole } from './browser.mjs';

const [base, shots = 'target/e2e-screenshots'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node pages.mjs <base-url> [screenshot-dir]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const credentials = account();
const NEW_USER = 'bob@pages.test';

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const errors = watchConsole(page);
page.setDefaultTimeout(15000);
page.on('dialog', (d) => d.accept());

try {
  await signIn(page, base, credentials, check);
  const nav = page.getByRole('navigation', { name: 'Main' });

  // notifications
  const bell = nav.getByRole('link', { name: 'Notifications, 1 unread' });
  await bell.waitFor();
  check((await page.getByTestId('unread-count').innerText()) === '1', 'the bell counts the one unread notification');
  await bell.click();
  await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  const note = page.getByRole('listitem').filter({ hasText: 'Deploy 42 finished' });
  check((await note.getAttribute('class')) === 'unread', 'the inbox lists it as unread');
  await page.screenshot({ path: `${shots}/pages-notifications.png` });
  await note.getByRole('button', { name: 'Mark “Deploy 42 finished” read' }).click();
  await nav.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  check((await note.getAttribute('class')) === 'read' && (await page.getByTestId('unread-count').count()) === 0, 'marking it read clears the count on the bell');

  // dashboard
  await nav.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const hourly = page.getByRole('img', { name: /^Executions per hour: / });
  await hourly.waitFor();
  const summary = await hourly.getAttribute('aria-label');
  check(summary.startsWith('Executions per hour: 8 in 24 hours'), `the hourly chart counts the 8 runs of the day (${summary})`);
  check((await hourly.locator('rect[data-status="failed"]').count()) >= 1, 'and draws the failed ones in their own colour');
  const health = page.getByRole('table', { name: 'Workflow health' });
  const firstRow = await health.locator('tbody tr').first().innerText();
  check(firstRow.startsWith('Nightly CRM sync'), `the failing workflow comes first (${firstRow.replace(/\s+/g, ' ')})`);
  await page.getByRole('img', { name: /^Duration per workflow, p50 and p95/ }).waitFor();
  check((await page.locator('[data-percentile="p95"]').count()) === 4, 'the duration chart has a p95 bar per workflow');
  await page.screenshot({ path: `${shots}/pages-dashboard.png`, fullPage: true });
  await page.getByLabel('Status', { exact: true }).selectOption('failed');
  check(await countBecomes(page, 'table[aria-label="Executions"] tbody tr', 2), 'filtering the executions of all workflows by failed leaves the 2 failed runs');
  const statuses = await page.locator('table[aria-label="Executions"] tbody .badge').allInnerTexts();
  check(statuses.every((s) => s === 'failed'), `all of them failed (${statuses.join(', ')})`);
  await page.locator('table[aria-label="Executions"] tbody tr').first().click();
  await page.waitForURL(/\/workflows\/[^/]+\/executions\/[^/]+$/);
  check(true, `a row opens the execution on its canvas (${new URL(page.url()).pathname})`);

  // agents
  await nav.getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('heading', { name: 'Agents' }).waitFor();
  await page.getByRole('button', { name: 'New agent' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Refund Desk');
  check((await page.getByLabel('Id', { exact: true }).inputValue()) === 'refund-desk', 'a new agent gets its id from its name');
  await page.getByLabel('System prompt').fill('You handle refunds.');
  await page.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
  await page.getByRole('checkbox', { name: /HTTP fetch/ }).check();
  await page.getByRole('checkbox', { name: 'Workflow “Ping”' }).check();
  await page.getByLabel('Memory size').fill('25');
  await page.getByRole('button', { name: 'Save agent' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved “Refund Desk”.' }).waitFor();
  const saved = await page.evaluate(async () => (await fetch('/api/agents/refund-desk')).json());
  check(saved.model === 'gpt-4o-mini' && saved.memory_size === 25 && saved.tools.length === 2 && saved.tools[0] === 'http_fetch',
    `the agent is saved with its model, memory size and tools (${JSON.stringify(saved.tools)})`);
  await page.getByRole('button', { name: 'Back to agents' }).click();
  await page.getByRole('button', { name: 'Edit Keeper' }).click();
  const memories = page.getByRole('region', { name: 'Memories' });
  await memories.getByText('Postgres 16').waitFor();
  check((await memories.locator('tbody tr').count()) === 2, 'the keeper agent shows its two memories');
  await page.screenshot({ path: `${shots}/pages-agent.png`, fullPage: true });
  await memories.getByRole('button', { name: 'Forget db' }).click();
  await memories.getByText('Postgres 16').waitFor({ state: 'detached' });
  const left = await page.evaluate(async () => (await (await fetch('/api/agents/keeper/memories')).json()).items.map((m) => m.key));
  check(left.length === 1 && left[0] === 'oncall', `forgetting "db" leaves only ${JSON.stringify(left)}`);

  // users
  await nav.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Email').fill(NEW_USER);
  await form.getByLabel('Role').selectOption('editor');
  await form.getByRole('button', { name: 'Generate' }).click();
  await form.getByRole('button', { name: 'Create user' }).click();
  const first = await page.getByTestId('password-value').innerText();
  check(first.length === 16, 'the new user is created with a generated password, shown once');
  await page.getByLabel(`Role of ${NEW_USER}`).selectOption('viewer');
  await page.waitForFunction(async (email) => {
    const users = (await (await fetch('/api/users')).json()).items;
    return users.find((u) => u.email === email)?.role === 'viewer';
  }, NEW_USER);
  check(true, 'changing the role in the list makes them a viewer');
  await page.getByRole('button', { name: `Reset the password of ${NEW_USER}` }).click();
  await page.waitForFunction((before) => document.querySelector('[data-testid="password-value"]')?.textContent !== before, first);
  const fresh = await page.getByTestId('password-value').innerText();
  check(fresh.length === 16 && fresh !== first, 'resetting the password hands over a new one');
  // only tried while they are disabled: a sign-in that worked would put their session into the admin's browser
  const signInAs = (password) => page.evaluate(async ([email, pw]) => (await fetch('/api/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: pw }),
  })).status, [NEW_USER, password]);
  await page.getByRole('button', { name: `Disable ${NEW_USER}` }).click();
  await page.getByRole('button', { name: `Enable ${NEW_USER}` }).waitFor();
  check(await signInAs(fresh) === 401, 'a disabled user cannot sign in, even with the right password');
  await page.getByRole('button', { name: `Enable ${NEW_USER}` }).click();
  await page.getByRole('button', { name: `Disable ${NEW_USER}` }).waitFor();
  check(true, 'and is enabled again from the list');

  // audit log
  await nav.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await page.getByLabel('Action').selectOption('user.');
  await page.getByLabel('Resource kind').selectOption('user');
  check(await countBecomes(page, 'table[aria-label="Audit entries"] tbody tr', 5),
    'the audit log filtered to user actions holds the create, the role change, the reset, the disabling and the enabling');
  const actions = await page.locator('table[aria-label="Audit entries"] tbody tr').allInnerTexts();
  check(actions[1].includes('"disabled":true') && actions[2].includes('"password_changed":true') && actions[4].includes('user.create')
    && actions.every((a) => a.includes(credentials.email)), 'newest first, each by the admin, each change in its detail');
  await page.screenshot({ path: `${shots}/pages-audit.png`, fullPage: true });
  await page.getByLabel('Action').selectOption('agent.');
  await page.getByLabel('Resource kind').selectOption('agent');
  check(await countBecomes(page, 'table[aria-label="Audit entries"] tbody tr', 3), 'and filtered to agents: the keeper made, the agent made here and the memory forgotten');

  // a reload or a shared link opens the same page
  for (const [path, heading] of [['/dashboard', 'Dashboard'], ['/agents', 'Agents'], ['/users', 'Users'], ['/audit', 'Audit log'], ['/notifications', 'Notifications']]) {
    await page.goto(`${base}${path}`);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  }
  check(true, 'each page opens from its address');

  // the new user, with the password from the reset
  const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const bob = await other.newPage();
  const bobErrors = watchConsole(bob);
  bob.setDefaultTimeout(15000);
  await signIn(bob, base, { email: NEW_USER, password: fresh }, check);
  const bobNav = bob.getByRole('navigation', { name: 'Main' });
  check((await bobNav.getByRole('link', { name: 'Users' }).count()) === 0 && (await bobNav.getByRole('link', { name: 'Audit log' }).count()) === 0,
    'a viewer is offered neither the users nor the audit log');
  await bobNav.getByRole('link', { name: 'Dashboard' }).click();
  await bob.getByText('No executions in this window.').waitFor();
  check(true, "the viewer's dashboard counts none of the admin's executions");
  await signOut(bob, check);
  check(bobErrors.length === 0, `no console errors for the viewer${bobErrors.length ? `: ${bobErrors.join('; ')}` : ''}`);
  await other.close();

  await signOut(page, check);
  check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
} catch (e) {
  await page.screenshot({ path: `${shots}/pages-failure.png`, fullPage: true }).catch(() => undefined);
  console.error(e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
