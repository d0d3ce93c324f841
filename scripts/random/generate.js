// Builds one random Prisma history for a seed, trying every statement on a scratch database first:
// a statement PostgreSQL rejects is rolled back to its savepoint and another is drawn, so every file
// applies the way `prisma migrate deploy` sends it (one implicit transaction per file, COMMIT where
// the file says so, CONCURRENTLY alone in its file).
//
// File format: each unit of statements starts with a marker line `-- random: <family>`; the shrinker
// (shrink.js) removes whole units. Text before the first marker (a file's own `BEGIN;`) and from a
// `-- random-end` line on (its `COMMIT;`) belongs to the file, not to a unit.
'use strict';
const fs = require('fs');
const path = require('path');
const { connect, quoteIdent } = require('../parity-harness/server');
const { readModel } = require('./model');
const { Rng } = require('./rng');
const { GENERATORS, FAMILIES, createTable, concurrently } = require('./families');

const MAX_TRIES = 30;

// enabled: Set of families; weights: { family: factor }.
function chooser(enabled, weights) {
  const entries = GENERATORS.filter(([, fam]) => enabled.has(fam)).map(([g, fam, w]) => [g, w * (weights[fam] ?? 1)])
    .filter(([, w]) => w > 0);
  if (!entries.length) throw new Error('no statement family left to draw from');
  return entries;
}

function prefix(i) {
  const d = new Date(Date.UTC(2024, 0, 1) + i * 3600 * 1000);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}0000`;
}

function renderUnit(u) {
  return `-- random: ${u.family}\n${u.stmts.map((s) => `${s};\n`).join('')}`;
}

class Scratch {
  constructor(client) {
    this.client = client;
    this.inTx = false;
  }

  async q(sql) {
    return this.client.query(sql);
  }

  async begin() {
    await this.q('BEGIN');
    this.inTx = true;
  }

  async commit() {
    this.inTx = false;
    await this.q('COMMIT');
  }

  // Runs a unit inside a savepoint; statements after a COMMIT run in a new transaction. Returns the
  // statements that stayed (all of them, the part up to a COMMIT, or none).
  async tryUnit(u) {
    let kept = [];
    let pending = [];
    await this.q('SAVEPOINT unit');
    try {
      for (const s of u.stmts) {
        if (s === 'BEGIN') {
          pending.push(s);
          continue;
        }
        if (s === 'COMMIT') {
          await this.q('SET CONSTRAINTS ALL IMMEDIATE');
          await this.q('RELEASE SAVEPOINT unit');
          await this.commit();
          await this.begin();
          kept = kept.concat(pending, [s]);
          pending = [];
          await this.q('SAVEPOINT unit');
          continue;
        }
        await this.q(s);
        pending.push(s);
      }
      // Deferred constraints are checked at COMMIT: check them now, while the unit can still go, in a
      // savepoint rolled back after, so that their events stay pending as they do when Prisma sends the
      // file (a later ALTER TABLE of that table then fails with 55006 here too, and is drawn again).
      await this.q('SAVEPOINT deferred');
      await this.q('SET CONSTRAINTS ALL IMMEDIATE');
      await this.q('ROLLBACK TO SAVEPOINT deferred');
      await this.q('RELEASE SAVEPOINT deferred');
      await this.q('RELEASE SAVEPOINT unit');
      return kept.concat(pending);
    } catch (err) {
      await this.q('ROLLBACK TO SAVEPOINT unit');
      await this.q('RELEASE SAVEPOINT unit');
      return kept;
    }
  }
}

async function generateHistory({ server, seed, migrations, statements = 5, enabled = new Set(FAMILIES), weights = {},
  out }) {
  const rng = new Rng(seed);
  const dbName = `random_${process.pid}_${seed}_${Date.now().toString(36)}`;
  const admin = await connect(server, server.database);
  await admin.query(`CREATE DATABASE ${quoteIdent(dbName)} TEMPLATE template0 ENCODING 'UTF8'`);
  const client = await connect(server, dbName);
  const scratch = new Scratch(client);
  const entries = chooser(enabled, weights);
  let counter = 0;
  const ctx = { r: rng, seed, m: null, n: () => ++counter, views: {}, pending: {} };
  const files = [];
  let total = 0;
  const refresh = async () => { ctx.m = await readModel(client); };
  const draw = () => {
    ctx.pending = {};
    if (ctx.m.tables.length < 2 || (ctx.m.tables.length < 4 && rng.chance(0.25))) return createTable(ctx);
    return rng.weighted(entries)(ctx);
  };
  const accept = (u) => u && u.stmts.length && (enabled.has(u.family) || u.family === 'schemas' && enabled.has('tables'));
  try {
    await refresh();
    for (let i = 0; i < migrations; i++) {
      const mode = i > 0 && enabled.has('concurrently') && rng.chance(0.07) ? 'concurrent'
        : enabled.has('transactions') && rng.chance(0.1) ? 'tx' : 'normal';
      const units = [];
      if (mode === 'concurrent') {
        for (let t = 0; t < MAX_TRIES && !units.length; t++) {
          const u = concurrently(ctx);
          if (!u) break;
          // A failed concurrent build leaves an invalid index behind: try the plain form first.
          try {
            await scratch.q('BEGIN');
            await scratch.q(u.stmts[0].replace(' CONCURRENTLY', ''));
            await scratch.q('ROLLBACK');
            await scratch.q(u.stmts[0]);
            units.push(u);
          } catch (err) {
            await scratch.q('ROLLBACK').catch(() => {});
          }
        }
        await refresh();
      }
      if (!units.length) {
        const want = 1 + rng.int(statements * 2 - 1);
        await scratch.begin();
        for (let k = 0; k < want; k++) {
          for (let t = 0; t < MAX_TRIES; t++) {
            const u = draw();
            if (!accept(u) || (mode === 'tx' && u.txControl)) continue;
            const kept = await scratch.tryUnit(u);
            if (!kept.length) continue;
            units.push({ family: u.family, stmts: kept });
            if (ctx.pending.view && kept.length === u.stmts.length) ctx.views[ctx.pending.view.name] = ctx.pending.view;
            await refresh();
            break;
          }
        }
        await scratch.commit();
        await refresh();
      }
      if (!units.length) continue;
      total += units.reduce((s, u) => s + u.stmts.filter((x) => x !== 'BEGIN' && x !== 'COMMIT').length, 0);
      const main = units.map((u) => u.family).find((f) => f !== 'tables') || units[0].family;
      const name = `${prefix(files.length)}_m${files.length + 1}_${main.replace(/-/g, '_')}`;
      let text = `-- random history seed ${seed}, migration ${files.length + 1}\n`;
      if (mode === 'tx') text += 'BEGIN;\n\n';
      text += units.map(renderUnit).join('\n');
      if (mode === 'tx') text += '\n-- random-end\nCOMMIT;\n';
      files.push({ name, text, families: units.map((u) => u.family) });
    }
  } finally {
    if (scratch.inTx) await scratch.q('ROLLBACK').catch(() => {});
    await client.end();
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`);
    await admin.end();
  }
  if (out) writeHistory(out, files);
  return { files, statements: total };
}

