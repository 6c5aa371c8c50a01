// Experiments: the A/B tests the report found in the data (report.experiments[]): each
// arm's users and conversions, and per metric the lift with its interval, p-values and
// the verdict in words; a sample-ratio-mismatch warning when there is one. A calculator
// posts two arms' conversions/users to POST /api/abtest (= `mroi abtest proportions --json`).
import * as api from '../api.js';
import { esc, isNum, money, num, pct, signedPct } from '../format.js';
import { html, panel, unavailable } from '../ui.js';

/** The A/B calculator panel: conversions and users of two arms -> the z-test read-out. */
function calculator(grid) {
  const p = panel('Test calculator', { wide: true, note: 'two-proportion z-test of a test run elsewhere' });
  const form = html(`<form class="abtest-form" data-testid="abtest-form">
    <fieldset><legend>Control</legend><label>Users <input name="control_users" type="number" min="1" step="1" value="1000" required/></label>
      <label>Conversions <input name="control_conversions" type="number" min="0" step="1" value="50" required/></label></fieldset>
    <fieldset><legend>Variant</legend><label>Users <input name="variant_users" type="number" min="1" step="1" value="1000" required/></label>
      <label>Conversions <input name="variant_conversions" type="number" min="0" step="1" value="70" required/></label></fieldset>
    <button type="submit">Read out</button></form>`);
  const out = html('<div class="abtest-out" data-testid="abtest-result"></div>');
  p.body.append(form, out);
  grid.append(p.section);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = Object.fromEntries(new FormData(form).entries());
    for (const arm of ['control', 'variant']) {
      if (Number(v[`${arm}_conversions`]) > Number(v[`${arm}_users`])) {
        out.replaceChildren(html(`<p class="alert-text" role="alert">${arm}: conversions exceed users</p>`));
        return;
      }
    }
    const body = JSON.stringify({ test: 'proportions', control: `${v.control_conversions}/${v.control_users}`,
      variant: `${v.variant_conversions}/${v.variant_users}` });
    const result = await api.post('abtest', {}, body, 'application/json');
    if (!result.ok) return unavailable(out, result, 'the A/B test read-out');
    const r = result.data;
    out.replaceChildren(html(`<div><p class="summary"><strong>${esc(signedPct(r.lift_rel))}</strong> relative lift
      (${esc(pct(r.control?.rate, 2))} → ${esc(pct(r.variant?.rate, 2))}), interval ${esc(signedPct(r.ci_low))} … ${esc(signedPct(r.ci_high))},
      p = ${esc(num(r.p_value, 3))}</p><p class="${r.significant ? 'summary ok' : 'note'}">${esc(r.verdict ?? '')}</p>
      ${r.srm_warning ? `<p class="alert-text" role="alert">${esc(r.srm_warning)}</p>` : ''}</div>`));
  });
}

function metricRow(arm, metric) {
  const significant = isNum(metric.p_holm) ? metric.p_holm < 0.05 : false;
  const low = metric.ci_low;
  const high = metric.ci_high;
  // The interval drawn on a -100 %..+200 % track, the zero line marked.
  const place = (v) => Math.max(0, Math.min(100, ((v + 1) / 3) * 100));
  const interval = isNum(low) && isNum(high)
    ? `<div class="ci-track" title="relative lift interval ${esc(signedPct(low))} … ${esc(signedPct(high))}"><span class="zero" style="left:${place(0)}%"></span>
       <span class="range ${significant ? (metric.lift_rel > 0 ? 'good' : 'bad') : ''}" style="left:${place(low)}%;width:${Math.max(0.5, place(high) - place(low))}%"></span>
       <span class="point" style="left:${place(metric.lift_rel)}%"></span></div>` : '';
  return `<tr><td class="text">${esc(arm)}</td><td class="text">${esc(metric.metric)}${metric.cuped ? ' <small>(CUPED)</small>' : ''}</td>
    <td class="numeric">${esc(signedPct(metric.lift_rel))}</td><td class="wide-cell">${interval}</td>
    <td class="numeric">${esc(num(metric.p_holm, 3))}</td><td class="numeric">${esc(pct(metric.chance_to_beat))}</td>
    <td class="text verdict ${significant ? 'sig' : ''}">${esc(metric.verdict)}</td></tr>`;
}

/** Renders the experiments view into `container`. */
export async function render(container, context) {
  const experiments = context.report.experiments || [];
  container.replaceChildren();
  const grid = html('<div class="grid"></div>');
  container.append(grid);
  if (experiments.length === 0) {
    const p = panel('A/B tests', { wide: true });
    p.body.append(html('<p class="empty">No A/B tests found in the data (variant tags such as utm_content “offer_a / offer_b”).</p>'));
    grid.append(p.section);
    calculator(grid);
    return;
  }
  for (const test of experiments) {
    const p = panel(`Test “${test.name}”`, { wide: true, testid: `experiment-${test.name}`,
      note: `variants by ${test.field}; control ${test.control}` });
    const arms = [{ name: test.control, users: test.control_users, conversions: test.control_conversions, revenue: test.control_revenue, control: true },
      ...(test.results || []).map((r) => ({ name: r.name, users: r.users, conversions: r.conversions, revenue: r.revenue }))];
    const armRows = arms.map((a) => `<tr><td class="text">${esc(a.name)}${a.control ? ' <small>(control)</small>' : ''}</td>
      <td class="numeric">${esc(num(a.users))}</td><td class="numeric">${esc(num(a.conversions))}</td>
      <td class="numeric">${esc(pct(a.users > 0 ? a.conversions / a.users : null, 2))}</td><td class="numeric">${esc(money(a.revenue))}</td></tr>`).join('');
    const metricRows = (test.results || []).flatMap((r) => (r.metrics || []).map((m) => metricRow(r.name, m))).join('');
    p.body.append(html(`<div class="experiment">
      ${test.srm_warning ? `<p class="alert-text" role="alert">${esc(test.srm_warning)}</p>` : ''}
      <table class="data compact"><thead><tr><th class="text">Arm</th><th class="numeric">Users</th><th class="numeric">Conversions</th>
        <th class="numeric">Conv. rate</th><th class="numeric">Revenue</th></tr></thead><tbody>${armRows}</tbody></table>
      <table class="data compact"><thead><tr><th class="text">Variant</th><th class="text">Metric</th><th class="numeric">Lift</th>
        <th>Interval (−100 % … +200 %)</th><th class="numeric">p (Holm)</th><th class="numeric">Chance to beat</th><th class="text">Verdict</th></tr></thead>
        <tbody>${metricRows}</tbody></table>
      <p class="note">Sample-ratio check p = ${esc(num(test.srm_p_value, 3))}</p></div>`));
    grid.append(p.section);
  }
  calculator(grid);
}
