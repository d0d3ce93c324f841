// Applies the Prisma history the way `prisma migrate deploy` does: each migration.sql sent as one
// multi-statement script (simple query protocol, no wrapping transaction), folders in order.
'use strict';
const fs = require('fs');
const { connect } = require('./server');
const { takeSnapshot } = require('./snapshot');

function describePgError(err) {
  const where = err.position ? ` (at character ${err.position})` : '';
  return `${err.code ? `${err.code} ` : ''}${err.message}${where}`;
}

// Returns { snapshots: [S0, S1, ..., Sk], failure: null | { index, name, error } },
// where S0 is the fresh database and Si the state after migration i.
async function applyPrismaHistory(server, database, migrations, onMigration) {
  const client = await connect(server, database);
  try {
    const snapshots = [await takeSnapshot(client)];
    for (let i = 0; i < migrations.length; i++) {
      const m = migrations[i];
      try {
        // No parameters: node-postgres then uses the simple query protocol, like Prisma.
        await client.query(fs.readFileSync(m.sqlPath, 'utf8'));
      } catch (err) {
        return { snapshots, failure: { index: i, name: m.name, error: describePgError(err) } };
      }
      snapshots.push(await takeSnapshot(client));
      if (onMigration) onMigration(i);
    }
    return { snapshots, failure: null };
  } finally {
    await client.end();
  }
}

module.exports = { applyPrismaHistory, describePgError };
