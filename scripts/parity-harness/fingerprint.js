// Per-table data fingerprint: row count and md5 of the rows as jsonb text (keys sorted, so it does
// not depend on column order), the rows sorted bytewise.
// Values PostgreSQL makes up while the migrations run differ between two runs of the same SQL, so
// they are masked on both sides: timestamps and dates from the last day on (now(), CURRENT_TIMESTAMP
// in a default or an UPDATE), and every value of a column whose default is volatile (gen_random_uuid()).
'use strict';
const { quoteIdent, prepared } = require('./server');

const VOLATILE_DEFAULT = /\b(now|gen_random_uuid|uuid_generate_v[14]|random|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday)\s*\(|\b(current_timestamp|current_date|current_time|localtimestamp|localtime)\b/i;
// Fixed when the harness starts, so both sides mask the same values.
const SINCE = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
const RUN_TIME = `'"<made at run time>"'::jsonb`;

function recentTime(col, type) {
  if (type.startsWith('timestamp') && type.endsWith('with time zone') && !type.endsWith('without time zone')) {
    return `${col} >= '${SINCE}'::timestamptz`;
  }
  if (type.startsWith('timestamp')) return `${col} >= ('${SINCE}'::timestamptz AT TIME ZONE 'UTC')`;
  if (type === 'date') return `${col} >= ('${SINCE}'::timestamptz AT TIME ZONE 'UTC')::date`;
  return null;
}

// jsonb expression of one row, with the masked columns replaced.
function rowExpression(columns) {
  const pairs = [];
  for (const c of columns) {
    const col = `t.${quoteIdent(c.name)}`;
    const recent = recentTime(col, c.type);
    if (c.def !== null && VOLATILE_DEFAULT.test(c.def)) {
      pairs.push(`${quoteLiteral(c.name)}, CASE WHEN ${col} IS NULL THEN 'null'::jsonb ELSE ${RUN_TIME} END`);
    } else if (recent) {
      pairs.push(`${quoteLiteral(c.name)}, CASE WHEN ${recent} THEN ${RUN_TIME} ELSE to_jsonb(${col}) END`);
    }
  }
  let expr = 'to_jsonb(t)';
  // jsonb_build_object takes at most 100 arguments.
  for (let i = 0; i < pairs.length; i += 50) expr += ` || jsonb_build_object(${pairs.slice(i, i + 50).join(', ')})`;
  return expr;
}

function quoteLiteral(s) {
  return `'${String(s).replace(/'/g, "''")}'`;
}

// What the query below gives for a table without rows.
const EMPTY = '0 rows, md5 d41d8cd98f00b204e9800998ecf8427e';

// Rows live in the main fork's pages: a table whose main fork has no page has no row, and is not
// read (planning the read of every table was most of a snapshot's time). One with pages may still
// be empty after a DELETE; it is read.
// tables: [{ oid, key, sqlName, relkind, columns: [{ name, type, def }] }]; stored: the oids of
// those with a page (snapshot.js reads them with the catalog).
async function readData(client, snap, all, stored) {
  // Every key set here first, so that the map keeps the tables' order.
  all.forEach((t) => snap.data.set(`${t.key} data`, EMPTY));
  const tables = all.filter((t) => stored.has(t.oid));
  const batch = 50;
  for (let i = 0; i < tables.length; i += batch) {
    const part = tables.slice(i, i + batch);
    const sql = part
      .map((t, j) => `SELECT ${j} AS i, count(*) AS n, md5(coalesce(string_agg(r, E'\\n' ORDER BY r COLLATE "C"), '')) AS h
          FROM (SELECT (${rowExpression(t.columns)})::text AS r FROM ${t.relkind === 'r' ? 'ONLY ' : ''}${t.sqlName} t) x`)
      .join('\nUNION ALL\n');
    // The same tables give the same text from one snapshot to the next: planned once while they stay.
    for (const r of await prepared(client, sql)) {
      snap.data.set(`${part[r.i].key} data`, `${r.n} rows, md5 ${r.h}`);
    }
  }
}

module.exports = { readData, quoteLiteral };
