// The checks of scripts/cutover that need no cluster: _prisma_migrations against the local Prisma
// history, the converted folder against the history, and what "SequelizeMeta" must receive.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { listPrismaMigrations, pairHistory, orderDifference, ORDERS } = require('./history');

const PRISMA_TABLE = '_prisma_migrations';
const META_TABLE = 'SequelizeMeta';
// What sequelize-cli 6 (umzug 2 SequelizeStorage, model "SequelizeMeta": name STRING, allowNull
// false, unique, primaryKey, no timestamps) runs through Sequelize 6's createTableQuery.
const META_DDL = 'CREATE TABLE IF NOT EXISTS "SequelizeMeta" ("name" VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY ("name"));';

function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

// Like prisma-engines' script_matches_checksum: the bytes as they are, or with the line endings
// converted either way (a checkout with other line endings than the one that was applied).
function checksumMatch(buf, checksum) {
  const want = String(checksum || '').toLowerCase();
  if (sha256(buf) === want) return 'exact';
  const text = buf.toString('utf8');
  const lf = text.replace(/\r\n/g, '\n');
  if (sha256(Buffer.from(lf)) === want || sha256(Buffer.from(lf.replace(/\n/g, '\r\n'))) === want) return 'line endings';
  return null;
}

// Rows of _prisma_migrations, or null when the table does not exist (search_path decides, as for Prisma).
async function readPrismaRows(client) {
  const exists = (await client.query(`SELECT to_regclass('${PRISMA_TABLE}') IS NOT NULL AS ok`)).rows[0].ok;
  if (!exists) return null;
  const { rows } = await client.query(`SELECT id, migration_name, checksum, finished_at, rolled_back_at,
      applied_steps_count, started_at FROM ${PRISMA_TABLE} ORDER BY started_at, migration_name, id`);
  return rows;
}

const when = (t) => (t ? new Date(t).toISOString() : 'never');

// local: [{ name, sqlPath }] in Prisma's order. Returns { problems: [{ migration, error }], notes: [{ migration, text }] }.
function checkPrismaRows(local, rows) {
  const problems = [];
  const notes = [];
  const localNames = new Set(local.map((m) => m.name));
  const byName = new Map();
  for (const r of rows) {
    if (!byName.has(r.migration_name)) byName.set(r.migration_name, []);
    byName.get(r.migration_name).push(r);
  }
  for (const r of rows) {
    if (r.rolled_back_at) {
      notes.push({ migration: r.migration_name, text: `row ${r.id} rolled back at ${when(r.rolled_back_at)} (started ${when(r.started_at)}, ${r.applied_steps_count} steps applied): Prisma ignores it` });
    } else if (!r.finished_at) {
      problems.push({ migration: r.migration_name, error: `failed: row ${r.id} started ${when(r.started_at)}, never finished and not rolled back (${r.applied_steps_count} steps applied); resolve it with prisma migrate resolve first` });
    }
  }
  for (const m of local) {
    const applied = (byName.get(m.name) || []).filter((r) => r.finished_at && !r.rolled_back_at);
    if (applied.length === 0) {
      problems.push({ migration: m.name, error: 'not applied to the live database' });
      continue;
    }
    if (applied.length > 1) {
      problems.push({ migration: m.name, error: `applied ${applied.length} times (rows ${applied.map((r) => r.id).join(', ')})` });
    }
    const buf = fs.readFileSync(m.sqlPath);
    for (const r of applied) {
      const match = checksumMatch(buf, r.checksum);
      if (!match) {
        problems.push({ migration: m.name, error: `modified after it was applied: checksum ${r.checksum} in ${PRISMA_TABLE} != ${sha256(buf)} of ${m.sqlPath}` });
      } else if (match === 'line endings') {
        notes.push({ migration: m.name, text: 'checksum matches with other line endings (Prisma accepts that too)' });
      }
    }
  }
  for (const [name, list] of byName) {
    if (localNames.has(name)) continue;
    if (list.some((r) => r.finished_at && !r.rolled_back_at)) {
      problems.push({ migration: name, error: 'applied to the live database, but missing from PRISMA_DIR' });
    }
  }
  return { problems, notes };
}

// The rule ('bytes' or 'locale') the converted folder follows: the one that orders the Prisma
// folders as conversion-report.json lists them ('bytes' when both do, or when there is no usable
// report: checkConversion reports that).
function convertedOrder(prismaDir, seqDir) {
  const names = listPrismaMigrations(prismaDir, 'bytes').map((m) => m.name);
  if (!orderDifference(names)) return 'bytes';
  let listed;
  try {
    listed = JSON.parse(fs.readFileSync(path.join(seqDir, 'conversion-report.json'), 'utf8')).migrations.map((e) => e.prisma);
  } catch {
    return 'bytes';
  }
  const set = new Set(names);
  const common = listed.filter((n) => set.has(n)).join('\n');
  for (const order of ['bytes', 'locale']) {
    if ([...names].sort(ORDERS[order]).filter((n) => listed.includes(n)).join('\n') === common) return order;
  }
  return 'bytes';
}

