// Browser test of the dashboard: runs `mroi demo`, starts a real `mroi serve` on it
// (its workspace, else its data folder; 127.0.0.1, port 0, --static web/dist), opens the dashboard in Debian's headless
// Chromium through playwright-core and checks that the KPI tiles hold the numbers of
// `mroi metrics --json`, that moving the planner's target slider changes the budget, that
// dropping a file on the import zone shows its cleaning summary with the right rows_in,
// (and that a file of unknown kind is refused with a message), that clicking a
// channel-table header sorts it, and that the page logs no errors.
// Saves one screenshot per tab into $MROI_ARTIFACTS (default ./artifacts).
// Usage: node dashboard_test.js /path/to/mroi   (MROI_WEB_DIST: the built dashboard;
// MROI_DASHBOARD_SERVER=mock runs web/dev/mock-server.js instead, for development only)
'use strict';
const { chromium } = require('playwright-core');
const assert = require('assert');
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
// Routes still being built may answer 404: the page must show them as unavailable, and
// the browser's own "Failed to load resource" line for them is not an error of the page.
const OPTIONAL_ROUTES = ['/api/clv', '/api/segments', '/api/churn', '/api/plan/optimize', '/api/imports', '/api/cleaning', '/api/abtest'];

// The demo's workspace (OUT/workspace, imports allowed) when it made one, else its data folder.
// MROI_DASHBOARD_SOURCE=data forces the (read-only) data folder: uploads are then refused.
function readOnly(out) {
  return process.env.MROI_DASHBOARD_SOURCE === 'data' || !fs.existsSync(path.join(out, 'workspace'));
}
function sourceArgs(out) {
  return readOnly(out) ? ['--data', path.join(out, 'data')] : ['--workspace', path.join(out, 'workspace')];
}

function startServer(mroi, out, dist) {
  const dataDir = path.join(out, 'data');
  const mock = process.env.MROI_DASHBOARD_SERVER === 'mock';
  const command = mock ? process.execPath : mroi;
  const args = mock
    ? [path.join(ROOT, 'web', 'dev', 'mock-server.js'), '--mroi', mroi, '--data', dataDir, '--port', '0', '--static', dist]
    : ['serve', ...sourceArgs(out), '--port', '0', '--static', dist];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not report its port in 60 s:\n${output}`)), 60000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${match[1]}` });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

function close(a, b, what) {
  const tolerance = 1e-9 * Math.max(1, Math.abs(b));
  assert(Math.abs(a - b) <= tolerance, `${what}: dashboard ${a} != mroi metrics ${b}`);
}

