// scripts/cutover: baselines a live, Prisma-migrated database into "SequelizeMeta" after checking
// that it has not drifted from the Prisma history. Normally started by scripts/cutover, which
// provides the throwaway cluster the history is replayed on (--scratch-server).
'use strict';
require('./clean-env'); // first: before anything reads the environment
const fs = require('fs');
const { parseServerUrl, connect, Databases } = require('./server');
const { listPrismaMigrations } = require('./history');
const { applyPrismaHistory } = require('./prisma-side');
const { takeSnapshot } = require('./snapshot');
const { diffSnapshots } = require('./diff');
const { Report } = require('./report');
const {
  PRISMA_TABLE, META_TABLE, META_DDL, readPrismaRows, checkPrismaRows, convertedOrder, checkAppliedOrder, checkConversion,
  planMeta, readMeta, withoutPrismaTable,
} = require('./cutover-checks');

// The advisory lock (two-int form: classid, objid) that keeps two cutovers off one database at once.
const LOCK_KEY = [1882419059, 1];
const LOCK_APP = 'prisma2sequelize cutover';

const USAGE = `usage: scripts/cutover PRISMA_DIR SEQ_DIR --database URL [--apply] [--json FILE]

Moves a live, Prisma-migrated PostgreSQL database to the Sequelize migrations converted from its
history (prisma2sequelize convert PRISMA_DIR --out SEQ_DIR):
  1. _prisma_migrations: every folder of PRISMA_DIR applied exactly once, nothing applied that is
     not in PRISMA_DIR, every checksum equal to the sha256 of the local migration.sql, and the
     order of started_at equal to the order of the converted migrations (convert --order);
  2. drift: the live schema equals what the Prisma history builds on a throwaway PostgreSQL 15
     (schema only; _prisma_migrations and SequelizeMeta left out);
  3. SEQ_DIR: conversion-report.json lists exactly these folders, every file exists;
  4. without --apply: prints the "SequelizeMeta" rows it would insert and changes nothing;
     with --apply: in one transaction, creates "SequelizeMeta" as sequelize-cli 6 does if it is
     missing and inserts the file names (rows already there must be exactly the converted files).
     _prisma_migrations is left as it is. One cutover at a time per database (advisory lock).

options:
  --database URL       the live database: postgresql://user[:pw]@host[:port]/db or
                       postgresql://user@/db?host=/socket/dir
  --apply              write "SequelizeMeta" (default: dry run)
  --json FILE          write a machine-readable report to FILE
  --max-diffs N        drift differences printed (default 20)
  --lock-timeout SEC   lock_timeout of the --apply transaction (default 10)

exit status: 0 when every check passed (and, with --apply, the rows were written),
1 when a check failed (nothing changed), 2 on a usage or connection error.`;

// Privileges and owners are left out of the drift check: a live database holds grants to roles a
// throwaway cluster does not have (an application's or a reporting role), made outside the
// migrations, and its objects belong to the role that deployed them, not to the one the throwaway
// replay runs as; neither is drift of the schema the history builds.
function withoutPrivileges(snap) {
  for (const key of [...snap.schema.keys()]) {
    if (key.endsWith(' privileges') || key.endsWith(' owner')) snap.schema.delete(key);
  }
  return snap;
}

class UsageError extends Error {}

function parseArgs(argv) {
  const o = { positional: [], apply: false, maxDiffs: 20, lockTimeout: 10 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].split(/=(.*)/s) : [argv[i]];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      return argv[++i];
    };
    const number = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number`);
      return n;
    };
    switch (flag) {
      case '-h': case '--help': o.help = true; break;
      case '--database': o.database = value(); break;
      case '--apply': o.apply = true; break;
      case '--json': o.json = value(); break;
      case '--max-diffs': o.maxDiffs = number(); break;
      case '--lock-timeout': o.lockTimeout = number(); break;
      case '--scratch-server': o.scratch = value(); break;
      case '--check-usage': o.checkUsage = true; break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        o.positional.push(flag);
    }
  }
  if (o.help) return o;
  if (o.positional.length !== 2) throw new UsageError('expected PRISMA_DIR and SEQ_DIR');
  if (!o.database) throw new UsageError('--database URL is required');
  for (const dir of o.positional) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${dir}`);
  }
  try {
    o.live = parseServerUrl(o.database);
  } catch (err) {
    throw new UsageError(`--database ${err.message.replace(/^--server /, '')}`);
  }
  const schema = new URLSearchParams(o.database.split('?')[1] || '').get('schema');
  if (schema && schema !== 'public') throw new UsageError(`--database: only the public schema is supported, got schema=${schema}`);
  if (!o.checkUsage && !o.scratch) throw new UsageError('--scratch-server is required (scripts/cutover provides one)');
  if (o.scratch) o.scratchConfig = parseServerUrl(o.scratch);
  return o;
}

