// Planner: sliders for the revenue target and the funnel's rates (e-commerce: conversion
// rate, AOV and each paid channel's share of visits; B2B: close rate, deal size, CPL and
// the core tier's share) re-run the reverse funnel at /api/plan/reverse as they move
// (debounced, the older request aborted), showing the budget and its split per channel
// and tier; a budget slider asks /api/plan/optimize for the allocation over the response
// curves, or shows why there is none (e.g. no response model).
import * as api from '../api.js';
import { esc, isNum, money, moneyShort, num, pct } from '../format.js';
import { html, panel, unavailable } from '../ui.js';
import { base, chart } from '../charts.js';

const DEBOUNCE_MS = 200;

/** A labelled range input; `format` renders its value; onInput(value) after each move. */
function slider({ id, label, min, max, step, value, format, onInput }) {
  const element = html(`<div class="slider"><label for="${esc(id)}"><span>${esc(label)}</span><output></output></label>
    <input type="range" id="${esc(id)}" data-testid="${esc(id)}" min="${min}" max="${max}" step="${step}" value="${value}"/></div>`);
  const input = element.querySelector('input');
  const output = element.querySelector('output');
  const show = () => { output.textContent = format(Number(input.value)); };
  input.addEventListener('input', () => { show(); onInput(Number(input.value)); });
  show();
  return { element, input, get value() { return Number(input.value); } };
}

function roundNice(value) {
  if (!isNum(value) || value <= 0) return 1000;
  const power = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / power) * power;
}

/** Debounces `fn`, aborting the previous in-flight call's AbortController. */
function liveCall(fn) {
  let timer = null;
  let controller = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (controller) controller.abort();
      controller = new AbortController();
      await fn(controller.signal);
    }, DEBOUNCE_MS);
  };
}

