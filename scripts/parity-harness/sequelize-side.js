// Step 3: runs each generated migration's up(), down(), up() again through a Sequelize instance and
// compares the catalog with the Prisma snapshots; then downs everything and expects a fresh database.
// A "lossy" down() leaves data behind (seed rows, values it cannot bring back): for those, the state
// after up() is kept in a copy of the database before down(); up() again is tried on the downed
// database (schema compared, not data), and the run goes on from the copy.
'use strict';
const fs = require('fs');
const { Sequelize } = require('sequelize');
const { connect } = require('./server');
const { takeSnapshot } = require('./snapshot');
const { diffSnapshots } = require('./diff');
const { describePgError } = require('./prisma-side');
const { splitStatements } = require('./nondeterministic');
const { quoteLiteral } = require('./fingerprint');

// Statements whose second run can leave other rows than the first (INSERT without ON CONFLICT,
// COPY, MERGE, DO blocks, CALL, data-modifying WITH): a lossy down() followed by up() again then
// seldom gives back the state after the first up().
const ADDS_ROWS = /^(insert|merge|copy|do|call|with)\b/i;
function mayAddRows(sqlPath) {
  return splitStatements(fs.readFileSync(sqlPath, 'utf8')).some((st) => ADDS_ROWS.test(st.text) && !/\bon\s+conflict\b/i.test(st.text));
}

const ORDERED = { order: true, data: true };
const SCHEMA_ORDERED = { order: true, data: false };
const LOSSY_REUP_FAILED = 'lossy down: re-up failed on the rows the down could not remove';

// The PostgreSQL error, and the statement Sequelize sent when it says so.
function describeError(err) {
  const pg = err && (err.original || err.parent);
  const text = pg && pg.message ? describePgError(pg) : err && err.message ? err.message : String(err);
  if (!err || typeof err.sql !== 'string') return text;
  const sql = err.sql.replace(/\s+/g, ' ').trim();
  return `${text} in: ${sql.length > 200 ? `${sql.slice(0, 200)}…` : sql}`;
}

function sequelizeFor(server, database, lockTimeoutMs) {
  return new Sequelize(database, server.user, server.password ?? null, {
    host: server.host,
    port: server.port,
    dialect: 'postgres',
    logging: false,
    // A query sent outside the migration's transaction can wait forever on that transaction's locks.
    dialectOptions: { lock_timeout: lockTimeoutMs },
  });
}

class SequelizeSide {
  // kind: the name of its database (and of its copies) among the harness's (shards.js runs several).
  constructor({ server, database, dbs, pairs, prisma, report, lockTimeoutMs, kind = 'sequelize' }) {
    Object.assign(this, { server, database, dbs, pairs, prisma, report, lockTimeoutMs, kind });
    this.applied = []; // indices whose up() is in effect, in order
    this.replays = 0;
  }

  // The Sequelize instance (a closed one cannot be reopened) and the pg client for snapshots.
  async open() {
    this.sequelize = sequelizeFor(this.server, this.database, this.lockTimeoutMs);
    this.qi = this.sequelize.getQueryInterface();
    this.client = await connect(this.server, this.database);
  }

  async close() {
    const client = this.client;
    const sequelize = this.sequelize;
    this.client = null;
    this.sequelize = null;
    try {
      if (client) await client.end();
    } finally {
      if (sequelize) await sequelize.close();
    }
  }

  // CREATE DATABASE ... TEMPLATE needs the source without other connections: close ours around it.
  async saveCopy() {
    await this.close();
    try {
      return await this.dbs.copy(this.database, `${this.kind}_saved`);
    } finally {
      await this.open();
    }
  }

  // Back to the saved state: the current database is dropped and the copy takes its name.
  async restoreCopy(copy) {
    await this.close();
    await this.dbs.replace(this.database, copy);
    await this.open();
  }

