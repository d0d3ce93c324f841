'use strict';
// Hand-written, WRONG translation of negative/view-alias/prisma/20240102000000_drop_color/migration.sql:
// down() recreates the view with the alias list PostgreSQL printed before, c(id, color, weight). A
// column alias list names columns by position, and "color" is now the last column: the view's
// "color" reads "weight" and its "weight" reads "color", with the same text as before.
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
        CREATE VIEW "CrateLids" AS SELECT id, c.color, c.weight, l.shape FROM "Crate" c(id, color, weight) JOIN "Lid" l USING (id)`,
        { transaction });
    });
  },
};
