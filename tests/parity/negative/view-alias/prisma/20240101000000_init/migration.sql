CREATE TABLE "Crate" ("id" INTEGER NOT NULL, "color" TEXT, "weight" TEXT, CONSTRAINT "Crate_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Lid" ("id" INTEGER NOT NULL, "shape" TEXT, CONSTRAINT "Lid_pkey" PRIMARY KEY ("id"));
INSERT INTO "Crate" ("id", "color", "weight") VALUES (1, 'red', 'light');
INSERT INTO "Lid" ("id", "shape") VALUES (1, 'round');
CREATE VIEW "CrateLids" AS SELECT "id", c."color", c."weight", l."shape" FROM "Crate" c JOIN "Lid" l USING ("id");
-- PostgreSQL now prints "Crate" c(id, color, weight): the view keeps the join's name for the column.
ALTER TABLE "Crate" RENAME COLUMN "id" TO "crateId";
