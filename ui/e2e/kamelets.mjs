// End-to-end: Camel's connector catalogue on the canvas against a real runtime and real servers.
// The admin Connectors page lists sftp-source and jms-apache-artemis-sink as enabled; then the canvas builds
//   SFTP source (kamelet:sftp-source) → transform → JMS sink (kamelet:jms-apache-artemis-sink)
// from the palette's "Connectors (Camel Kamelets)" section, fills the required fields, keeps the SFTP password
// in a new `kamelet` credential made from the inspector, saves and activates the workflow, and checks the
// generated routes use `kamelet:<name>` and hold no password. Optionally it then waits for a run to succeed.
//
//   node ui/e2e/kamelets.mjs [runtime base url] [screenshot dir]
//
// Environment (the base url and screenshot dir may come from the arguments instead):
//   WEBOPS_E2E_BASE_URL        the runtime, e.g. http://127.0.0.1:8080 (or the first argument)
//   WEBOPS_E2E_EMAIL           an admin account of the runtime (required; the Connectors page is admin-only)
//   WEBOPS_E2E_PASSWORD        its password (required)
//   WEBOPS_E2E_SFTP_HOST       the SFTP server's host (default 127.0.0.1)
//   WEBOPS_E2E_SFTP_PORT       its port (required)
//   WEBOPS_E2E_SFTP_USER       the SFTP user name (required)
//   WEBOPS_E2E_SFTP_PASSWORD   that user's password (required; it goes into a kamelet credential only)
//   WEBOPS_E2E_SFTP_DIR        the directory the source reads (default "inbox")
//   WEBOPS_E2E_JMS_BROKER_URL  the Artemis broker, e.g. tcp://127.0.0.1:61616 (required)
//   WEBOPS_E2E_JMS_QUEUE       the queue the sink writes to (default "webops-out")
//   WEBOPS_E2E_TEMPLATE        the transform's template (default "From SFTP: {{ data }}")
//   WEBOPS_E2E_WORKFLOW_NAME   the workflow's name (default "SFTP to JMS")
//   WEBOPS_E2E_WAIT_RUN_SECONDS  when > 0: after activating, wait this long for a successful execution of the
//                              workflow (put a file in the SFTP directory before or while the script runs)
//   WEBOPS_E2E_SHOTS           screenshot directory (default target/e2e-screenshots, or the second argument)
//   CHROMIUM_PATH              the browser (default /usr/bin/chromium)
// It prints `workflow-id=<id>` (and `execution-id=<id>` after a waited run) for the caller, and exits 1 on
// the first failed check, 2 on missing settings.
import { account, callApi, check, connect, countBecomes, dropNode, openPage, selectNode, signIn, signOut } from './browser.mjs';

const env = process.env;
const base = (process.argv[2] ?? env.WEBOPS_E2E_BASE_URL ?? '').replace(/\/$/, '');
const shots = process.argv[3] ?? env.WEBOPS_E2E_SHOTS ?? 'target/e2e-screenshots';
const sftp = {
  host: env.WEBOPS_E2E_SFTP_HOST || '127.0.0.1',
  port: env.WEBOPS_E2E_SFTP_PORT,
  user: env.WEBOPS_E2E_SFTP_USER,
  password: env.WEBOPS_E2E_SFTP_PASSWORD,
  dir: env.WEBOPS_E2E_SFTP_DIR || 'inbox',
};
const jms = { broker: env.WEBOPS_E2E_JMS_BROKER_URL, queue: env.WEBOPS_E2E_JMS_QUEUE || 'webops-out' };
const template = env.WEBOPS_E2E_TEMPLATE || 'From SFTP: {{ data }}';
const workflowName = env.WEBOPS_E2E_WORKFLOW_NAME || 'SFTP to JMS';
const waitRun = Number(env.WEBOPS_E2E_WAIT_RUN_SECONDS || 0);
const missing = [
  ['WEBOPS_E2E_BASE_URL (or the first argument)', base],
  ['WEBOPS_E2E_SFTP_PORT', sftp.port],
  ['WEBOPS_E2E_SFTP_USER', sftp.user],
  ['WEBOPS_E2E_SFTP_PASSWORD', sftp.password],
  ['WEBOPS_E2E_JMS_BROKER_URL', jms.broker],
].filter(([, v]) => !v).map(([k]) => k);
if (missing.length) {
  console.error(`usage: node kamelets.mjs [base-url] [screenshot-dir]; set ${missing.join(', ')}`);
  process.exit(2);
}
const credentials = account();

