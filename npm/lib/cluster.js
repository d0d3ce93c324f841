// A throwaway PostgreSQL 15 cluster for verify and cutover, as scripts/lib/pg-cluster.sh starts it:
// data and unix socket in a private temp dir, no TCP listener, timezone UTC, fsync off; as root
// the cluster belongs to the postgres user (initdb refuses root). Deleted by stop().
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

function pgBinDir() {
  const candidates = [process.env.PARITY_PG_BIN, '/usr/lib/postgresql/15/bin'].filter(Boolean);
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')));
}

class Cluster {
  constructor(tag) {
    this.tag = tag;
    this.dir = null;
    this.url = null;
    this.asOwner = [];
  }

  start() {
    const bin = pgBinDir();
    if (!bin) {
      throw new Error(
        'PostgreSQL 15 server programs not found (/usr/lib/postgresql/15/bin or PARITY_PG_BIN): ' +
          'install postgresql-15, or pass --server URL',
      );
    }
    this.bin = bin;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${this.tag}.`));
    if (process.getuid && process.getuid() === 0) {
      const owner = spawnSync('chown', ['postgres:', this.dir]);
      if (owner.status !== 0) throw new Error('running as root needs a postgres user to own the cluster');
      this.asOwner = ['runuser', '-u', 'postgres', '--'];
    }
    const data = path.join(this.dir, 'data');
    this.run(
      [path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
      'initdb failed',
    );
    const opts = `-c listen_addresses='' -k ${this.dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC`;
    this.run(
      [path.join(bin, 'pg_ctl'), '-D', data, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start'],
      'could not start PostgreSQL',
    );
    this.url = `postgresql://postgres@/postgres?host=${this.dir}`;
    return this.url;
  }

  run(argv, what) {
    const cmd = [...this.asOwner, ...argv];
    const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${what}: ${(r.stderr || r.stdout || String(r.error || '')).trim()}`);
  }

  stop() {
    const dir = this.dir;
    if (!dir) return;
    this.dir = null;
    this.url = null;
    const data = path.join(dir, 'data');
    if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
      const cmd = [...this.asOwner, path.join(this.bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'];
      spawnSync(cmd[0], cmd.slice(1), { stdio: 'ignore' });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { Cluster };
