-- AlterTable
ALTER TABLE "Country" ADD COLUMN "euMember" BOOLEAN NOT NULL DEFAULT false;

-- Hand-written: more reference data, and the new column filled in
INSERT INTO "Country" ("code", "name") VALUES ('NO', 'Norway');
UPDATE "Country" SET "euMember" = true WHERE "code" IN ('DE', 'FR');