  // { error, loadError } when the file cannot be required or lacks the function.
  async call(index, direction) {
    const file = this.pairs[index].file;
    let mod;
    try {
      mod = require(this.pairs[index].jsPath);
    } catch (err) {
      return { error: `cannot load ${file}: ${err.message}`, loadError: true };
    }
    if (typeof mod[direction] !== 'function') return { error: `${file} has no ${direction}() function`, loadError: true };
    try {
      await mod[direction](this.qi, Sequelize);
      return {};
    } catch (err) {
      return { error: describeError(err) };
    }
  }

  // Also keeps the snapshot as this.last: the state the next migration starts from.
  async compare(index, phase, expected, mode, against, taken = null) {
    const actual = taken || (await takeSnapshot(this.client));
    this.last = actual;
    const countOnly = this.prisma.countOnly[index + 1];
    return this.report.record(
      { migration: this.pairs[index].name, phase, against },
      { differences: diffSnapshots(expected, actual, { ...mode, countOnly }), ...countOnlyNote(countOnly, mode) },
    );
  }

  // up() compared with Prisma. After down()/up() cycles the heap is not the one a plain run of the
  // ups builds (other row versions where an UPDATE or a DELETE ran again, other free space), and a
  // statement that reads rows in physical order to make values (ADD COLUMN ... SERIAL numbers them
  // so) can then give other values. So a difference in data only, on a database that went through a
  // cycle, is looked at again on the ups replayed in order on a fresh database, and that comparison
  // counts, with a note; the run goes on from the replayed database. A difference in the schema, or
  // one without a cycle before it, counts as it is.
  async compareUp(index, after) {
    const m = this.pairs[index];
    const mode = { ...ORDERED, countOnly: this.prisma.countOnly[index + 1] };
    let actual = await takeSnapshot(this.client);
    const first = diffSnapshots(after, actual, mode);
    if (this.cycled && first.length && first.every((d) => after.data.has(d.key) || actual.data.has(d.key))) {
      await this.replay();
      this.replays++;
      actual = await takeSnapshot(this.client);
      const again = diffSnapshots(after, actual, mode);
      this.report.note(m.name, `up(): ${first.map((d) => d.key).join(', ')} differed after the down()/up() cycles before it; ` +
        `${again.length ? 'also' : 'not'} on the ups replayed on a fresh database, which the run goes on from`);
    }
    return this.compare(index, 'up', after, ORDERED, 'prisma != sequelize', actual);
  }

  // The Prisma side failed at this migration: up() must fail too.
  async expectFailure(index) {
    const m = this.pairs[index];
    const stop = this.prisma.failure;
    const r = await this.call(index, 'up');
    if (r.error && !r.loadError) {
      this.report.note(m.name, `PostgreSQL itself stopped here on the Prisma side: ${stop.error}`);
      this.report.note(m.name, `up() failed as well: ${r.error}`);
      return this.report.record({ migration: m.name, phase: 'up' }, { differences: [] });
    }
    if (r.loadError) return this.report.record({ migration: m.name, phase: 'up' }, { error: r.error });
    this.applied.push(index);
    return this.report.record(
      { migration: m.name, phase: 'up' },
      { error: `up() succeeded, but PostgreSQL rejected Prisma's migration.sql here: ${stop.error}` },
    );
  }

