// Parity harness: does a generated Sequelize history build exactly what the Prisma history builds?
// Normally started by scripts/parity, which provides the PostgreSQL server (--server).
'use strict';
require('./clean-env'); // first: before anything reads the environment
const fs = require('fs');
const path = require('path');
const { parseServerUrl, Databases } = require('./server');
const { pairHistory } = require('./history');
const { PrismaRun } = require('./prisma-side');
const { runSequelizeSide } = require('./shards');
const { CliSide } = require('./cli-side');
const { Report } = require('./report');

const USAGE = `usage: scripts/parity PRISMA_MIGRATIONS_DIR SEQUELIZE_DIR [options]

Applies the Prisma history and the generated Sequelize migrations to PostgreSQL 15 and compares
catalog snapshots after every step (up, down, re-up, undo-all, and the real sequelize-cli).

options:
  --server URL         use this server instead of a throwaway cluster, e.g.
                       postgresql://postgres@/postgres?host=/var/run/postgresql
                       (the harness creates and drops its own databases there)
  --throwaway          the server is deleted after the run (scripts/parity's own cluster): its
                       databases are left to it, not dropped one by one
  --json FILE          write a machine-readable report to FILE
  --max-diffs N        differences printed per mismatch (default 10)
  --progress           a line per migration (default when stdout is a terminal)
  --no-progress        no per-migration lines
  --skip-cli           leave out step 4 (sequelize-cli db:migrate / status / undo:all)
  --lock-timeout SEC   lock_timeout of the Sequelize connections (default 30)
  --cli-timeout SEC    time limit of one sequelize-cli command (default 1800)
  --shards N           run the up/down/re-up cycles in N parts on databases of their own, each
                       after the ups before it (default: one per core, at most 2, and at least
                       50 migrations each); the output is the same
  --order bytes|locale the order Prisma ran the folders in: bytes (Prisma 6.5 and older) or
                       localeCompare (6.6 and newer); required when the two differ for the history

exit status: 0 when every comparison matched, 1 on a mismatch, 2 when the run itself failed.`;

function parseArgs(argv) {
  const o = { positional: [], maxDiffs: 10, progress: process.stdout.isTTY === true, cli: true, lockTimeout: 30, cliTimeout: 1800 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].split(/=(.*)/s) : [argv[i]];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    const number = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number`);
      return n;
    };
    switch (flag) {
      case '-h': case '--help': o.help = true; break;
      case '--server': o.server = value(); break;
      case '--throwaway': o.throwaway = true; break;
      case '--json': o.json = value(); break;
      case '--max-diffs': o.maxDiffs = number(); break;
      case '--progress': o.progress = true; break;
      case '--no-progress': o.progress = false; break;
      case '--skip-cli': o.cli = false; break;
      case '--lock-timeout': o.lockTimeout = number(); break;
      case '--cli-timeout': o.cliTimeout = number(); break;
      case '--shards':
        o.shards = number();
        if (!Number.isInteger(o.shards)) throw new Error('--shards needs a whole number');
        break;
      case '--order':
        o.order = value();
        if (o.order !== 'bytes' && o.order !== 'locale') throw new Error('--order needs bytes or locale');
        break;
      default:
        if (flag.startsWith('-')) throw new Error(`unknown option ${flag}`);
        o.positional.push(flag);
    }
  }
  if (o.help) return o;
  if (o.positional.length !== 2) throw new Error('expected PRISMA_MIGRATIONS_DIR and SEQUELIZE_DIR');
  if (!o.server) throw new Error('--server is required (scripts/parity provides one)');
  o.serverConfig = parseServerUrl(o.server);
  for (const dir of o.positional) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`not a directory: ${dir}`);
  }
  return o;
}

async function run(o, report, dbs) {
  const [prismaDir, seqDir] = o.positional;
  const server = o.serverConfig;
  const { pairs, problems } = pairHistory(prismaDir, seqDir, o.order);
  report.migrationCount = pairs.length;
  if (!fs.existsSync(path.join(seqDir, 'conversion-report.json'))) {
    report.note(null, 'no conversion-report.json: every migration is treated as "exact"');
  }
  if (problems.length) {
    for (const p of problems) report.record({ phase: 'history' }, { error: p });
    return;
  }
  if (pairs.length === 0) throw new Error(`no folder with a migration.sql in ${prismaDir}`);

  // The real sequelize-cli (step 4) needs nothing from the other steps until it is judged: it runs
  // on its own database meanwhile, in its own process, so on a second core.
  const lockTimeoutMs = o.lockTimeout * 1000;
  const [cliDatabase, prismaDatabase] = await Promise.all([o.cli ? dbs.create('cli') : null, dbs.create('prisma')]);
  let cli = null;
  if (o.cli) {
    cli = new CliSide({
      server, database: cliDatabase, seqDir, pairs, report, lockTimeoutMs, timeoutMs: o.cliTimeout * 1000,
    });
    dbs.onCleanup(() => cli.abort());
    cli.start();
  }

  // The Prisma side (step 2) runs alongside step 3, which waits only for the snapshot it needs next.
  const prisma = new PrismaRun(pairs, report).start(server, prismaDatabase);
  await runSequelizeSide({ server, dbs, pairs, prisma, report, lockTimeoutMs, shards: o.shards });
  await prisma.finish();
  if (o.progress) report.print(`prisma: applied ${prisma.snapshots.length - 1} of ${pairs.length} migrations (${prisma.seconds.toFixed(2)}s)`);
  if (cli) {
    const t1 = Date.now();
    await cli.judge(prisma);
    if (o.progress) report.print(`cli: judged (waited ${((Date.now() - t1) / 1000).toFixed(2)}s for sequelize-cli)`);
  }
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`parity: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  const report = new Report({ maxDiffs: o.maxDiffs, progress: o.progress });
  const dbs = new Databases(o.serverConfig, { drop: !o.throwaway });
  let interrupted = false;
  const onSignal = (code, name) => () => {
    if (interrupted) return;
    interrupted = true;
    report.print(`${report.summaryLine()} [interrupted by ${name}]`);
    report.silent = true;
    setTimeout(() => process.exit(code), 5000);
    dbs.cleanup().finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal(130, 'SIGINT'));
  process.on('SIGTERM', onSignal(143, 'SIGTERM'));

  let failed = null;
  try {
    await run(o, report, dbs);
  } catch (err) {
    failed = err;
  }
  try {
    await dbs.cleanup();
  } catch (err) {
    failed = failed || err;
  }
  if (failed) report.print(`parity: error: ${failed.message}`);
  if (o.json) {
    const [prismaDir, sequelizeDir] = o.positional;
    report.writeJson(o.json, { prismaDir, sequelizeDir, error: failed ? failed.message : null });
  }
  report.print(report.summaryLine());
  if (failed) return 2;
  return report.ok() ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
});
