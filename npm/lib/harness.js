// verify and cutover: the parity harness (scripts/parity-harness, copied into harness/ when the
// package is packed) run against a throwaway PostgreSQL 15 cluster, as scripts/parity and
// scripts/cutover run it.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { spawn, spawnSync } = require('child_process');
const { Cluster } = require('./cluster');

function harnessDir() {
  const packed = path.join(__dirname, '..', 'harness');
  if (fs.existsSync(path.join(packed, 'main.js'))) return packed;
  return path.join(__dirname, '..', '..', 'scripts', 'parity-harness'); // a source checkout
}

// Runs `node SCRIPT args`, forwarding SIGINT/SIGTERM; onLine (when given) sees each stdout line.
function runNode(script, args, onLine) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', onLine ? 'pipe' : 'inherit', 'inherit'] });
    const forward = (sig) => () => child.kill(sig);
    const handlers = { SIGINT: forward('SIGINT'), SIGTERM: forward('SIGTERM') };
    for (const [sig, h] of Object.entries(handlers)) process.on(sig, h);
    if (onLine) readline.createInterface({ input: child.stdout }).on('line', onLine);
    child.on('close', (code, signal) => {
      for (const [sig, h] of Object.entries(handlers)) process.removeListener(sig, h);
      resolve(signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : code);
    });
  });
}

function formatSeconds(s) {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`;
}

// A status line on the terminal: step i/N, the migration being checked, elapsed, ETA; redrawn every
// second. The harness's `--progress` lines ("[i/N] NAME: ... (Ts)", printed when migration i is
// done) drive it; every other line is printed as it comes.
function progressPrinter(stream, names) {
  const started = Date.now();
  let done = 0;
  let total = names.length;
  let shown = false;
  let prismaApplied = false;
  const status = () => {
    const elapsed = (Date.now() - started) / 1000;
    if (!prismaApplied) return `verify: applying the Prisma history | elapsed ${formatSeconds(elapsed)}`;
    if (total > 0 && done >= total) {
      return `verify: ${total}/${total} migrations checked; running sequelize-cli | elapsed ${formatSeconds(elapsed)}`;
    }
    const current = names[done] || '';
    const eta = done > 0 ? formatSeconds((elapsed / done) * (total - done)) : '?';
    return `verify: step ${done + 1}/${total || '?'} ${current} | elapsed ${formatSeconds(elapsed)} | ETA ${eta}`;
  };
  const draw = () => {
    stream.write(`\r\x1b[K${status().slice(0, (stream.columns || 100) - 1)}`);
    shown = true;
  };
  const clear = () => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  const timer = setInterval(draw, 1000);
  return {
    line(text) {
      const m = /^\[(\d+)\/(\d+)\] (.+?): /.exec(text);
      if (/^prisma: applied /.test(text)) prismaApplied = true;
      if (m) {
        prismaApplied = true;
        done = Number(m[1]);
        total = Number(m[2]);
        draw();
        return;
      }
      clear();
      process.stdout.write(`${text}\n`);
      draw();
    },
    done() {
      clearInterval(timer);
      clear();
    },
  };
}

// The migration folders in Prisma's order (bytes, or localeCompare under --order locale), for the
// status line.
function migrationNames(dir, order) {
  const bytes = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
      .map((e) => e.name)
      .sort(order === 'locale' ? (a, b) => a.localeCompare(b) || bytes(a, b) : bytes);
  } catch {
    return [];
  }
}

// The value of --order in `args` ('' when absent).
function orderOf(args) {
  const at = args.indexOf('--order');
  if (at >= 0) return args[at + 1] || '';
  return (args.find((a) => a.startsWith('--order=')) || '').slice('--order='.length);
}

const VERIFY_USAGE = `usage: prisma2sequelize verify PRISMA_MIGRATIONS_DIR SEQUELIZE_DIR [options]

Proves a conversion on PostgreSQL 15: applies the Prisma history as \`prisma migrate deploy\` does,
runs every Sequelize migration up, down and up again comparing catalog snapshots, then runs the
real sequelize-cli db:migrate, db:migrate:status and db:migrate:undo:all. A throwaway cluster is
started (PostgreSQL 15 server programs needed) unless --server names one.

options:
  -q, --quiet          no progress (the default when stdout is not a terminal)
  --json FILE          write a machine-readable report to FILE
  --server URL         use this server instead of a throwaway cluster (the harness creates and
                       drops its own databases there)
  --max-diffs N, --skip-cli, --lock-timeout SEC, --cli-timeout SEC, --order bytes|locale:
                       as scripts/parity

exit status: 0 every comparison matched; 1 a mismatch; 2 the run itself failed (usage, no
PostgreSQL, a database error).`;

async function verify(args) {
  if (args.includes('-h') || args.includes('--help')) {
    console.log(VERIFY_USAGE);
    return 0;
  }
  const quiet = args.includes('-q') || args.includes('--quiet');
  const rest = args.filter((a) => a !== '-q' && a !== '--quiet' && a !== '--progress' && a !== '--no-progress');
  const positional = rest.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^--(json|server|max-diffs|lock-timeout|cli-timeout|order)$/.test(rest[i - 1])));
  if (positional.length !== 2) {
    console.error(`prisma2sequelize verify: expected PRISMA_MIGRATIONS_DIR and SEQUELIZE_DIR\n\n${VERIFY_USAGE}`);
    return 2;
  }
  const tty = process.stdout.isTTY === true && !quiet;
  const main = path.join(harnessDir(), 'main.js');
  const hasServer = rest.some((a) => a === '--server' || a.startsWith('--server='));
  const cluster = new Cluster('p2s-verify');
  try {
    const server = hasServer ? [] : ['--server', cluster.start()];
    const progress = tty ? progressPrinter(process.stderr, migrationNames(positional[0], orderOf(rest))) : null;
    const code = await runNode(main, [...rest, ...server, tty ? '--progress' : '--no-progress'], progress && progress.line);
    if (progress) progress.done();
    return code;
  } catch (err) {
    console.error(`prisma2sequelize verify: ${err.message}`);
    return 2;
  } finally {
    cluster.stop();
  }
}

async function cutover(args) {
  const script = path.join(harnessDir(), 'cutover.js');
  if (args.includes('-h') || args.includes('--help')) return runNode(script, ['--help']);
  const usage = spawnSync(process.execPath, [script, '--check-usage', ...args], { stdio: 'inherit' });
  if (usage.status !== 0) return usage.status === null ? 2 : usage.status;
  const cluster = new Cluster('p2s-cutover');
  try {
    return await runNode(script, [...args, '--scratch-server', cluster.start()]);
  } catch (err) {
    console.error(`prisma2sequelize cutover: ${err.message}`);
    return 2;
  } finally {
    cluster.stop();
  }
}

module.exports = { verify, cutover };
