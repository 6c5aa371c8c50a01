// Small DOM helpers shared by the views: element creation from an HTML string, panels
// with a title, the "unavailable" notice for a route that failed (404 while being built,
// or an error), and a sortable table.
import { esc } from './format.js';

/** Creates one element from an HTML string (the caller escapes its data with esc()). */
export function html(markup) {
  const template = document.createElement('template');
  template.innerHTML = markup.trim();
  return template.content.firstElementChild;
}

/** A card: <section class="panel"> with a heading, an optional note and a body. */
export function panel(title, { note = '', wide = false, testid = '' } = {}) {
  const section = html(`<section class="panel${wide ? ' wide' : ''}"${testid ? ` data-testid="${esc(testid)}"` : ''}>
    <header><h2>${esc(title)}</h2>${note ? `<p class="note">${esc(note)}</p>` : ''}</header>
    <div class="body"></div></section>`);
  return { section, body: section.querySelector('.body') };
}

/** Fills `element` with the notice that a panel's data is unavailable and why. */
export function unavailable(element, result, what) {
  const reason = result.status === 404
    ? `this server does not offer ${what} yet (404)`
    : result.message || 'unknown error';
  element.replaceChildren(html(`<div class="unavailable" data-testid="unavailable">
    <strong>Unavailable</strong><span>${esc(reason)}</span></div>`));
}

/** Shows a short loading line in `element`. */
export function loading(element) {
  element.replaceChildren(html('<div class="loading">Loading…</div>'));
}

/**
 * A table sorted by clicking a header (again to reverse). `columns`: [{key, label, kind,
 * format(value), value(row)}]; `kind` 'text' sorts by locale, anything else numerically
 * with missing values last. Returns the <table>.
 */
export function sortableTable(columns, rows, { id = '', initial = null, descending = true } = {}) {
  const table = html(`<table class="data"${id ? ` id="${esc(id)}" data-testid="${esc(id)}"` : ''}>
    <thead><tr></tr></thead><tbody></tbody></table>`);
  const headRow = table.querySelector('thead tr');
  const body = table.querySelector('tbody');
  const valueOf = (column, row) => (column.value ? column.value(row) : row[column.key]);
  let sortKey = initial;
  let sortDescending = descending;

  const render = () => {
    const column = columns.find((c) => c.key === sortKey);
    const sorted = [...rows];
    if (column) {
      sorted.sort((a, b) => {
        const x = valueOf(column, a);
        const y = valueOf(column, b);
        if (column.kind === 'text') return String(x ?? '').localeCompare(String(y ?? ''));
        const xm = typeof x !== 'number' || !Number.isFinite(x);
        const ym = typeof y !== 'number' || !Number.isFinite(y);
        if (xm || ym) return xm === ym ? 0 : xm ? (sortDescending ? -1 : 1) : (sortDescending ? 1 : -1);
        return x - y;
      });
      if (sortDescending) sorted.reverse();
    }
    headRow.querySelectorAll('th').forEach((th) => {
      const active = th.dataset.key === sortKey;
      th.classList.toggle('sorted', active);
      th.setAttribute('aria-sort', active ? (sortDescending ? 'descending' : 'ascending') : 'none');
    });
    body.replaceChildren(...sorted.map((row) => {
      const tr = document.createElement('tr');
      for (const c of columns) {
        const td = document.createElement('td');
        const value = valueOf(c, row);
        td.className = c.kind === 'text' ? 'text' : 'numeric';
        if (typeof value === 'number') td.dataset.value = String(value);
        if (c.html) td.innerHTML = c.html(value, row);
        else td.textContent = c.format ? c.format(value) : String(value ?? "–");
        tr.append(td);
      }
      return tr;
    }));
  };

  for (const c of columns) {
    const th = html(`<th scope="col" class="${c.kind === 'text' ? 'text' : 'numeric'}" data-key="${esc(c.key)}"
      tabindex="0" title="Sort by ${esc(c.label)}">${esc(c.label)}<span class="arrow"></span></th>`);
    const sortBy = () => {
      if (sortKey === c.key) sortDescending = !sortDescending;
      else { sortKey = c.key; sortDescending = c.kind !== 'text'; }
      render();
    };
    th.addEventListener('click', sortBy);
    th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(); } });
    headRow.append(th);
  }
  render();
  return table;
}
