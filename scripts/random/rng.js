// Seeded pseudo-random numbers (mulberry32): the same seed gives the same history, byte for byte.
'use strict';

class Rng {
  constructor(seed) {
    this.state = (Number(seed) * 2654435761) >>> 0 ^ 0x9e3779b9;
  }

  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n) {
    return Math.floor(this.next() * n);
  }

  chance(p) {
    return this.next() < p;
  }

  pick(items) {
    return items.length ? items[this.int(items.length)] : undefined;
  }

  // Up to k distinct items, in their original order.
  some(items, k) {
    const chosen = new Set();
    const want = Math.min(k, items.length);
    while (chosen.size < want) chosen.add(this.int(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }

  // entries: [[value, weight], ...]
  weighted(entries) {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of entries) {
      if ((x -= w) < 0) return v;
    }
    return entries[entries.length - 1][0];
  }
}

module.exports = { Rng };