function reverseOutput(element, chartElement, plan) {
  const isB2b = plan.model === 'b2b';
  const channels = plan.channels || [];
  const tiers = plan.tiers || {};
  const tierShares = plan.tier_shares || {};
  const steps = isB2b
    ? [['Leads', num(plan.leads)], ['Won deals', num(plan.deals, 1)], ['Close rate', pct(plan.close_rate, 1)], ['Deal size', money(plan.deal_size)], ['CPL', money(plan.cpl)]]
    : [['Visits', num(plan.visits)], ['Paid visits', num(plan.paid_visits)], ['Orders', num(plan.orders)], ['Conversion rate', pct(plan.cr, 2)], ['AOV', money(plan.aov)]];
  element.replaceChildren(html(`<div class="plan-out" data-testid="plan-output" data-budget="${isNum(plan.budget) ? plan.budget : ''}">
    <div class="plan-budget" data-testid="plan-budget" data-value="${isNum(plan.budget) ? plan.budget : ''}">
      <span>Budget needed for ${esc(money(plan.target))}</span><strong>${esc(money(plan.budget))}</strong></div>
    <dl class="plan-steps">${steps.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>
    ${isB2b ? '' : `<table class="data compact" data-testid="plan-channels"><thead><tr><th class="text">Channel</th><th class="text">Tier</th>
      <th class="numeric">Share of visits</th><th class="numeric">Visits</th><th class="numeric">Budget</th></tr></thead><tbody>
      ${channels.map((c) => `<tr><td class="text">${esc(c.channel)}</td><td class="text">${esc(c.tier ?? '–')}</td><td class="numeric">${esc(pct(c.share))}</td>
        <td class="numeric">${esc(num(c.visits))}</td><td class="numeric" data-value="${isNum(c.cost) ? c.cost : ''}">${esc(money(c.cost))}</td></tr>`).join('')}</tbody></table>`}
    <p class="note">Tiers: ${Object.keys(tiers).map((t) => `${esc(t)} ${esc(money(tiers[t]))} (${esc(pct(tierShares[t], 0))})`).join(' · ')}</p>
    ${(plan.notes || []).map((n) => `<p class="note">${esc(n)}</p>`).join('')}</div>`));
  const bars = isB2b ? Object.keys(tiers).map((t) => ({ name: t, value: tiers[t] })) : channels.map((c) => ({ name: c.channel, value: c.cost }));
  chart(chartElement, {
    ...base(), legend: { show: false }, animation: false,
    tooltip: { ...base().tooltip, valueFormatter: (v) => money(v) },
    xAxis: { type: 'value', axisLabel: { formatter: moneyShort }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    yAxis: { type: 'category', data: bars.map((b) => b.name).reverse(), axisTick: { show: false } },
    series: [{ name: 'Budget', type: 'bar', data: bars.map((b) => b.value).reverse(), barMaxWidth: 18,
      label: { show: true, position: 'right', formatter: (p) => moneyShort(p.value) } }],
  });
}

function optimizeOutput(element, result) {
  const allocation = result.allocation || [];
  element.replaceChildren(html(`<div class="plan-out" data-testid="optimize-output">
    <div class="plan-budget"><span>Expected ${esc(result.objective ?? 'revenue')}</span><strong>${esc(money(result.expected))}</strong>
      <small>${isNum(result.uplift) ? `${esc(money(result.uplift))} more than the current split` : ''}</small></div>
    <table class="data compact"><thead><tr><th class="text">Channel</th><th class="numeric">Current</th><th class="numeric">Proposed</th>
      <th class="numeric">Change</th><th class="numeric">Marginal ROI</th></tr></thead><tbody>
      ${allocation.map((a) => `<tr><td class="text">${esc(a.channel)}</td><td class="numeric">${esc(money(a.current))}</td>
        <td class="numeric" data-value="${isNum(a.proposed) ? a.proposed : ''}">${esc(money(a.proposed))}</td>
        <td class="numeric ${a.change > 0 ? 'good' : a.change < 0 ? 'bad' : ''}">${esc(money(a.change))}</td><td class="numeric">${esc(num(a.marginal_roi, 2))}</td></tr>`).join('')}
    </tbody></table>${(result.moves || []).map((m) => `<p class="note">${esc(m.text)}</p>`).join('')}</div>`));
}

/** Renders the planner into `container`. */
export async function render(container, context) {
  const report = context.report;
  const history = report.plan?.funnel || {};
  const defaultTarget = report.plan?.target || (report.metrics?.totals?.revenue ?? 100000) / 2;
  container.replaceChildren();
  const grid = html('<div class="grid"></div>');
  container.append(grid);

  const reverse = panel('Reverse funnel', { wide: true, note: 'from a revenue target back to the budget; rates default to the measured history' });
  grid.append(reverse.section);
  const layout = html(`<div class="planner"><div class="controls">
      <div class="segmented" role="radiogroup" aria-label="Business model">
        <label><input type="radio" name="mode" value="ecommerce" checked data-testid="mode-ecommerce"/>E-commerce</label>
        <label><input type="radio" name="mode" value="b2b" data-testid="mode-b2b"/>B2B</label></div>
      <div class="sliders common"></div><div class="sliders ecommerce"></div><div class="sliders b2b" hidden></div></div>
    <div class="results"><div class="out" data-testid="plan-result"></div><div class="chart" data-testid="chart-plan"></div></div></div>`);
  reverse.body.append(layout);
  const out = layout.querySelector('.out');
  const planChart = layout.querySelector('.chart');
  const modeOf = () => layout.querySelector('input[name=mode]:checked').value;

  const state = { seeded: { ecommerce: false, b2b: false }, channels: [] };
  const sliders = {};
  const run = liveCall(async (signal) => {
    const mode = modeOf();
    const params = { target: sliders.target.value, mode };
    if (mode === 'ecommerce' && state.seeded.ecommerce) {
      params.cr = sliders.cr.value;
      params.aov = sliders.aov.value;
      params.channel = state.channels.map((c) => `${c.channel}:share=${c.slider.value}`);
    } else if (mode === 'b2b' && state.seeded.b2b) {
      params['close-rate'] = sliders.closeRate.value;
      params['deal-size'] = sliders.dealSize.value;
      params.cpl = sliders.cpl.value;
      const core = sliders.core.value;
      const rest = 100 - core;
      params.tiers = `${core}/${Math.round((rest * 2) / 3)}/${rest - Math.round((rest * 2) / 3)}`;
    }
    out.classList.add('busy');
    const result = await api.get('plan/reverse', params, { signal, fresh: true });
    if (result.code === 'aborted') return;
    out.classList.remove('busy');
    if (!result.ok) {
      unavailable(out, result, 'the reverse funnel');
      return;
    }
    if (!state.seeded[mode]) seed(mode, result.data);
    reverseOutput(out, planChart, result.data);
    out.dataset.version = String(Number(out.dataset.version || 0) + 1);
  });

  const targetMax = roundNice(defaultTarget * 4);
  sliders.target = slider({ id: 'slider-target', label: 'Revenue target', min: targetMax / 40, max: targetMax, step: 'any',
    value: Math.min(targetMax, defaultTarget), format: money, onInput: run });
  layout.querySelector('.common').append(sliders.target.element);

  // Sliders of a mode are made from the first answer, which carries the history's rates.
  function seed(mode, plan) {
    state.seeded[mode] = true;
    if (mode === 'ecommerce') {
      const box = layout.querySelector('.ecommerce');
      sliders.cr = slider({ id: 'slider-cr', label: 'Conversion rate', min: 0.002, max: 0.1, step: 'any',
        value: plan.cr, format: (v) => pct(v, 2), onInput: run });
      const aovMax = roundNice((plan.aov || 100) * 2.5);
      sliders.aov = slider({ id: 'slider-aov', label: 'Average order value', min: aovMax / 50, max: aovMax, step: 'any',
        value: plan.aov, format: money, onInput: run });
      box.append(sliders.cr.element, sliders.aov.element, html('<h3>Paid share of visits</h3>'));
      state.channels = (plan.channels || []).map((c, i) => {
        const s = slider({ id: `slider-share-${i}`, label: c.channel, min: 0, max: 0.6, step: 'any', value: c.share,
          format: (v) => pct(v, 1), onInput: () => { clampShares(s); run(); } });
        box.append(s.element);
        return { channel: c.channel, slider: s };
      });
    } else {
      const box = layout.querySelector('.b2b');
      sliders.closeRate = slider({ id: 'slider-close-rate', label: 'Close rate (won deals ÷ leads)', min: 0.005, max: 0.5, step: 'any',
        value: plan.close_rate, format: (v) => pct(v, 1), onInput: run });
      const dealMax = roundNice((plan.deal_size || 1000) * 2.5);
      sliders.dealSize = slider({ id: 'slider-deal-size', label: 'Deal size', min: dealMax / 50, max: dealMax, step: 'any',
        value: plan.deal_size, format: money, onInput: run });
      const cplMax = roundNice((plan.cpl || 50) * 3);
      sliders.cpl = slider({ id: 'slider-cpl', label: 'Cost per lead', min: cplMax / 100, max: cplMax, step: 'any',
        value: plan.cpl, format: money, onInput: run });
      sliders.core = slider({ id: 'slider-core', label: 'Core tier share (rest 2:1 emerging/experimental)', min: 40, max: 100, step: 5,
        value: Math.round((plan.tier_shares?.core ?? 0.7) * 100), format: (v) => `${v} %`, onInput: run });
      box.append(sliders.closeRate.element, sliders.dealSize.element, sliders.cpl.element, sliders.core.element);
    }
  }

  // Paid shares may not sum above 100 % of visits: the moved slider gives way.
  function clampShares(moved) {
    const others = state.channels.filter((c) => c.slider !== moved).reduce((sum, c) => sum + c.slider.value, 0);
    if (others + moved.value > 1) {
      moved.input.value = String(Math.max(0, 1 - others));
      moved.input.dispatchEvent(new Event('change'));
    }
  }

  layout.querySelectorAll('input[name=mode]').forEach((radio) => radio.addEventListener('change', () => {
    const mode = modeOf();
    layout.querySelector('.ecommerce').hidden = mode !== 'ecommerce';
    layout.querySelector('.b2b').hidden = mode !== 'b2b';
    run();
  }));
  run();

  // Budget optimiser over the response curves.
  const optimize = panel('Budget allocation', { wide: true, note: 'the budget spread over the channels\' response curves (marketing-mix model)' });
  grid.append(optimize.section);
  const spendNow = report.metrics?.totals?.spend || history.budget || 10000;
  const budgetMax = roundNice(spendNow * 3);
  const optimizeOut = html('<div class="out" data-testid="optimize-result"></div>');
  const runOptimize = liveCall(async (signal) => {
    const result = await api.get('plan/optimize', { budget: budgetSlider.value }, { signal, fresh: true });
    if (result.code === 'aborted') return;
    if (!result.ok) {
      const reason = report.plan?.mmm_skipped;
      unavailable(optimizeOut, result, 'the budget optimiser');
      if (reason) optimizeOut.append(html(`<p class="note">The report could not fit a response model: ${esc(reason)}</p>`));
      return;
    }
    optimizeOutput(optimizeOut, result.data);
  });
  const budgetSlider = slider({ id: 'slider-budget', label: 'Total budget', min: budgetMax / 30, max: budgetMax, step: 'any',
    value: Math.round(spendNow), format: money, onInput: runOptimize });
  optimize.body.append(html('<div class="planner"><div class="controls"></div><div class="results"></div></div>'));
  optimize.body.querySelector('.controls').append(budgetSlider.element);
  optimize.body.querySelector('.results').append(optimizeOut);
  runOptimize();
}
