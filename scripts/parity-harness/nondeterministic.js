// Tables a migration fills with values PostgreSQL makes up on each run (random(), gen_random_uuid(),
// uuid_generate_v4(), now(), clock_timestamp(), ...). Their rows differ between the Prisma side and
// the Sequelize side of the same run, so from that migration on their data is compared by row count,
// not by fingerprint (the schema is still compared exactly). The rule, per migration.sql:
//   1. split it into statements (quotes, dollar quotes and comments respected);
//   2. a statement counts when it calls a volatile function (VOLATILE below, also inside a DO block's
//      or a function's dollar-quoted body) and writes data: statements that only define something
//      (CREATE FUNCTION / PROCEDURE / TRIGGER / VIEW / RULE / INDEX / TYPE / DOMAIN, CREATE TABLE
//      without AS, COMMENT) are left out, their volatile calls run later or never;
//   3. its targets are the tables it names after INSERT INTO, UPDATE, DELETE FROM, MERGE INTO,
//      ALTER TABLE, COPY, CREATE TABLE ... AS, SELECT ... INTO, CREATE / REFRESH MATERIALIZED VIEW;
//   4. when a target cannot be named that way (DO blocks, CALL, SELECT f(), a name that is no
//      table with data afterwards), every table whose data this migration changed on the Prisma
//      side counts instead (conservative);
//   5. only tables that hold rows after the migration are marked (an empty table has no made-up
//      value), and a mark holds for every later comparison (up, down, re-up, undo-all, cli).
// The values PostgreSQL makes up in columns with a volatile default and recent timestamps stay
// masked by fingerprint.js as before; this is for the values a data migration writes itself.
'use strict';
const fs = require('fs');
const { quoteIdent } = require('./server');

const VOLATILE = /\b(random|gen_random_uuid|gen_random_bytes|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|txid_current|pg_backend_pid)\s*\(|\b(current_timestamp|current_date|current_time|localtimestamp|localtime)\b/i;
const DEFINITION = /^(create\s+(or\s+replace\s+)?(constraint\s+)?(function|procedure|trigger|view|recursive\s+view|rule|(unique\s+)?index|type|domain|aggregate|operator|event\s+trigger|policy|extension|schema|sequence)\b|comment\s+on\b|create\s+((global|local)\s+)?((temp|temporary|unlogged)\s+)?table\s+(?![^;]*\bas\s+(select|values|table|with|execute|\())|alter\s+(function|procedure|view|type|domain|sequence|policy|trigger)\b)/i;
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const NAME = String.raw`(${IDENT}(?:\s*\.\s*${IDENT})?)`;
// A name after each of these is written by the statement. UPDATE after ON, DO, FOR, KEY (foreign key
// actions, ON CONFLICT DO UPDATE, FOR [NO KEY] UPDATE) writes nothing.
const WRITES = new RegExp(String.raw`(?:\binsert\s+into|(?<!\b(?:on|do|for|key)\s+)\bupdate(?:\s+only)?|\bdelete\s+from(?:\s+only)?|\bmerge\s+into|\balter\s+table(?:\s+if\s+exists)?(?:\s+only)?|^\s*copy|\bcreate\s+(?:(?:global|local)\s+)?(?:(?:temp|temporary|unlogged)\s+)?table(?:\s+if\s+not\s+exists)?|\binto(?:\s+(?:temp|temporary|unlogged))?(?:\s+table)?|\bcreate\s+materialized\s+view(?:\s+if\s+not\s+exists)?|\brefresh\s+materialized\s+view(?:\s+concurrently)?)\s+${NAME}`, 'gi');
const UNRESOLVED = /^(do|call|execute|perform)\b/i;

// Statements of a script: [{ text, line }], with comments and single-quoted literals blanked (their
// contents cannot call anything), dollar-quoted bodies kept (DO blocks and functions run them).
function splitStatements(sql) {
  const out = [];
  let cur = '';
  let line = 1;
  let startLine = null;
  let i = 0;
  const push = () => {
    if (cur.trim()) out.push({ text: cur.trim(), line: startLine });
    cur = '';
    startLine = null;
  };
  const take = (s) => {
    if (startLine === null && s.trim()) startLine = line;
    line += (s.match(/\n/g) || []).length;
    cur += s;
  };
  while (i < sql.length) {
    const rest = sql.slice(i, i + 2);
    if (rest === '--') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      take(' ');
    } else if (rest === '/*') {
      let depth = 0;
      let j = i;
      while (j < sql.length) {
        if (sql.startsWith('/*', j)) { depth++; j += 2; } else if (sql.startsWith('*/', j)) { depth--; j += 2; if (!depth) break; } else j++;
      }
      take(sql.slice(i, j).replace(/[^\n]/g, ' '));
      i = j;
    } else if (sql[i] === "'") {
      const escapes = /[eE]$/.test(cur) && !/[A-Za-z0-9_$][eE]$/.test(cur);
      let j = i + 1;
      while (j < sql.length) {
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      take(`'${sql.slice(i + 1, j).replace(/[^\n]/g, ' ')}'`);
      i = j + 1;
    } else if (sql[i] === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      take(sql.slice(i, j + 1));
      i = j + 1;
    } else if (sql[i] === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i)) && !/[A-Za-z0-9_]$/.test(cur)) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))[0];
      const end = sql.indexOf(tag, i + tag.length);
      const j = end < 0 ? sql.length : end + tag.length;
      take(sql.slice(i, j));
      i = j;
    } else if (sql[i] === ';') {
      push();
      i++;
    } else {
      take(sql[i]);
      i++;
    }
  }
  push();
  return out;
}

