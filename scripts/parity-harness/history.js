// Pairs the Prisma migration folders with the generated Sequelize files (via conversion-report.json)
// and checks that sequelize-cli will run those files in the same order as Prisma runs the folders.
'use strict';
const fs = require('fs');
const path = require('path');

const DOWN_KINDS = ['exact', 'lossy', 'irreversible'];
// The pattern sequelize-cli (umzug 2) uses to pick migration files.
const CLI_PATTERN = /^(?!.*\.d\.ts$).*\.(cjs|js|cts|ts)$/;

function byteOrder(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

// Folders holding a migration.sql, in byte-wise order, like `prisma migrate deploy`.
function listPrismaMigrations(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort(byteOrder)
    .map((name) => ({ name, sqlPath: path.join(dir, name, 'migration.sql') }));
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
function pairHistory(prismaDir, seqDir) {
  const prisma = listPrismaMigrations(prismaDir);
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

module.exports = { pairHistory, listPrismaMigrations };