const SOURCE = 'kamelet:sftp-source';
const SINK = 'kamelet:jms-apache-artemis-sink';
// the canvas names a Kamelet node after the Kamelet: `kamelet:sftp-source` → sftp_source_1
const SOURCE_ID = 'sftp_source_1';
const TRANSFORM_ID = 'transform_1';
const SINK_ID = 'jms_apache_artemis_sink_1';

const { browser, page, errors } = await openPage(shots, { viewport: { width: 1400, height: 900 } });
const search = page.locator('input[aria-label="Search nodes"]');
const connectors = page.getByRole('region', { name: 'Connectors (Camel Kamelets)' });

/** Searches the palette (which opens the matching provider groups) and drags the type onto the canvas. */
async function addFromPalette(query, type, x, y) {
  await search.fill(query);
  await page.locator(`.palette .item[data-type="${type}"]`).waitFor();
  await dropNode(page, type, x, y);
  await search.fill('');
}

/** Opens the inspector's "More options" (the optional fields of a Kamelet) if it is folded. */
async function moreOptions() {
  const more = page.locator('[data-testid="more-options"]');
  if (!(await more.evaluate((d) => d.open))) await more.locator('> summary').click();
}

async function fill(field, value) {
  await page.fill(`#f-${field}`, value);
}

