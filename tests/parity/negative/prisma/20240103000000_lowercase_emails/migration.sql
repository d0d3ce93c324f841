-- AlterTable
ALTER TABLE "User" ADD COLUMN "name" TEXT;

-- Data migration: not reversible, the original spelling is gone
UPDATE "User" SET "email" = lower("email");
