'use strict';
// Hand-written, correct translation of seed/prisma/20240202000000_seed_countries/migration.sql
// (down() cannot tell the seeded rows from rows added later: it leaves them, the report says "lossy").
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(`INSERT INTO "Country" ("code", "name") VALUES
    ('DE', 'Germany'),
    ('FR', 'France'),
    ('CH', 'Switzerland')`, { transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    // INSERT INTO "Country": the rows are left in place (lossy).
  },
};