async function main() {
  const mroi = process.argv[2] || process.env.MROI_BIN;
  assert(mroi, 'usage: node dashboard_test.js /path/to/mroi');
  const dist = path.resolve(process.env.MROI_WEB_DIST || path.join(ROOT, 'web', 'dist'));
  assert(fs.existsSync(path.join(dist, 'index.html')), `${dist}/index.html missing: run scripts/build-web.sh`);
  const artifacts = path.resolve(process.env.MROI_ARTIFACTS || 'artifacts');
  fs.mkdirSync(artifacts, { recursive: true });

  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mroi-dashboard-'));
  execFileSync(mroi, ['demo', '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dataDir = path.join(out, 'data');
  const metrics = JSON.parse(execFileSync(mroi, ['metrics', '--data', dataDir, '--json'], { maxBuffer: 1 << 28 }));

  const { child, base } = await startServer(mroi, out, dist);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(`page error: ${error}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location().url || '';
      const optional = OPTIONAL_ROUTES.some((route) => where.includes(route));
      if (optional && /Failed to load resource/.test(message.text())) return;
      // 503 "still being computed" is answered by a retry (web/src/api.js).
      if (/Failed to load resource.* 503/.test(message.text())) return;
      errors.push(`console: ${message.text()} (${where})`);
    });

    // 1. Overview: every tile's data-value equals `mroi metrics --json` totals.
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid=kpi-revenue][data-value]:not([data-value=""])');
    const tiles = await page.$$eval('[data-testid^=kpi-]', (elements) => elements
      .filter((e) => e.dataset.testid !== 'kpi-tiles')
      .map((e) => ({ key: e.dataset.testid.slice(4), value: e.dataset.value, text: e.querySelector('.value').textContent })));
    assert(tiles.length >= 8, `expected at least 8 KPI tiles, got ${tiles.length}`);
    for (const key of ['revenue', 'gross_profit', 'spend', 'roas', 'cac', 'ltv_cac', 'conversions', 'croi']) {
      const tile = tiles.find((t) => t.key === key);
      assert(tile, `tile kpi-${key} missing`);
      assert.strictEqual(typeof metrics.totals[key], 'number', `mroi metrics has no number totals.${key}`);
      close(Number(tile.value), metrics.totals[key], `kpi-${key}`);
    }
    const revenueText = tiles.find((t) => t.key === 'revenue').text;
    const expectedRevenue = Math.round(metrics.totals.revenue).toLocaleString('en-US');
    assert(revenueText.includes(expectedRevenue), `revenue tile reads ${revenueText}, expected ${expectedRevenue}`);
    const goals = await page.$$('[data-testid=goals] li');
    assert(goals.length > 0, 'no goals listed');
    await page.screenshot({ path: path.join(artifacts, 'dashboard-overview.png'), fullPage: true });

    // A period from the picker re-reads /api/metrics for that period.
    const q2 = JSON.parse(execFileSync(mroi, ['metrics', '--data', dataDir, '--json', '--period', '2025-Q2', '--compare', 'previous']));
    await page.selectOption('[data-testid=period-select]', '2025-Q2');
    await page.waitForSelector('[data-testid=kpi-tiles][data-period="2025-Q2"] [data-testid=kpi-revenue]');
    close(Number(await page.getAttribute('[data-testid=kpi-revenue]', 'data-value')), q2.totals.revenue, 'Q2 revenue');

    // 2. Channels: the table lists the channels and sorts by a clicked header.
    await page.click('[data-testid=tab-channels]');
    await page.waitForSelector('#table-channels tbody tr');
    const channelNames = await page.$$eval('#table-channels tbody tr', (rows) => rows.map((r) => r.cells[0].textContent));
    for (const row of metrics.channels) assert(channelNames.includes(row.channel), `channel table lacks ${row.channel}`);
    await page.click('#table-channels thead th[data-key=roas]');
    const roasDescending = await page.$$eval('#table-channels tbody tr td:nth-child(9)', (cells) =>
      cells.map((c) => c.dataset.value).filter((v) => v !== undefined).map(Number));
    for (let i = 1; i < roasDescending.length; ++i) assert(roasDescending[i - 1] >= roasDescending[i], 'ROAS not descending');
    await page.screenshot({ path: path.join(artifacts, 'dashboard-channels.png'), fullPage: true });

    // 3..5. Attribution, customers, experiments render (panels may say "unavailable").
    await page.click('[data-testid=tab-attribution]');
    await page.waitForSelector('[data-testid=view-attribution][data-state=ready]');
    const marks = await page.$$eval('[data-testid=chart-attribution] svg path', (paths) => paths.length);
    assert(marks > 40, `the model comparison draws ${marks} marks`);
    const models = await page.$$eval('#table-attribution thead th', (ths) => ths.map((th) => th.dataset.key));
    for (const model of ['last', 'first', 'linear', 'markov_1', 'shapley']) assert(models.includes(model), `attribution table lacks ${model}`);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-attribution.png'), fullPage: true });
    for (const tab of ['customers', 'experiments']) {
      await page.click(`[data-testid=tab-${tab}]`);
      await page.waitForSelector(`[data-testid=view-${tab}][data-state=ready]`);
      await page.waitForFunction((id) => !document.querySelector(`#view-${id} .loading`), tab);
      await page.screenshot({ path: path.join(artifacts, `dashboard-${tab}.png`), fullPage: true });
    }
    assert(await page.$('[data-testid^=experiment-]'), 'the demo\'s A/B test is not shown');
    // The calculator: 50/1000 against 70/1000 is a +40 % lift (or the route's reason why not).
    await page.click('[data-testid=abtest-form] button[type=submit]');
    await page.waitForSelector('[data-testid=abtest-result] > *');
    const readout = await page.textContent('[data-testid=abtest-result]');
    assert(/Unavailable/.test(readout) || /\+40\.0 %/.test(readout), `unexpected A/B read-out: ${readout}`);

    // 6. Planner: moving the target slider changes the budget of the reverse funnel.
    await page.click('[data-testid=tab-planner]');
    await page.waitForSelector('[data-testid=plan-result] :is([data-testid=plan-budget], [data-testid=unavailable])', { timeout: 60000 });
    const planMissing = await page.$('[data-testid=plan-result] [data-testid=unavailable]');
    assert(!planMissing, `the planner has no reverse funnel: ${planMissing && (await planMissing.textContent()).replace(/\s+/g, ' ').trim()}`);
    const budgetBefore = Number(await page.getAttribute('[data-testid=plan-budget]', 'data-value'));
    assert(budgetBefore > 0, `plan budget ${budgetBefore}`);
    const version = await page.getAttribute('[data-testid=plan-result]', 'data-version');
    await page.$eval('[data-testid=slider-target]', (input) => {
      input.value = String(Number(input.max));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction((v) => document.querySelector('[data-testid=plan-result]').dataset.version !== v, version);
    const budgetAfter = Number(await page.getAttribute('[data-testid=plan-budget]', 'data-value'));
    assert(budgetAfter > budgetBefore, `raising the target did not raise the budget: ${budgetBefore} -> ${budgetAfter}`);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-planner.png'), fullPage: true });
    // B2B: the same target worked back through close rate and deal size to leads.
    const ecommerceVersion = await page.getAttribute('[data-testid=plan-result]', 'data-version');
    await page.click('label:has([data-testid=mode-b2b])');
    await page.waitForFunction((v) => document.querySelector('[data-testid=plan-result]').dataset.version !== v, ecommerceVersion);
    const b2bText = await page.textContent('[data-testid=plan-output]');
    assert(/Leads/.test(b2bText) && /Close rate/.test(b2bText), `B2B plan lacks leads and close rate: ${b2bText}`);
    assert(await page.isVisible('[data-testid=slider-close-rate]'), 'no close-rate slider in B2B mode');
    await page.screenshot({ path: path.join(artifacts, 'dashboard-planner-b2b.png'), fullPage: true });
    await page.click('label:has([data-testid=mode-ecommerce])');

    // 7. Import: drop a copy of the spend CSV with one extra row; the summary shows its rows.
    const spend = fs.readFileSync(path.join(dataDir, 'spend.csv'), 'utf8').replace(/\n+$/, '');
    const lines = spend.split('\n');
    const extraRow = lines[1].replace(/^\d{4}-\d\d-\d\d/, '2025-06-30');
    const content = `${spend}\n${extraRow}\n`;
    const rowsIn = lines.length; // header + (n - 1) rows + the extra row
    await page.click('[data-testid=tab-import]');
    await page.waitForSelector('[data-testid=dropzone]');
    const dropFile = (name, text) => page.evaluate(([fileName, fileText]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([fileText], fileName, { type: 'text/csv' }));
      document.querySelector('[data-testid=dropzone]').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, [name, text]);
    // A file whose kind the name does not tell is refused with a clear message.
    await dropFile('notes.txt', 'hello\n');
    const refusal = await page.textContent('[data-testid=upload-error]');
    assert(/cannot tell the kind of notes\.txt/.test(refusal), `unexpected refusal: ${refusal}`);
    await dropFile('spend_extra.csv', content);
    await page.waitForSelector('[data-testid=upload-error]', { state: 'detached', timeout: 60000 });
    if (readOnly(out) && process.env.MROI_DASHBOARD_SERVER !== 'mock') {
      // A data folder is read-only: the server answers 409 and the page says why.
      await page.waitForSelector('[data-testid=upload-error]', { timeout: 60000 });
      const text = await page.textContent('[data-testid=upload-error]');
      assert(/Import failed/.test(text), `unexpected import answer: ${text}`);
      console.log(`browser_dashboard: read-only source, upload refused: ${text.replace(/\s+/g, ' ').trim()}`);
      errors.splice(0, errors.length, ...errors.filter((e) => !/status of 409/.test(e)));
      assert.deepStrictEqual(errors, [], `the page logged errors:\n${errors.join('\n')}`);
      await page.screenshot({ path: path.join(artifacts, 'dashboard-import.png'), fullPage: true });
      console.log(`browser_dashboard: OK without the upload summary (screenshots in ${artifacts})`);
      return;
    }
    await page.waitForSelector('[data-testid=upload-summary], [data-testid=upload-error]', { timeout: 60000 });
    const failure = await page.$('[data-testid=upload-error]');
    assert(!failure, `import failed: ${failure && await failure.textContent()}`);
    const shownRowsIn = Number(await page.getAttribute('[data-testid=upload-summary]', 'data-rows-in'));
    assert.strictEqual(shownRowsIn, rowsIn, `upload summary rows_in ${shownRowsIn}, expected ${rowsIn}`);
    const kept = Number(await page.getAttribute('[data-testid=upload-summary]', 'data-rows-kept'));
    const quarantined = Number(await page.getAttribute('[data-testid=upload-summary]', 'data-rows-quarantined'));
    assert.strictEqual(kept + quarantined, rowsIn, 'kept + quarantined != rows in');
    await page.waitForSelector('[data-testid=view-import][data-state=ready]');
    await page.screenshot({ path: path.join(artifacts, 'dashboard-import.png'), fullPage: true });

    assert.deepStrictEqual(errors, [], `the page logged errors:\n${errors.join('\n')}`);
    console.log(`browser_dashboard: OK (screenshots in ${artifacts})`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
