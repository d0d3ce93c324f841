'use strict';
// Hand-written, correct translation of negative/view-alias/prisma/20240101000000_init/migration.sql
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(`
        CREATE TABLE "Crate" ("id" INTEGER NOT NULL, "color" TEXT, "weight" TEXT, CONSTRAINT "Crate_pkey" PRIMARY KEY ("id"));
        CREATE TABLE "Lid" ("id" INTEGER NOT NULL, "shape" TEXT, CONSTRAINT "Lid_pkey" PRIMARY KEY ("id"));
        INSERT INTO "Crate" ("id", "color", "weight") VALUES (1, 'red', 'light');
        INSERT INTO "Lid" ("id", "shape") VALUES (1, 'round');
        CREATE VIEW "CrateLids" AS SELECT "id", c."color", c."weight", l."shape" FROM "Crate" c JOIN "Lid" l USING ("id");
        ALTER TABLE "Crate" RENAME COLUMN "id" TO "crateId"`, { transaction });
    });
  },
  async down(queryInterface) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query('DROP VIEW "CrateLids"; DROP TABLE "Lid"; DROP TABLE "Crate"', { transaction });
    });
  },
};
