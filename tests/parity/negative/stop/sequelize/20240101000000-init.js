'use strict';
// Hand-written translation of stop/prisma/20240101000000_init/migration.sql
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.createTable('Item', {
        id: { type: Sequelize.INTEGER, allowNull: false, primaryKey: true },
        name: { type: 'TEXT', allowNull: false },
      }, { transaction });
      await queryInterface.sequelize.query(`COMMENT ON TABLE "Item" IS 'things'`, { transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.dropTable('Item', { transaction });
    });
  },
};
