'use strict';
// Hand-written, correct translation of seed/prisma/20240203000000_eu_members/migration.sql
// (down() drops the column, but leaves the inserted row: the report says "lossy").
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.addColumn('Country', 'euMember', {
        type: 'BOOLEAN', allowNull: false, defaultValue: Sequelize.literal('false'),
      }, { transaction });
      await queryInterface.sequelize.query(`INSERT INTO "Country" ("code", "name") VALUES ('NO', 'Norway')`, { transaction });
      await queryInterface.sequelize.query(`UPDATE "Country" SET "euMember" = true WHERE "code" IN ('DE', 'FR')`, { transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      // INSERT INTO "Country", UPDATE "Country": not undone (lossy).
      await queryInterface.removeColumn('Country', 'euMember', { transaction });
    });
  },
};
