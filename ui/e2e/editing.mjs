// End-to-end: editing on the canvas against the real runtime — keyboard, connection conditions,
// validation on an edge, undo/redo, copy/paste/delete, auto-layout, the generated form, cron in
// words, export/import, a live execution over server-sent events, and cancel.
// Then the template gallery (api-monitoring with a new HTTP credential), editing and sharing that
// credential and sharing a workflow, and the one-time setup page.
//   WEBOPS_E2E_EMAIL=… WEBOPS_E2E_PASSWORD=… node ui/e2e/editing.mjs <runtime base url> [screenshot dir]
// It signs in through the sign-in screen first and signs out at the end.
import { readFileSync, writeFileSync } from 'node:fs';
import { account, check, countBecomes, openPage, signIn, signOut } from './browser.mjs';

const [base, shots = 'target/e2e-screenshots'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node editing.mjs <base-url> [screenshot-dir]');
  process.exit(2);
}
const credentials = account();

const { browser, page, errors } = await openPage(shots, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
const nodes = page.locator('.react-flow__node');
const edges = page.locator('.react-flow__edge');

async function addByKeyboard(type) {
  const search = page.locator('input[aria-label="Search nodes"]');
  await search.fill(type.replace('_', ' ').slice(0, 5));
  await page.locator(`.palette .item[data-type="${type}"]`).focus();
  await page.keyboard.press('Enter');
  await search.fill('');
}

async function connect(source, handle, target) {
  const before = await edges.count();
  const a = await page.locator(`.react-flow__node[data-id="${source}"] .react-flow__handle.source[data-handleid="${handle}"]`).boundingBox();
  const b = await page.locator(`.react-flow__node[data-id="${target}"] .react-flow__handle.target[data-handleid="input"]`).boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
  check(await countBecomes(page, '.react-flow__edge', before + 1), `connected ${source} (${handle}) to ${target}`);
}

async function select(nodeId) {
  await page.locator(`.react-flow__node[data-id="${nodeId}"] .t`).click();
}

async function blurToCanvas() {
  // a click on empty canvas: focus leaves the form so shortcuts go to the canvas
  const pane = await page.locator('.react-flow__pane').boundingBox();
  await page.mouse.click(pane.x + pane.width - 30, pane.y + 30);
}

async function x(nodeId) {
  return (await page.locator(`.react-flow__node[data-id="${nodeId}"]`).boundingBox()).x;
}

try {
  await signIn(page, base, credentials, check);
  await page.goto(`${base}/workflows/new`);
  await page.locator('.palette .item').first().waitFor();

  await addByKeyboard('webhook_input');
  await addByKeyboard('delay');
  await addByKeyboard('transform');
  check((await nodes.count()) === 3, 'three nodes added from the palette with the keyboard');

  await connect('webhook_input_1', 'output', 'delay_1');
  await connect('delay_1', 'output', 'transform_1');

  // the generated form: enum, template field with highlighting and upstream hints
  await select('transform_1');
  await page.selectOption('#f-type', 'template');
  await page.fill('#f-template', 'Hello {{ data.name }}');
  check((await page.locator('[data-field="template"] .tok-tpl').innerText()) === '{{ data.name }}', 'the template placeholder is highlighted');
  check((await page.locator('[data-field="template"]').innerText()).includes('nodes.delay_1'), 'the template field lists upstream nodes');
  await select('delay_1');
  await page.fill('#f-seconds', '2');

  // a condition on a connection, validated as it is typed
  await page.locator('.react-flow__edge[data-id="webhook_input_1:output->delay_1:input"]').click({ force: true });
  await page.locator('#edge-condition').fill('data.go ==');
  await page.locator('.react-flow__edge.problem').waitFor();
  check((await page.locator('.side').innerText()).includes('does not parse'), 'a condition that does not parse marks the edge and says why');
  await page.locator('#edge-condition').fill('data.go == true');
  await page.locator('.react-flow__edge.problem').waitFor({ state: 'detached' });
  await page.locator('.react-flow__edge-text', { hasText: 'if data.go == true' }).waitFor();
  check(true, 'the condition is shown on the edge once it parses');

  // undo/redo of that edit
  await blurToCanvas();
  await page.keyboard.press('Control+z');
  await page.locator('.react-flow__edge-text', { hasText: 'if data.go' }).waitFor({ state: 'detached' });
  check(true, 'Ctrl+Z undoes the condition');
  await page.keyboard.press('Control+Shift+z');
  await page.locator('.react-flow__edge-text', { hasText: 'if data.go == true' }).waitFor();
  check(true, 'Ctrl+Shift+Z redoes it');

  // copy, paste, delete
  await select('transform_1');
  await blurToCanvas();
  await select('transform_1');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  check((await nodes.count()) === 4 && (await page.locator('.react-flow__node[data-id="transform_2"]').count()) === 1, 'Ctrl+C, Ctrl+V pastes a copy as transform_2');
  await page.keyboard.press('Delete');
  await page.locator('.react-flow__node[data-id="transform_2"]').waitFor({ state: 'detached' });
  check((await nodes.count()) === 3, 'Delete removes the selection');

  // auto-layout puts each node right of the one feeding it
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForTimeout(300);
  check((await x('webhook_input_1')) < (await x('delay_1')) && (await x('delay_1')) < (await x('transform_1')), 'auto-layout orders the nodes left to right');

  // cron in words
  await page.getByRole('tab', { name: 'Workflow' }).click();
  await page.selectOption('select[aria-label="Trigger type"]', 'schedule');
  await page.fill('#cron', '*/5 * * * *');
  check((await page.locator('.side').innerText()).includes('Every 5 minutes (UTC)'), 'the cron field says when it fires');
  await page.fill('#cron', '0 9 * * 1-5');
  check((await page.locator('.side').innerText()).includes('At 09:00 on weekdays'), 'and follows the edits');
  await page.selectOption('select[aria-label="Trigger type"]', 'manual');

  await page.fill('input[aria-label="Workflow name"]', 'Greeter');
  await page.keyboard.press('Control+s');
  await page.waitForURL(/\/workflows\/wf-/);
  check(true, 'Ctrl+S saves');

  // export, then import into a new canvas
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  check(exported.name === 'Greeter' && exported.nodes.length === 3 && exported.connections[0].condition.expression === 'data.go == true', 'Export gives the workflow JSON');

  // a run watched live: nodes change colour as the server streams the execution
  await page.getByRole('button', { name: 'Run…' }).click();
  await page.fill('textarea[aria-label="Run input"]', '{"go": true, "name": "Ada"}');
  await page.getByRole('dialog').getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForURL(/\/executions\//);
  await page.locator('text=live (server events)').waitFor();
  await page.locator('[data-testid="node-webhook_input_1"][data-status="success"]').waitFor();
  await page.locator('[data-testid="node-delay_1"][data-status="running"]').waitFor();
  check((await page.locator('[data-testid="node-transform_1"]').getAttribute('data-status')) === 'pending', 'while the delay runs, the node after it waits as pending');
  await page.screenshot({ path: `${shots}/5-live.png` });
  await page.locator('[data-testid="node-transform_1"][data-status="success"]').waitFor();
  await page.locator('[data-testid="execution-status"]', { hasText: 'success' }).waitFor();
  check(true, 'the running execution updates live over server-sent events until success');
  await select('transform_1');
  check((await page.locator('[data-testid="node-log"]').innerText()).includes('Hello Ada'), "the last node's output is shown");

  // cancel a running execution
  await page.getByRole('button', { name: 'Run…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('text=live (server events)').waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('[data-testid="execution-status"]', { hasText: 'cancelled' }).waitFor();
  check(true, 'Cancel ends a running execution as cancelled');
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.locator('[data-testid="execution-status"]', { hasText: 'success' }).waitFor();
  check(true, 'Retry runs it again with the same input');

  // import into a fresh canvas
  const file = `${shots}/exported-greeter.json`;
  writeFileSync(file, JSON.stringify(exported));
  await page.goto(`${base}/workflows/new`);
  await page.setInputFiles('input[aria-label="Import workflow JSON"]', file);
  await page.locator('.react-flow__node[data-id="transform_1"]').waitFor();
  check((await nodes.count()) === 3 && (await page.locator('input[aria-label="Workflow name"]').inputValue()) === 'Greeter', 'Import puts the exported workflow on the canvas');

  // the template gallery: api-monitoring, with a new HTTP credential created inline, opens on the canvas
  await page.getByRole('link', { name: 'Templates' }).click();
  const card = page.locator('[data-template="api-monitoring"]');
  await card.waitFor();
  const cardText = await card.innerText();
  check(
    ['API monitoring', 'monitoring', 'api_request', 'condition', 'webhook_output'].every((t) => cardText.includes(t)),
    'the api-monitoring card shows its name, category and node types',
  );
  await card.getByRole('button', { name: 'Use template' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Workflow name').fill('Monitor from template');
  await dialog.getByRole('button', { name: '+ New http credential' }).click();
  await dialog.locator('#credential-name').fill('Status page key');
  await dialog.locator('#f-auth').selectOption('bearer');
  check((await dialog.locator('#f-token').getAttribute('type')) === 'password', 'the secret field of the credential kind is a password input');
  await dialog.locator('#f-token').fill('s3cret-token');
  await dialog.getByRole('button', { name: 'Save credential' }).click();
  const picker = dialog.locator('#credential-for-http');
  await picker.locator('option', { hasText: 'Status page key' }).waitFor({ state: 'attached' });
  await page.waitForFunction(() => document.querySelector('#credential-for-http')?.selectedOptions[0]?.textContent === 'Status page key');
  check(true, 'the credential created inline is picked for the http kind');
  await page.screenshot({ path: `${shots}/6-template-dialog.png` });
  await dialog.getByRole('button', { name: 'Create workflow' }).click();
  await page.waitForURL(/\/workflows\/wf-/);
  await page.locator('.react-flow__node').nth(8).waitFor();
  check((await nodes.count()) === 9, 'the new workflow opens on the canvas with the template\'s nine nodes');
  check((await page.locator('input[aria-label="Workflow name"]').inputValue()) === 'Monitor from template', 'under the name given');
  const fromTemplateId = page.url().split('/workflows/')[1].split('/')[0];
  const saved = await page.evaluate(async (id) => (await fetch(`/api/workflows/${id}`)).json(), fromTemplateId);
  const credentialIds = saved.nodes.map((n) => n.config?.credential ?? n.credential).filter(Boolean);
  check(saved.status === 'draft' && credentialIds.length > 0, `saved as a draft whose HTTP nodes name the credential (${credentialIds.join(', ')})`);
  await select('health');
  await page.waitForFunction(() => document.querySelector('#credential-for-http')?.selectedOptions[0]?.textContent === 'Status page key');
  check(true, "on the canvas, the health check's panel shows the picked credential");
  await page.screenshot({ path: `${shots}/7-from-template.png` });

  // the credentials page: the inline-created one is listed without its secret; create another, delete it
  await page.getByRole('link', { name: 'Credentials' }).click();
  const keyRow = page.locator('tr', { hasText: 'Status page key' });
  await keyRow.waitFor();
  const keyText = await keyRow.innerText();
  check(keyText.includes('http') && keyText.includes('secrets set: token') && !keyText.includes('s3cret-token'), 'the credentials page lists it with its kind, and only that its secret is set');
  await page.getByRole('button', { name: 'New credential' }).click();
  await page.locator('#credential-kind').selectOption('github');
  await page.locator('#credential-name').fill('Bot token');
  check((await page.locator('#f-token').getAttribute('type')) === 'password', 'a github token is typed into a password input');
  await page.locator('#f-token').fill('ghp_e2e');
  await page.getByRole('button', { name: 'Save credential' }).click();
  await page.locator('tr', { hasText: 'Bot token' }).waitFor();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete Bot token' }).click();
  await page.locator('tr', { hasText: 'Bot token' }).waitFor({ state: 'detached' });
  check((await page.locator('tr', { hasText: 'Status page key' }).count()) === 1, 'a credential created on the page is deleted from it');

  // edit it: pre-filled, the set secret left empty is kept; share it, and a workflow, with a colleague
  await page.getByRole('button', { name: 'Edit Status page key' }).click();
  const editForm = page.getByRole('form', { name: 'Edit credential Status page key' });
  check(
    (await editForm.locator('#f-auth').inputValue()) === 'bearer' &&
      (await editForm.locator('#f-token').inputValue()) === '' &&
      (await editForm.locator('#f-token').getAttribute('placeholder')) === 'set — leave empty to keep',
    'Edit opens the form with the non-secret fields filled in and the set secret empty, marked as kept',
  );
  await editForm.locator('#credential-name').fill('Status page key v2');
  await editForm.getByRole('button', { name: 'Save credential' }).click();
  const renamed = page.locator('tr', { hasText: 'Status page key v2' });
  await renamed.waitFor();
  check((await renamed.innerText()).includes('secrets set: token'), 'saving the edit with the secret left empty keeps the secret');
  const colleague = `colleague-${Date.now()}@webops.test`;
  const userStatus = await page.evaluate(async (email) => {
    const csrf = document.cookie.split('; ').find((c) => c.startsWith('webops_csrf='))?.slice('webops_csrf='.length) ?? '';
    const answer = await fetch('/api/users', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
      body: JSON.stringify({ email, password: 'colleague-password-1', role: 'editor' }),
    });
    return answer.status;
  }, colleague);
  check(userStatus === 201, `a colleague account to share with (${userStatus})`);
  await page.getByRole('button', { name: 'Share Status page key v2' }).click();
  let shareDialog = page.getByRole('dialog', { name: 'Share “Status page key v2”' });
  await shareDialog.getByText('Not shared with anyone yet.').waitFor();
  await shareDialog.getByLabel('Email').fill('nobody@webops.test');
  await shareDialog.getByRole('button', { name: 'Share', exact: true }).click();
  await shareDialog.getByRole('alert').waitFor();
  check((await shareDialog.getByRole('alert').innerText()).includes('nobody@webops.test'), 'sharing with an unknown e-mail shows the server\'s message');
  await shareDialog.getByLabel('Email').fill(colleague);
  await shareDialog.getByLabel('Access').selectOption('edit');
  await shareDialog.getByRole('button', { name: 'Share', exact: true }).click();
  await shareDialog.locator('tr', { hasText: colleague }).waitFor();
  check((await shareDialog.locator('tr', { hasText: colleague }).innerText()).includes('edit'), 'the share dialog lists the colleague with edit access');
  await page.screenshot({ path: `${shots}/7b-share-credential.png` });
  await shareDialog.getByRole('button', { name: `Remove ${colleague}` }).click();
  await shareDialog.getByText('Not shared with anyone yet.').waitFor();
  check(true, 'Remove takes the share back');
  await page.keyboard.press('Escape');
  await shareDialog.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'Workflows' }).click();
  await page.getByRole('button', { name: 'Share Monitor from template' }).click();
  shareDialog = page.getByRole('dialog', { name: 'Share “Monitor from template”' });
  await shareDialog.getByLabel('Email').fill(colleague);
  await shareDialog.getByRole('button', { name: 'Share', exact: true }).click();
  await shareDialog.locator('tr', { hasText: colleague }).waitFor();
  check((await shareDialog.locator('tr', { hasText: colleague }).innerText()).includes('read'), 'a workflow is shared read-only from the workflow list');
  await shareDialog.getByRole('button', { name: 'Close' }).click();
  await shareDialog.waitFor({ state: 'detached' });

  // the tokens page: a new token is shown once and works as a bearer token until revoked
  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.getByLabel('Token name').fill('e2e script');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByTestId('token-value').innerText();
  await page.getByRole('button', { name: 'Revoke e2e script' }).waitFor();
  const bearer = (t) => page.evaluate(async (value) => (await fetch('/api/me', { headers: { Authorization: `Bearer ${value}` }, credentials: 'omit' })).status, t);
  check(token.startsWith('wo_') && (await bearer(token)) === 200, 'a new API token is shown once and authenticates as a bearer token');
  await page.screenshot({ path: `${shots}/8-tokens.png` });
  await page.getByRole('button', { name: 'Done' }).click();
  check((await page.getByTestId('token-value').count()) === 0 && !(await page.locator('.page').innerText()).includes(token), 'once dismissed, the value is not shown again');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Revoke e2e script' }).click();
  await page.getByRole('button', { name: 'Revoke e2e script' }).waitFor({ state: 'detached' });
  check((await bearer(token)) === 401, 'a revoked token no longer authenticates');

  // the one-time setup page is served; with an admin already there the runtime says setup is done
  await page.goto(`${base}/setup?token=setup_not-the-real-one`);
  await page.getByRole('heading', { name: 'Set up WebOps' }).waitFor();
  await page.getByLabel('Email').fill('second-admin@webops.test');
  await page.getByLabel('Password', { exact: true }).fill('another-password-1');
  await page.getByLabel('Repeat password').fill('another-password-1');
  await page.getByRole('button', { name: 'Create admin' }).click();
  await page.getByRole('alert').filter({ hasText: 'Setup is done already' }).waitFor();
  check(true, '/setup?token= is served and says setup is done when an account exists');
  await page.getByRole('button', { name: 'Go to sign-in' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();

  await signOut(page, check);
  check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
  console.log('editing e2e: passed');
} catch (e) {
  await page.screenshot({ path: `${shots}/editing-failure.png` }).catch(() => undefined);
  console.error(e.stack || String(e));
  if (errors.length) console.error(errors.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