function display(c) {
  const where = c.host.startsWith('/') ? `socket ${c.host}` : `${c.host}:${c.port}`;
  return `${c.user}@${where}/${c.database}`;
}

const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

class Cutover {
  constructor(o) {
    this.o = o;
    this.report = new Report({ maxDiffs: o.maxDiffs, progress: false });
    this.failed = { lock: 0, '_prisma_migrations': 0, drift: 0, 'conversion report': 0, SequelizeMeta: 0 };
    this.result = { ok: false, applied: false, meta: null, drift: [] };
    this.started = Date.now();
  }

  say(line) {
    this.report.print(`cutover: ${line}`);
  }

  fail(phase, error, migration) {
    this.failed[phase]++;
    this.report.record({ phase, migration }, { error });
  }

  async connectLive() {
    try {
      return await connect(this.o.live, this.o.live.database);
    } catch (err) {
      throw new UsageError(`cannot connect to ${display(this.o.live)}: ${err.message}`);
    }
  }

  // Step 1.
  checkHistory(local, rows) {
    if (rows === null) {
      this.fail('_prisma_migrations', `the live database has no ${PRISMA_TABLE} table: it was not migrated with prisma migrate`);
      return;
    }
    const { problems, notes } = checkPrismaRows(local, rows);
    const misordered = checkAppliedOrder(local, rows, this.order);
    if (misordered) problems.push(misordered);
    for (const n of notes) this.report.note(n.migration, n.text);
    for (const p of problems) this.fail('_prisma_migrations', p.error, p.migration);
    if (!problems.length) {
      this.say(`${PRISMA_TABLE}: all ${plural(local.length, 'Prisma migration')} applied exactly once, checksums match`);
    }
  }

  // Step 2: the live schema against the Prisma history replayed on the throwaway cluster.
  async checkDrift(live, local) {
    const t0 = Date.now();
    await live.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let actual;
    try {
      actual = withoutPrismaTable(await takeSnapshot(live, { data: false }));
    } finally {
      await live.query('COMMIT');
    }
    const dbs = new Databases(this.o.scratchConfig);
    let prisma;
    try {
      prisma = await applyPrismaHistory(this.o.scratchConfig, await dbs.create('cutover'), local);
    } finally {
      await dbs.cleanup();
    }
    if (prisma.failure) {
      const f = prisma.failure;
      this.fail('drift', `the Prisma history does not apply on a fresh PostgreSQL 15: ${f.name}: ${f.error}`, f.name);
      return;
    }
    const expected = withoutPrivileges(prisma.snapshots[prisma.snapshots.length - 1]);
    const differences = diffSnapshots(expected, withoutPrivileges(actual), { order: true, data: false });
    this.result.drift = differences;
    if (differences.length) {
      this.failed.drift += differences.length;
      this.report.record({ phase: 'drift', against: 'Prisma history != live database' }, { differences });
    } else {
      this.say(`drift: none: the live schema equals what the ${plural(local.length, 'Prisma migration')} build ` +
        `(${expected.schema.size} objects, column order included; data, privileges, owners, ${PRISMA_TABLE} and ${META_TABLE} left out; ${seconds(t0)})`);
    }
  }

  // Step 3.
  checkFiles() {
    const [prismaDir, seqDir] = this.o.positional;
    const { files, problems } = checkConversion(prismaDir, seqDir, this.order);
    for (const p of problems) this.fail('conversion report', p);
    if (!problems.length) this.say(`conversion report: ${plural(files.length, 'file')} for the ${files.length} Prisma folders, all present`);
    return problems.length ? null : files;
  }

