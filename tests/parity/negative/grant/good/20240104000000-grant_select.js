'use strict';
// Hand-written, correct translation of negative/grant/prisma/20240104000000_grant_select/migration.sql
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(`GRANT SELECT ON "User" TO PUBLIC`, { transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(`REVOKE SELECT ON "User" FROM PUBLIC`, { transaction });
    });
  },
};
