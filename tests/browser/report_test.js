// Browser test of report.html: runs `mroi demo`, opens its report.html in Debian's
// headless Chromium through playwright-core, and checks that every chart's SVG
// rendered with a non-zero size, that the channel table holds the demo's channels,
// that clicking a header sorts the table, and takes a full-page screenshot.
'use strict';
const { chromium } = require('playwright-core');
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

async function main() {
  const mroi = process.argv[2] || process.env.MROI_BIN;
  assert(mroi, 'usage: node report_test.js /path/to/mroi');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mroi-browser-'));
  execFileSync(mroi, ['demo', '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const report = path.join(out, 'report.html');
  assert(fs.existsSync(report), 'mroi demo wrote no report.html');

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto('file://' + report);

    // Every chart rendered with a non-zero box.
    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        return { id: svg.id, width: box.width, height: box.height, marks: svg.querySelectorAll('rect,circle,polyline').length };
      }));
    assert(charts.length >= 8, `expected at least 8 charts, got ${charts.length}`);
    for (const id of ['chart-trend-money', 'chart-trend-change', 'chart-funnel', 'chart-channel-roi',
                      'chart-attribution', 'chart-top-paths', 'chart-roles', 'chart-cleaning-rules',
                      'chart-ltv-cac']) {
      const chart = charts.find((c) => c.id === id);
      assert(chart, `chart ${id} missing`);
      assert(chart.width > 0 && chart.height > 0, `chart ${id} has no size`);
      assert(chart.marks > 0, `chart ${id} draws nothing`);
    }

    // The channel table holds the demo's channels.
    const channelColumn = () => page.$$eval('#table-channels tbody tr', (rows) =>
      rows.map((row) => row.cells[0].textContent.trim()));
    const channels = await channelColumn();
    for (const name of ['Paid Search', 'Organic Search', 'Email']) {
      assert(channels.includes(name), `channel table lacks ${name}: ${channels.join(', ')}`);
    }

    // Clicking "channel" sorts by name ascending, clicking again descending; clicking
    // "revenue" sorts numerically.
    await page.click('#table-channels thead th:nth-child(1)');
    const ascending = await channelColumn();
    assert.deepStrictEqual(ascending, [...channels].sort((a, b) => a.localeCompare(b)));
    await page.click('#table-channels thead th:nth-child(1)');
    const descending = await channelColumn();
    assert.deepStrictEqual(descending, [...ascending].reverse());
    await page.click('#table-channels thead th:nth-child(4)');
    const revenues = await page.$$eval('#table-channels tbody tr', (rows) =>
      rows.map((row) => row.cells[3].getAttribute('data-v')).filter((v) => v !== '').map(Number));
    for (let i = 1; i < revenues.length; ++i) assert(revenues[i - 1] <= revenues[i], 'revenue not ascending');

    // The model comparison shows the data-driven columns, and the interval table
    // reads "point [low, high]" with low <= point <= high.
    const comparisonHeader = await page.$$eval('#table-attribution-share thead th', (ths) =>
      ths.map((th) => th.textContent.trim()));
    for (const name of ['last', 'markov_1', 'markov_2', 'shapley', 'shapley_simplified']) {
      assert(comparisonHeader.includes(name), `comparison lacks ${name}: ${comparisonHeader.join(', ')}`);
    }
    const ciChart = charts.find((c) => c.id === 'chart-attribution-ci');
    assert(ciChart && ciChart.width > 0 && ciChart.marks > 0, 'interval chart missing or empty');
    const ciCells = await page.$$eval('#table-attribution-ci tbody td.num', (tds) =>
      tds.map((td) => td.textContent.trim()));
    assert(ciCells.length > 0, 'interval table is empty');
    for (const text of ciCells) {
      const match = /^([\d,.]+) \[([\d,.]+), ([\d,.]+)\]$/.exec(text);
      assert(match, `interval cell reads "${text}"`);
      const [point, low, high] = match.slice(1).map((v) => Number(v.replace(/,/g, '')));
      assert(low <= point + 0.05 && point <= high + 0.05, `point outside interval: ${text}`);
    }

    // LTV by acquisition channel: the 3:1 line sits inside the chart, every bar left
    // of it is coral (below) and every bar right of it teal; the table's LTV:CAC
    // cells read "x.xx:1" or n/a and the diagnosis has a status and a sentence.
    const ltv = await page.$eval('#chart-ltv-cac', (svg) => {
      const line = svg.querySelector('line.benchmark');
      const box = svg.getBoundingClientRect();
      const lineBox = line.getBoundingClientRect();
      const bars = Array.from(svg.querySelectorAll('rect')).map((rect) => {
        const r = rect.getBoundingClientRect();
        return { right: r.right, fill: rect.getAttribute('fill') };
      });
      return { lineX: lineBox.left, left: box.left, right: box.right, bars };
    });
    assert(ltv.lineX > ltv.left && ltv.lineX < ltv.right, '3:1 line outside the LTV chart');
    assert(ltv.bars.length > 0, 'LTV chart has no bars');
    for (const bar of ltv.bars) {
      const below = bar.right < ltv.lineX - 0.5;
      const above = bar.right > ltv.lineX + 0.5;
      if (below) assert.strictEqual(bar.fill, '#e76f51', 'a bar short of 3:1 is not coral');
      if (above) assert.strictEqual(bar.fill, '#2a9d8f', 'a bar past 3:1 is not teal');
    }
    const ratios = await page.$$eval('#table-ltv-channels tbody tr', (rows) =>
      rows.map((row) => row.cells[7].textContent.trim()));
    assert(ratios.length > 0, 'LTV table is empty');
    for (const text of ratios) assert(/^(\d+\.\d\d:1|n\/a)$/.test(text), `LTV:CAC cell reads "${text}"`);
    const diagnosis = await page.$eval('#ltv-diagnosis', (div) =>
      ({ status: div.getAttribute('data-status'), text: div.textContent.trim() }));
    assert(['healthy', 'channels_below_benchmark', 'below_benchmark', 'not_enough_data'].includes(diagnosis.status),
           `diagnosis status ${diagnosis.status}`);
    assert(diagnosis.text.includes('LTV:CAC'), `diagnosis reads "${diagnosis.text}"`);

    assert.deepStrictEqual(requests, [], 'the page fetched something from the network');
    assert.deepStrictEqual(errors, [], 'script errors on the page');
    const shot = process.env.SCREENSHOT || path.join(os.tmpdir(), 'mroi-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`ok: ${charts.length} charts rendered, channels ${channels.length}, sorting works; screenshot ${shot}`);
  } finally {
    await browser.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