function unquote(ident) {
  return ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident.toLowerCase();
}

// "schema"."name" or "name" -> the data keys the snapshot may use for it.
function dataKeys(name) {
  const parts = name.split(new RegExp(String.raw`\s*\.\s*(?=${IDENT}$)`)).map(unquote);
  const [schema, rel] = parts.length === 2 ? parts : ['public', parts[0]];
  const q = schema === 'public' ? quoteIdent(rel) : `${quoteIdent(schema)}.${quoteIdent(rel)}`;
  return [`table ${q} data`, `materialized view ${q} data`];
}

const rowCount = (value) => (value === undefined ? 0 : Number(/^(\d+) rows/.exec(value)[1]));

// The nondeterministic statements of one migration: [{ line, call, targets: [name] | null }].
function volatileStatements(sql) {
  const found = [];
  for (const st of splitStatements(sql)) {
    const m = VOLATILE.exec(st.text);
    if (!m || DEFINITION.test(st.text)) continue;
    const call = (m[1] ? `${m[1]}()` : m[2]).toLowerCase();
    const targets = UNRESOLVED.test(st.text) ? [] : [...st.text.matchAll(WRITES)].map((w) => w[1]);
    found.push({ line: st.line, call, targets: targets.length ? targets : null });
  }
  return found;
}

// One migration of the history: null, or { tables: [data key], reason } for the tables marked there,
// from the Prisma side's snapshots before and after it.
function markMigration(pair, beforeSnapshot, afterSnapshot) {
  const before = beforeSnapshot.data;
  const after = afterSnapshot.data;
  const statements = volatileStatements(fs.readFileSync(pair.sqlPath, 'utf8'));
  if (!statements.length) return null;
  const written = [...after.keys()].filter((k) => before.get(k) !== after.get(k));
  const tables = new Set();
  for (const st of statements) {
    const keys = (st.targets || []).map((t) => dataKeys(t).find((k) => after.has(k)));
    if (!st.targets || keys.includes(undefined)) written.forEach((k) => tables.add(k));
    keys.filter(Boolean).forEach((k) => tables.add(k));
  }
  const withRows = [...tables].filter((k) => rowCount(after.get(k)) > 0).sort();
  const where = statements.map((st) => `${st.call} at migration.sql:${st.line}`);
  const reason = where.length > 3 ? `${where.slice(0, 3).join(', ')} and ${where.length - 3} more` : where.join(', ');
  return withRows.length ? { tables: withRows, reason } : null;
}

module.exports = { markMigration, volatileStatements, splitStatements };
