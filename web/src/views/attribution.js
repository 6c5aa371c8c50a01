// Attribution: every model of the report side by side per channel (grouped bars of
// credited conversions, with the bootstrap interval as error bars), the same as a table,
// and the top converting paths. Model checkboxes choose which bars to draw.
import { esc, money, num, pct } from '../format.js';
import { html, panel, sortableTable } from '../ui.js';
import { base, chart, PALETTE } from '../charts.js';

const DEFAULT_MODELS = ['last', 'first', 'linear', 'time_decay', 'markov_1', 'shapley'];
const CATEGORY_GAP = 0.3;
const BAR_GAP = 0.2;

/** Error bars for series `k` of `n` grouped bars: a custom series drawing [low, high] whiskers. */
function errorBars(name, k, n, lows, highs, color) {
  return {
    name, type: 'custom', z: 10, silent: true, tooltip: { show: false },
    data: lows.map((low, i) => [i, low, highs[i]]),
    renderItem(params, api) {
      const low = api.value(1);
      const high = api.value(2);
      if (typeof low !== 'number' || typeof high !== 'number' || Number.isNaN(low)) return null;
      const width = api.size([1, 0])[0];
      const area = width * (1 - CATEGORY_GAP);
      const bar = area / (n + (n - 1) * BAR_GAP);
      const center = api.coord([api.value(0), 0])[0] - area / 2 + k * bar * (1 + BAR_GAP) + bar / 2;
      const top = api.coord([api.value(0), high])[1];
      const bottom = api.coord([api.value(0), low])[1];
      const cap = Math.max(2, bar * 0.3);
      const style = { stroke: '#0f172a', lineWidth: 1, opacity: 0.7 };
      return { type: 'group', children: [
        { type: 'line', shape: { x1: center, y1: top, x2: center, y2: bottom }, style },
        { type: 'line', shape: { x1: center - cap, y1: top, x2: center + cap, y2: top }, style },
        { type: 'line', shape: { x1: center - cap, y1: bottom, x2: center + cap, y2: bottom }, style },
      ] };
    },
    color,
  };
}

function drawComparison(element, models, chosen) {
  const shown = models.filter((m) => chosen.has(m.model));
  const channels = [...new Set(models.flatMap((m) => m.channels.map((c) => c.channel)))]
    .filter((c) => c !== '(none)');
  const lookup = (model, channel) => model.channels.find((c) => c.channel === channel) || {};
  const series = [];
  shown.forEach((model, k) => {
    const color = PALETTE[models.indexOf(model) % PALETTE.length];
    series.push({ name: model.model, type: 'bar', barGap: `${BAR_GAP * 100}%`, barCategoryGap: `${CATEGORY_GAP * 100}%`,
      data: channels.map((c) => lookup(model, c).conversions ?? 0), color });
  });
  shown.forEach((model, k) => {
    const color = PALETTE[models.indexOf(model) % PALETTE.length];
    series.push(errorBars(model.model, k, shown.length,
      channels.map((c) => lookup(model, c).ci_low ?? null), channels.map((c) => lookup(model, c).ci_high ?? null), color));
  });
  chart(element, {
    ...base(),
    tooltip: { ...base().tooltip, axisPointer: { type: 'shadow' }, valueFormatter: (v) => num(v, 1) },
    xAxis: { type: 'category', data: channels, axisLabel: { interval: 0, rotate: 25 }, axisTick: { show: false } },
    yAxis: { type: 'value', name: 'conversions credited', nameTextStyle: { align: 'left' }, splitLine: { lineStyle: { color: '#eef2f7' } } },
    series,
  });
}

