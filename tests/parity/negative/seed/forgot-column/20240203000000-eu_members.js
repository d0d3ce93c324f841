'use strict';
// Wrong on purpose: down() forgets to drop the column up() added. The migration is "lossy", so the
// data after down() is not compared, but the schema is: the harness must still fail here.
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
    // INSERT INTO "Country", UPDATE "Country": not undone (lossy).
  },
};
