// Import: drop a file (or pick one) to append it to the workspace through
// POST /api/import?name=…&kind=…; shows the cleaning summary (rows in, kept,
// quarantined by rule), then reloads the dashboard's data. Lists earlier imports
// (/api/imports) and the current cleaning summary (/api/cleaning).
import * as api from '../api.js';
import { esc, num } from '../format.js';
import { html, panel, unavailable, loading } from '../ui.js';

/** The kinds an import may be, as the data folder's file-name prefixes. */
export const KINDS = ['touchpoints', 'conversions', 'leads', 'deals', 'spend', 'costs', 'email', 'goals'];
const MAX_MB = 256;

/** The import view works without a report (an empty workspace). */
export const needsReport = false;

let lastSummary = null; // survives the re-render that follows an import

/** The kind a file name implies by its prefix (spend_2025.csv -> spend), or ''. */
export function guessKind(name) {
  const base = String(name).toLowerCase().replace(/^.*[\\/]/, '');
  return KINDS.find((kind) => base.startsWith(kind)) || '';
}

function summaryTable(imports) {
  const rows = imports.map((raw) => {
    // Import summaries say path/rows_kept; the workspace's import list file_name/rows_stored.
    const entry = { ...raw, path: raw.path ?? raw.file_name, rows_kept: raw.rows_kept ?? raw.rows_stored };
    const rules = Object.entries(entry.by_rule || {}).filter(([, n]) => n > 0)
      .map(([rule, n]) => `<span class="rule">${esc(rule.replace(/_/g, ' '))} <b>${esc(num(n))}</b></span>`).join(' ');
    return `<tr data-testid="import-row" data-rows-in="${esc(entry.rows_in)}" data-rows-kept="${esc(entry.rows_kept)}" data-rows-quarantined="${esc(entry.rows_quarantined)}">
      <td class="text">${esc(String(entry.path ?? '').replace(/^.*[\\/]/, ''))}</td><td class="text">${esc(entry.kind)}</td>
      <td class="numeric">${esc(num(entry.rows_in))}</td><td class="numeric">${esc(num(entry.rows_kept))}</td>
      <td class="numeric">${esc(num(entry.rows_quarantined))}</td><td class="text">${entry.duplicate ? '<span class="badge">already imported</span> ' : ''}${rules || '–'}</td></tr>`;
  }).join('');
  return `<table class="data compact"><thead><tr><th class="text">File</th><th class="text">Kind</th><th class="numeric">Rows in</th>
    <th class="numeric">Kept</th><th class="numeric">Quarantined</th><th class="text">By rule</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function showSummary(element, summary) {
  if (!summary) return;
  if (!summary.ok) {
    element.replaceChildren(html(`<div class="unavailable" data-testid="upload-error"><strong>Import failed</strong>
      <span>${esc(summary.message)}</span></div>`));
    return;
  }
  const imports = summary.data.imports || [];
  const total = imports.reduce((t, e) => ({ in: t.in + (e.rows_in || 0), kept: t.kept + (e.rows_kept ?? e.rows_stored ?? 0), q: t.q + (e.rows_quarantined || 0) }), { in: 0, kept: 0, q: 0 });
  element.replaceChildren(html(`<div class="upload-summary" data-testid="upload-summary" data-rows-in="${total.in}"
      data-rows-kept="${total.kept}" data-rows-quarantined="${total.q}">
    <p class="summary ok">Imported <strong>${esc(summary.name)}</strong>: ${esc(num(total.in))} rows in,
      ${esc(num(total.kept))} kept, ${esc(num(total.q))} quarantined.</p>${summaryTable(imports)}</div>`));
}

async function upload(file, kind, summaryElement, context) {
  if (file.size > MAX_MB * 1024 * 1024) {
    lastSummary = { ok: false, message: `${file.name} is larger than ${MAX_MB} MB` };
    showSummary(summaryElement, lastSummary);
    return;
  }
  summaryElement.replaceChildren(html(`<div class="loading">Importing ${esc(file.name)}…</div>`));
  const result = await api.post('import', { name: file.name, kind }, file, file.type || 'text/csv');
  lastSummary = { ...result, name: file.name };
  showSummary(summaryElement, lastSummary);
  if (result.ok) await context.refresh();
}

/** Renders the import view into `container`. */
export async function render(container, context) {
  container.replaceChildren();
  const grid = html('<div class="grid"></div>');
  container.append(grid);

  const drop = panel('Import a file', { wide: true, note: 'CSV or JSONL exports; re-importing the same file changes nothing' });
  const zone = html(`<div class="dropzone" data-testid="dropzone" tabindex="0">
      <p><strong>Drop a file here</strong> or <label class="link">choose one<input type="file" data-testid="file-input" hidden/></label></p>
      <label>Kind <select data-testid="kind-select"><option value="">from the file name</option>
        ${KINDS.map((k) => `<option value="${k}">${k}</option>`).join('')}</select></label></div>`);
  const summaryElement = html('<div class="upload-result" data-testid="upload-result"></div>');
  drop.body.append(zone, summaryElement);
  if (context.health && context.health.source === 'data') {
    zone.after(html(`<p class="note" data-testid="read-only-note">This server reads a folder of files, which is read-only:
      start it on a workspace (<code>mroi serve --workspace DIR</code>) to import.</p>`));
  }
  grid.append(drop.section);
  showSummary(summaryElement, lastSummary);

  const kindSelect = zone.querySelector('select');
  const start = (file) => {
    if (!file) return;
    const kind = kindSelect.value || guessKind(file.name);
    if (!kind) {
      lastSummary = { ok: false, message: `cannot tell the kind of ${file.name} from its name: choose a kind (${KINDS.join(', ')})` };
      showSummary(summaryElement, lastSummary);
      return;
    }
    upload(file, kind, summaryElement, context);
  };
  zone.querySelector('input[type=file]').addEventListener('change', (event) => start(event.target.files[0]));
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    start(event.dataTransfer.files[0]);
  });

  const history = panel('Imports');
  const cleaning = panel('Current cleaning summary', { note: 'what the eraser removed from the data, by rule' });
  grid.append(history.section, cleaning.section);
  loading(history.body);
  loading(cleaning.body);
  const [imports, clean] = await Promise.all([api.get('imports'), api.get('cleaning')]);
  if (!imports.ok) unavailable(history.body, imports, 'the import history');
  else {
    const list = Array.isArray(imports.data) ? imports.data : imports.data.imports || [];
    history.body.replaceChildren(list.length ? html(`<div class="scroll short">${summaryTable(list)}</div>`)
      : html(`<p class="empty">${imports.data.source === 'data' ? 'This server reads a data folder: imports need a workspace (mroi init).' : 'No imports yet.'}</p>`));
  }
  if (!clean.ok) unavailable(cleaning.body, clean, 'the cleaning summary');
  else {
    const files = clean.data.files || [];
    const totals = clean.data.totals || {};
    cleaning.body.replaceChildren(html(`<div><p class="summary">${esc(num(totals.rows_in))} rows in, ${esc(num(totals.rows_kept))} kept,
      ${esc(num(totals.rows_quarantined))} quarantined</p><div class="scroll short">${summaryTable(files)}</div></div>`));
  }
}
