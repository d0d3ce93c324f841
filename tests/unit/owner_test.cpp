// ALTER ... OWNER TO: the model keeps each object's owner, a down() gives it back, and an object a
// down() creates again gets its owner again. Expected statements are PostgreSQL's semantics written
// out by hand; the parity fixture `alter-owner` checks the same against a real server, owners
// compared.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support.h"

namespace p2s {
namespace {

using test::down_of;
using test::Pipeline;

TEST(AlterOwner, DownGivesTheOwnerBefore) {
  Pipeline p;
  p.run(R"(CREATE TABLE "t" ("a" INTEGER); CREATE VIEW "v" AS SELECT "a" FROM "t")");
  EXPECT_EQ(down_of(p, R"(ALTER TABLE "t" OWNER TO pg_monitor)"),
            (std::vector<std::string>{R"(ALTER TABLE "t" OWNER TO CURRENT_USER)"}));
  EXPECT_EQ(down_of(p, R"(ALTER TABLE "t" OWNER TO "pg_read_all_stats")"),
            (std::vector<std::string>{R"(ALTER TABLE "t" OWNER TO "pg_monitor")"}));
  // ALTER TABLE may name a view.
  EXPECT_EQ(down_of(p, R"(ALTER TABLE "v" OWNER TO SESSION_USER)"),
            (std::vector<std::string>{R"(ALTER VIEW "public"."v" OWNER TO CURRENT_USER)"}));
  EXPECT_EQ(p.run(R"(ALTER VIEW "v" OWNER TO pg_monitor)").back().reversibility, Reversibility::kExact);
}

TEST(AlterOwner, FunctionsTypesAndSchemas) {
  Pipeline p;
  p.run(R"(CREATE SCHEMA "s"; CREATE TYPE "e" AS ENUM ('x'); CREATE FUNCTION "s"."f"(integer) RETURNS integer
           LANGUAGE sql AS 'SELECT 1')");
  EXPECT_EQ(down_of(p, R"(ALTER FUNCTION "s"."f" OWNER TO pg_monitor)"),
            (std::vector<std::string>{R"(ALTER ROUTINE "s"."f"(int) OWNER TO CURRENT_USER)"}));
  EXPECT_EQ(down_of(p, R"(ALTER TYPE "e" OWNER TO pg_monitor)"),
            (std::vector<std::string>{R"(ALTER TYPE "e" OWNER TO CURRENT_USER)"}));
  EXPECT_EQ(down_of(p, R"(ALTER SCHEMA "s" OWNER TO pg_monitor)"),
            (std::vector<std::string>{R"(ALTER SCHEMA "s" OWNER TO CURRENT_USER)"}));
  // initdb gives public to pg_database_owner.
  EXPECT_EQ(down_of(p, R"(ALTER SCHEMA "public" OWNER TO pg_monitor)"),
            (std::vector<std::string>{R"(ALTER SCHEMA "public" OWNER TO "pg_database_owner")"}));
}

TEST(AlterOwner, DroppedObjectsComeBackWithTheirOwner) {
  Pipeline p;
  p.run(R"(CREATE TABLE "t" ("id" SERIAL, "a" INTEGER); ALTER TABLE "t" OWNER TO pg_monitor;
           CREATE TYPE "e" AS ENUM ('x'); ALTER TYPE "e" OWNER TO pg_monitor)");
  const std::vector<std::string> table = down_of(p, R"(DROP TABLE "t")");
  ASSERT_GE(table.size(), 2u);
  EXPECT_EQ(table[1], R"(ALTER TABLE "t" OWNER TO "pg_monitor")");  // right after its CREATE
  const std::vector<std::string> type = down_of(p, R"(DROP TYPE "e")");
  EXPECT_EQ(type, (std::vector<std::string>{R"(CREATE TYPE "e" AS ENUM ('x'))",
                                            R"(ALTER TYPE "e" OWNER TO "pg_monitor")"}));
}

TEST(AlterOwner, TheNewOwnersPrivilegesAreGivenBackAfterIt) {
  Pipeline p;
  p.run(R"(CREATE TABLE "t" ("a" INTEGER); GRANT SELECT, DELETE ON "t" TO pg_monitor)");
  EXPECT_EQ(down_of(p, R"(ALTER TABLE "t" OWNER TO pg_monitor)"),
            (std::vector<std::string>{R"(ALTER TABLE "t" OWNER TO CURRENT_USER)",
                                      R"(GRANT DELETE, SELECT ON TABLE "t" TO "pg_monitor")"}));
  // The owner's own entry is not kept: giving the object to another owner grants nothing back.
  EXPECT_EQ(down_of(p, R"(ALTER TABLE "t" OWNER TO pg_read_all_stats)"),
            (std::vector<std::string>{R"(ALTER TABLE "t" OWNER TO "pg_monitor")"}));
}

TEST(AlterOwner, AGrantToTheOwnerIsNotAnEntry) {
  Pipeline p;
  p.run(R"(CREATE TABLE "t" ("a" INTEGER); ALTER TABLE "t" OWNER TO pg_monitor;
           GRANT ALL ON "t" TO pg_monitor, PUBLIC)");
  // Had the grant been kept as pg_monitor's entry, the owner change would give it back.
  EXPECT_EQ(down_of(p, R"(ALTER TABLE "t" OWNER TO CURRENT_USER)"),
            (std::vector<std::string>{R"(ALTER TABLE "t" OWNER TO "pg_monitor")"}));
}

TEST(AlterOwner, ObjectsTheModelKeepsNoOwnerOfAreIrreversible) {
  Pipeline p;
  p.run(R"(CREATE DOMAIN "d" AS integer)");
  const std::vector<Step> steps = p.run(R"(ALTER DOMAIN "d" OWNER TO pg_monitor)");
  EXPECT_EQ(steps.back().reversibility, Reversibility::kIrreversible);
  const std::vector<Step> fn = p.run(R"(ALTER FUNCTION "uuid_generate_v4"() OWNER TO pg_monitor)");
  EXPECT_EQ(fn.back().reversibility, Reversibility::kIrreversible);
  EXPECT_NE(fn.back().note.find("not modelled"), std::string::npos) << fn.back().note;
}

}  // namespace
}  // namespace p2s
