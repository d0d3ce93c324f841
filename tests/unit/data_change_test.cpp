// A data change that down() undoes by dropping what the migration made: an UPDATE of columns the
// migration added, or a write to a table it created, is exact; a write that reaches further (a
// trigger, a cascading foreign key, a column that was there before) stays lossy. Expected verdicts
// are written by hand; the parity fixture `data-writes-undone-by-drop` checks the same data against
// a real server (and a false "exact" there is a data mismatch after down()).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support.h"

namespace p2s {
namespace {

using test::Pipeline;

const char* const kSetup = R"(
CREATE TABLE "A" ("id" INTEGER PRIMARY KEY, "x" TEXT);
CREATE TABLE "Log" ("n" INTEGER);)";

// Each step's reversibility and note, in order.
std::vector<std::pair<Reversibility, std::string>> verdicts(const std::vector<Step>& steps) {
  std::vector<std::pair<Reversibility, std::string>> out;
  for (const Step& s : steps) out.emplace_back(s.reversibility, s.note);
  return out;
}

const std::string kAdded = "it writes only columns this migration added, which down() drops";
const std::string kCreated = "the rows go with the table this migration created, which down() drops";
const std::string kLost = "UPDATE changes data, which down() cannot restore";

TEST(DataChange, AnUpdateOfAddedColumnsIsUndoneByTheirDrop) {
  Pipeline p;
  p.run(kSetup);
  const auto v = verdicts(p.run(R"(
ALTER TABLE "A" ADD COLUMN "y" TEXT, ADD COLUMN "z" INTEGER;
UPDATE "A" SET "y" = "x", "z" = 1;
UPDATE "A" SET "y" = "x", "x" = NULL;)"));
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[1], std::make_pair(Reversibility::kExact, kAdded));
  EXPECT_EQ(v[2], std::make_pair(Reversibility::kLossy, kLost));  // "x" was there before
}

TEST(DataChange, AnAddColumnIfNotExistsOfAColumnThereAddsNothing) {
  Pipeline p;
  p.run(kSetup);
  const auto v = verdicts(p.run(R"(
ALTER TABLE "A" ADD COLUMN IF NOT EXISTS "x" TEXT;
UPDATE "A" SET "x" = 'a';)"));
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1], std::make_pair(Reversibility::kLossy, kLost));
}

TEST(DataChange, ColumnsAddedInAnEarlierMigrationAreNotDroppedByThisOne) {
  Pipeline p;
  p.run(kSetup);
  p.run(R"(ALTER TABLE "A" ADD COLUMN "y" TEXT;)");
  const auto v = verdicts(p.run(R"(UPDATE "A" SET "y" = 'a';)"));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], std::make_pair(Reversibility::kLossy, kLost));
}

TEST(DataChange, WritesToATableCreatedHereGoWithIt) {
  Pipeline p;
  p.run(kSetup);
  const auto v = verdicts(p.run(R"(
CREATE TABLE "B" ("id" INTEGER PRIMARY KEY, "v" TEXT);
INSERT INTO "B" VALUES (1, 'a'), (2, 'b');
UPDATE "B" SET "v" = upper("v");
DELETE FROM "B" WHERE "id" = 2;
CREATE TABLE IF NOT EXISTS "A" ("id" INTEGER);
DELETE FROM "A";)"));
  ASSERT_EQ(v.size(), 6u);
  EXPECT_EQ(v[1], std::make_pair(Reversibility::kExact, kCreated));
  EXPECT_EQ(v[2], std::make_pair(Reversibility::kExact, kCreated));
  EXPECT_EQ(v[3], std::make_pair(Reversibility::kExact, kCreated));
  // CREATE TABLE IF NOT EXISTS of a table that is there creates nothing.
  EXPECT_EQ(v[5], std::make_pair(Reversibility::kLossy,
                                 std::string("DELETE changes data, which down() cannot restore")));
}

TEST(DataChange, ATriggerOnTheTableKeepsTheWriteLossy) {
  Pipeline p;
  p.run(kSetup);
  p.run(R"(
CREATE FUNCTION "log"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "Log" VALUES (1); RETURN NEW; END $$;
CREATE TRIGGER "A_log" AFTER UPDATE ON "A" FOR EACH ROW EXECUTE FUNCTION "log"();)");
  const auto v = verdicts(p.run(R"(
ALTER TABLE "A" ADD COLUMN "y" TEXT;
UPDATE "A" SET "y" = 'a';)"));
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1], std::make_pair(Reversibility::kLossy, kLost));
}

TEST(DataChange, OnlyATriggerOnTheWritesEventCounts) {
  Pipeline p;
  p.run(kSetup);
  const auto v = verdicts(p.run(R"(
CREATE TABLE "B" ("id" INTEGER PRIMARY KEY, "v" TEXT);
CREATE FUNCTION "log"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "Log" VALUES (1); RETURN NEW; END $$;
CREATE TRIGGER "B_log" BEFORE UPDATE OR DELETE ON "B" FOR EACH ROW EXECUTE FUNCTION "log"();
INSERT INTO "B" VALUES (1, 'a');
UPDATE "B" SET "v" = 'b';)"));
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[3], std::make_pair(Reversibility::kExact, kCreated));
  EXPECT_EQ(v[4], std::make_pair(Reversibility::kLossy, kLost));
}

TEST(DataChange, ACascadingForeignKeyKeepsTheWriteLossy) {
  Pipeline p;
  p.run(kSetup);
  const auto v = verdicts(p.run(R"(
CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "name" TEXT);
ALTER TABLE "A" ADD COLUMN "t" INTEGER REFERENCES "T" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
UPDATE "T" SET "name" = 'n';
UPDATE "T" SET "id" = 2;
DELETE FROM "T";)"));
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[2], std::make_pair(Reversibility::kExact, kCreated));  // no key column is set
  EXPECT_EQ(v[3], std::make_pair(Reversibility::kLossy, kLost));
  EXPECT_EQ(v[4], std::make_pair(Reversibility::kLossy,
                                 std::string("DELETE changes data, which down() cannot restore")));
}

}  // namespace
}  // namespace p2s
