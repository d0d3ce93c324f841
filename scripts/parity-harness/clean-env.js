// The user's environment must not steer any connection or result. node-postgres reads PG* variables
// (PGPORT, PGHOST, PGUSER, PGPASSWORD, PGOPTIONS, PGSSLMODE, PGBINARY, PGCLIENT_ENCODING, ...) at
// every connect for whatever the config leaves out, and sequelize-cli may read DATABASE_URL; the
// locale changes messages and sorting in child processes. Required first by main.js and cutover.js,
// it clears them from this process (so from every child) and sets the locale to C.UTF-8.
// scripts/lib/pg-cluster.sh does the same for the shell side.
'use strict';

const DROPPED = /^(PG.*|DATABASE_URL|LC_.*|LANGUAGE)$/;

// A copy of env without the variables above, with LANG and LC_ALL set to C.UTF-8.
function cleanEnv(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    if (!DROPPED.test(key)) out[key] = value;
  }
  out.LANG = 'C.UTF-8';
  out.LC_ALL = 'C.UTF-8';
  return out;
}

function scrubProcessEnv() {
  for (const key of Object.keys(process.env)) {
    if (DROPPED.test(key)) delete process.env[key];
  }
  process.env.LANG = 'C.UTF-8';
  process.env.LC_ALL = 'C.UTF-8';
}

scrubProcessEnv();

module.exports = { cleanEnv };
