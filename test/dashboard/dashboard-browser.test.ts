// The dashboard in a real browser (Debian's chromium, driven by playwright-core)
// against the real CLI: two worker series drawn, a SIGKILLed worker's exit and restart
// on the timeline within 2 s, a `clusterize reload` seen event by event, nothing
// loaded from anywhere but the metrics port, and a layout that fits a phone. The
// assertions read what the page says it drew (data attributes), never pixels.
// Screenshots go to test-output/dashboard/; UPDATE_SCREENSHOT=1 also refreshes
// docs/dashboard.png for the README.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fixture, root, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { findEngine } from '../helpers/engines.js';

const engine = findEngine('chromium');
const outDir = path.join(root, 'test-output', 'dashboard');

// playwright starts chromium with a fresh profile in a temporary directory of its own
// and removes it on close.
function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 20_000,
  });
}

const attr = (page: Page, selector: string, name: string) => page.locator(selector).getAttribute(name);

test('the dashboard draws both workers, shows a crash and a reload as they happen, and loads nothing from outside', { skip: 'skip' in engine ? engine.skip : false, timeout: 60_000 }, async (t) => {
  const exe = (engine as { path: string }).path;
  const name = uniqueName('dash');
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--metrics', '127.0.0.1:0', '--metrics-interval', '250', '--name', name, '--log-format', 'json']);
  const rec = await cli.waitFor((r) => typeof r.metricsAddress === 'string', 'the metrics server to listen');
  const base = `http://${String(rec.metricsAddress)}/`;

  const browser = await launch(exe);
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => void requests.push(r.url()));
  page.on('pageerror', (e) => void errors.push(e.message));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  await page.goto(base);
  assert.equal(await page.title(), `${name} · clusterize`);

  // Two series on every chart: each slot's worker has reported and a tick has been drawn.
  await page.locator('tr[data-state="ready"]').nth(1).waitFor({ timeout: 15_000 });
  for (const chart of ['#chart-cpu', '#chart-rss', '#chart-p99']) {
    await page.locator(`${chart}[data-drawn="2"]`).waitFor({ timeout: 10_000 });
  }
  assert.ok(Number(await attr(page, '#chart-rss', 'data-points')) >= 1);

  // SIGKILL slot 0's worker: its exit and its restart are on the timeline within 2 s.
  const pid = Number(await attr(page, 'tr[data-slot="0"]', 'data-pid'));
  assert.ok(pid > 0, 'the table shows slot 0 pid');
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  const exit = page.locator(`#timeline li[data-event="worker.exit"][data-pid="${pid}"]`);
  await exit.waitFor({ timeout: 2000 });
  await page.locator('#timeline li[data-event="worker.restart"][data-slot="0"]').waitFor({ timeout: Math.max(1, 2000 - (Date.now() - killedAt)) });
  const seenMs = Date.now() - killedAt;
  assert.ok(seenMs <= 2000, `exit and restart shown ${seenMs} ms after the kill`);
  assert.match((await exit.textContent()) ?? '', /SIGKILL\) unexpectedly/);
  // The table gives the slot's restart count and reason once the next tick arrives.
  await page.locator('tr[data-slot="0"][data-state="ready"]:not([data-pid="' + pid + '"])').waitFor({ timeout: 10_000 });
  await page.locator('tr[data-slot="0"] td.reason', { hasText: /^SIGKILL/ }).waitFor({ timeout: 5000 });

  // A rolling reload, event by event.
  const reload = await runCli(['reload', '--name', name]);
  assert.equal(reload.code, 0, reload.stderr);
  await page.locator('#timeline li[data-event="reload.done"]').waitFor({ timeout: 2000 });
  assert.equal(await page.locator('#timeline li[data-event="reload.start"]').count(), 1);
  assert.equal(await page.locator('#timeline li[data-event="reload.slot"]').count(), 2);
  // The charts mark each worker that took over a slot: one crash restart, two reloads.
  await page.locator('#chart-rss[data-markers="3"]').waitFor({ timeout: 5000 });

  fs.mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, 'laptop.png'), fullPage: true });
  if (process.env.UPDATE_SCREENSHOT) {
    await page.screenshot({ path: path.join(root, 'docs', 'dashboard.png'), fullPage: true });
  }

  // A phone: nothing wider than the screen; the table scrolls inside its own box.
  await page.setViewportSize({ width: 390, height: 844 });
  // (A function, not a string: the page's CSP forbids eval. It runs in the page, hence the casts.)
  const fits = () => {
    const w = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
    return w.document.documentElement.scrollWidth <= w.innerWidth;
  };
  await page.waitForFunction(fits, null, { timeout: 2000 });
  await page.screenshot({ path: path.join(outDir, 'phone.png'), fullPage: true });

  assert.deepEqual(errors, [], 'no error in the page');
  const outside = requests.filter((u) => !u.startsWith(base));
  assert.deepEqual(outside, [], 'every request goes to the metrics port');
});
