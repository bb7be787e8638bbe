// End-to-end: an execution of an older version opens the canvas in that version, read-only, under
// a "version N — current is M" banner; the Versions panel compares two versions and rolls back.
//   WEBOPS_E2E_EMAIL=… WEBOPS_E2E_PASSWORD=… node ui/e2e/versions.mjs <runtime base url> <workflow id> <execution id of version 1> [screenshot dir]
// The workflow's version 1 has a node 'old', its version 2 (the current one) a node 'added' instead.
import { account, check, countBecomes, openPage, signIn, signOut } from './browser.mjs';

const [base, workflowId, executionId, shots = 'target/e2e-screenshots'] = process.argv.slice(2);
if (!base || !workflowId || !executionId) {
  console.error('usage: node versions.mjs <base-url> <workflow id> <execution id of version 1> [screenshot-dir]');
  process.exit(2);
}
const credentials = account();

const { browser, page, errors } = await openPage(shots, { viewport: { width: 1400, height: 850 } });
const node = (id) => `.react-flow__node[data-id="${id}"]`;

try {
  await signIn(page, base, credentials, check);

  await page.goto(`${base}/workflows/${workflowId}/executions/${executionId}`);
  await page.getByRole('status').filter({ hasText: 'Viewing version 1 — current is 2.' }).waitFor();
  check(true, 'an execution of version 1 opens under the banner "version 1 — current is 2"');
  check(await countBecomes(page, node('old'), 1), "the canvas shows version 1's node 'old'");
  check((await page.locator(node('added')).count()) === 0, "and not version 2's node 'added'");
  check(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled(), 'the older version cannot be saved');
  await page.locator(`${node('old')} .t`).click();
  await page.getByText('Execution', { exact: false }).first().waitFor();
  await page.screenshot({ path: `${shots}/versions-execution-of-version-1.png` });

  await page.getByRole('button', { name: 'Open the current version' }).click();
  check(await countBecomes(page, node('added'), 1), "leaving the execution shows the current version's node 'added'");
  check((await page.getByRole('status').filter({ hasText: 'Viewing version' }).count()) === 0, 'without the banner');

  await page.getByRole('tab', { name: 'Versions' }).click();
  await page.getByRole('checkbox', { name: 'Compare version 1' }).check();
  await page.getByRole('checkbox', { name: 'Compare version 2' }).check();
  const diff = page.getByRole('region', { name: 'Changes from version 1 to 2' });
  await diff.waitFor();
  check((await diff.locator('.diff-added').first().innerText()).includes("added node added"), "the diff shows node 'added' as added");
  check((await diff.locator('.diff-removed').first().innerText()).includes('removed node old'), "and node 'old' as removed");
  await page.screenshot({ path: `${shots}/versions-diff.png` });

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Roll back to this version' }).click();
  await page.getByText('Rolled back: saved as version 3.').waitFor();
  check(await countBecomes(page, node('old'), 1), "rolling back to version 1 puts node 'old' back on the canvas");
  check((await page.locator(node('added')).count()) === 0, "and takes node 'added' away");
  await page.locator('.versions-list tr.current').filter({ hasText: '3 (current)' }).waitFor();
  check(true, 'the versions list shows the rollback as version 3, the current one');
  await page.screenshot({ path: `${shots}/versions-rolled-back.png` });

  await signOut(page, check);
  check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
} catch (e) {
  await page.screenshot({ path: `${shots}/versions-failure.png`, fullPage: true }).catch(() => undefined);
  console.error(e.message);
  process.exitCode = 1;
} finally {
  await browser.close();
}
