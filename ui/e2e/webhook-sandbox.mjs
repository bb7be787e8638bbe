// End-to-end: a webhook answer written by a workflow's author cannot act as the signed-in user who opens it.
//   WEBOPS_E2E_EMAIL=… WEBOPS_E2E_PASSWORD=… node ui/e2e/webhook-sandbox.mjs <runtime base url> <webhook url> [screenshot dir]
// The webhook (GET, respond: when_finished) answers text/html with a script that reads document.cookie, calls
// POST /api/users with the CSRF token from it and GET /api/users, writes what it got into #marker and the title
// and posts it to a loopback collector; the caller checks afterwards that no user was created and nothing was
// collected. This script signs in as the admin through the sign-in screen, opens the webhook in a second tab of
// the same browser (so with the admin's cookies), and checks that the answer is sandboxed and the script did not
// run; then it probes, inside that document, what any script there could do: no cookie, no authorised API call.
import { mkdirSync } from 'node:fs';
import { account, check, launch, signIn, signOut, watchConsole } from './browser.mjs';

const [base, webhook, shots = 'target/e2e-screenshots'] = process.argv.slice(2);
if (!base || !webhook) {
  console.error('usage: node webhook-sandbox.mjs <base-url> <webhook-url> [screenshot-dir]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const credentials = account();

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const errors = watchConsole(page);
page.setDefaultTimeout(15000);
let answer;

try {
  await signIn(page, base, credentials, check);
  const cookies = (await context.cookies(base)).map((c) => c.name);
  check(cookies.includes('webops_session') && cookies.includes('webops_csrf'), `the browser holds the admin's session and CSRF cookies (${cookies.join(', ')})`);

  // the victim follows the link; its console is the author's page's, not the canvas's, so it is only reported
  answer = await context.newPage();
  answer.setDefaultTimeout(15000);
  answer.on('console', (m) => console.log(`  (webhook page console ${m.type()}: ${m.text()})`));
  const response = await answer.goto(webhook);
  const headers = response.headers();
  check(response.status() === 200 && headers['content-type'].startsWith('text/html'), `the webhook answers ${response.status()} ${headers['content-type']}`);

  // give a script that did run the time to finish its calls
  await answer.waitForTimeout(1500);
  await answer.screenshot({ path: `${shots}/webhook-sandbox.png` });
  const marker = await answer.locator('#marker').innerText();
  const title = await answer.title();
  check(marker === 'untouched' && title === 'untouched', `the author's script did not run (marker '${marker.slice(0, 300)}', title '${title}')`);
  check(headers['content-security-policy'] === 'sandbox', `the answer carries Content-Security-Policy: ${headers['content-security-policy']}`);
  check(headers['x-content-type-options'] === 'nosniff', 'and X-Content-Type-Options: nosniff');
  check(!('set-cookie' in headers), 'and no Set-Cookie');

  // what any script in that document could do, whatever the browser let run
  const probe = await answer.evaluate(async () => {
    const out = { origin: self.origin };
    try {
      out.cookie = document.cookie;
    } catch (e) {
      out.cookie = `threw ${e.name}`;
    }
    const csrf = (/(?:^|; )webops_csrf=([^;]*)/.exec(typeof out.cookie === 'string' ? out.cookie : '') || [])[1] || '';
    try {
      const r = await fetch('/api/users', {
        method: 'POST', credentials: 'include',
        headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'probe@webops.test', password: 'probe-password-1', role: 'admin' }),
      });
      out.post = r.status;
    } catch (e) {
      out.post = `failed: ${e.message}`;
    }
    try {
      const r = await fetch('/api/users', { credentials: 'include' });
      out.get = `${r.status} ${(await r.text()).slice(0, 100)}`;
    } catch (e) {
      out.get = `failed: ${e.message}`;
    }
    return out;
  });
  console.log(`  probe inside the webhook document: ${JSON.stringify(probe)}`);
  check(probe.origin === 'null', `the document has an opaque origin (${probe.origin})`);
  check(probe.cookie === '' || probe.cookie.startsWith('threw'), `it cannot read the cookies (${probe.cookie})`);
  check(typeof probe.post !== 'number' || probe.post >= 400, `POST /api/users from it is not authorised (${probe.post})`);
  check(!/^200 /.test(probe.get), `GET /api/users from it is not authorised (${probe.get})`);
  await answer.close();

  // the admin's own session is untouched
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
  check(true, 'the canvas still opens signed in');
  await signOut(page, check);
  check(errors.length === 0, `no console errors in the canvas${errors.length ? `: ${errors.join('; ')}` : ''}`);
  console.log('webhook sandbox e2e: passed');
} catch (e) {
  await (answer && !answer.isClosed() ? answer : page).screenshot({ path: `${shots}/webhook-sandbox-failure.png` }).catch(() => undefined);
  console.error(e.stack || String(e));
  if (errors.length) console.error(errors.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