/** Renders the attribution view into `container`. */
export async function render(container, context) {
  const report = context.report;
  const attribution = report.attribution || {};
  const models = (attribution.models || []).filter((m) => Array.isArray(m.channels));
  container.replaceChildren();
  const grid = html('<div class="grid"></div>');
  container.append(grid);

  const boot = attribution.bootstrap;
  const compare = panel('Model comparison', { wide: true,
    note: boot ? `credited conversions per channel; whiskers: ${pct(boot.level, 0)} bootstrap interval over ${num(boot.replicates)} resamples of persons` : 'credited conversions per channel' });
  const chooser = html('<div class="chips" data-testid="model-chooser"></div>');
  const chosen = new Set(models.map((m) => m.model).filter((m) => DEFAULT_MODELS.includes(m)));
  const comparisonChart = html('<div class="chart tall" data-testid="chart-attribution"></div>');
  for (const model of models) {
    const chip = html(`<label class="chip"><input type="checkbox" value="${esc(model.model)}"${chosen.has(model.model) ? ' checked' : ''}/>${esc(model.model.replace(/_/g, ' '))}</label>`);
    chip.querySelector('input').addEventListener('change', (event) => {
      if (event.target.checked) chosen.add(model.model); else chosen.delete(model.model);
      drawComparison(comparisonChart, models, chosen);
    });
    chooser.append(chip);
  }
  compare.body.append(chooser, comparisonChart);
  grid.append(compare.section);
  if (models.length) drawComparison(comparisonChart, models, chosen);
  for (const skipped of attribution.skipped_models || []) {
    compare.body.append(html(`<p class="note">${esc(skipped.label || skipped.model)} skipped: ${esc(skipped.reason)}</p>`));
  }

  // Table: channel rows, one column per model, "point [low, high]".
  const channels = [...new Set(models.flatMap((m) => m.channels.map((c) => c.channel)))];
  const rows = channels.map((channel) => {
    const row = { channel };
    for (const model of models) {
      const cell = model.channels.find((c) => c.channel === channel) || {};
      row[model.model] = cell.conversions ?? null;
      row[`${model.model}__ci`] = [cell.ci_low, cell.ci_high];
    }
    return row;
  });
  const columns = [{ key: 'channel', label: 'Channel', kind: 'text' }, ...models.map((m) => ({
    key: m.model, label: m.model.replace(/_/g, ' '),
    html: (value, row) => {
      const [low, high] = row[`${m.model}__ci`];
      return `${esc(num(value, 1))}${typeof low === 'number' && typeof high === 'number'
        ? `<small class="ci">[${esc(num(low, 0))}–${esc(num(high, 0))}]</small>` : ''}`;
    },
  }))];
  const tablePanel = panel('Conversions credited by model', { wide: true, note: 'point estimate [bootstrap interval]' });
  tablePanel.body.append(html('<div class="scroll"></div>'));
  tablePanel.body.firstChild.append(sortableTable(columns, rows, { id: 'table-attribution', initial: 'last' }));
  grid.append(tablePanel.section);

  const paths = report.paths || {};
  const pathsPanel = panel('Top converting paths', { wide: true,
    note: `${num(paths.converting)} of ${num(paths.journeys)} journeys convert; median ${num(paths.median_days_to_conversion, 1)} days to conversion` });
  pathsPanel.body.append(html('<div class="scroll"></div>'));
  pathsPanel.body.firstChild.append(sortableTable([
    { key: 'path', label: 'Path', kind: 'text', html: (v) => String(v).split(' > ').map((s) => `<span class="step">${esc(s)}</span>`).join('<span class="sep">›</span>') },
    { key: 'length', label: 'Touches', format: (v) => num(v) },
    { key: 'journeys', label: 'Journeys', format: (v) => num(v) },
    { key: 'conversions', label: 'Conversions', format: (v) => num(v) },
    { key: 'rate', label: 'Conv. rate', value: (r) => (r.journeys > 0 ? r.conversions / r.journeys : null), format: (v) => pct(v) },
    { key: 'revenue', label: 'Revenue', format: money },
  ], (paths.top_converting || []).slice(0, 20), { id: 'table-paths', initial: 'conversions' }));
  grid.append(pathsPanel.section);
}