  // up, down, re-up of one migration. Returns false when the run cannot go on.
  async cycle(index, statuses) {
    const m = this.pairs[index];
    // down() is checked against this side's own state before up(), so that it is judged alone,
    // not for differences an earlier up() left.
    const before = this.last;
    const after = this.prisma.snapshots[index + 1];
    const sequencesBefore = m.down === 'irreversible' || m.down === 'lossy' ? null : await this.sequencePositions();
    let r = await this.call(index, 'up');
    if (r.error) {
      statuses.up = this.report.record({ migration: m.name, phase: 'up' }, { error: `up() failed: ${r.error}` });
      return false;
    }
    this.applied.push(index);
    statuses.up = await this.compareUp(index, after);
    if (m.down === 'irreversible') {
      for (const phase of ['down', 're-up']) {
        statuses[phase] = this.report.record({ migration: m.name, phase }, { skipped: 'conversion report says irreversible' });
      }
      return true;
    }
    if (m.down === 'lossy') return this.lossyCycle(index, statuses, before);
    r = await this.call(index, 'down');
    if (r.error) {
      statuses.down = this.report.record({ migration: m.name, phase: 'down' }, { error: `down() failed: ${r.error}` });
      statuses['re-up'] = this.report.record({ migration: m.name, phase: 're-up' }, { skipped: 'down() failed' });
      return true;
    }
    this.applied.pop();
    this.cycled = true;
    statuses.down = await this.compare(index, 'down', before, { order: false, data: true }, 'before up != after down');
    const sequencesAfterDown = await this.sequencePositions();
    r = await this.call(index, 'up');
    if (r.error) {
      statuses['re-up'] = this.report.record({ migration: m.name, phase: 're-up' }, { error: `up() failed after down(): ${r.error}` });
      return false;
    }
    this.applied.push(index);
    statuses['re-up'] = await this.compareReUp(index, after, sequencesBefore === sequencesAfterDown);
    return true;
  }

  // re-up compared with Prisma. down() puts the rows back, but not where they were in the heap: an
  // up() that numbers rows in physical order (ADD COLUMN ... IDENTITY or SERIAL, after an UPDATE of
  // the same up() moved them the first time) numbers them otherwise the second time. So when the
  // difference is in data only, and down() left every sequence where it stood before up() (no other
  // trace of the cycle), the tables that differ are compared by row count, with a note.
  async compareReUp(index, after, sequencesBack) {
    const m = this.pairs[index];
    const actual = await takeSnapshot(this.client);
    const countOnly = this.prisma.countOnly[index + 1];
    const differences = diffSnapshots(after, actual, { ...ORDERED, countOnly });
    const dataOnly = differences.length && differences.every((d) => after.data.has(d.key) || actual.data.has(d.key));
    if (!sequencesBack || !dataOnly) return this.compare(index, 're-up', after, ORDERED, 'prisma != sequelize', actual);
    const byCount = new Set([...countOnly, ...differences.map((d) => d.key)]);
    this.last = actual;
    this.report.note(m.name, `re-up: ${differences.map((d) => d.key).join(', ')} compared by row count: the rows ` +
      'are back after down() but elsewhere in the heap, and this up() gives values in physical row order');
    return this.report.record(
      { migration: m.name, phase: 're-up', against: 'prisma != sequelize' },
      { differences: diffSnapshots(after, actual, { ...ORDERED, countOnly: byCount }), ...countOnlyNote(byCount, ORDERED) },
    );
  }

  // Where every sequence stands (last_value, NULL before its first nextval), as one string.
  async sequencePositions() {
    const r = await this.client.query(
      `SELECT string_agg(format('%I.%I=%s', schemaname, sequencename, coalesce(last_value::text, '-')), ',' ORDER BY schemaname, sequencename) AS p
         FROM pg_sequences`);
    return r.rows[0].p || '';
  }

