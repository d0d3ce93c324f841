// Applies the Prisma history the way `prisma migrate deploy` does: each migration.sql sent as one
// multi-statement script (simple query protocol, no wrapping transaction), folders in order.
'use strict';
const fs = require('fs');
const { connect } = require('./server');
const { takeSnapshot } = require('./snapshot');
const { markMigration } = require('./nondeterministic');

function describePgError(err) {
  const where = err.position ? ` (at character ${err.position})` : '';
  return `${err.code ? `${err.code} ` : ''}${err.message}${where}`;
}

// Returns { snapshots: [S0, S1, ..., Sk], failure: null | { index, name, error } },
// where S0 is the fresh database and Si the state after migration i. onSnapshot(Si) is called as
// each one is taken.
async function applyPrismaHistory(server, database, migrations, onSnapshot = () => {}) {
  const client = await connect(server, database);
  try {
    const snapshots = [await takeSnapshot(client)];
    onSnapshot(snapshots[0]);
    for (let i = 0; i < migrations.length; i++) {
      const m = migrations[i];
      try {
        // No parameters: node-postgres then uses the simple query protocol, like Prisma.
        await client.query(fs.readFileSync(m.sqlPath, 'utf8'));
      } catch (err) {
        return { snapshots, failure: { index: i, name: m.name, error: describePgError(err) } };
      }
      snapshots.push(await takeSnapshot(client));
      onSnapshot(snapshots[i + 1]);
    }
    return { snapshots, failure: null };
  } finally {
    await client.end();
  }
}

// The Prisma side run alongside the others (main.js), on a database of its own: the Sequelize side
// waits only for the snapshot it compares next (reached(n)), so both sides use a core each.
// Also marks the tables with nondeterministic data (nondeterministic.js) as the snapshots come:
// countOnly[n] is the set of data keys compared by row count once n migrations are applied.
// What it has to say (those marks, a migration PostgreSQL rejects) is said by announce(i) when the
// Sequelize side gets to migration i, and by finish() for the rest, so the output keeps one order.
class PrismaRun {
  constructor(pairs, report) {
    Object.assign(this, { pairs, report });
    this.snapshots = [];
    this.countOnly = [new Set()];
    this.marks = [];
    this.failure = null;
    this.done = false;
    this.error = null;
    this.waiting = [];
    this.announced = 0;
  }

  start(server, database) {
    this.started = Date.now();
    this.finished = applyPrismaHistory(server, database, this.pairs, (snapshot) => this.add(snapshot)).then(
      (r) => {
        this.failure = r.failure;
        this.done = true;
        this.seconds = (Date.now() - this.started) / 1000;
        this.wake();
      },
      (err) => {
        this.error = err;
        this.done = true;
        this.wake();
      },
    );
    return this;
  }

  add(snapshot) {
    this.snapshots.push(snapshot);
    const n = this.snapshots.length - 1;
    if (n > 0) {
      const mark = markMigration(this.pairs[n - 1], this.snapshots[n - 1], snapshot);
      this.marks.push(mark);
      const set = new Set(this.countOnly[n - 1]);
      carryMarks(set, this.snapshots[n - 1].data, snapshot.data);
      if (mark) mark.tables.forEach((k) => set.add(k));
      this.countOnly.push(set);
    }
    this.wake();
  }

  wake() {
    const still = [];
    for (const w of this.waiting) {
      if (this.error) w.reject(this.error);
      else if (this.snapshots.length > w.n || this.done) w.resolve();
      else still.push(w);
    }
    this.waiting = still;
  }

  // Resolves once snapshots[n] is there or the Prisma side has stopped (then snapshots.length <= n).
  reached(n) {
    return new Promise((resolve, reject) => {
      this.waiting.push({ n, resolve, reject });
      this.wake();
    });
  }

  // Says what there is to say up to migration i (the Sequelize side has reached it).
  announce(i) {
    for (; this.announced <= i && this.announced < this.marks.length; this.announced++) {
      const mark = this.marks[this.announced];
      if (!mark) continue;
      const names = mark.tables.map((k) => k.replace(/ data$/, '')).join(', ');
      this.report.note(this.pairs[this.announced].name, `compared by row count: nondeterministic data (${mark.reason}): ${names}`);
    }
    const f = this.failure;
    if (f && f.index <= i && !this.report.stoppedAt) {
      this.report.stoppedAt = { migration: f.name, error: f.error };
      this.report.note(f.name, `PostgreSQL itself rejects this Prisma migration: ${f.error}`);
    }
  }

  // Waits for the whole Prisma side; says the rest.
  async finish() {
    await this.reached(Infinity);
    if (this.error) throw this.error;
    this.announce(this.pairs.length);
  }
}

// A table compared by row count stays so under its new name: a data key that went, and one that
// came with exactly its rows, in the same migration (ALTER TABLE ... RENAME TO, SET SCHEMA).
function carryMarks(set, before, after) {
  for (const key of [...set]) {
    if (after.has(key) || !before.has(key)) continue;
    for (const [other, value] of after) {
      if (!before.has(other) && value === before.get(key) && other.endsWith(' data')) set.add(other);
    }
  }
}

module.exports = { applyPrismaHistory, describePgError, PrismaRun };
