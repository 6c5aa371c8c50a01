// Overview: KPI tiles (from /api/metrics, the same numbers as `mroi metrics --json`) with
// the change against the previous period, SMART goals with progress and alerts, the
// monthly trend with the previous month overlaid, and the funnel. A period picker re-reads
// /api/metrics?period=…&compare=previous.
import * as api from '../api.js';
import { byKind, esc, isNum, money, moneyShort, num, pct, signedPct } from '../format.js';
import { html, panel, unavailable, loading } from '../ui.js';
import { base, chart } from '../charts.js';

/** The tiles: metrics key, label, kind, and whether a rise is good (true), bad (false) or neutral (null). */
export const TILES = [
  { key: 'revenue', label: 'Revenue', kind: 'money', good: true },
  { key: 'gross_profit', label: 'Gross profit', kind: 'money', good: true },
  { key: 'spend', label: 'Ad spend', kind: 'money', good: null },
  { key: 'croi', label: 'ROI (campaign)', kind: 'pct', good: true },
  { key: 'roas', label: 'ROAS', kind: 'ratio', good: true },
  { key: 'broi', label: 'ROI (business)', kind: 'pct', good: true },
  { key: 'cac', label: 'CAC', kind: 'money', good: false },
  { key: 'ltv_cac', label: 'LTV:CAC', kind: 'ratio', good: true },
  { key: 'conversions', label: 'Conversions', kind: 'count', good: true },
  { key: 'new_customers', label: 'New customers', kind: 'count', good: true },
  { key: 'leads', label: 'Leads', kind: 'count', good: true },
  { key: 'cpl', label: 'Cost per lead', kind: 'money', good: false },
];