  // down() of a lossy migration, on a database whose state after up() is saved in a copy: the schema
  // must be back as before up(); then up() again on the downed database, compared by schema only (the
  // data may differ after a lossy down()); when it fails on the rows down() left, re-up is skipped.
  // Either way the run goes on from the copy, i.e. from exactly the state after the first up().
  //
  //
  // The copy (CREATE DATABASE ... TEMPLATE, slower than a whole cycle) is taken only when it is
  // likely to be needed: some table holds rows after up() and the migration.sql may add rows again
  // (mayAddRows). Otherwise the run goes on from the re-up state when it equals the state after the
  // first up() (schema, column order and data, compared as after up()), as after an exact cycle;
  // when it does not (re-up failed or left other rows, or a sequence stands elsewhere: the snapshot
  // has no sequence positions, and a later insert would number its rows differently), from the
  // applied ups replayed in order on a fresh database.
  async lossyCycle(index, statuses, before) {
    const m = this.pairs[index];
    const afterUp = this.last;
    const after = this.prisma.snapshots[index + 1];
    const noRows = [...afterUp.data.values()].every((v) => v.startsWith('0 rows'));
    const copy = noRows || !mayAddRows(m.sqlPath) ? null : await this.saveCopy();
    const positions = copy ? null : await this.positions();
    let r = await this.call(index, 'down');
    if (r.error) {
      statuses.down = this.report.record({ migration: m.name, phase: 'down' }, { error: `down() failed: ${r.error}` });
      statuses['re-up'] = this.report.record({ migration: m.name, phase: 're-up' }, { skipped: 'down() failed' });
    } else {
      this.cycled = true;
      this.report.note(m.name, 'conversion report says lossy: data after down() not compared, schema is');
      statuses.down = await this.compare(index, 'down', before, { order: false, data: false }, 'before up != after down');
      r = await this.call(index, 'up');
      if (r.error) {
        statuses['re-up'] = this.report.record({ migration: m.name, phase: 're-up' }, { skipped: `${LOSSY_REUP_FAILED}: ${r.error}` });
      } else {
        this.report.note(m.name, 'lossy down: data after re-up not compared, schema is');
        statuses['re-up'] = await this.compare(index, 're-up', after, SCHEMA_ORDERED, 'prisma != sequelize');
      }
    }
    if (copy) {
      await this.restoreCopy(copy);
      this.last = afterUp;
      return true;
    }
    const mode = { order: true, data: true, countOnly: this.prisma.countOnly[index + 1] };
    if (r.error || diffSnapshots(afterUp, this.last, mode).length || (await this.positions()) !== positions) {
      this.replays++;
      await this.replay();
      this.last = await takeSnapshot(this.client);
    }
    return true;
  }

  // What the snapshot leaves out but later statements read, as one string: where every sequence
  // stands (last_value, NULL before its first nextval; a later insert numbers its rows from there),
  // and the physical order (ctid) of every table's rows (ADD COLUMN ... SERIAL numbers the rows in
  // that order, and an UPDATE run again by re-up may put them elsewhere in the heap).
  async positions() {
    const sequences = await this.sequencePositions();
    const tables = await this.client.query(
      `SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg\\_temp%'
          AND tablename <> 'SequelizeMeta'
        ORDER BY 1`);
    let order = '';
    if (tables.rows.length) {
      const parts = tables.rows.map(({ t }) =>
        `SELECT ${quoteLiteral(t)} AS t, md5(coalesce(string_agg(x::text, chr(10) ORDER BY x.ctid), '')) AS h FROM ${t} AS x`);
      const r = await this.client.query(`SELECT string_agg(t || '=' || h, ',' ORDER BY t) AS o FROM (${parts.join(' UNION ALL ')}) AS rows`);
      order = r.rows[0].o || '';
    }
    return `${sequences};${order}`;
  }

  // The database again, built by the up() of every applied migration in order on a fresh one.
  async replay() {
    const target = this.database;
    const fresh = await this.dbs.create(`${this.kind}_replay`);
    await this.close();
    this.database = fresh;
    try {
      await this.open();
      await this.applyUps(this.applied, 'replaying the ups after a lossy down()');
    } finally {
      await this.close();
      this.database = target;
    }
    await this.dbs.replace(target, fresh);
    await this.open();
    this.cycled = false;
  }

  // The up() of each of indices, in order, without comparisons; throws at the first that fails.
  async applyUps(indices, why) {
    for (const index of indices) {
      const r = await this.call(index, 'up');
      if (r.error) throw new Error(`${why}: ${this.pairs[index].name}: ${r.error}`);
    }
  }

