// Step 3 in shards, on databases of their own, so on several cores: shard s cycles migrations
// [b_s, b_s+1) after applying the ups of [0, b_s) without comparisons. What it says is held back
// (DeferredReport) and said once the shards before it are done, so the output keeps one order.
//
// A shard's results count only if it started from the state the shard before it ended in, as an
// exact cycle's results count only if re-up gives the state after up(): schema, column order and
// data compared as after up(). What the snapshot leaves out (where the sequences stand, the physical
// order of the rows) may differ: the shard starts from the ups applied once, as the Prisma side
// does and as the replay after a lossy cycle (sequelize-side.js) does, whereas the shard before may
// carry what earlier exact cycles moved. When the states differ (or the shard failed to start), it
// is dropped, and the shard before it goes on through its migrations, as a run without shards would.
'use strict';
const os = require('os');
const { SequelizeSide } = require('./sequelize-side');
const { DeferredReport } = require('./report');
const { diffSnapshots } = require('./diff');

// Fewer migrations than this per shard: not worth a database and the ups before it.
const MIN_PER_SHARD = 50;

// By default as many shards as cores, at most 2 (the Prisma side and sequelize-cli run beside them).
function defaultShards(count) {
  return Math.max(1, Math.min(2, os.cpus().length, Math.floor(count / MIN_PER_SHARD)));
}

// [b_0 = 0, b_1, ..., b_S = count]. A later migration runs on a larger schema, so its snapshots cost
// more: migration i weighs 1 + i/count, and each shard gets about the same weight.
function shardBounds(count, shards) {
  const bounds = [0];
  const total = count + (count - 1) / 2;
  let weight = 0;
  for (let i = 0; i < count && bounds.length < shards; i++) {
    weight += 1 + i / count;
    if (weight >= (total * bounds.length) / shards) bounds.push(i + 1);
  }
  bounds.push(count);
  return bounds;
}

// The cycles of [from, to) on side. Resolves to { goOn } or { error }.
function cycles(side, from, to) {
  return side.steps(from, to).then((goOn) => ({ goOn }), (error) => ({ error }));
}

// Starts a shard: side.outcome as cycles(); side.begun once it stands at `from`.
function startShard(side, from, to) {
  side.outcome = (async () => {
    try {
      await side.begin(from);
      side.startSnapshot = side.last;
    } catch (error) {
      return { error };
    }
    side.begun = true;
    return cycles(side, from, to);
  })();
}

// Does `next` start from the state `current` ended in, after `index` migrations?
function sameState(current, next, prisma, index) {
  if (!next.begun) return false;
  const mode = { order: true, data: true, countOnly: prisma.countOnly[index] };
  return diffSnapshots(current.last, next.startSnapshot, mode).length === 0;
}

async function runSequelizeSide({ server, dbs, pairs, prisma, report, lockTimeoutMs, shards }) {
  const count = pairs.length;
  const bounds = shardBounds(count, shards || defaultShards(count));
  const kinds = bounds.slice(1).map((_, s) => (s ? `sequelize_${s}` : 'sequelize'));
  const databases = await Promise.all(kinds.map((kind) => dbs.create(kind)));
  const sides = kinds.map((kind, s) => new SequelizeSide({
    server, database: databases[s], dbs, pairs, prisma, lockTimeoutMs, kind, report: s ? new DeferredReport(report) : report,
  }));
  try {
    sides.forEach((side, s) => startShard(side, bounds[s], bounds[s + 1]));
    let current = sides[0];
    let outcome = await current.outcome;
    for (let s = 1; s < sides.length && !outcome.error; s++) {
      const next = sides[s];
      if (!outcome.goOn) {
        next.abandoned = true;
        continue;
      }
      const nextOutcome = await next.outcome;
      if (!nextOutcome.error && sameState(current, next, prisma, bounds[s])) {
        next.report.flushInto(report);
        next.report = report;
        next.replays += current.replays;
        await current.close();
        current = next;
        outcome = nextOutcome;
      } else {
        // Dropped: the shard before goes on, as a run without shards would.
        const why = nextOutcome.error ? `failed: ${nextOutcome.error.message}` : 'did not start from the state the one before ended in';
        if (report.progress) report.print(`sequelize: shard ${s + 1} of ${sides.length} ${why}; run again after shard ${s}`);
        outcome = await cycles(current, bounds[s], bounds[s + 1]);
      }
    }
    if (outcome.error) throw outcome.error;
    await current.finish();
  } finally {
    for (const side of sides) side.abandoned = true;
    await Promise.all(sides.map((side) => side.outcome.then(() => side.close())));
  }
}

module.exports = { runSequelizeSide, shardBounds };
