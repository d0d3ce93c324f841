// Step 4: the real client. sequelize-cli db:migrate over the generated folder on a fresh database,
// db:migrate:status, then db:migrate:undo:all. The config lives in a temp dir, never in the repository.
// execute() runs the three commands (and the snapshots after them) on their own database while the
// other steps run; judge() compares the results once the Prisma side's snapshots are there.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { connect } = require('./server');
const { takeSnapshot } = require('./snapshot');
const { diffSnapshots } = require('./diff');
const { lossyNote, countOnlyNote } = require('./sequelize-side');
const { cleanEnv } = require('./clean-env');

const CLI_BIN = require.resolve('sequelize-cli/lib/sequelize');

function lastLines(text, n) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(-n).join(' | ');
}

class CliSide {
  constructor({ server, database, seqDir, pairs, report, lockTimeoutMs, timeoutMs }) {
    Object.assign(this, { server, database, pairs, report, timeoutMs });
    this.seqDir = path.resolve(seqDir);
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-cli-'));
    this.config = path.join(this.tmp, 'config.json');
    this.child = null;
    this.aborted = false;
    const env = {
      username: server.user,
      password: server.password ?? null,
      database,
      host: server.host,
      port: server.port,
      dialect: 'postgres',
      logging: false,
      dialectOptions: { lock_timeout: lockTimeoutMs },
    };
    fs.writeFileSync(this.config, JSON.stringify({ parity: env }, null, 2));
  }

  // Resolves to { code, output }; never rejects. A time limit or abort() kills the command.
  cli(command) {
    const args = [CLI_BIN, command, '--env', 'parity', '--config', this.config, '--migrations-path', this.seqDir];
    return new Promise((resolve) => {
      if (this.aborted) {
        resolve({ code: -1, output: 'aborted' });
        return;
      }
      const child = spawn(process.execPath, args, { cwd: this.tmp, env: cleanEnv(process.env), stdio: ['ignore', 'pipe', 'pipe'] });
      this.child = child;
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (d) => { output += d; });
      child.stderr.setEncoding('utf8').on('data', (d) => { output += d; });
      const timer = setTimeout(() => {
        output += `\n${command} timed out after ${this.timeoutMs / 1000}s`;
        child.kill('SIGKILL');
      }, this.timeoutMs);
      child.on('error', (err) => { output += `\n${err.message}`; });
      child.on('close', (code) => {
        clearTimeout(timer);
        this.child = null;
        resolve({ code: code === null ? -1 : code, output });
      });
    });
  }

  // Ends a running command (the run was interrupted or failed); execute() then finishes at once.
  abort() {
    this.aborted = true;
    if (this.child) this.child.kill('SIGKILL');
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  async snapshot() {
    const client = await connect(this.server, this.database);
    try {
      return await takeSnapshot(client);
    } finally {
      await client.end();
    }
  }

  judgeMigrate(comparable) {
    const stop = this.prisma.failure;
    const r = this.results.migrate;
    let error = null;
    if (!stop && r.code !== 0) error = `db:migrate exited with ${r.code}: ${lastLines(r.output, 3)}`;
    if (stop && r.code === 0) error = `db:migrate succeeded, but PostgreSQL rejected Prisma's ${stop.name}: ${stop.error}`;
    if (stop && r.code !== 0) this.report.note(null, `cli db:migrate stopped as expected: ${lastLines(r.output, 2)}`);
    const mode = { order: true, data: true, countOnly: this.prisma.countOnly[comparable] };
    const differences = diffSnapshots(this.prisma.snapshots[comparable], this.results.afterMigrate, mode);
    return this.report.record({ phase: 'cli db:migrate', against: 'prisma != sequelize-cli' }, { error, differences, ...countOnlyNote(mode.countOnly, mode) });
  }

  judgeStatus(comparable) {
    const r = this.results.status;
    const seen = new Map();
    for (const line of r.output.split('\n')) {
      const m = /^(up|down)\s+(\S.*)$/.exec(line.trim());
      if (m) seen.set(m[2], m[1]);
    }
    const differences = [];
    this.pairs.forEach((p, i) => {
      const want = i < comparable ? 'up' : 'down';
      const got = seen.get(p.file) || '<not listed>';
      if (got !== want) differences.push({ key: `status of ${p.file}`, expected: want, actual: got });
    });
    const error = r.code !== 0 ? `db:migrate:status exited with ${r.code}: ${lastLines(r.output, 3)}` : null;
    return this.report.record({ phase: 'cli db:migrate:status', against: 'expected != listed' }, { error, differences });
  }

  judgeUndoAll(comparable) {
    const what = { phase: 'cli db:migrate:undo:all', against: 'fresh database != after db:migrate:undo:all' };
    const applied = this.pairs.slice(0, comparable);
    const irreversible = applied.filter((p) => p.down === 'irreversible').pop();
    const r = this.results.undoAll;
    if (irreversible) {
      return this.report.record(what, { skipped: `stops at ${irreversible.name} (conversion report says irreversible)` });
    }
    const error = r.code !== 0 ? `db:migrate:undo:all exited with ${r.code}: ${lastLines(r.output, 3)}` : null;
    const data = !lossyNote(this.report, 'cli db:migrate:undo:all', applied);
    const differences = diffSnapshots(this.prisma.snapshots[0], this.results.afterUndoAll, { order: false, data, countOnly: this.prisma.countOnly[comparable] });
    return this.report.record(what, { error, differences });
  }

  // The commands and snapshots, in the order the checks need them. Cleans up its temp dir.
  async execute() {
    try {
      const results = {};
      results.migrate = await this.cli('db:migrate');
      results.afterMigrate = await this.snapshot();
      results.status = await this.cli('db:migrate:status');
      results.undoAll = await this.cli('db:migrate:undo:all');
      results.afterUndoAll = await this.snapshot();
      return results;
    } finally {
      fs.rmSync(this.tmp, { recursive: true, force: true });
    }
  }

  // Starts execute(); judge() waits for it.
  start() {
    this.running = this.execute();
    // judge() or the caller's error path handles a failure; it must not be unhandled meanwhile.
    this.running.catch(() => {});
    return this;
  }

  async judge(prisma) {
    this.prisma = prisma;
    this.results = await this.running;
    const comparable = prisma.snapshots.length - 1;
    this.judgeMigrate(comparable);
    this.judgeStatus(comparable);
    this.judgeUndoAll(comparable);
  }
}

module.exports = { CliSide };
