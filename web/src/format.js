// Number formatting for the dashboard: thousands separators, currency, percentages and
// ratios, and a dash for missing values (null, undefined, NaN, ±Infinity). Pure functions,
// no DOM. The currency symbol comes from report.json's `currency` (setCurrency).

let currencySymbol = '$';
const DASH = '–';

/** Sets the symbol money() prefixes (report.json `currency`, e.g. "$" or "€"). */
export function setCurrency(symbol) {
  if (typeof symbol === 'string' && symbol.length > 0 && symbol.length <= 4) currencySymbol = symbol;
}

/** True when `value` is a finite number. */
export function isNum(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

const formatters = new Map();
function formatter(digits) {
  if (!formatters.has(digits)) {
    formatters.set(digits, new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits, maximumFractionDigits: digits,
    }));
  }
  return formatters.get(digits);
}

/** A count or amount with thousands separators and `digits` decimals: 12,345. */
export function num(value, digits = 0) {
  return isNum(value) ? formatter(digits).format(value) : DASH;
}

/** Money: $12,345 (no decimals from 1,000 up, two below). */
export function money(value, digits) {
  if (!isNum(value)) return DASH;
  const d = digits ?? (Math.abs(value) >= 1000 ? 0 : 2);
  const sign = value < 0 ? '−' : '';
  return `${sign}${currencySymbol}${formatter(d).format(Math.abs(value))}`;
}

/** Compact money for chart axes: $12.3k, $1.2M. */
export function moneyShort(value) {
  if (!isNum(value)) return DASH;
  const abs = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  if (abs >= 1e6) return `${sign}${currencySymbol}${formatter(1).format(abs / 1e6)}M`;
  if (abs >= 1e3) return `${sign}${currencySymbol}${formatter(1).format(abs / 1e3)}k`;
  return `${sign}${currencySymbol}${formatter(0).format(abs)}`;
}

/** A fraction as a percentage: 0.0397 -> 3.97 %. */
export function pct(value, digits = 1) {
  return isNum(value) ? `${formatter(digits).format(value * 100)} %` : DASH;
}

/** A signed change as a percentage: +12.3 %, −4.0 %. */
export function signedPct(value, digits = 1) {
  if (!isNum(value)) return DASH;
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${formatter(digits).format(Math.abs(value) * 100)} %`;
}

/** A ratio such as ROAS or LTV:CAC: 17.62×. */
export function ratio(value, digits = 2) {
  return isNum(value) ? `${formatter(digits).format(value)}×` : DASH;
}

/** Formats `value` by kind: 'money', 'count', 'pct', 'ratio', 'decimal' or 'text'. */
export function byKind(kind, value) {
  switch (kind) {
    case 'money': return money(value);
    case 'count': return num(value);
    case 'pct': return pct(value);
    case 'ratio': return ratio(value);
    case 'decimal': return num(value, 2);
    default: return value == null ? DASH : String(value);
  }
}

/** Escapes text for insertion into HTML. */
export function esc(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}
