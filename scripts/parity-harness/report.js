// Counts comparisons, prints mismatches as they happen, progress lines, the summary and the --json report.
'use strict';
const fs = require('fs');
const { formatDifference } = require('./diff');

function statusOf(result) {
  if (result.skipped) return 'skipped';
  return result.error || (result.differences && result.differences.length) ? 'mismatched' : 'matched';
}

class Report {
  constructor({ maxDiffs, progress, out = process.stdout }) {
    this.maxDiffs = maxDiffs;
    this.progress = progress;
    this.out = out;
    this.comparisons = [];
    this.reportedKeys = new Set();
    this.notes = [];
    this.started = Date.now();
    this.stoppedAt = null; // { migration, error } when PostgreSQL itself failed a Prisma migration
    this.migrationCount = 0;
  }

  print(line) {
    if (!this.silent) this.out.write(`${line}\n`);
  }

  // what: { migration, phase, against } ; result: { differences } | { error } | { skipped: reason }
  record(what, result) {
    const c = { migration: what.migration || null, phase: what.phase, ...result, status: statusOf(result) };
    this.comparisons.push(c);
    const where = `${c.migration ? `${c.migration} ` : ''}[${c.phase}]`;
    if (c.status === 'skipped') {
      this.print(`skipped: ${where}: ${result.skipped}`);
    } else if (c.status === 'mismatched') {
      if (result.error) this.print(`MISMATCH ${where}: ${result.error}`);
      this.printDifferences(where, what.against, result.differences || []);
    }
    return c.status;
  }

  // An early mistake shows up again in every later comparison: differences on objects already
  // reported are counted, and printed only when there is nothing new, so new ones stand out.
  printDifferences(where, against, diffs) {
    if (!diffs.length) return;
    const fresh = diffs.filter((d) => !this.reportedKeys.has(d.key));
    const carried = diffs.length - fresh.length;
    const shown = fresh.length ? fresh.slice(0, this.maxDiffs) : diffs.slice(0, 1);
    const s = diffs.length === 1 ? '' : 's';
    const seen = carried ? ` (${carried} on objects reported above)` : '';
    this.print(`MISMATCH ${where} (${against}), ${diffs.length} difference${s}${seen}:`);
    for (const d of shown) this.print(`  ${formatDifference(d)}`);
    const hidden = fresh.length - shown.length;
    if (fresh.length && hidden > 0) this.print(`  ... and ${hidden} more`);
    for (const d of diffs) this.reportedKeys.add(d.key);
  }

  // Runs fn now. A DeferredReport runs it when its turn comes, so that the output keeps one order.
  inTurn(fn) {
    fn();
  }

  note(migration, text) {
    this.notes.push({ migration, text });
    this.print(`note: ${migration ? `${migration}: ` : ''}${text}`);
  }

  progressLine(index, total, name, statuses, seconds) {
    if (!this.progress) return;
    const parts = Object.entries(statuses).map(([phase, s]) => `${phase} ${s === 'matched' ? 'ok' : s}`);
    this.print(`[${index + 1}/${total}] ${name}: ${parts.join(', ')} (${seconds.toFixed(2)}s)`);
  }

  counts() {
    const n = { matched: 0, mismatched: 0, skipped: 0 };
    for (const c of this.comparisons) n[c.status]++;
    return n;
  }

  ok() {
    return this.counts().mismatched === 0 && this.comparisons.length > 0;
  }

  seconds() {
    return (Date.now() - this.started) / 1000;
  }

  summaryLine() {
    const n = this.counts();
    const stopped = this.stoppedAt ? ` (PostgreSQL stopped at ${this.stoppedAt.migration})` : '';
    return `parity: ${this.migrationCount} migrations${stopped}, ${this.comparisons.length} comparisons: ` +
      `${n.matched} matched, ${n.mismatched} mismatched, ${n.skipped} skipped (${this.seconds().toFixed(1)}s)`;
  }

  writeJson(file, extra) {
    const report = {
      ok: this.ok(),
      ...extra,
      stoppedAt: this.stoppedAt,
      counts: { migrations: this.migrationCount, comparisons: this.comparisons.length, ...this.counts() },
      seconds: Number(this.seconds().toFixed(3)),
      comparisons: this.comparisons,
      notes: this.notes,
    };
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  }
}

// What a shard of step 3 (shards.js) has to say, held back until the shards before it have said
// theirs: flushInto(report) then says it there, in the order it came.
class DeferredReport {
  constructor(report) {
    this.progress = report.progress;
    this.calls = [];
  }

  record(what, result) {
    this.calls.push((r) => r.record(what, result));
    return statusOf(result);
  }

  note(migration, text) {
    this.calls.push((r) => r.note(migration, text));
  }

  print(line) {
    this.calls.push((r) => r.print(line));
  }

  progressLine(...args) {
    this.calls.push((r) => r.progressLine(...args));
  }

  inTurn(fn) {
    this.calls.push(fn);
  }

  flushInto(report) {
    for (const call of this.calls.splice(0)) call(report);
  }
}

module.exports = { Report, DeferredReport };
