// init [DIR]: sequelize-cli configuration for a project leaving Prisma. Writes DIR/.sequelizerc
// (migrations-path: the converted folder) and DIR/config/database.js (DATABASE_URL from the
// environment or .env, as Prisma reads it). Never overwrites a file.
'use strict';
const fs = require('fs');
const path = require('path');

const USAGE = `usage: prisma2sequelize init [DIR] [--migrations PATH] [--json]

Writes, in DIR (default: the current folder), files sequelize-cli reads; a file that exists is
left alone:
  .sequelizerc         config: config/database.js, migrations-path: PATH
  config/database.js   development/test/production from DATABASE_URL (the environment, else
                       DIR/.env or DIR/prisma/.env, as Prisma reads it); production uses SSL and a
                       larger pool
PATH (relative to DIR) is the folder \`prisma2sequelize convert --out\` writes: default
sequelize/migrations when it holds a conversion-report.json, else db/migrations.

options:
  --json   print what was written and left alone as JSON

exit status: 0 done (also when every file already existed); 1 a file could not be written; 2 usage.`;

function sequelizerc(migrations) {
  const parts = migrations.split('/').filter(Boolean).map((p) => `'${p.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  return `'use strict';

// Written by \`prisma2sequelize init\`: where sequelize-cli finds its configuration and the
// migrations converted from prisma/migrations.
const path = require('path');

module.exports = {
  config: path.resolve(__dirname, 'config', 'database.js'),
  'migrations-path': path.resolve(__dirname, ${parts.join(', ')}),
  'seeders-path': path.resolve(__dirname, 'seeders'),
  'models-path': path.resolve(__dirname, 'models'),
};
`;
}

const DATABASE_JS = `'use strict';

// Written by \`prisma2sequelize init\`. The connection comes from DATABASE_URL, read as Prisma reads
// it: the environment first, else the .env file of the project (or prisma/.env). The URL may name
// a unix socket folder (?host=/var/run/postgresql), a schema (?schema=name, becomes search_path)
// and sslmode (disable, require, no-verify). sequelize-cli picks the section by NODE_ENV
// (default development).
const fs = require('fs');
const path = require('path');

function fromDotEnv(name) {
  const root = path.resolve(__dirname, '..');
  for (const file of [path.join(root, '.env'), path.join(root, 'prisma', '.env')]) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split(/\\r?\\n/)) {
      const m = /^\\s*(?:export\\s+)?([\\w.-]+)\\s*=\\s*(.*)$/.exec(line);
      if (!m || m[1] !== name) continue;
      const value = m[2].trim();
      const quoted = /^(['"\`])(.*)\\1$/.exec(value);
      return quoted ? quoted[2] : value.replace(/\\s+#.*$/, '');
    }
  }
  return undefined;
}

function connection(url) {
  if (!url) {
    throw new Error('DATABASE_URL is not set: export it, or put it in .env as Prisma does');
  }
  // libpq allows an empty host (postgresql://user@/db?host=/socket/dir); WHATWG URL does not.
  const u = new URL(url.replace(/^([a-z]+:\\/\\/(?:[^/?#]*@)?)(?=[/?#])/i, '$1localhost'));
  const q = u.searchParams;
  const config = {
    dialect: 'postgres',
    username: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.replace(/^\\//, '')) || undefined,
    host: q.get('host') || u.hostname || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    logging: false,
    dialectOptions: {},
  };
  const schema = q.get('schema');
  if (schema && schema !== 'public') {
    config.dialectOptions.options = \`-c search_path="\${schema.replace(/"/g, '""')}"\`;
  }
  const sslmode = q.get('sslmode');
  if (sslmode === 'require' || sslmode === 'verify-full' || sslmode === 'verify-ca') {
    config.dialectOptions.ssl = { require: true, rejectUnauthorized: true };
  } else if (sslmode === 'no-verify') {
    config.dialectOptions.ssl = { require: true, rejectUnauthorized: false };
  }
  return { config, sslmode };
}

const { config, sslmode } = connection(
  process.env.DATABASE_URL || fromDotEnv('DATABASE_URL'),
);

module.exports = {
  development: { ...config },
  test: { ...config },
  production: {
    ...config,
    dialectOptions: {
      ...config.dialectOptions,
      ssl:
        sslmode === 'disable'
          ? false
          : config.dialectOptions.ssl || { require: true, rejectUnauthorized: true },
    },
    pool: { max: 20, min: 2, acquire: 60000, idle: 10000 },
  },
};
`;

function defaultMigrations(dir) {
  if (fs.existsSync(path.join(dir, 'sequelize', 'migrations', 'conversion-report.json'))) return 'sequelize/migrations';
  return 'db/migrations';
}

function init(args) {
  if (args.includes('-h') || args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  let dir = '.';
  let migrations = null;
  let json = false;
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--json') json = true;
    else if (args[i] === '--migrations' && i + 1 < args.length) migrations = args[++i];
    else if (args[i].startsWith('--migrations=')) migrations = args[i].slice('--migrations='.length);
    else if (args[i].startsWith('-')) {
      console.error(`prisma2sequelize init: unknown option ${args[i]}\n\n${USAGE}`);
      return 2;
    } else positional.push(args[i]);
  }
  if (positional.length > 1) {
    console.error(`prisma2sequelize init: at most one DIR\n\n${USAGE}`);
    return 2;
  }
  if (positional.length === 1) dir = positional[0];
  migrations = (migrations || defaultMigrations(dir)).replace(/\\/g, '/').replace(/\/+$/, '');
  const files = [
    ['.sequelizerc', sequelizerc(migrations)],
    [path.join('config', 'database.js'), DATABASE_JS],
  ];
  const result = { dir, migrationsPath: migrations, written: [], leftAlone: [] };
  let failed = false;
  for (const [name, text] of files) {
    const file = path.join(dir, name);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, { flag: 'wx' }); // wx: never overwrite
      result.written.push(name);
    } catch (err) {
      if (err.code === 'EEXIST') result.leftAlone.push(name);
      else {
        console.error(`prisma2sequelize init: ${file}: ${err.message}`);
        failed = true;
      }
    }
  }
  if (json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const name of result.written) console.log(`wrote ${path.join(dir, name)}`);
    for (const name of result.leftAlone) console.log(`left alone ${path.join(dir, name)} (it exists)`);
    console.log(`migrations-path: ${migrations}`);
  }
  return failed ? 1 : 0;
}

module.exports = { init };
