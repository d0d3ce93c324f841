'use strict';
// Hand-written translation of stop/prisma/20240104000000_never_reached/migration.sql
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.createTable('Later', { id: { type: Sequelize.INTEGER, allowNull: false } }, { transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.dropTable('Later', { transaction });
    });
  },
};
