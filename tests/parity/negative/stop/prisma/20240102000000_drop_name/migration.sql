-- AlterTable
ALTER TABLE "Item" DROP COLUMN "name";
