// Customers: LTV by acquisition channel against CAC (report), the RFM segments with
// their suggested action (/api/segments), the fitted CLV model (/api/clv) and the
// churn-risk list ranked by value at risk (/api/churn). A route that fails shows
// "unavailable" with its reason in its own panel; the others still draw.
import * as api from '../api.js';
import { esc, isNum, money, moneyShort, num, pct, ratio } from '../format.js';
import { html, panel, sortableTable, unavailable, loading } from '../ui.js';
import { base, chart } from '../charts.js';

function ltvPanel(grid, report) {
  const rows = (report.ltv_by_channel || []).filter((r) => isNum(r.predicted_ltv));
  const totals = report.ltv_totals || {};
  const p = panel('LTV against CAC by channel', { wide: true,
    note: `predicted LTV of new customers (${num(report.ltv_model?.horizon_months)} months, ${report.ltv_model?.amount ?? 'gross profit'}) vs CAC; benchmark ${ratio(report.ltv_model?.benchmark ?? 3, 0)}` });
  const summary = html(`<div class="mini-tiles">
    <div><span>Predicted LTV</span><strong>${esc(money(totals.predicted_ltv))}</strong></div>
    <div><span>CAC</span><strong>${esc(money(totals.cac))}</strong></div>
    <div data-testid="ltv-cac" data-value="${isNum(totals.ltv_cac) ? totals.ltv_cac : ''}"><span>LTV:CAC</span><strong>${esc(ratio(totals.ltv_cac))}</strong></div>
    <div><span>Payback</span><strong>${esc(num(totals.cac_payback_months, 1))} months</strong></div></div>`);
  const chartElement = html('<div class="chart" data-testid="chart-ltv-cac"></div>');
  p.body.append(summary, chartElement);
  if (report.ltv_diagnosis?.summary) p.body.append(html(`<p class="callout">${esc(report.ltv_diagnosis.summary)}</p>`));
  grid.append(p.section);
  chart(chartElement, {
    ...base(),
    tooltip: { ...base().tooltip, valueFormatter: (v) => money(v) },
    xAxis: { type: 'category', data: rows.map((r) => r.channel), axisLabel: { interval: 0, rotate: 25 }, axisTick: { show: false } },
    yAxis: { type: 'value', axisLabel: { formatter: moneyShort }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    series: [
      { name: 'Predicted LTV', type: 'bar', data: rows.map((r) => r.predicted_ltv), barMaxWidth: 22 },
      { name: 'CAC', type: 'bar', data: rows.map((r) => r.cac), barMaxWidth: 22 },
    ],
  });
}

async function segmentsPanel(grid) {
  const p = panel('Segments', { wide: true, note: 'RFM segments of the customers and what to do with each' });
  grid.append(p.section);
  loading(p.body);
  const result = await api.get('segments');
  if (!result.ok) return unavailable(p.body, result, 'segments');
  const segments = result.data.segments || [];
  p.body.replaceChildren(html(`<p class="summary">${esc(num(result.data.customers))} customers as of ${esc(result.data.as_of ?? '')}</p>`),
    html('<div class="scroll"></div>'));
  p.body.lastChild.append(sortableTable([
    { key: 'segment', label: 'Segment', kind: 'text', format: (v) => String(v ?? '').replace(/_/g, ' ') },
    { key: 'customers', label: 'Customers', format: (v) => num(v) },
    { key: 'share', label: 'Share', format: (v) => pct(v) },
    { key: 'revenue', label: 'Revenue', format: money },
    { key: 'recency_mean', label: 'Recency (days)', format: (v) => num(v, 0) },
    { key: 'frequency_mean', label: 'Frequency', format: (v) => num(v, 2) },
    { key: 'monetary_mean', label: 'Monetary', format: money },
    { key: 'action', label: 'Action', kind: 'text' },
  ], segments, { id: 'table-segments', initial: 'revenue' }));
}

async function clvPanel(grid) {
  const p = panel('Customer lifetime value model');
  grid.append(p.section);
  loading(p.body);
  const result = await api.get('clv');
  if (!result.ok) return unavailable(p.body, result, 'the CLV model');
  const fit = result.data;
  const params = fit.params || {};
  const rows = Object.keys(params).map((name) => `<tr><td class="text">${esc(name)}</td><td class="numeric">${esc(num(params[name], 4))}</td>
    <td class="numeric">${fit.ci && fit.ci[name] ? `${esc(num(fit.ci[name][0], 4))} – ${esc(num(fit.ci[name][1], 4))}` : '–'}</td></tr>`).join('');
  p.body.replaceChildren(html(`<div><p class="summary">${esc(String(fit.model ?? '').replace(/_/g, '/').toUpperCase())} fitted on
    ${esc(num(fit.n_customers))} customers (${fit.converged ? 'converged' : 'did not converge'}; log-likelihood ${esc(num(fit.loglik, 1))})</p>
    <table class="data compact"><thead><tr><th class="text">Parameter</th><th class="numeric">Estimate</th><th class="numeric">${esc(pct(fit.confidence_level, 0))} interval</th></tr></thead>
    <tbody>${rows}</tbody></table></div>`));
}

async function churnPanel(grid) {
  const p = panel('Churn risk', { note: 'customers most likely lost, ranked by value at risk' });
  grid.append(p.section);
  loading(p.body);
  const result = await api.get('churn', { limit: 20 });
  if (!result.ok) return unavailable(p.body, result, 'the churn list');
  const churn = result.data;
  p.body.replaceChildren(html(`<p class="summary"><strong>${esc(num(churn.n_at_risk))}</strong> of ${esc(num(churn.n_customers))} customers
    below P(alive) ${esc(num(churn.threshold, 2))}; value at risk ${esc(money(churn.value_at_risk_total))},
    ${esc(num(churn.purchases_at_risk_total, 1))} purchases at risk</p>`), html('<div class="scroll short"></div>'));
  p.body.lastChild.append(sortableTable([
    { key: 'rank', label: '#', format: (v) => num(v) },
    { key: 'customer_id', label: 'Customer', kind: 'text' },
    { key: 'p_alive', label: 'P(alive)', format: (v) => pct(v) },
    { key: 'value_at_risk', label: 'Value at risk', format: money },
    { key: 'purchases_at_risk', label: 'Purchases at risk', format: (v) => num(v, 2) },
    { key: 'last_purchase', label: 'Last purchase', kind: 'text' },
  ], churn.customers || [], { id: 'table-churn', initial: 'rank', descending: false }));
}

/** Renders the customers view into `container`. */
export async function render(container, context) {
  container.replaceChildren();
  const grid = html('<div class="grid"></div>');
  container.append(grid);
  ltvPanel(grid, context.report);
  await Promise.all([segmentsPanel(grid), clvPanel(grid), churnPanel(grid)]);
}
