'use strict';
// Hand-written, correct translation of seed/prisma/20240204000000_eu_index/migration.sql
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.addIndex('Country', ['euMember'], { name: 'Country_euMember_idx', transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.removeIndex('Country', 'Country_euMember_idx', { transaction });
    });
  },
};
