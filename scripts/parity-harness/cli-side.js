// Step 4: the real client. sequelize-cli db:migrate over the generated folder on a fresh database,
// db:migrate:status, then db:migrate:undo:all. The config lives in a temp dir, never in the repository.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { connect } = require('./server');
const { takeSnapshot } = require('./snapshot');
const { diffSnapshots } = require('./diff');
const { lossyNote } = require('./sequelize-side');
const { cleanEnv } = require('./clean-env');

const CLI_BIN = require.resolve('sequelize-cli/lib/sequelize');

function lastLines(text, n) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(-n).join(' | ');
}

class CliSide {
  constructor({ server, database, seqDir, pairs, prisma, report, lockTimeoutMs, timeoutMs }) {
    Object.assign(this, { server, database, pairs, prisma, report, timeoutMs });
    this.seqDir = path.resolve(seqDir);
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'parity-cli-'));
    this.config = path.join(this.tmp, 'config.json');
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

  cli(command) {
    const args = [CLI_BIN, command, '--env', 'parity', '--config', this.config, '--migrations-path', this.seqDir];
    const r = spawnSync(process.execPath, args, { cwd: this.tmp, env: cleanEnv(process.env), encoding: 'utf8', timeout: this.timeoutMs });
    const output = `${r.stdout || ''}${r.stderr || ''}`;
    if (r.error) return { code: -1, output: `${output}\n${r.error.message}` };
    return { code: r.status === null ? -1 : r.status, output };
  }

  async snapshot() {
    const client = await connect(this.server, this.database);
    try {
      return await takeSnapshot(client);
    } finally {
      await client.end();
    }
  }

  async migrate(comparable) {
    const stop = this.prisma.failure;
    const r = this.cli('db:migrate');
    let error = null;
    if (!stop && r.code !== 0) error = `db:migrate exited with ${r.code}: ${lastLines(r.output, 3)}`;
    if (stop && r.code === 0) error = `db:migrate succeeded, but PostgreSQL rejected Prisma's ${stop.name}: ${stop.error}`;
    if (stop && r.code !== 0) this.report.note(null, `cli db:migrate stopped as expected: ${lastLines(r.output, 2)}`);
    const differences = diffSnapshots(this.prisma.snapshots[comparable], await this.snapshot(), { order: true, data: true });
    return this.report.record({ phase: 'cli db:migrate', against: 'prisma != sequelize-cli' }, { error, differences });
  }

  status(comparable) {
    const r = this.cli('db:migrate:status');
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

  async undoAll(comparable) {
    const what = { phase: 'cli db:migrate:undo:all', against: 'fresh database != after db:migrate:undo:all' };
    const applied = this.pairs.slice(0, comparable);
    const irreversible = applied.filter((p) => p.down === 'irreversible').pop();
    const r = this.cli('db:migrate:undo:all');
    if (irreversible) {
      return this.report.record(what, { skipped: `stops at ${irreversible.name} (conversion report says irreversible)` });
    }
    const error = r.code !== 0 ? `db:migrate:undo:all exited with ${r.code}: ${lastLines(r.output, 3)}` : null;
    const data = !lossyNote(this.report, 'cli db:migrate:undo:all', applied);
    const differences = diffSnapshots(this.prisma.snapshots[0], await this.snapshot(), { order: false, data });
    return this.report.record(what, { error, differences });
  }

  async run() {
    try {
      const comparable = this.prisma.snapshots.length - 1;
      await this.migrate(comparable);
      this.status(comparable);
      await this.undoAll(comparable);
    } finally {
      fs.rmSync(this.tmp, { recursive: true, force: true });
    }
  }
}

module.exports = { CliSide };
