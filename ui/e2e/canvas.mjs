// End-to-end: builds the seed's API-monitoring workflow on an empty canvas against the real runtime.
//   WEBOPS_E2E_EMAIL=… WEBOPS_E2E_PASSWORD=… node ui/e2e/canvas.mjs <runtime base url> <alert receiver url> [screenshot dir]
// It signs in through the sign-in screen first and signs out at the end.
// Health check (api_request) → "is it up?" (condition) → alert (webhook_output on `true`), triggered
// by a webhook; then the alert URL is broken and a manual run must show the failing node's error.
import { account, check, connect as connectHandles, countBecomes, dropNode as dropOnPane, openPage, selectNode, signIn, signOut } from './browser.mjs';

const [base, receiver, shots = 'target/e2e-screenshots'] = process.argv.slice(2);
if (!base || !receiver) {
  console.error('usage: node canvas.mjs <base-url> <receiver-url> [screenshot-dir]');
  process.exit(2);
}
const credentials = account();

const { browser, page, errors } = await openPage(shots, { viewport: { width: 1280, height: 800 } });

const dropNode = (type, x, y) => dropOnPane(page, type, x, y);
const connect = (source, handle, target) => connectHandles(page, source, handle, target);
const select = (nodeId) => selectNode(page, nodeId);

async function nodeStatus(nodeId) {
  return page.locator(`[data-testid="node-${nodeId}"]`).getAttribute('data-status');
}

async function waitStatus(nodeId, status) {
  await page.locator(`[data-testid="node-${nodeId}"][data-status="${status}"]`).waitFor();
}

