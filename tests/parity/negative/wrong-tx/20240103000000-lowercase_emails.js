'use strict';
// Hand-written, DELIBERATELY WRONG translation (the UPDATE forgets { transaction } and waits on the
// transaction's own lock) of negative/prisma/20240103000000_lowercase_emails/migration.sql
// (down() cannot bring back the original spelling of the e-mails: the report says "lossy").
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.addColumn('User', 'name', { type: 'TEXT' }, { transaction });
      await queryInterface.sequelize.query(`UPDATE "User" SET "email" = lower("email")`);
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.removeColumn('User', 'name', { transaction });
    });
  },
};
