// Delta debugging (Zeller's ddmin) over a random history: first over whole migrations, then over the
// statement units inside the migrations that are left (units are delimited by `-- random:` markers,
// generate.js). A candidate is kept when it still fails "the same way" (campaign.js decides).
'use strict';

// Splits a migration.sql into { head, units: [text], tail }.
function splitUnits(text) {
  const lines = text.split('\n');
  let head = [];
  let tail = [];
  const units = [];
  let cur = null;
  let inTail = false;
  for (const line of lines) {
    if (inTail) tail.push(line);
    else if (line === '-- random-end') {
      inTail = true;
      tail.push(line);
    } else if (line.startsWith('-- random: ')) {
      cur = [line];
      units.push(cur);
    } else if (cur) cur.push(line);
    else head.push(line);
  }
  return { head: head.join('\n'), units: units.map((u) => u.join('\n')), tail: tail.join('\n') };
}

function joinUnits({ head, tail }, units) {
  return [head, ...units, ...(tail ? [tail] : [])].join('\n');
}

function unitFamily(unitText) {
  return /^-- random: (\S+)/.exec(unitText)[1];
}

// test(items) -> true when the history made of `items` still fails the same way.
async function ddmin(items, test) {
  let n = 2;
  while (items.length >= 2) {
    const size = Math.ceil(items.length / n);
    const chunks = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    let next = null;
    for (const c of chunks) {
      if (await test(c)) {
        next = c;
        n = 2;
        break;
      }
    }
    if (!next && chunks.length > 2) {
      for (const c of chunks) {
        const rest = items.filter((x) => !c.includes(x));
        if (await test(rest)) {
          next = rest;
          n = Math.max(n - 1, 2);
          break;
        }
      }
    }
    if (next) {
      items = next;
      continue;
    }
    if (n >= items.length) break;
    n = Math.min(items.length, n * 2);
  }
  if (items.length === 1 && (await test([]))) return [];
  return items;
}

// files: [{ name, text }]; fails(files) -> boolean. Returns the smallest history found.
// lastNeeded: index of the migration that failed, when later ones cannot matter (up/down/re-up).
async function shrinkHistory(files, fails, lastNeeded = -1) {
  const memo = new Map();
  const cached = async (candidate) => {
    const key = candidate.map((f) => `${f.name}\u0000${f.text}`).join('\u0001');
    if (!memo.has(key)) memo.set(key, candidate.length > 0 && (await fails(candidate)));
    return memo.get(key);
  };
  // 0. the migrations after the failing one, at once
  if (lastNeeded >= 0 && lastNeeded + 1 < files.length && (await cached(files.slice(0, lastNeeded + 1)))) {
    files = files.slice(0, lastNeeded + 1);
  }
  // 0b. the migrations before the failing one squashed into one file: fewer migrations make every
  // later parity run faster (files with their own BEGIN or with CONCURRENTLY stay as they are).
  if (files.length > 2) {
    const before = files.slice(0, -1);
    const plainFile = (f) => { const p = splitUnits(f.text); return !p.tail && !/BEGIN;|CONCURRENTLY/.test(p.head) && !/ CONCURRENTLY /.test(f.text); };
    if (before.every(plainFile)) {
      const units = before.flatMap((f) => splitUnits(f.text).units.map((u) => u.replace(/\n*$/, '\n')));
      const squashed = [{ name: before[0].name, text: `${splitUnits(before[0].text).head}\n${units.join('\n')}` }, files[files.length - 1]];
      if (await cached(squashed)) files = squashed;
    }
  }
  // 1. whole migrations
  let kept = (await ddmin(files.map((_, i) => i), (idx) => cached(idx.map((i) => files[i])))).map((i) => files[i]);
  // 2. statement units of the migrations left
  const parts = kept.map((f) => splitUnits(f.text));
  const items = [];
  parts.forEach((p, fi) => p.units.forEach((_, ui) => items.push([fi, ui])));
  const build = (chosen) => {
    const out = [];
    parts.forEach((p, fi) => {
      const units = chosen.filter(([f]) => f === fi).map(([, ui]) => p.units[ui]);
      if (units.length) out.push({ name: kept[fi].name, text: `${joinUnits(p, units).replace(/\n*$/, '')}\n` });
    });
    return out;
  };
  const best = await ddmin(items, (chosen) => cached(build(chosen)));
  kept = build(best);
  return kept;
}

module.exports = { shrinkHistory, splitUnits, unitFamily, ddmin };