function writeHistory(out, files) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'migration_lock.toml'),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
  for (const f of files) {
    fs.mkdirSync(path.join(out, f.name));
    fs.writeFileSync(path.join(out, f.name, 'migration.sql'), f.text);
  }
}

// Reads a history written by writeHistory back into { name, text } files, sorted bytewise.
function readHistory(dir) {
  return fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'migration.sql'))).sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') }));
}

// Applies a history Prisma's way on a fresh database; returns null or { name, error }.
async function verifyHistory(server, dir) {
  const dbName = `random_verify_${process.pid}_${Date.now().toString(36)}`;
  const admin = await connect(server, server.database);
  await admin.query(`CREATE DATABASE ${quoteIdent(dbName)} TEMPLATE template0 ENCODING 'UTF8'`);
  const client = await connect(server, dbName);
  try {
    for (const f of readHistory(dir)) {
      try {
        await client.query(f.text);
      } catch (err) {
        return { name: f.name, error: `${err.code} ${err.message}` };
      }
    }
    return null;
  } finally {
    await client.end();
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`);
    await admin.end();
  }
}

function parseFamilies(opts) {
  let enabled = new Set(FAMILIES);
  if (opts.families) enabled = new Set(opts.families.split(',').map((s) => s.trim()).filter(Boolean));
  for (const f of (opts.exclude || '').split(',').map((s) => s.trim()).filter(Boolean)) enabled.delete(f);
  for (const f of enabled) if (!FAMILIES.includes(f)) throw new Error(`unknown family ${f} (known: ${FAMILIES.join(', ')})`);
  enabled.add('tables');
  const weights = {};
  for (const w of opts.weights || []) {
    const m = /^([a-z-]+)=([0-9.]+)$/.exec(w);
    if (!m || !FAMILIES.includes(m[1])) throw new Error(`--weight wants FAMILY=NUMBER, got ${w}`);
    weights[m[1]] = Number(m[2]);
  }
  return { enabled, weights };
}

module.exports = { generateHistory, writeHistory, readHistory, verifyHistory, parseFamilies, FAMILIES };
