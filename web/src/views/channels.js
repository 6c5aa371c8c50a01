// Channels: the channel table of the report (spend, revenue, CPL, CAC, ROAS, cROI, bROI,
// LTV:CAC …), sortable by any column, a ROAS/ROI chart, and the campaign table.
import { money, moneyShort, num, pct, ratio } from '../format.js';
import { html, panel, sortableTable } from '../ui.js';
import { base, chart } from '../charts.js';

/** The channel and campaign table columns (key of metrics.channels[] rows). */
export const COLUMNS = [
  { key: 'spend', label: 'Spend', format: money },
  { key: 'revenue', label: 'Revenue', format: money },
  { key: 'gross_profit', label: 'Gross profit', format: money },
  { key: 'conversions', label: 'Conv.', format: (v) => num(v) },
  { key: 'leads', label: 'Leads', format: (v) => num(v) },
  { key: 'cpl', label: 'CPL', format: money },
  { key: 'cac', label: 'CAC', format: money },
  { key: 'roas', label: 'ROAS', format: ratio },
  { key: 'croi', label: 'cROI', format: (v) => pct(v, 0) },
  { key: 'broi', label: 'bROI', format: (v) => pct(v, 0) },
  { key: 'ltv_cac', label: 'LTV:CAC', format: ratio },
];

function ltvCacOf(report) {
  const byChannel = new Map();
  for (const row of report.ltv_by_channel || []) byChannel.set(row.channel, row.ltv_cac);
  return byChannel;
}

/** Renders the channels view into `container`. */
export async function render(container, context) {
  const report = context.report;
  const ltv = ltvCacOf(report);
  const channels = (report.metrics?.channels || []).map((row) => ({
    ...row, ltv_cac: ltv.has(row.channel) ? ltv.get(row.channel) : row.ltv_cac,
  }));
  container.replaceChildren();
  const grid = html('<div class="grid"></div>');
  container.append(grid);

  const table = panel('Channels', { wide: true, note: 'click a column to sort; LTV:CAC uses the predicted LTV of each channel\'s new customers' });
  const columns = [{ key: 'channel', label: 'Channel', kind: 'text' }, ...COLUMNS];
  table.body.append(html('<div class="scroll"></div>'));
  table.body.firstChild.append(sortableTable(columns, channels, { id: 'table-channels', initial: 'spend' }));
  grid.append(table.section);

  const paid = channels.filter((c) => c.spend > 0).sort((a, b) => (b.roas ?? 0) - (a.roas ?? 0));
  const roas = panel('Return on ad spend', { note: 'paid channels, revenue ÷ spend' });
  const roasChart = html('<div class="chart" data-testid="chart-roas"></div>');
  roas.body.append(roasChart);
  const spend = panel('Spend and revenue', { note: 'by channel' });
  const spendChart = html('<div class="chart" data-testid="chart-spend"></div>');
  spend.body.append(spendChart);
  grid.append(roas.section, spend.section);

  chart(roasChart, {
    ...base(),
    legend: { show: false },
    tooltip: { ...base().tooltip, valueFormatter: (v) => ratio(v) },
    xAxis: { type: 'value', axisLabel: { formatter: (v) => `${v}×` }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    yAxis: { type: 'category', data: paid.map((c) => c.channel).reverse(), axisTick: { show: false } },
    series: [{ name: 'ROAS', type: 'bar', data: paid.map((c) => c.roas).reverse(), barMaxWidth: 18,
      label: { show: true, position: 'right', formatter: (p) => ratio(p.value, 1) } }],
  });
  const bySpend = [...channels].sort((a, b) => (b.revenue ?? 0) - (a.revenue ?? 0));
  chart(spendChart, {
    ...base(),
    tooltip: { ...base().tooltip, valueFormatter: (v) => money(v) },
    xAxis: { type: 'category', data: bySpend.map((c) => c.channel), axisLabel: { interval: 0, rotate: 30 }, axisTick: { show: false } },
    yAxis: { type: 'value', axisLabel: { formatter: moneyShort }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    series: [
      { name: 'Revenue', type: 'bar', data: bySpend.map((c) => c.revenue), barMaxWidth: 22 },
      { name: 'Spend', type: 'bar', data: bySpend.map((c) => c.spend), barMaxWidth: 22 },
    ],
  });

  const campaigns = panel('Campaigns', { wide: true });
  campaigns.body.append(html('<div class="scroll"></div>'));
  campaigns.body.firstChild.append(sortableTable(
    [{ key: 'campaign', label: 'Campaign', kind: 'text' }, { key: 'channel', label: 'Channel', kind: 'text' }, ...COLUMNS.filter((c) => c.key !== 'ltv_cac')],
    report.metrics?.campaigns || [], { id: 'table-campaigns', initial: 'revenue' }));
  grid.append(campaigns.section);
}