try {
  await signIn(page, base, credentials, check);
  await page.goto(`${base}/workflows/new`);
  await page.locator('.palette .item[data-type="api_request"]').waitFor();
  check((await page.locator('.react-flow__node').count()) === 0, 'the canvas starts empty');

  // palette: grouped, searchable
  for (const category of ['source', 'processor', 'output', 'control']) {
    check(await page.locator(`.palette section[aria-label="${category}"] .item`).count() > 0, `palette lists ${category} nodes`);
  }
  await page.fill('input[aria-label="Search nodes"]', 'condition');
  check(
    (await page.locator('.palette .item[data-type="condition"]').count()) === 1 && (await page.locator('.palette .item[data-type="api_request"]').count()) === 0,
    'searching the palette narrows it (condition kept, api_request hidden)',
  );
  await page.fill('input[aria-label="Search nodes"]', '');

  await page.fill('input[aria-label="Workflow name"]', 'API monitoring');
  await dropNode('api_request', 120, 200);
  await dropNode('condition', 330, 220);
  await dropNode('webhook_output', 560, 120);
  check(await countBecomes(page, '.react-flow__node', 3), 'three nodes dragged onto the canvas');
  check(
    (await page.locator('.react-flow__node[data-id="condition_1"] .react-flow__handle.source').evaluateAll((hs) => hs.map((h) => h.dataset.handleid))).join() === 'true,false,error',
    'the condition shows its true, false and error handles',
  );
  check(await page.locator('.react-flow__node[data-id="condition_1"] .hl.err').innerText() === 'error', 'the error handle is labelled');

  await connect('api_request_1', 'output', 'condition_1');
  await connect('condition_1', 'true', 'webhook_output_1');
  check((await page.locator('.react-flow__edge').count()) === 2, 'two connections drawn between handles');

  // validation marks the nodes whose required fields are empty
  await page.locator('[data-testid="node-api_request_1"].problem').waitFor();
  check(true, 'validation marks api_request_1 while its URL is missing');

  await select('api_request_1');
  await page.locator('.field.has-error[data-field="url"]').waitFor();
  check(true, 'the URL field itself is marked');
  await page.fill('#f-url', `${base}/observe/health`);
  await select('condition_1');
  await page.fill('#f-expression', "data.status == 200 and data.body.status == 'UP'");
  await select('webhook_output_1');
  await page.fill('#f-url', receiver);
  await page.locator('[data-testid="validity"]', { hasText: 'valid' }).filter({ hasNotText: 'problem' }).waitFor();
  check(true, 'the workflow validates once configured');
  const summary = (id) => page.locator(`.react-flow__node[data-id="${id}"] .summary`).innerText();
  check((await summary('api_request_1')) === `GET ${new URL(base).host}`, 'the health check node shows its method and host');
  check((await summary('condition_1')) === "data.status == 200 and data.body.status == 'UP'", 'the condition node shows its expression');
  check((await page.locator('.react-flow__node[data-id="webhook_output_1"] .icon').innerText()) === '↗', 'the alert node shows its type icon');

  await page.getByRole('tab', { name: 'Workflow' }).click();
  await page.selectOption('select[aria-label="Trigger type"]', 'webhook');
  const hookPath = `api-monitor-${process.pid}`;
  await page.fill('input[aria-label="Webhook path"]', hookPath);

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/workflows\/wf-/);
  const workflowId = page.url().split('/workflows/')[1].split('/')[0];
  check(workflowId.length > 0, `saved as ${workflowId}`);
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.locator('[data-testid="workflow-status"]', { hasText: 'active' }).waitFor();
  check(true, 'activated');
  await page.screenshot({ path: `${shots}/1-built.png` });

  await page.getByRole('button', { name: 'Camel YAML' }).click();
  const yaml = await page.locator('[data-testid="routes-yaml"]').innerText();
  check(yaml.includes('platform-http') && yaml.includes('api_request_1'), 'the generated Camel YAML is shown');
  check(yaml.includes('to: "direct:') && yaml.includes('kamelet:webops-http-action'), 'the YAML shows the edges and the HTTP call as Camel steps');
  const exportLink = page.getByRole('link', { name: 'Download as a Camel application (zip)' });
  const exportHref = await exportLink.getAttribute('href');
  const exported = await page.evaluate(async (href) => {
    const r = await fetch(href);
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), zip: bytes[0] === 0x50 && bytes[1] === 0x4b };
  }, exportHref);
  check(exported.status === 200 && exported.type === 'application/zip' && exported.zip, 'the workflow downloads as a Camel application (zip)');
  await page.keyboard.press('Escape');

  // trigger it from outside, as a monitor's webhook call would
  const fired = await page.evaluate(async (url) => {
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"check": "deploy"}' });
    return { status: r.status, body: await r.json() };
  }, `${base}/webhooks/${hookPath}`);
  check(fired.status === 202 && fired.body.execution_id, `the webhook answered 202 with execution ${fired.body.execution_id}`);

  await page.getByRole('tab', { name: 'Executions' }).click();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.locator(`[data-execution="${fired.body.execution_id}"]`).click();
  await page.waitForURL(new RegExp(`/executions/${fired.body.execution_id}$`));
  for (const id of ['api_request_1', 'condition_1', 'webhook_output_1']) await waitStatus(id, 'success');
  check(true, 'the execution colours every node success');
  await page.locator('[data-testid="execution-status"]', { hasText: 'success' }).waitFor();
  await select('api_request_1');
  const log = await page.locator('[data-testid="node-log"]').innerText();
  check(log.includes('"status": 200') && log.includes('attempts 1'), 'clicking a node shows its output and attempts');
  await page.screenshot({ path: `${shots}/2-success.png` });

  // break the alert and run by hand: the failing node shows its error
  await page.goto(`${base}/workflows/${workflowId}`);
  await select('webhook_output_1');
  await page.fill('#f-url', 'http://127.0.0.1:1/alert');
  await page.getByRole('button', { name: 'Run…' }).click();
  await page.fill('textarea[aria-label="Run input"]', '{"check": "manual"}');
  await page.getByRole('dialog').getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForURL(/\/executions\//);
  await waitStatus('webhook_output_1', 'failed');
  check((await nodeStatus('api_request_1')) === 'success', 'the failed run still shows the health check as success');
  await page.locator('[data-testid="execution-status"]', { hasText: 'failed' }).waitFor();
  await select('webhook_output_1');
  const error = await page.locator('[data-testid="node-error"]').innerText();
  check(error.length > 0 && /127\.0\.0\.1|refused|connect/i.test(error), `the failing node shows its error: ${error}`);
  await page.screenshot({ path: `${shots}/3-failed.png` });

  // later: find the failed execution in the history by its status and read the error again
  await page.goto(`${base}/workflows/${workflowId}`);
  await page.getByRole('tab', { name: 'Executions' }).click();
  await page.locator('.exec-row').nth(1).waitFor();
  check((await page.locator('.exec-row').count()) === 2, 'the history lists both executions');
  await page.selectOption('select[aria-label="Filter by status"]', 'failed');
  await page.locator('.exec-row').nth(1).waitFor({ state: 'detached' });
  check((await page.locator('.exec-row .badge').innerText()) === 'failed', 'filtering by status leaves the failed one');
  await page.locator('.exec-row').click();
  await waitStatus('webhook_output_1', 'failed');
  await select('webhook_output_1');
  check((await page.locator('[data-testid="node-error"]').innerText()) === error, 'opened from the history, the failing node shows the same error');

  // the list shows the statistics
  await page.getByRole('link', { name: 'Workflows' }).click();
  const row = page.locator(`tr[data-workflow="${workflowId}"]`);
  await row.locator('td', { hasText: '50 %' }).waitFor();
  check((await row.innerText()).includes('API monitoring'), 'the workflow list shows the runs and the success rate');
  await page.screenshot({ path: `${shots}/4-list.png` });

  await signOut(page, check);
  check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
  console.log('canvas e2e: passed');
} catch (e) {
  await page.screenshot({ path: `${shots}/failure.png` }).catch(() => undefined);
  console.error(e.stack || String(e));
  if (errors.length) console.error(errors.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
