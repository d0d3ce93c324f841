'use strict';
// Hand-written translation of stop/prisma/20240103000000_broken_index/migration.sql:
// the same statement, so it fails where PostgreSQL failed the Prisma migration.
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(`CREATE INDEX "Item_sku_idx" ON "Item"("sku")`, { transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(`DROP INDEX "Item_sku_idx"`, { transaction });
    });
  },
};