try {
  await signIn(page, base, credentials, check);

  // the admin page: the two Kamelets are enabled, and the allow setting is shown read-only
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connectors' }).click();
  const table = page.getByRole('table', { name: 'Kamelets' });
  await table.waitFor();
  const status = (name) => table.locator(`tr[data-kamelet="${name}"] [data-testid="kamelet-status"]`).innerText();
  for (const name of ['sftp-source', 'jms-apache-artemis-sink']) {
    check((await status(name)).startsWith('enabled'), `the Connectors page lists ${name} as enabled`);
  }
  const allow = await page.getByTestId('kamelets-allow').innerText();
  check((await page.getByRole('group', { name: 'Allow setting' }).locator('input, select, textarea').count()) === 0, `WEBOPS_KAMELETS is shown read-only: ${allow}`);
  if ((await table.locator('tr[data-kamelet="exec-sink"]').count()) > 0) {
    check(!(await status('exec-sink')).startsWith('enabled'), 'exec-sink is not enabled');
  }
  await page.getByLabel('Status').selectOption('enabled');
  check((await table.locator('tbody tr').count()) >= 2 && (await table.locator('tr[data-kamelet="sftp-source"]').count()) === 1, 'filtering by status keeps the enabled ones');
  await page.screenshot({ path: `${shots}/kamelets-admin.png` });

  // the palette: connectors in their own section, folded by provider until searched
  await page.goto(`${base}/workflows/new`);
  await connectors.waitFor();
  check((await connectors.locator('.item').count()) === 0, 'the connectors section starts folded');
  // grouped by the provider the catalogue gives each Kamelet (SFTP for sftp-source, Apache ActiveMQ for the Artemis sink)
  const catalogue = (await callApi(page, 'GET', '/api/node-types')).body;
  const providerOf = (type) => catalogue.find((t) => t.type === type)?.kamelet?.provider;
  for (const type of [SOURCE, SINK]) {
    const provider = providerOf(type);
    check(provider && (await connectors.locator(`.provider[data-provider="${provider}"]`).count()) === 1, `the Kamelets are grouped by provider (${type} under ${provider})`);
  }
  await search.fill('sftp-source');
  await connectors.locator(`.item[data-type="${SOURCE}"]`).waitFor();
  check((await connectors.locator(`.item[data-type="${SOURCE}"] [data-testid="kamelet-kind"]`).innerText()) === 'source', 'searching opens the group and shows sftp-source as a source');
  await search.fill('');

  await page.fill('input[aria-label="Workflow name"]', workflowName);
  await addFromPalette('sftp-source', SOURCE, 120, 220);
  await addFromPalette('transform', 'transform', 400, 220);
  await addFromPalette('artemis', SINK, 680, 220);
  check(await countBecomes(page, '.react-flow__node', 3), 'SFTP source, transform and JMS sink are on the canvas');
  check((await page.locator(`.react-flow__node[data-id="${SOURCE_ID}"] .react-flow__handle.target`).count()) === 0, 'the SFTP source has no input');
  await connect(page, SOURCE_ID, 'output', TRANSFORM_ID);
  await connect(page, TRANSFORM_ID, 'output', SINK_ID);

  // the SFTP source: required fields, the user under More options, the password in a new kamelet credential
  await selectNode(page, SOURCE_ID);
  await page.getByTestId('kamelet-info').filter({ hasText: 'sftp-source' }).waitFor();
  await fill('connectionHost', sftp.host);
  await fill('connectionPort', String(sftp.port));
  await fill('directoryName', sftp.dir);
  await moreOptions();
  await fill('username', sftp.user);
  const picker = page.locator('[data-field="credential"][data-kind="kamelet"]');
  await picker.getByRole('button', { name: '+ New kamelet credential' }).click();
  const form = page.getByRole('form', { name: 'New kamelet credential' });
  const secretIds = await form.locator('.field[data-field] > input').evaluateAll((inputs) => inputs.map((i) => `${i.id}:${i.type}`));
  check(secretIds.join() === 'f-password:password', `the credential form asks for exactly the SFTP secrets (${secretIds.join()})`);
  await form.locator('#credential-name').fill(`SFTP ${sftp.user}@${sftp.host} ${process.pid}`);
  await form.locator('#f-password').fill(sftp.password);
  await form.getByRole('button', { name: 'Save credential' }).click();
  await form.waitFor({ state: 'detached' });
  // the picker reloads its list, then picks the new one
  await page.waitForFunction(() => document.querySelector('#credential-for-kamelet')?.value, null, { timeout: 5000 });
  const credentialId = await page.locator('#credential-for-kamelet').inputValue();
  check(credentialId.length > 0, `the new credential ${credentialId} is picked for the SFTP source`);

  await selectNode(page, TRANSFORM_ID);
  await page.selectOption('#f-type', 'template');
  await page.fill('#f-template', template);

  await selectNode(page, SINK_ID);
  await page.getByTestId('kamelet-info').filter({ hasText: 'jms-apache-artemis-sink' }).waitFor();
  check((await page.getByText('This connector takes no secrets, so no credential.').count()) === 1, 'the JMS sink needs no credential');
  await fill('destinationName', jms.queue);
  await fill('brokerURL', jms.broker);

  await page.locator('[data-testid="validity"]', { hasText: 'valid' }).filter({ hasNotText: 'problem' }).waitFor();
  check(true, 'the workflow validates once the required fields are filled');
  await page.screenshot({ path: `${shots}/kamelets-built.png` });

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/workflows\/wf-/);
  const workflowId = page.url().split('/workflows/')[1].split('/')[0];
  check(workflowId.length > 0, `saved as ${workflowId}`);
  console.log(`workflow-id=${workflowId}`);
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.locator('[data-testid="workflow-status"]', { hasText: 'active' }).waitFor();
  check(true, 'activated');

  // what was stored: the secret only in the credential, the Kamelets by name in the routes
  const stored = await page.evaluate(async (id) => (await fetch(`/api/workflows/${id}`)).text(), workflowId);
  check(!stored.includes(sftp.password), 'the saved workflow does not contain the SFTP password');
  const doc = JSON.parse(stored);
  const source = doc.nodes.find((n) => n.id === SOURCE_ID);
  check(source?.type === SOURCE && (source.credential ?? source.config?.credential) === credentialId, 'the SFTP node is kamelet:sftp-source with the new credential');
  check(doc.nodes.find((n) => n.id === SINK_ID)?.config?.brokerURL === jms.broker, 'the JMS node keeps the broker URL');
  await page.getByRole('button', { name: 'Camel YAML' }).click();
  const yaml = await page.locator('[data-testid="routes-yaml"]').innerText();
  check(yaml.includes('kamelet:sftp-source') && yaml.includes('kamelet:jms-apache-artemis-sink'), 'the generated routes use kamelet:sftp-source and kamelet:jms-apache-artemis-sink');
  check(!yaml.includes(sftp.password), 'the generated routes do not show the SFTP password');
  await page.screenshot({ path: `${shots}/kamelets-active.png` });
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="routes-yaml"]').waitFor({ state: 'detached' });

  if (waitRun > 0) {
    const run = await page.evaluate(
      async ([id, seconds]) => {
        const until = Date.now() + seconds * 1000;
        while (Date.now() < until) {
          const answer = await (await fetch(`/api/executions?workflow_id=${encodeURIComponent(id)}&limit=20`)).json();
          const done = (answer.items ?? []).find((e) => e.status === 'success');
          if (done) return done.id;
          await new Promise((r) => setTimeout(r, 500));
        }
        return null;
      },
      [workflowId, waitRun],
    );
    check(run !== null, `a file on the SFTP server started a run that succeeded within ${waitRun} s`);
    console.log(`execution-id=${run}`);
  }

  await signOut(page, check);
  check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
} catch (e) {
  await page.screenshot({ path: `${shots}/kamelets-failure.png`, fullPage: true }).catch(() => undefined);
  console.error(e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
