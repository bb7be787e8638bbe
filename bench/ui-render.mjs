// Canvas bench: time to first render of a 300-node workflow and frame times while panning it,
// in headless Chromium (Debian's /usr/bin/chromium via playwright-core from ui/node_modules).
//   java -jar target/webops-automation.jar serve &   # or any running runtime
//   WEBOPS_E2E_EMAIL=... WEBOPS_E2E_PASSWORD=... node bench/ui-render.mjs [base-url=http://127.0.0.1:8080] [nodes=300] [rounds=3]
// The account (an editor or admin of that runtime) creates the workflow and signs the browser in.
import { cpus } from 'node:os';
import { account, launch } from '../ui/e2e/browser.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const size = Number(process.argv[3] ?? 300);
const rounds = Number(process.argv[4] ?? 3);

/** A layered graph: one webhook input, then layers of 10 transforms each fed by one or two nodes of the layer before. */
function workflow(n) {
  const nodes = [{ id: 'in', type: 'webhook_input', position: { x: 0, y: 450 } }];
  const connections = [];
  let previous = ['in'];
  for (let layer = 1, made = 1; made < n; layer++) {
    const current = [];
    for (let i = 0; i < 10 && made < n; i++, made++) {
      const id = `t${layer}_${i}`;
      nodes.push({ id, type: 'transform', position: { x: layer * 260, y: i * 100 }, config: { type: 'jmespath', query: '@' } });
      connections.push({ source: previous[i % previous.length], target: id });
      if (previous.length > 1 && i % 3 === 0) connections.push({ source: previous[(i + 1) % previous.length], target: id });
      current.push(id);
    }
    previous = current;
  }
  return { name: `bench ${n} nodes`, nodes, connections };
}

const { email, password } = account();
const signedIn = await fetch(`${base}/api/auth/token`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ email, password }),
});
if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.status} ${await signedIn.text()}`);
const token = await signedIn.json();
const auth = { Authorization: `Bearer ${token.token}` };
const created = await fetch(`${base}/api/workflows`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...auth },
  body: JSON.stringify(workflow(size)),
});
if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
const { id } = await created.json();

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { mean, p95: s[Math.floor(s.length * 0.95)], max: s[s.length - 1], fps: 1000 / mean };
};

const browser = await launch();
const results = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // the canvas's own sign-in call: the session cookie lands in this context
    const login = await context.request.post(`${base}/api/auth/login`, { data: { email, password } });
    if (!login.ok()) throw new Error(`canvas sign-in failed: ${login.status()}`);
    const page = await context.newPage();
    // records when the first node appears and when the count stops growing
    await page.addInitScript(() => {
      window.__render = { first: null, all: null, count: 0 };
      const tick = () => {
        const n = document.querySelectorAll('.react-flow__node').length;
        if (n > 0 && window.__render.first === null) window.__render.first = performance.now();
        if (n > window.__render.count) {
          window.__render.count = n;
          window.__render.all = performance.now();
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.goto(`${base}/workflows/${id}`);
    await page.locator('.react-flow__node').first().waitFor({ timeout: 30000 });
    await page.waitForTimeout(2000);
    const render = await page.evaluate(() => window.__render);

    async function pan(label) {
      const pane = await page.locator('.react-flow__pane').boundingBox();
      const cx = pane.x + pane.width / 2;
      const cy = pane.y + pane.height / 2;
      await page.evaluate(() => {
        window.__frames = [];
        let last = performance.now();
        window.__panning = true;
        const frame = (t) => {
          window.__frames.push(t - last);
          last = t;
          if (window.__panning) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 0; i < 120; i++) {
        const angle = (i / 120) * Math.PI * 4;
        await page.mouse.move(cx + Math.cos(angle) * 250, cy + Math.sin(angle) * 150);
      }
      await page.mouse.up();
      const frames = await page.evaluate(() => {
        window.__panning = false;
        return window.__frames.slice(2);
      });
      return { label, frames: frames.length, ...stats(frames) };
    }
    const fitted = await pan('fit view (all nodes on screen)');
    const scale = () => page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector('.react-flow__viewport').style.transform)[1]));
    const fitScale = await scale();
    for (let i = 0; i < 40 && (await scale()) < 1; i++) {
      await page.locator('.react-flow__controls-zoomin').click();
      await page.waitForTimeout(60);
    }
    const zoomedScale = await scale();
    await page.waitForTimeout(300);
    const zoomed = await pan('zoomed in to 100 % (part of the graph on screen)');
    const rendered = await page.locator('.react-flow__node').count();
    results.push({ round, render, fitted, zoomed, renderedWhenZoomed: rendered, fitScale, zoomedScale });
    await context.close();
  }
} finally {
  await browser.close();
  await fetch(`${base}/api/workflows/${id}`, { method: 'DELETE', headers: auth });
  await fetch(`${base}/api/tokens/${token.id}`, { method: 'DELETE', headers: auth });
}

const f = (x) => x.toFixed(1);
console.log(`machine: nproc ${cpus().length}, ${cpus()[0].model}; chromium headless --disable-gpu; viewport 1280x800; ${size} nodes`);
for (const r of results) {
  console.log(
    `round ${r.round}: first node ${f(r.render.first)} ms, all ${r.render.count} nodes ${f(r.render.all)} ms after navigation start`,
  );
  for (const p of [r.fitted, r.zoomed]) {
    console.log(`  pan, ${p.label}: ${p.frames} frames, mean ${f(p.mean)} ms (${f(p.fps)} fps), p95 ${f(p.p95)} ms, max ${f(p.max)} ms`);
  }
  console.log(`  zoom: fit view ${r.fitScale.toFixed(3)}, zoomed in ${r.zoomedScale.toFixed(2)}; nodes in the DOM when zoomed in: ${r.renderedWhenZoomed}`);
}