  checkMeta(existing, files) {
    const plan = planMeta(existing, files);
    if (plan.problem) this.fail(META_TABLE, plan.problem);
    return plan;
  }

  printPlan(existing, plan, verb) {
    if (existing === null) this.say(`"${META_TABLE}" does not exist; ${verb === 'would' ? 'would create' : 'created'} it as sequelize-cli 6 does: ${META_DDL}`);
    else this.say(`"${META_TABLE}" exists with ${plural(existing.length, 'row')}${existing.length ? ', exactly the converted files' : ''}`);
    this.say(`"${META_TABLE}" rows (${plan.kept.length} already there, ${plan.insert.length} ${verb === 'would' ? 'to insert' : 'inserted'}):`);
    for (const f of plan.kept) this.report.print(`  = ${f}`);
    for (const f of plan.insert) this.report.print(`  + ${f}`);
  }

  // Step 4 with --apply: one transaction; _prisma_migrations is locked against new rows (not changed).
  async apply(rows, files) {
    const w = await this.connectLive();
    try {
      await w.query('BEGIN');
      await w.query(`SET LOCAL lock_timeout = '${Math.round(this.o.lockTimeout * 1000)}ms'`);
      await w.query(`LOCK TABLE ${PRISMA_TABLE} IN SHARE MODE`);
      if (JSON.stringify(await readPrismaRows(w)) !== JSON.stringify(rows)) {
        await w.query('ROLLBACK');
        this.fail('_prisma_migrations', `${PRISMA_TABLE} changed while cutover ran; run it again`);
        return null;
      }
      const existed = (await readMeta(w)) !== null;
      await w.query(META_DDL);
      // Read again under the lock: no row can come in between (sequelize-cli run by hand meanwhile).
      await w.query(`LOCK TABLE "${META_TABLE}" IN EXCLUSIVE MODE`);
      const existing = existed ? await readMeta(w) : null;
      const plan = this.checkMeta(existing, files);
      if (plan.problem) {
        await w.query('ROLLBACK');
        return null;
      }
      // A table sequelize-cli made with migrationTimestamps has createdAt/updatedAt NOT NULL.
      const cols = new Set((await w.query(`SELECT attname FROM pg_attribute WHERE attrelid = '"${META_TABLE}"'::regclass
          AND attnum > 0 AND NOT attisdropped`)).rows.map((r) => r.attname));
      const stamps = cols.has('createdAt') && cols.has('updatedAt');
      for (const f of plan.insert) {
        await w.query(stamps
          ? `INSERT INTO "${META_TABLE}" ("name", "createdAt", "updatedAt") VALUES ($1, now(), now())`
          : `INSERT INTO "${META_TABLE}" ("name") VALUES ($1)`, [f]);
      }
      await w.query('COMMIT');
      return { existing, plan };
    } catch (err) {
      await w.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      await w.end().catch(() => {});
    }
  }

  // One cutover at a time per database: a session-level advisory lock, held on a connection of its
  // own from the first check to the end (so also across the --apply transaction). Returns false,
  // with the holder in the message, when another session holds it.
  async lock() {
    this.lockClient = await this.connectLive();
    await this.lockClient.query(`SET application_name = '${LOCK_APP}'`);
    const got = (await this.lockClient.query(`SELECT pg_try_advisory_lock(${LOCK_KEY[0]}, ${LOCK_KEY[1]}) AS ok`)).rows[0].ok;
    if (got) return true;
    const holder = (await this.lockClient.query(`SELECT a.pid, a.application_name, a.backend_start
        FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.classid = ${LOCK_KEY[0]} AND l.objid = ${LOCK_KEY[1]} AND l.objsubid = 2 AND l.granted`)).rows[0];
    const who = holder ? `held by pid ${holder.pid}${holder.application_name ? ` (${holder.application_name})` : ''}` +
      `${holder.backend_start ? ` since ${new Date(holder.backend_start).toISOString()}` : ''}` : 'held by another session';
    this.fail('lock', `another cutover is running against this database (advisory lock ${LOCK_KEY.join(', ')} ${who}); ` +
      'this one refuses: run it again once that one has finished');
    return false;
  }

