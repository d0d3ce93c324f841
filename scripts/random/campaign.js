// scripts/random-parity: for each seed, generate a random history, convert it with prisma2sequelize,
// run the parity harness on it; shrink each new kind of failure to a small fixture candidate.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { parseServerUrl } = require('../parity-harness/server');
const { generateHistory, writeHistory, verifyHistory, parseFamilies, FAMILIES } = require('./generate');
const { shrinkHistory, splitUnits, unitFamily } = require('./shrink');

const root = path.resolve(__dirname, '../..');
const harnessMain = path.join(root, 'scripts/parity-harness/main.js');

const USAGE = `usage: scripts/random-parity --seeds A..B [options]

For each seed: scripts/random-history, prisma2sequelize convert, scripts/parity (one PostgreSQL 15
cluster for the whole campaign). A failure is shrunk by delta debugging (migrations, then
statements) to the smallest history that still fails the same way, written as a fixture candidate.

options:
  --seeds A..B|A,B,C   seeds to run (required)
  --migrations N       migrations per history (default 15)
  --statements K       average statements per migration (default 5)
  --families A,B / --exclude A,B / --weight FAMILY=X   as scripts/random-history
  --keep DIR           keep every history, conversion and parity output in DIR
  --findings DIR       where shrunk failures go (default: DIR/findings with --keep, else
                       ./random-findings)
  --no-shrink          report failures without shrinking them
  --shrink-seconds S   time limit of one shrink (default 180)
  --max-shrinks N      shrink at most N failures (default 10); one per kind of failure
  --skip-cli           leave out the sequelize-cli step of the parity run
  --converter PATH     default build/prisma2sequelize
  --server URL         PostgreSQL server (scripts/random-parity starts one when not given)

families: ${FAMILIES.join(', ')}
exit status: 0 when every history passed, 1 when one failed, 2 when the campaign itself failed.
`;

function parseSeeds(s) {
  const m = /^(\d+)\.\.(\d+)$/.exec(s);
  if (m) {
    const out = [];
    for (let i = Number(m[1]); i <= Number(m[2]); i++) out.push(i);
    return out;
  }
  return s.split(',').map((x) => {
    if (!/^\d+$/.test(x)) throw new Error(`bad seed ${x}`);
    return Number(x);
  });
}

