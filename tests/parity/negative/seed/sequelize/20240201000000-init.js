'use strict';
// Hand-written, correct translation of seed/prisma/20240201000000_init/migration.sql
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.createTable('Country', {
        code: { type: 'CHAR(2)', allowNull: false, primaryKey: true },
        name: { type: 'TEXT', allowNull: false },
      }, { transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.dropTable('Country', { transaction });
    });
  },
};
