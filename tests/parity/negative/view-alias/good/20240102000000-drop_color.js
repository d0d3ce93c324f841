'use strict';
// Hand-written, correct translation of negative/view-alias/prisma/20240102000000_drop_color/migration.sql:
// down() re-adds the column last and recreates the view with the merged column under its USING name.
// PostgreSQL then prints the view's alias list in the new column order, c(id, weight, color).
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query('ALTER TABLE "Crate" DROP COLUMN "color" CASCADE', { transaction });
    });
  },
  async down(queryInterface) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(`
        ALTER TABLE "Crate" ADD COLUMN "color" TEXT;
        ALTER TABLE "Crate" RENAME COLUMN "crateId" TO "id";
        CREATE VIEW "CrateLids" AS SELECT id, c.color, c.weight, l.shape FROM "Crate" c JOIN "Lid" l USING (id);
        ALTER TABLE "Crate" RENAME COLUMN "id" TO "crateId"`, { transaction });
    });
  },
};
