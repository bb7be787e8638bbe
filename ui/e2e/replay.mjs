// End-to-end: pinned data and test runs from the node inspector, and Replay from here on a finished execution.
//   WEBOPS_E2E_EMAIL=… WEBOPS_E2E_PASSWORD=… node ui/e2e/replay.mjs <runtime base url> [screenshot dir]
// Builds its own fixture through the API once signed in: webhook_input 'in' → transform 't1' → transform 't2',
// run once. Then pins a value on t1 in the inspector, saves, runs "Run to here" on t2 and checks t2's output is
// built from the pin; then replays the first run from t2 and checks the new execution reused 'in' and 't1'.
import { account, callApi, check, openPage, signIn, signOut } from './browser.mjs';

const [base, shots = 'target/e2e-screenshots'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node replay.mjs <base-url> [screenshot-dir]');
  process.exit(2);
}
const credentials = account();

const { browser, page, errors } = await openPage(shots, { viewport: { width: 1400, height: 850 } });
const node = (id) => `.react-flow__node[data-id="${id}"]`;
const EXECUTION_URL = /\/workflows\/[^/]+\/executions\/([^/]+)$/;
const shownExecution = () => EXECUTION_URL.exec(new URL(page.url()).pathname)?.[1];

const call = (method, path, body) => callApi(page, method, path, body);

const PINNED = { customer: 'Ada (pinned)', total: 42 };

try {
  await signIn(page, base, credentials, check);

  const created = await call('POST', '/api/workflows', {
    name: `Replay e2e ${Date.now()}`,
    nodes: [
      { id: 'in', type: 'webhook_input', position: { x: 40, y: 40 } },
      { id: 't1', type: 'transform', position: { x: 320, y: 40 }, config: { type: 'jmespath', query: "{customer: customer, step: 't1'}" } },
      { id: 't2', type: 'transform', position: { x: 600, y: 40 }, config: { type: 'jmespath', query: '{from_t1: @}' } },
    ],
    connections: [{ source: 'in', target: 't1' }, { source: 't1', target: 't2' }],
  });
  check(created.status === 201, `the fixture workflow in → t1 → t2 is created through the API (${created.status})`);
  const id = created.body.id;
  const first = await call('POST', `/api/workflows/${id}/run?wait=true`, { customer: 'Bo' });
  check(first.status === 200 && first.body.status === 'success', `and run once (${first.status} ${first.body?.status})`);
  const firstRun = first.body.id;

  await page.goto(`${base}/workflows/${id}`);
  await page.locator(`${node('t1')} .t`).click();
  const pins = page.getByRole('region', { name: 'Pin data and test runs' });
  await pins.waitFor();
  await pins.getByLabel('Pinned output of t1 (JSON)').fill('{"customer": ');
  await pins.getByRole('button', { name: 'Pin this value' }).click();
  check((await pins.getByRole('alert').innerText()).startsWith('Not pinned: the value is not valid JSON'), 'a value that is not JSON is refused with an error');
  check((await page.locator(`${node('t1')} [aria-label="pinned data"]`).count()) === 0, 'and pins nothing');
  await pins.getByLabel('Pinned output of t1 (JSON)').fill(JSON.stringify(PINNED));
  await pins.getByRole('button', { name: 'Pin this value' }).click();
  await page.locator(`${node('t1')} [aria-label="pinned data"]`).waitFor();
  check((await page.getByText('unsaved', { exact: true }).count()) === 1, 'pinning a JSON value marks t1 on the canvas and makes the workflow unsaved');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText(/Saved \(version \d+\)\./).waitFor();
  const stored = await call('GET', `/api/workflows/${id}`);
  check(JSON.stringify(stored.body.pin_data) === JSON.stringify({ t1: PINNED }), `Save stores the pin as pin_data (${JSON.stringify(stored.body.pin_data)})`);
  await page.screenshot({ path: `${shots}/replay-pinned.png` });

  await page.locator(`${node('t2')} .t`).click();
  await pins.getByRole('button', { name: 'Run to here' }).click();
  await page.waitForURL(EXECUTION_URL);
  const testRun = shownExecution();
  check(testRun && testRun !== firstRun, `Run to here on t2 opens the test run ${testRun}`);
  await page.locator(`${node('t2')} [data-status="success"]`).waitFor();
  check((await page.locator(`${node('t1')} [data-origin="pinned"]`).count()) === 1, 't1 is marked as having given its pinned output');
  await page.locator(`${node('t2')} .t`).click();
  const log = page.getByTestId('node-log');
  await log.waitFor();
  const t2Output = (await call('GET', `/api/executions/${testRun}`)).body.node_logs.find((l) => l.node_id === 't2')?.output;
  check(JSON.stringify(t2Output) === JSON.stringify({ from_t1: PINNED }), `the pinned value reached t2's output (${JSON.stringify(t2Output)})`);
  check((await log.innerText()).includes('Ada (pinned)'), "and the execution view shows it in t2's log");
  await page.screenshot({ path: `${shots}/replay-run-to-here.png` });

  await page.locator(`[data-execution="${firstRun}"]`).click();
  await page.waitForURL(new RegExp(`/executions/${firstRun}$`));
  // the first run ran version 1 (saving the pin made version 2): the canvas swaps to it once loaded, then t2 is selected there
  await page.getByText(/Viewing version 1 /).waitFor();
  await page.locator(`${node('t2')} .t`).click();
  await page.getByRole('button', { name: 'Replay from here' }).click();
  await page.waitForFunction((known) => {
    const shown = /\/executions\/([^/]+)$/.exec(window.location.pathname)?.[1];
    return shown && !known.includes(shown);
  }, [firstRun, testRun]);
  const replayed = shownExecution();
  check(true, `Replay from here on t2 of the first run opens a new execution ${replayed}`);
  await page.locator(`[data-execution="${replayed}"]`).waitFor();
  check(true, 'which the execution list shows');
  await page.locator(`${node('t2')} [data-status="success"]`).waitFor();
  check(
    (await page.locator(`${node('in')} [data-origin="reused"]`).count()) === 1 && (await page.locator(`${node('t1')} [data-origin="reused"]`).count()) === 1,
    "'in' and 't1' are marked reused",
  );
  check((await page.locator(`${node('t2')} [data-origin=""]`).count()) === 1, 'and t2 ran again');
  const again = (await call('GET', `/api/executions/${replayed}`)).body;
  const reusedFrom = again.node_logs.filter((l) => l.details?.reused_from === firstRun).map((l) => l.node_id).sort();
  check(reusedFrom.join() === 'in,t1', `its logs say in and t1 were reused from ${firstRun} (${reusedFrom.join()})`);
  check(JSON.stringify(again.output) === JSON.stringify({ from_t1: { customer: 'Bo', step: 't1' } }), `with the first run's t1 output, not the pin (${JSON.stringify(again.output)})`);
  await page.screenshot({ path: `${shots}/replay-replayed.png` });

  await signOut(page, check);
  check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
} catch (e) {
  await page.screenshot({ path: `${shots}/replay-failure.png`, fullPage: true }).catch(() => undefined);
  console.error(e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
