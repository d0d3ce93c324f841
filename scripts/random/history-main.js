// scripts/random-history: writes one random Prisma history for a seed (see generate.js).
'use strict';
const { parseServerUrl } = require('../parity-harness/server');
const { generateHistory, verifyHistory, parseFamilies, FAMILIES } = require('./generate');

const USAGE = `usage: scripts/random-history --seed S --migrations N --out DIR [options]

Writes a random Prisma PostgreSQL history (numbered folders with migration.sql and a
migration_lock.toml). Every statement is tried on a scratch PostgreSQL 15 first, so the history
applies the way prisma migrate deploy applies it. Same seed and options, same bytes.

options:
  --statements K       average statements per migration (default 5)
  --families A,B       draw only from these families (tables is always on)
  --exclude A,B        never draw from these families
  --weight FAMILY=X    multiply a family's weight (repeatable; 0 turns it off)
  --verify             apply the written history Prisma's way on a fresh database and check it
  --server URL         scratch server (default: a throwaway cluster started by the script)

families: ${FAMILIES.join(', ')}
`;

function parseArgs(argv) {
  const o = { weights: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '-h' || a === '--help') o.help = true;
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--migrations') o.migrations = Number(val());
    else if (a === '--statements') o.statements = Number(val());
    else if (a === '--out') o.out = val();
    else if (a === '--families') o.families = val();
    else if (a === '--exclude') o.exclude = val();
    else if (a === '--weight') o.weights.push(val());
    else if (a === '--server') o.server = val();
    else if (a === '--verify') o.verify = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
    if (o.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!Number.isInteger(o.seed) || !Number.isInteger(o.migrations) || o.migrations < 1 || !o.out || !o.server) {
      throw new Error('--seed, --migrations and --out are required');
    }
  } catch (err) {
    process.stderr.write(`random-history: ${err.message}\n${USAGE}`);
    return 2;
  }
  const server = parseServerUrl(o.server);
  const { enabled, weights } = parseFamilies(o);
  const h = await generateHistory({ server, seed: o.seed, migrations: o.migrations, statements: o.statements || 5,
    enabled, weights, out: o.out });
  process.stdout.write(`random-history: seed ${o.seed}: ${h.files.length} migrations, ${h.statements} statements -> ${o.out}\n`);
  if (o.verify) {
    const bad = await verifyHistory(server, o.out);
    if (bad) {
      process.stdout.write(`random-history: VERIFY FAILED at ${bad.name}: ${bad.error}\n`);
      return 1;
    }
    process.stdout.write('random-history: verified: every migration applies Prisma\'s way\n');
  }
  return 0;
}

main().then((rc) => process.exit(rc), (err) => {
  process.stderr.write(`random-history: error: ${err.stack || err.message}\n`);
  process.exit(2);
});