function parseArgs(argv) {
  const o = { weights: [], migrations: 15, statements: 5, shrink: true, shrinkSeconds: 180, maxShrinks: 10,
    converter: path.join(root, 'build/prisma2sequelize') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '-h' || a === '--help') o.help = true;
    else if (a === '--seeds') o.seeds = parseSeeds(val());
    else if (a === '--migrations') o.migrations = Number(val());
    else if (a === '--statements') o.statements = Number(val());
    else if (a === '--families') o.families = val();
    else if (a === '--exclude') o.exclude = val();
    else if (a === '--weight') o.weights.push(val());
    else if (a === '--keep') o.keep = path.resolve(val());
    else if (a === '--findings') o.findings = path.resolve(val());
    else if (a === '--no-shrink') o.shrink = false;
    else if (a === '--shrink-seconds') o.shrinkSeconds = Number(val());
    else if (a === '--max-shrinks') o.maxShrinks = Number(val());
    else if (a === '--skip-cli') o.skipCli = true;
    else if (a === '--converter') o.converter = path.resolve(val());
    else if (a === '--server') o.server = val();
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

// Converts and runs the harness; returns { ok, first, output, stopped } (first: first mismatch).
function runParity(o, prismaDir, work, { skipCli }) {
  const out = path.join(work, 'sequelize');
  const json = path.join(work, 'parity.json');
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(json, { force: true });
  // A converter that hangs must not stall the campaign: it is a failure of its own kind.
  const conv = spawnSync(o.converter, ['convert', prismaDir, '--out', out, '-q'], { encoding: 'utf8', timeout: 120000 });
  if (conv.error && conv.error.code === 'ETIMEDOUT') {
    return { ok: false, output: 'convert did not finish within 120 s', first: { phase: 'convert', what: 'timeout',
      line: 'convert did not finish within 120 s' } };
  }
  if (conv.status !== 0 && !fs.existsSync(out)) {
    const text = `${conv.stdout}${conv.stderr}`.trim();
    return { ok: false, output: text, first: { phase: 'convert', what: text.split('\n')[0].replace(/^.*?: /, ''),
      line: `convert exited with ${conv.status}: ${text.split('\n')[0]}` } };
  }
  const args = [harnessMain, prismaDir, out, '--server', o.server, '--json', json, '--no-progress', '--max-diffs', '5'];
  if (skipCli) args.push('--skip-cli');
  const p = spawnSync('node', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const output = `${p.stdout}${p.stderr}`;
  if (!fs.existsSync(json)) {
    return { ok: false, output, first: { phase: 'harness', what: 'harness error', line: output.trim().split('\n').pop() } };
  }
  const report = JSON.parse(fs.readFileSync(json, 'utf8'));
  const c = report.comparisons.find((x) => x.status === 'mismatched');
  if (report.stoppedAt && !c) {
    return { ok: false, output, stopped: true,
      first: { phase: 'generator', what: report.stoppedAt.error, line: `PostgreSQL rejected ${report.stoppedAt.migration}: ${report.stoppedAt.error}` } };
  }
  if (!c) {
    if (report.error) return { ok: false, output, first: { phase: 'harness', what: report.error, line: report.error } };
    return { ok: true, output };
  }
  if (c.error) {
    const what = c.error.replace(/ \(at character \d+\)/g, '');
    return { ok: false, output, first: { phase: c.phase, migration: c.migration, what, keys: [what],
      line: `MISMATCH ${c.migration || ''} [${c.phase}]: ${c.error}` } };
  }
  const d = c.differences[0];
  const one = (s) => s.replace(/\s+/g, ' ').slice(0, 200);
  return { ok: false, output, first: { phase: c.phase, migration: c.migration, what: d.key, keys: c.differences.map((x) => x.key),
    detail: `${one(d.expected)} != ${one(d.actual)}`,
    line: `MISMATCH ${c.migration || ''} [${c.phase}] ${d.key}: ${one(d.expected)} != ${one(d.actual)}` } };
}

// The same failure: same phase, and the first differing object (or error) is among the new ones.
function sameFailure(a, b) {
  return !b.ok && b.first.phase === a.first.phase && (b.first.keys || [b.first.what]).includes(a.first.what);
}

// A failure's kind, for grouping: phase and first key with names and numbers taken out.
function kindOf(first) {
  const text = `${first.what}${first.detail ? `: ${first.detail}` : ''}`;
  return `${first.phase}: ${text.replace(/"(?:[^"]|"")*"/g, '"…"').replace(/\d+/g, 'N').slice(0, 160)}`;
}

function familiesOf(files, migration) {
  const f = files.find((x) => x.name === migration) || files[files.length - 1];
  return [...new Set(splitUnits(f.text).units.map(unitFamily))].sort().join('+');
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
    if (o.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!o.seeds || !o.seeds.length || !o.server) throw new Error('--seeds is required');
    if (!fs.existsSync(o.converter)) throw new Error(`converter not found at ${o.converter} (run scripts/build)`);
  } catch (err) {
    process.stderr.write(`random-parity: ${err.message}\n${USAGE}`);
    return 2;
  }
  const server = parseServerUrl(o.server);
  const { enabled, weights } = parseFamilies(o);
  const base = o.keep || fs.mkdtempSync(path.join(os.tmpdir(), 'random-parity.'));
  const findings = o.findings || (o.keep ? path.join(o.keep, 'findings') : path.resolve('random-findings'));
  const started = Date.now();
  const totals = { histories: 0, migrations: 0, statements: 0, failures: 0 };
  const failures = [];
  const shrunkKinds = new Map();
  const say = (s) => process.stdout.write(`${s}\n`);
  try {
    for (const seed of o.seeds) {
      const work = path.join(base, `seed-${seed}`);
      const prismaDir = path.join(work, 'migrations');
      fs.mkdirSync(work, { recursive: true });
      const t0 = Date.now();
      const h = await generateHistory({ server, seed, migrations: o.migrations, statements: o.statements, enabled, weights,
        out: prismaDir });
      totals.histories++;
      totals.migrations += h.files.length;
      totals.statements += h.statements;
      const r = runParity(o, prismaDir, work, { skipCli: o.skipCli });
      fs.writeFileSync(path.join(work, 'parity.txt'), r.output);
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (r.ok) {
        say(`seed ${seed}: ok (${h.files.length} migrations, ${h.statements} statements, ${secs}s)`);
        if (!o.keep) fs.rmSync(work, { recursive: true, force: true });
        continue;
      }
      totals.failures++;
      const kind = kindOf(r.first);
      const failure = { seed, kind, first: r.first.line, family: familiesOf(h.files, r.first.migration), shrunk: null };
      failures.push(failure);
      say(`seed ${seed}: FAILED (${secs}s) ${r.first.line}`);
      if (o.shrink && r.first.phase !== 'generator' && !shrunkKinds.has(kind) && shrunkKinds.size < o.maxShrinks) {
        const s = await shrink(o, seed, work, h.files, r, findings, server);
        shrunkKinds.set(kind, s);
        Object.assign(failure, { family: s.family, shrunk: s.dir, first: s.first, statements: s.statements });
        say(`  shrunk to ${s.migrations} migrations, ${s.statements} statement units in ${s.tests} parity runs (${s.seconds}s): ${s.dir}`);
        say(`  ${s.first}`);
      } else if (shrunkKinds.has(kind)) {
        failure.family = shrunkKinds.get(kind).family;
        failure.sameAs = shrunkKinds.get(kind).dir;
      }
    }
  } finally {
    if (!o.keep) fs.rmSync(base, { recursive: true, force: true });
  }
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  say('');
  say(`random-parity: ${totals.histories} histories, ${totals.migrations} migrations, ${totals.statements} statements: ` +
    `${totals.histories - totals.failures} passed, ${totals.failures} failed (${secs}s)`);
  const byFamily = new Map();
  for (const f of failures) byFamily.set(f.family, [...(byFamily.get(f.family) || []), f]);
  for (const [fam, list] of [...byFamily].sort()) {
    say(`  ${fam}: ${list.length} (seeds ${list.map((f) => f.seed).join(', ')})`);
    for (const f of list.filter((x) => x.shrunk)) say(`    ${f.shrunk}\n      ${f.first}`);
  }
  if (failures.length) {
    fs.mkdirSync(findings, { recursive: true });
    fs.writeFileSync(path.join(findings, `summary-${process.pid}.json`), `${JSON.stringify({ totals, failures }, null, 2)}\n`);
  }
  return failures.length ? 1 : 0;
}

async function shrink(o, seed, work, files, original, findings, server) {
  const t0 = Date.now();
  const skipCli = !original.first.phase.startsWith('cli');
  const scratch = path.join(work, 'shrink');
  let tests = 0;
  const fails = async (candidate) => {
    if ((Date.now() - t0) / 1000 > o.shrinkSeconds) return false;
    const dir = path.join(scratch, 'migrations');
    writeHistory(dir, candidate);
    // A candidate PostgreSQL itself rejects cannot fail the same way: a quick check spares a parity run.
    if (await verifyHistory(server, dir)) return false;
    tests++;
    return sameFailure(original, runParity(o, dir, scratch, { skipCli }));
  };
  const at = files.findIndex((f) => f.name === original.first.migration);
  const best = await shrinkHistory(files, fails, ['up', 'down', 're-up'].includes(original.first.phase) ? at : -1);
  const final = best.length ? best : files;
  const family = familiesOf(final, original.first.migration);
  const dir = path.join(findings, `random-seed${seed}-${family.replace(/\+/g, '-')}`);
  writeHistory(path.join(dir, 'migrations'), final);
  const r = runParity(o, path.join(dir, 'migrations'), scratch, { skipCli: false });
  fs.writeFileSync(path.join(dir, 'parity-output.txt'), r.output);
  fs.rmSync(scratch, { recursive: true, force: true });
  const units = final.reduce((s, f) => s + splitUnits(f.text).units.length, 0);
  return { dir, family, first: r.ok ? `(passes when run alone) ${original.first.line}` : r.first.line,
    migrations: final.length, statements: units, tests, seconds: ((Date.now() - t0) / 1000).toFixed(0) };
}

main().then((rc) => process.exit(rc), (err) => {
  process.stderr.write(`random-parity: error: ${err.stack || err.message}\n`);
  process.exit(2);
});