function monthName(yyyymm) {
  const [y, m] = String(yyyymm).split('-').map(Number);
  if (!y || !m) return String(yyyymm);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

function periodLabel(period) {
  if (!period) return '';
  return `${period.start} → ${period.end}`;
}

function periodOptions(report) {
  const months = (report.metrics?.monthly || []).map((m) => m.period).filter(Boolean);
  const quarters = [...new Set(months.map((m) => {
    const [y, mo] = m.split('-').map(Number);
    return `${y}-Q${Math.floor((mo - 1) / 3) + 1}`;
  }))];
  return [{ value: '', label: 'All data' },
    ...quarters.map((q) => ({ value: q, label: q.replace('-', ' ') })),
    ...months.map((m) => ({ value: m, label: monthName(m) }))];
}

function tile(spec, totals, change, changeLabel) {
  const value = totals ? totals[spec.key] : null;
  let delta = '<span class="delta none">no comparison</span>';
  if (change && isNum(change.percent)) {
    const up = change.percent > 0;
    const flat = change.percent === 0;
    const good = spec.good === null || flat ? 'neutral' : (up === spec.good ? 'good' : 'bad');
    delta = `<span class="delta ${good}" title="${esc(changeLabel)}: ${esc(byKind(spec.kind, change.previous))} before">
      <span class="arrow">${flat ? '→' : up ? '▲' : '▼'}</span>${esc(signedPct(change.percent))}
      <span class="vs">${esc(changeLabel)}</span></span>`;
  }
  return html(`<div class="tile" data-testid="kpi-${esc(spec.key)}" data-value="${isNum(value) ? value : ''}">
    <div class="label">${esc(spec.label)}</div>
    <div class="value">${esc(byKind(spec.kind, value))}</div>${delta}</div>`);
}

function renderTiles(element, totals, comparison, changeLabel) {
  element.replaceChildren(...TILES.map((spec) =>
    tile(spec, totals, comparison ? comparison.totals?.[spec.key] : null, changeLabel)));
}

const GOAL_KIND = { revenue: 'money', gross_profit: 'money', spend: 'money', cpl: 'money', cac: 'money',
  cpa: 'money', aov: 'money', roas: 'ratio', ltv_cac: 'ratio', croi: 'pct', broi: 'pct', ctr: 'pct' };

const GOAL_LABEL = Object.fromEntries([...TILES.map((t) => [t.key, t.label]),
  ['unique_visitors', 'Unique visitors'], ['sessions', 'Visits'], ['orders', 'Orders'], ['cpa', 'CPA'], ['aov', 'AOV']]);

function goalRow(goal) {
  const kind = GOAL_KIND[goal.metric] || 'count';
  const lowerBetter = goal.direction === 'decrease';
  let progress = 0;
  if (isNum(goal.actual) && isNum(goal.target) && goal.target !== 0) {
    progress = lowerBetter ? (goal.actual > 0 ? goal.target / goal.actual : 1) : goal.actual / goal.target;
  }
  const status = !goal.valid ? 'invalid' : goal.on_track ? 'ok' : 'alert';
  const scope = goal.scope && goal.scope !== 'all' ? goal.scope.replace(':', ' · ') : 'all channels';
  return html(`<li class="goal ${status}" data-testid="goal-${esc(goal.metric)}">
    <div class="goal-head"><span class="goal-name">${esc(GOAL_LABEL[goal.metric] || goal.metric.replace(/_/g, ' '))}</span>
      <span class="goal-scope">${esc(scope)} · ${esc(goal.start)} → ${esc(goal.end)}</span>
      <span class="badge ${status}">${status === 'ok' ? 'On track' : status === 'alert' ? 'Off track' : 'Invalid'}</span></div>
    <div class="bar"><span style="width:${Math.max(0, Math.min(100, progress * 100)).toFixed(1)}%"></span></div>
    <div class="goal-numbers"><span>${esc(byKind(kind, goal.actual))} of ${lowerBetter ? 'at most ' : ''}${esc(byKind(kind, goal.target))}</span>
      <span>${isNum(goal.projected) ? `projected ${esc(byKind(kind, goal.projected))}` : ''}</span></div>
    ${goal.alert ? `<p class="alert-text" role="alert">${esc(goal.alert)}</p>` : ''}</li>`);
}

function renderTrend(element, monthly) {
  const months = monthly.map((m) => monthName(m.period));
  const revenue = monthly.map((m) => m.revenue);
  const previous = [null, ...revenue.slice(0, -1)];
  chart(element, {
    ...base(),
    tooltip: { ...base().tooltip, valueFormatter: (v) => money(v) },
    xAxis: { type: 'category', data: months, axisTick: { show: false } },
    yAxis: { type: 'value', axisLabel: { formatter: moneyShort }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    series: [
      { name: 'Revenue', type: 'line', data: revenue, smooth: true, symbolSize: 6, lineStyle: { width: 3 }, areaStyle: { opacity: 0.06 } },
      { name: 'Previous month', type: 'line', data: previous, smooth: true, symbol: 'none', lineStyle: { type: 'dashed', width: 2 }, color: '#94a3b8' },
      { name: 'Gross profit', type: 'line', data: monthly.map((m) => m.gross_profit), smooth: true, symbolSize: 4, color: '#0f766e' },
      { name: 'Ad spend', type: 'bar', data: monthly.map((m) => m.spend), barMaxWidth: 28, color: '#cbd5e1' },
    ],
  });
}

function renderFunnel(element, totals) {
  const stages = [
    { label: 'Visits', value: totals.sessions },
    { label: 'Leads', value: totals.leads },
    { label: 'Opportunities', value: totals.opportunities },
    { label: 'Won deals', value: totals.won_deals },
  ];
  const rows = stages.map((stage, i) => {
    const rate = i > 0 && isNum(stages[i - 1].value) && stages[i - 1].value > 0 ? stage.value / stages[i - 1].value : null;
    const width = 100 - i * 18;
    return `<div class="stage" data-testid="funnel-${i}" data-value="${isNum(stage.value) ? stage.value : ''}">
      <div class="stage-bar" style="width:${width}%"><span>${esc(stage.label)}</span><strong>${esc(num(stage.value))}</strong></div>
      <div class="stage-rate">${rate === null ? '' : `${esc(pct(rate))} of previous`}</div></div>`;
  }).join('');
  const ecommerce = `<div class="funnel-side"><h3>E-commerce</h3>
    <p><strong>${esc(num(totals.sessions))}</strong> visits → <strong>${esc(num(totals.orders))}</strong> orders
    (${esc(pct(totals.funnel?.session_to_conversion, 2))} conversion), AOV <strong>${esc(money(totals.aov))}</strong></p>
    <h3>Advertising</h3>
    <p><strong>${esc(num(totals.impressions))}</strong> impressions → <strong>${esc(num(totals.clicks))}</strong> clicks
    (CTR ${esc(pct(totals.ctr, 2))}), CPC <strong>${esc(money(totals.cpc))}</strong></p></div>`;
  element.innerHTML = `<div class="funnel-wrap"><div class="funnel">${rows}</div>${ecommerce}</div>`;
}

/** Renders the overview into `container`. */
export async function render(container, context) {
  const report = context.report;
  container.replaceChildren();

  const toolbar = html(`<div class="toolbar"><label>Period <select data-testid="period-select"></select></label>
    <span class="period-note" data-testid="period-note"></span></div>`);
  const select = toolbar.querySelector('select');
  for (const option of periodOptions(report)) select.append(new Option(option.label, option.value));
  container.append(toolbar);

  const tiles = html('<div class="tiles" data-testid="kpi-tiles"></div>');
  container.append(tiles);

  const grid = html('<div class="grid"></div>');
  container.append(grid);
  const trend = panel('Revenue trend', { note: 'by month; dashed: the previous month', wide: true });
  const trendChart = html('<div class="chart" data-testid="chart-trend"></div>');
  trend.body.append(trendChart);
  const goals = panel('Goals', { note: 'SMART goals of goals.json, paced to date' });
  const funnel = panel('Funnel', { note: 'whole period' });
  grid.append(trend.section, goals.section, funnel.section);

  const goalList = report.goals || [];
  if (goalList.length === 0) goals.body.append(html('<p class="empty">No goals set (add goals.json to the data).</p>'));
  else {
    const alerts = goalList.filter((g) => g.valid && !g.on_track).length;
    goals.body.append(html(`<p class="summary">${alerts === 0 ? 'All goals on track.' : `${alerts} of ${goalList.length} goals off track.`}</p>`));
    const list = html('<ul class="goals" data-testid="goals"></ul>');
    for (const goal of goalList) list.append(goalRow(goal));
    goals.body.append(list);
  }
  renderTrend(trendChart, report.metrics?.monthly || []);

  const note = toolbar.querySelector('.period-note');
  const load = async () => {
    loading(tiles);
    const period = select.value;
    const result = await api.get('metrics', period ? { period, compare: 'previous' } : {});
    if (!result.ok) {
      unavailable(tiles, result, 'metrics');
      return;
    }
    const metrics = result.data;
    let comparison = metrics.comparison || null;
    let label = 'vs previous period';
    if (!comparison && !period && report.period_over_period) {
      comparison = report.period_over_period;
      label = `${monthName(comparison.current_period.start.slice(0, 7))} vs ${monthName(comparison.previous_period.start.slice(0, 7))}`;
    } else if (comparison) {
      label = `vs ${periodLabel(comparison.previous_period)}`;
    }
    renderTiles(tiles, metrics.totals, comparison, label);
    tiles.dataset.period = period;
    note.textContent = `${periodLabel(metrics.period)}${comparison ? ` · change: ${label}` : ''}`;
    renderFunnel(funnel.body, metrics.totals);
    if (period && metrics.monthly && metrics.monthly.length > 1) renderTrend(trendChart, metrics.monthly);
    else if (!period) renderTrend(trendChart, report.metrics?.monthly || []);
  };
  select.addEventListener('change', load);
  await load();
}
