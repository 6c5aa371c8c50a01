// Unit tests of the dashboard's pure helpers (node --test, no browser): number and
// money formatting, the API query builder, and the import kind guessed from a file name.
import test from 'node:test';
import assert from 'node:assert/strict';
import { byKind, esc, money, moneyShort, num, pct, ratio, setCurrency, signedPct } from './format.js';
import { url } from './api.js';
import { guessKind } from './views/import.js';

test('num puts thousands separators and rounds', () => {
  assert.equal(num(1234567.891), '1,234,568');
  assert.equal(num(1234.5, 2), '1,234.50');
  assert.equal(num(null), '–');
  assert.equal(num(Number.NaN), '–');
  assert.equal(num(Infinity), '–');
});

test('money: no cents from 1,000 up, a real minus sign, the report currency', () => {
  setCurrency('$');
  assert.equal(money(145344.14), '$145,344');
  assert.equal(money(85.8839), '$85.88');
  assert.equal(money(-1234.4), '−$1,234');
  setCurrency('€');
  assert.equal(money(12.5), '€12.50');
  setCurrency('not a symbol');
  assert.equal(money(1), '€1.00', 'a long currency text is ignored');
  setCurrency('$');
  assert.equal(moneyShort(1250000), '$1.3M');
  assert.equal(moneyShort(12345), '$12.3k');
  assert.equal(moneyShort(999), '$999');
});

test('percentages, signed changes and ratios', () => {
  assert.equal(pct(0.03973229), '4.0 %');
  assert.equal(pct(0.03973229, 2), '3.97 %');
  assert.equal(signedPct(0.403), '+40.3 %');
  assert.equal(signedPct(-0.0375), '−3.8 %');
  assert.equal(signedPct(0), '±0.0 %');
  assert.equal(ratio(17.62138), '17.62×');
  assert.equal(byKind('count', 469), '469');
  assert.equal(byKind('text', null), '–');
});

test('esc escapes HTML', () => {
  assert.equal(esc('<img src=x onerror="a">&\''), '&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;');
});

test('url leaves out empty values and repeats arrays', () => {
  assert.equal(url('metrics'), '/api/metrics');
  assert.equal(url('metrics', { period: '2025-Q2', compare: '', channel: null }), '/api/metrics?period=2025-Q2');
  assert.equal(url('plan/reverse', { target: 5000, channel: ['Paid Search:share=0.3', 'Email:share=0.1'] }),
    '/api/plan/reverse?target=5000&channel=Paid+Search%3Ashare%3D0.3&channel=Email%3Ashare%3D0.1');
});

test('guessKind reads the file-name prefix', () => {
  assert.equal(guessKind('spend_extra.csv'), 'spend');
  assert.equal(guessKind('/x/y/Touchpoints-2025.jsonl.gz'), 'touchpoints');
  assert.equal(guessKind('C:\\\\exports\\\\leads.csv'), 'leads');
  assert.equal(guessKind('notes.txt'), '');
  assert.equal(guessKind(''), '');
});
