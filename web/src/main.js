// The dashboard's entry: loads /api/health and /api/report, draws the tab bar and shows
// one view at a time (hash routing: #overview, #channels, …). A view renders on its first
// visit; after an import every visited view renders again from fresh data.
import './styles.css';
import * as api from './api.js';
import { setCurrency, esc } from './format.js';
import { html } from './ui.js';
import { resizeAll } from './charts.js';
import * as overview from './views/overview.js';
import * as channels from './views/channels.js';
import * as attribution from './views/attribution.js';
import * as customers from './views/customers.js';
import * as experiments from './views/experiments.js';
import * as planner from './views/planner.js';
import * as importer from './views/import.js';

const VIEWS = [
  { id: 'overview', label: 'Overview', view: overview },
  { id: 'channels', label: 'Channels', view: channels },
  { id: 'attribution', label: 'Attribution', view: attribution },
  { id: 'customers', label: 'Customers', view: customers },
  { id: 'experiments', label: 'Experiments', view: experiments },
  { id: 'planner', label: 'Planner', view: planner },
  { id: 'import', label: 'Import', view: importer },
];

const state = { report: null, health: null, rendered: new Set() };
const main = document.getElementById('main');
const tabs = document.getElementById('tabs');
const containers = new Map();

const context = {
  get report() { return state.report; },
  get health() { return state.health; },
  /** Reloads everything after the data changed (an import). */
  async refresh() {
    api.invalidate();
    await loadReport();
    const current = currentId();
    state.rendered.clear();
    await show(current);
  },
};

function currentId() {
  const id = location.hash.replace(/^#/, '');
  return VIEWS.some((v) => v.id === id) ? id : 'overview';
}

async function loadReport() {
  const [health, report] = await Promise.all([api.get('health'), api.get('report')]);
  state.health = health.ok ? health.data : null;
  state.report = report.ok ? report.data : null;
  state.reportError = report.ok ? null : report;
  if (state.report) {
    setCurrency(state.report.currency);
    document.getElementById('report-title').textContent = state.report.title || 'Marketing ROI';
  }
  const meta = document.getElementById('meta');
  const period = state.report && state.report.period;
  meta.innerHTML = [
    period ? `<span>${esc(period.start)} → ${esc(period.end)}</span>` : '',
    state.health ? `<span title="data version">data v${esc(state.health.data_version ?? '–')}</span>` : '',
    state.health ? `<span class="status ${state.health.status === 'ok' ? 'ok' : 'warn'}">${esc(state.health.status)}</span>` : '<span class="status warn">server unreachable</span>',
  ].join('');
  document.getElementById('foot').textContent = state.health
    ? `mroi ${state.health.version ?? ''} · source ${state.health.source ?? ''}` : '';
}

async function show(id) {
  for (const [viewId, container] of containers) container.hidden = viewId !== id;
  tabs.querySelectorAll('[role=tab]').forEach((tab) => {
    const active = tab.dataset.view === id;
    tab.setAttribute('aria-selected', String(active));
    tab.tabIndex = active ? 0 : -1;
  });
  const entry = VIEWS.find((v) => v.id === id);
  const container = containers.get(id);
  if (!state.rendered.has(id)) {
    state.rendered.add(id);
    container.dataset.state = 'loading';
    try {
      if (!state.report && entry.view.needsReport !== false) {
        container.replaceChildren(html(`<div class="unavailable"><strong>No report</strong><span>${esc(
          state.reportError ? state.reportError.message : 'the report could not be loaded')}</span></div>`));
      } else {
        await entry.view.render(container, context);
      }
    } catch (error) {
      console.warn(`view ${id} failed`, error);
      container.replaceChildren(html(`<div class="unavailable"><strong>This view failed</strong><span>${esc(String(error))}</span></div>`));
    }
    container.dataset.state = 'ready';
  }
  requestAnimationFrame(resizeAll);
}

async function start() {
  for (const { id, label } of VIEWS) {
    const tab = html(`<a role="tab" href="#${id}" data-view="${id}" data-testid="tab-${id}" aria-controls="view-${id}">${esc(label)}</a>`);
    tabs.append(tab);
    const container = html(`<div class="view" id="view-${id}" role="tabpanel" data-testid="view-${id}" hidden></div>`);
    main.append(container);
    containers.set(id, container);
  }
  window.addEventListener('hashchange', () => show(currentId()));
  await loadReport();
  await show(currentId());
  document.body.dataset.ready = 'true';
}

start();
