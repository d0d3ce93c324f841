// Connection settings from --server, and the throwaway databases the harness creates on that server.
'use strict';
const crypto = require('crypto');
const { Client } = require('pg');

// postgresql://[user[:password]@][host][:port][/database][?host=/socket/dir&port=N]
// (WHATWG URL rejects a user without a host, which is how a unix socket is named.)
const SERVER_URL = /^postgres(?:ql)?:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/:?]*)(?::(\d+))?(?:\/([^?]*))?(?:\?(.*))?$/;

function parseServerUrl(url) {
  const m = SERVER_URL.exec(url);
  if (!m) throw new Error(`--server must look like postgresql://user@host:port/db or postgresql://user@/db?host=/socket/dir, got ${url}`);
  const [, user, password, host, port, database, query] = m;
  const params = new URLSearchParams(query || '');
  const dec = (s) => (s ? decodeURIComponent(s) : '');
  return {
    host: params.get('host') || dec(host) || 'localhost',
    port: Number(port || params.get('port') || 5432),
    user: dec(user) || 'postgres',
    password: password !== undefined ? dec(password) : undefined,
    database: dec(database) || 'postgres',
  };
}

function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

async function connect(server, database) {
  // UTC like Sequelize's own sessions, so timestamps convert the same way on every side.
  const client = new Client({ ...server, database, options: '-c TimeZone=UTC' });
  // A server-side error on an idle client must not crash the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}

// A query whose text recurs (the snapshot's): a named prepared statement (named by its text's hash),
// parsed and planned once per connection instead of at every run. PostgreSQL plans it again when
// an object it reads changes. A migration that runs DEALLOCATE ALL or DISCARD on the session takes
// the statement away while pg still counts it as parsed (26000): it is then prepared again under
// a new name.
async function prepared(client, sql, params) {
  const hash = crypto.createHash('sha1').update(sql).digest('hex').slice(0, 24);
  for (let retried = false; ; retried = true) {
    const name = `parity_${hash}_${client.parityGeneration || 0}`;
    try {
      return (await client.query({ name, text: sql, values: params })).rows;
    } catch (e) {
      if (e.code !== '26000' || retried) throw e;
      client.parityGeneration = (client.parityGeneration || 0) + 1;
    }
  }
}

// Creates databases named <prefix>_<pid>_<kind> and drops them all on cleanup(), unless the whole
// server goes after the run (drop: false).
class Databases {
  constructor(server, { drop = true } = {}) {
    this.server = server;
    this.drop = drop;
    this.created = [];
    this.prefix = `parity_${process.pid}_${Date.now().toString(36)}`;
  }

  async create(kind) {
    const name = `${this.prefix}_${kind}`;
    const admin = await connect(this.server, this.server.database);
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`);
    } finally {
      await admin.end();
    }
    this.created.push(name);
    return name;
  }

  // A copy of database `source` (which must have no other connection), registered for cleanup.
  async copy(source, kind) {
    const name = `${this.prefix}_${kind}`;
    await this.admin(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(source)}`);
    this.created.push(name);
    return name;
  }

  // Drops `target` and renames `copy` to it: `target` then holds what `copy` held.
  async replace(target, copy) {
    await this.admin(`DROP DATABASE ${quoteIdent(target)} WITH (FORCE)`);
    await this.admin(`ALTER DATABASE ${quoteIdent(copy)} RENAME TO ${quoteIdent(target)}`);
    this.created = this.created.filter((name) => name !== copy);
  }

  async admin(sql) {
    const admin = await connect(this.server, this.server.database);
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  }

  // fn runs first at cleanup() (e.g. ends a child process still using a database).
  onCleanup(fn) {
    this.beforeCleanup = fn;
  }

  async cleanup() {
    if (this.beforeCleanup) this.beforeCleanup();
    if (this.created.length === 0 || !this.drop) return;
    const admin = await connect(this.server, this.server.database);
    try {
      for (const name of this.created.splice(0)) {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }
}

module.exports = { parseServerUrl, quoteIdent, connect, prepared, Databases };
