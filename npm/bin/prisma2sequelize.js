#!/usr/bin/env node
// prisma2sequelize: the command a Node project runs with npx. `convert` is the native converter;
// the other subcommands are JavaScript around it and around the parity harness.
'use strict';

const USAGE = `usage: prisma2sequelize COMMAND [options]   (COMMAND --help for its options)

commands:
  convert PRISMA_MIGRATIONS_DIR --out DIR   write one sequelize-cli migration per Prisma migration
  verify PRISMA_MIGRATIONS_DIR SEQUELIZE_DIR  prove a conversion on a throwaway PostgreSQL 15
  cutover PRISMA_DIR SEQ_DIR --database URL   baseline a live Prisma database for sequelize-cli
  init [DIR]                                .sequelizerc and config/database.js (DATABASE_URL)
  docs PRISMA_MIGRATIONS_DIR                MIGRATIONS.md: what each migration does, its
                                            dependencies and how exact its down() is

exit status: each command documents its own; 0 is success everywhere, 2 a usage error
(convert: 2 is "converted with errors" under --keep-going; its usage errors are CLI11's, >= 100).`;

async function main(argv) {
  const [command, ...args] = argv;
  switch (command) {
    case 'convert':
      return require('../lib/native').runNative(['convert', ...args]);
    case 'verify':
      return require('../lib/harness').verify(args);
    case 'cutover':
      return require('../lib/harness').cutover(args);
    case 'init':
      return require('../lib/init').init(args);
    case 'docs':
      return require('../lib/docs').docs(args);
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return 0;
    case '--version':
    case '-v':
      console.log(require('../package.json').version);
      return 0;
    default:
      console.error(command ? `prisma2sequelize: unknown command ${command}\n\n${USAGE}` : USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`prisma2sequelize: ${err.message}`);
    process.exitCode = err.exitCode || 3; // 2: this machine lacks something; 3: our bug
  },
);