  // Where a shard of this step starts (shards.js): the ups of migrations [0, end) applied on the
  // fresh database, as the replay above; this.last is the snapshot of that state.
  async begin(end) {
    await this.open();
    const indices = [...Array(end).keys()];
    await this.applyUps(indices, 'applying the ups before this shard');
    this.applied = indices;
    this.last = await takeSnapshot(this.client);
  }

  // down() of everything still applied, newest first; the database must then be as fresh (its data
  // too, unless a lossy down() is among them).
  async undoAll() {
    const what = { migration: null, phase: 'undo-all', against: 'fresh database != after undoing all' };
    const undone = this.applied.map((i) => this.pairs[i]);
    while (this.applied.length) {
      const index = this.applied[this.applied.length - 1];
      const m = this.pairs[index];
      if (m.down === 'irreversible') {
        return this.report.record(what, { skipped: `stops at ${m.name} (conversion report says irreversible)` });
      }
      const r = await this.call(index, 'down');
      if (r.error) return this.report.record(what, { error: `down() of ${m.name} failed: ${r.error}` });
      this.applied.pop();
    }
    const data = !lossyNote(this.report, 'undo-all', undone);
    const actual = await takeSnapshot(this.client);
    const countOnly = this.prisma.countOnly[this.prisma.countOnly.length - 1];
    return this.report.record(what, { differences: diffSnapshots(this.prisma.snapshots[0], actual, { order: false, data, countOnly }) });
  }

  // The cycles of migrations [from, to). Returns false when the run cannot go on (an up() failed,
  // or the Prisma side stopped before `from`: a shard after the one that stops).
  async steps(from, to) {
    const total = this.pairs.length;
    for (let i = from; i < to; i++) {
      await this.prisma.reached(i + 1);
      if (this.abandoned || i > this.prisma.snapshots.length - 1) return false;
      this.report.inTurn(() => this.prisma.announce(i));
      const started = Date.now();
      const statuses = {};
      let goOn;
      // The Prisma side stopped before snapshot i + 1: PostgreSQL rejected migration i.
      if (i === this.prisma.snapshots.length - 1) {
        statuses.up = await this.expectFailure(i);
        goOn = false;
      } else {
        goOn = await this.cycle(i, statuses);
      }
      this.report.progressLine(i, total, this.pairs[i].name, statuses, (Date.now() - started) / 1000);
      if (!goOn) {
        if (i + 1 < total) this.report.note(null, `migrations after ${this.pairs[i].name} not compared (${total - i - 1})`);
        return false;
      }
    }
    return true;
  }

  // Undoing everything is compared with the marks of the whole Prisma side.
  async finish() {
    await this.prisma.finish();
    await this.undoAll();
    if (this.replays && this.report.progress) {
      this.report.print(`sequelize: ${this.replays} lossy cycle(s) went on from a replay of the ups (re-up gave another state)`);
    }
  }
}

// For the --json report: the tables a data comparison looked at by row count only.
function countOnlyNote(countOnly, mode) {
  return mode.data && countOnly.size ? { countOnly: [...countOnly].map((k) => k.replace(/ data$/, '')).sort() } : {};
}

// Undoing everything: when one of the downs is lossy, only the schema can be compared with a fresh
// database. Says so in a note; returns true then.
function lossyNote(report, phase, migrations) {
  const lossy = migrations.filter((m) => m.down === 'lossy').map((m) => m.name);
  if (!lossy.length) return false;
  const list = lossy.length > 3 ? `${lossy.slice(0, 3).join(', ')} and ${lossy.length - 3} more` : lossy.join(', ');
  report.note(null, `${phase}: data not compared, schema is (lossy down: ${list})`);
  return true;
}

module.exports = { SequelizeSide, describeError, lossyNote, countOnlyNote };