  async unlock() {
    const c = this.lockClient;
    this.lockClient = null;
    if (c) await c.end().catch(() => {}); // ends the session, and with it the lock
  }

  problems() {
    return Object.values(this.failed).reduce((a, b) => a + b, 0);
  }

  async run() {
    const [prismaDir, seqDir] = this.o.positional;
    this.order = convertedOrder(prismaDir, seqDir);
    const local = listPrismaMigrations(prismaDir, this.order);
    if (local.length === 0) throw new UsageError(`no folder with a migration.sql in ${prismaDir}`);
    this.result.migrations = local.length;
    try {
      if (await this.lock()) await this.checkAndApply(local);
    } finally {
      await this.unlock();
    }
  }

  async checkAndApply(local) {
    const [prismaDir] = this.o.positional;
    const live = await this.connectLive();
    let rows;
    let existing;
    let files;
    try {
      // The checks only read: the session refuses writes.
      await live.query('SET default_transaction_read_only = on');
      this.say(`live database ${display(this.o.live)}; ${plural(local.length, 'Prisma migration')} in ${prismaDir}`);
      rows = await readPrismaRows(live);
      this.checkHistory(local, rows);
      await this.checkDrift(live, local);
      files = this.checkFiles();
      existing = await readMeta(live);
    } finally {
      await live.end().catch(() => {});
    }
    let plan = null;
    if (files) plan = this.checkMeta(existing, files);
    if (this.problems()) return;
    if (!this.o.apply) {
      this.printPlan(existing, plan, 'would');
      this.result.meta = { existed: existing !== null, kept: plan.kept, insert: plan.insert, inserted: [] };
    } else {
      const done = await this.apply(rows, files);
      if (!done) return;
      this.printPlan(done.existing, done.plan, 'did');
      this.result.applied = true;
      this.result.meta = { existed: done.existing !== null, kept: done.plan.kept, insert: done.plan.insert, inserted: done.plan.insert };
    }
    this.say(`${PRISMA_TABLE} is left as it is: drop it once Prisma is gone (sequelize-cli ignores it)`);
    this.result.ok = true;
  }

  summary(error) {
    const t = seconds(this.started);
    const n = this.result.migrations || 0;
    if (error) return `cutover: error: ${error}; nothing changed (${t})`;
    if (!this.result.ok) {
      const parts = Object.entries(this.failed).filter(([, k]) => k).map(([what, k]) =>
        what === 'drift' && this.result.drift.length ? `drift: ${plural(k, 'difference')}` : `${what}: ${plural(k, 'problem')}`);
      return `cutover: checks failed (${parts.join(', ')}); nothing changed (${t})`;
    }
    const m = this.result.meta;
    const rowsText = `${plural(m.insert.length, 'row')} into "${META_TABLE}"${m.existed ? '' : ' (new table)'}`;
    if (!this.result.applied) {
      return `cutover: all checks passed (${plural(n, 'migration')}, no drift); dry run, nothing changed: --apply would insert ${rowsText} (${t})`;
    }
    return `cutover: all checks passed (${plural(n, 'migration')}, no drift); inserted ${rowsText} in one transaction (${t})`;
  }

  writeJson(file, error) {
    const [prismaDir, sequelizeDir] = this.o.positional;
    const out = {
      ok: this.result.ok && !error,
      apply: this.o.apply,
      applied: this.result.applied,
      database: display(this.o.live),
      prismaDir,
      sequelizeDir,
      error: error || null,
      failed: this.failed,
      problems: this.report.comparisons.filter((c) => c.status === 'mismatched'),
      notes: this.report.notes,
      sequelizeMeta: this.result.meta,
      seconds: Number(((Date.now() - this.started) / 1000).toFixed(3)),
    };
    fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  }
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${USAGE}\n\ncutover: usage: ${err.message}`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (o.checkUsage) return 0;
  const c = new Cutover(o);
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  let error = null;
  let code;
  try {
    await c.run();
    code = c.result.ok ? 0 : 1;
  } catch (err) {
    error = err.message;
    code = 2;
  }
  if (o.json) c.writeJson(o.json, error);
  c.report.print(c.summary(error));
  return code;
}

main().then((code) => {
  process.exitCode = code;
});
