// Compares two snapshots and renders the differences as `KEY: EXPECTED != ACTUAL` lines.
'use strict';

const ABSENT = '<absent>';

// "N rows, md5 H" -> "N rows": how a table with nondeterministic data is compared.
const rowCountOnly = (value) => value.replace(/^(\d+ rows), md5 .*$/, '$1 (compared by row count)');

// mode.order: compare column order too (else Snapshot.loose values stand in for those it prints); mode.data: compare the data fingerprints; mode.countOnly:
// a Set of data keys compared by row count only (nondeterministic.js).
// Returns [{ key, expected, actual }] sorted by key.
function diffSnapshots(expected, actual, mode) {
  const countOnly = mode.countOnly || new Set();
  const parts = ['schema'];
  if (mode.order) parts.push('order');
  if (mode.data) parts.push('data');
  const out = [];
  for (const part of parts) {
    const a = expected[part];
    const b = actual[part];
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      let x = a.has(key) ? a.get(key) : ABSENT;
      let y = b.has(key) ? b.get(key) : ABSENT;
      if (part === 'data' && countOnly.has(key)) {
        x = rowCountOnly(x);
        y = rowCountOnly(y);
      }
      if (x === y) continue;
      // Column order not compared: values that print it (snapshot.js, Snapshot.loose) compare without it.
      if (part === 'schema' && !mode.order && (expected.loose.has(key) || actual.loose.has(key)) &&
          (expected.loose.get(key) ?? x) === (actual.loose.get(key) ?? y)) continue;
      out.push({ key, expected: x, actual: y });
    }
  }
  return out.sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
}

const MAX_VALUE = 160;

function oneLine(text) {
  return text.replace(/\s+/g, ' ').trim();
}

// Long values (function bodies, view definitions) are cut around their first difference.
function excerpts(x, y) {
  x = oneLine(x);
  y = oneLine(y);
  if (x.length <= MAX_VALUE && y.length <= MAX_VALUE) return [x, y];
  let at = 0;
  while (at < x.length && at < y.length && x[at] === y[at]) at++;
  const from = Math.max(0, at - 60);
  const cut = (s) => (from > 0 ? '…' : '') + s.slice(from, from + MAX_VALUE) + (s.length > from + MAX_VALUE ? '…' : '');
  return [cut(x), cut(y)];
}

function formatDifference(d) {
  const [x, y] = excerpts(d.expected, d.actual);
  return `${d.key}: ${x} != ${y}`;
}

module.exports = { diffSnapshots, formatDifference, ABSENT };
