// The native converter shipped in native/ (linux x64, built with libpg_query and tree-sitter linked
// in). PRISMA2SEQUELIZE_BINARY points at another build (e.g. a source checkout's build/).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

function binaryPath() {
  if (process.env.PRISMA2SEQUELIZE_BINARY) return process.env.PRISMA2SEQUELIZE_BINARY;
  const shipped = path.join(__dirname, '..', 'native', 'prisma2sequelize');
  if (!fs.existsSync(shipped)) {
    throw Object.assign(new Error(
      `no native converter at ${shipped}: this package ships one for linux x64 ` +
        `(this is ${process.platform} ${process.arch}); set PRISMA2SEQUELIZE_BINARY to a build of it`,
      ),
      { exitCode: 2 },
    );
  }
  return shipped;
}

// Runs the converter with the terminal attached; returns its exit code.
function runNative(args) {
  const r = spawnSync(binaryPath(), args, { stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.signal) return 3;
  return r.status;
}

// Runs it with output captured (for docs).
function runNativeCaptured(args) {
  const r = spawnSync(binaryPath(), args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.signal ? 3 : r.status, stdout: r.stdout, stderr: r.stderr };
}

module.exports = { binaryPath, runNative, runNativeCaptured };
