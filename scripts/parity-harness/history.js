// Pairs the Prisma migration folders with the generated Sequelize files (via conversion-report.json)
// and checks that sequelize-cli will run those files in the same order as Prisma runs the folders
// (under --order bytes|locale when the two rules disagree).
'use strict';
const fs = require('fs');
const path = require('path');

const DOWN_KINDS = ['exact', 'lossy', 'irreversible'];
// The pattern sequelize-cli (umzug 2) uses to pick migration files.
const CLI_PATTERN = /^(?!.*\.d\.ts$).*\.(cjs|js|cts|ts)$/;

function byteOrder(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

// The two rules Prisma has sorted folders by (README, "Migration order"): bytes, as the Rust
// engine of Prisma 6.5 and older did, and `a.localeCompare(b)`, as Prisma 6.6 and newer do in
// TypeScript. Names localeCompare finds equal keep byte order, as prisma2sequelize does.
const ORDERS = {
  bytes: byteOrder,
  locale: (a, b) => a.localeCompare(b) || byteOrder(a, b),
};

function folderNames(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name);
}

// null when both rules order `names` alike, else the first pair they disagree on.
function orderDifference(names) {
  const bytes = [...names].sort(ORDERS.bytes);
  const locale = [...names].sort(ORDERS.locale);
  const at = bytes.findIndex((n, i) => n !== locale[i]);
  return at < 0 ? null : { bytesFirst: bytes[at], localeFirst: locale[at] };
}

function describeDifference(d) {
  return `"${d.bytesFirst}" runs before "${d.localeFirst}" by bytes (Prisma 6.5 and older), after it by localeCompare (Prisma 6.6 and newer)`;
}

// Folders holding a migration.sql, in the order `prisma migrate deploy` runs them under `order`
// ('bytes' or 'locale'). Without one, a history the two rules order differently is an error.
function listPrismaMigrations(dir, order) {
  const names = folderNames(dir);
  if (!order) {
    const d = orderDifference(names);
    if (d) throw new Error(`${dir}: the order of the migrations depends on the Prisma version: ${describeDifference(d)}; pass --order bytes or --order locale`);
    order = 'bytes';
  }
  if (!ORDERS[order]) throw new Error(`unknown order ${JSON.stringify(order)} (bytes or locale)`);
  return names.sort(ORDERS[order]).map((name) => ({ name, sqlPath: path.join(dir, name, 'migration.sql') }));
}

function readReport(seqDir) {
  const file = path.join(seqDir, 'conversion-report.json');
  if (!fs.existsSync(file)) return null;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!report || !Array.isArray(report.migrations)) {
    throw new Error(`${file}: no "migrations" array`);
  }
  return report.migrations;
}

// Returns { pairs: [{ name, sqlPath, file, jsPath, down }], problems: [string] }.
function pairHistory(prismaDir, seqDir, order) {
  const prisma = listPrismaMigrations(prismaDir, order);
  const files = fs.readdirSync(seqDir).filter((f) => CLI_PATTERN.test(f) && fs.statSync(path.join(seqDir, f)).isFile());
  const report = readReport(seqDir);
  const problems = [];
  let pairs;
  if (report) {
    const byName = new Map(report.map((m) => [m.prisma, m]));
    pairs = prisma.map((p) => {
      const entry = byName.get(p.name);
      if (!entry) {
        problems.push(`conversion-report.json has no entry for ${p.name}`);
        return { ...p, file: null, down: 'exact' };
      }
      let down = entry.down || 'exact';
      if (!DOWN_KINDS.includes(down)) {
        problems.push(`conversion-report.json: ${p.name}: unknown "down" value ${JSON.stringify(down)}`);
        down = 'exact';
      }
      return { ...p, file: entry.file, down };
    });
  } else {
    const sorted = [...files].sort(byteOrder);
    if (sorted.length !== prisma.length) {
      problems.push(`${prisma.length} Prisma migrations != ${sorted.length} Sequelize migration files (no conversion-report.json to pair them)`);
    }
    pairs = prisma.map((p, i) => ({ ...p, file: sorted[i] || null, down: 'exact' }));
  }
  for (const p of pairs) {
    if (p.file && !files.includes(p.file)) problems.push(`${p.name}: ${p.file} is not in ${seqDir}`);
    p.jsPath = p.file ? path.resolve(seqDir, p.file) : null;
  }
  const wanted = new Set(pairs.map((p) => p.file));
  for (const f of files) {
    if (!wanted.has(f)) problems.push(`${f} belongs to no Prisma migration, but sequelize-cli would run it`);
  }
  // sequelize-cli runs files sorted by name (JavaScript string order).
  const cliOrder = pairs.map((p) => p.file).filter(Boolean).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ours = pairs.map((p) => p.file).filter(Boolean);
  const at = ours.findIndex((f, i) => f !== cliOrder[i]);
  if (at >= 0) {
    problems.push(`sequelize-cli would run ${cliOrder[at]} where Prisma runs ${pairs.find((p) => p.file === ours[at]).name} (file names sort differently from the folders)`);
  }
  return { pairs, problems };
}

module.exports = { pairHistory, listPrismaMigrations, orderDifference, describeDifference, ORDERS };