// The truth about the order is the order Prisma applied the folders in: started_at of the rows
// that finished and were not rolled back. Returns a problem ({ migration, error }) when `local`
// (in the converted folder's order, `order`) runs two of them the other way round, else null.
// `rows` come ordered by started_at (readPrismaRows).
function checkAppliedOrder(local, rows, order) {
  const position = new Map(local.map((m, i) => [m.name, i]));
  const applied = rows.filter((r) => r.finished_at && !r.rolled_back_at && position.has(r.migration_name));
  const seen = new Set();
  const byStart = applied.filter((r) => !seen.has(r.migration_name) && seen.add(r.migration_name));
  const converted = [...byStart].sort((a, b) => position.get(a.migration_name) - position.get(b.migration_name));
  const at = byStart.findIndex((r, i) => r !== converted[i]);
  if (at < 0) return null;
  const first = byStart[at];
  const second = converted[at];
  const names = byStart.map((r) => r.migration_name);
  const other = order === 'bytes' ? 'locale' : 'bytes';
  const otherFits = [...names].sort(ORDERS[other]).join('\n') === names.join('\n');
  return {
    migration: first.migration_name,
    error: `Prisma applied "${first.migration_name}" (started ${when(first.started_at)}) before "${second.migration_name}" ` +
      `(started ${when(second.started_at)}), but the converted migrations (--order ${order}) run "${second.migration_name}" first; ` +
      (otherFits
        ? `convert again with --order ${other}, the order ${PRISMA_TABLE} shows`
        : `neither --order bytes nor --order locale gives the order ${PRISMA_TABLE} shows (migrations applied out of order): ` +
          'the converted history cannot be baselined as it is'),
  };
}

// Returns { files: [file] in Prisma's order, problems: [string] }.
function checkConversion(prismaDir, seqDir, order) {
  const problems = [];
  const reportFile = path.join(seqDir, 'conversion-report.json');
  if (!fs.existsSync(reportFile)) {
    return { files: [], problems: [`no conversion-report.json in ${seqDir} (convert the history with prisma2sequelize first)`] };
  }
  let entries;
  try {
    entries = JSON.parse(fs.readFileSync(reportFile, 'utf8')).migrations;
    if (!Array.isArray(entries)) throw new Error('no "migrations" array');
  } catch (err) {
    return { files: [], problems: [`${reportFile}: ${err.message}`] };
  }
  const local = listPrismaMigrations(prismaDir, order).map((m) => m.name);
  const localSet = new Set(local);
  const seen = new Set();
  for (const e of entries) {
    if (seen.has(e.prisma)) problems.push(`conversion-report.json lists ${e.prisma} twice`);
    seen.add(e.prisma);
    if (!localSet.has(e.prisma)) problems.push(`conversion-report.json lists ${e.prisma}, which is not in ${prismaDir}`);
  }
  const listed = entries.map((e) => e.prisma).filter((n) => localSet.has(n));
  const common = local.filter((n) => seen.has(n));
  if (listed.join('\n') !== common.join('\n')) {
    problems.push('conversion-report.json lists the Prisma folders in another order than Prisma applies them');
  }
  let pairs = [];
  try {
    const paired = pairHistory(prismaDir, seqDir, order);
    pairs = paired.pairs;
    problems.push(...paired.problems);
  } catch (err) {
    problems.push(err.message);
  }
  for (const p of pairs) {
    if (!p.file && seen.has(p.name)) problems.push(`${p.name}: conversion-report.json names no file`);
    if (p.file && p.file !== path.basename(p.file)) problems.push(`${p.name}: file ${p.file} is not a plain file name`);
  }
  return { files: pairs.map((p) => p.file), problems };
}

// existing: names already in SequelizeMeta (null: no table). Returns { insert: [file], kept: [file], problem }.
// Rows already there are accepted only when they are exactly the converted files (a cutover that
// already ran): any other row, a missing file or a duplicate means somebody else has used
// sequelize-cli on this database, and the baseline would lie about what ran.
function planMeta(existing, files) {
  if (!existing || existing.length === 0) return { insert: files.slice(), kept: [], problem: null };
  const want = new Set(files);
  const have = new Set(existing);
  const unknown = [...have].filter((n) => !want.has(n)).sort();
  const missing = files.filter((f) => !have.has(f));
  const duplicates = [...new Set(existing.filter((n, i) => existing.indexOf(n) !== i))].sort();
  if (unknown.length || missing.length || duplicates.length) {
    const list = (a) => (a.length > 5 ? `${a.slice(0, 5).join(', ')} and ${a.length - 5} more` : a.join(', '));
    const parts = [];
    if (unknown.length) parts.push(`rows for files not in this history: ${list(unknown)}`);
    if (missing.length) parts.push(`converted files without a row: ${list(missing)}`);
    if (duplicates.length) parts.push(`rows more than once: ${list(duplicates)}`);
    return {
      insert: [],
      kept: [],
      problem: `"${META_TABLE}" already holds ${existing.length} rows that are not exactly the ${files.length} converted files ` +
        `(${parts.join('; ')}); refusing to add to it`,
    };
  }
  return { insert: [], kept: files.slice(), problem: null };
}

// Names in "SequelizeMeta" (public schema, where sequelize-cli keeps it), or null when it does not exist.
async function readMeta(client) {
  const exists = (await client.query(`SELECT to_regclass('public."${META_TABLE}"') IS NOT NULL AS ok`)).rows[0].ok;
  if (!exists) return null;
  return (await client.query(`SELECT name FROM public."${META_TABLE}" ORDER BY name`)).rows.map((r) => r.name);
}

// The live snapshot holds _prisma_migrations; the replayed history does not (SequelizeMeta is
// never part of a snapshot).
function withoutPrismaTable(snap) {
  const table = `table "${PRISMA_TABLE}"`;
  const keep = (key) => key !== table && !key.startsWith(`${table} `) && !/^comment on .* public\._prisma_migrations(_pkey)?(\.|$)/.test(key);
  for (const part of [snap.schema, snap.order, snap.data]) {
    for (const key of [...part.keys()]) if (!keep(key)) part.delete(key);
  }
  return snap;
}

module.exports = {
  PRISMA_TABLE, META_TABLE, META_DDL, sha256, readPrismaRows, checkPrismaRows, convertedOrder, checkAppliedOrder, checkConversion,
  planMeta, readMeta, withoutPrismaTable,
};
