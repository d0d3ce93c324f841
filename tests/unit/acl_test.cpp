// GRANT / REVOKE: the model's ACLs follow PostgreSQL's rules (aclchk.c), and a down() gives each
// object the privileges it had before. Expected statements are PostgreSQL's semantics written out by
// hand; the parity fixture `grant-revoke-privileges` checks the same against a real server.
#include "model/acl.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support.h"

namespace p2s {
namespace {

using test::down_of;
using test::Pipeline;

bool has(const std::vector<std::string>& sqls, const std::string& sql) {
  return std::find(sqls.begin(), sqls.end(), sql) != sqls.end();
}

TEST(Acl, ChangeRevokesWhatWasAddedAndGrantsWhatWasTaken) {
  const Acl from{{"PUBLIC", {{"SELECT", false}}}, {"pg_monitor", {{"UPDATE", true}, {"SELECT", false}}}};
  const Acl to{{"PUBLIC", {{"SELECT", false}, {"INSERT", false}}}, {"pg_monitor", {{"UPDATE", false}}}};
  EXPECT_EQ(sql_acl_change("TABLE \"t\"", "", from, to),
            (std::vector<std::string>{"GRANT INSERT ON TABLE \"t\" TO PUBLIC",
                                      "REVOKE SELECT ON TABLE \"t\" FROM \"pg_monitor\"",
                                      "REVOKE GRANT OPTION FOR UPDATE ON TABLE \"t\" FROM \"pg_monitor\""}));
  EXPECT_EQ(
      sql_acl_change("TABLE \"t\"", "c", {}, Acl{{"pg_monitor", {{"SELECT", true}}}}),
      (std::vector<std::string>{"GRANT SELECT (\"c\") ON TABLE \"t\" TO \"pg_monitor\" WITH GRANT OPTION"}));
  EXPECT_TRUE(sql_acl_change("TABLE \"t\"", "", from, from).empty());
}

TEST(Acl, PrivilegesOfAnotherKindAreIgnored) {
  std::optional<Acl> acl;
  acl_grant(acl, AclKind::kSequence, "PUBLIC", "INSERT", false);  // PostgreSQL warns and ignores it
  EXPECT_TRUE(effective_acl(acl, AclKind::kSequence).empty());
  acl_revoke(acl, AclKind::kFunction, "PUBLIC", "EXECUTE", false);
  EXPECT_EQ(effective_acl(std::nullopt, AclKind::kFunction), (Acl{{"PUBLIC", {{"EXECUTE", false}}}}));
}

TEST(PlanGrant, DownRevokesOnlyWhatTheGrantAdded) {
  Pipeline p;
  p.run(R"(CREATE TABLE "t" ("a" INTEGER); GRANT SELECT ON "t" TO PUBLIC)");
  EXPECT_EQ(down_of(p, R"(GRANT SELECT, INSERT ON "t" TO PUBLIC)"),
            (std::vector<std::string>{"REVOKE INSERT ON TABLE \"t\" FROM PUBLIC"}));
}

TEST(PlanGrant, RevokeOnTheTableTakesTheColumnPrivilegeToo) {
  Pipeline p;
  p.run(
      R"(CREATE TABLE "t" ("a" INTEGER, "b" INTEGER); GRANT SELECT ("a"), UPDATE ("b") ON "t" TO pg_monitor)");
  EXPECT_EQ(down_of(p, R"(REVOKE SELECT ON "t" FROM pg_monitor)"),
            (std::vector<std::string>{"GRANT SELECT (\"a\") ON TABLE \"t\" TO \"pg_monitor\""}));
}

TEST(PlanGrant, FunctionsAreExecutableByPublicUntilRevoked) {
  Pipeline p;
  p.run(R"(CREATE FUNCTION "f"(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x')");
  EXPECT_EQ(down_of(p, R"(REVOKE EXECUTE ON FUNCTION "f"(integer) FROM PUBLIC)"),
            (std::vector<std::string>{"GRANT EXECUTE ON ROUTINE \"public\".\"f\"(int) TO PUBLIC"}));
  // Granted back (by the name alone): undone by revoking it again.
  EXPECT_EQ(down_of(p, R"(GRANT EXECUTE ON FUNCTION "f" TO PUBLIC)"),
            (std::vector<std::string>{"REVOKE EXECUTE ON ROUTINE \"public\".\"f\"(int) FROM PUBLIC"}));
  // Granted on a function PUBLIC could always execute: nothing to undo.
  p.run(R"(CREATE FUNCTION "g"() RETURNS integer LANGUAGE sql AS 'SELECT 1')");
  for (const std::string& sql : down_of(p, R"(GRANT EXECUTE ON FUNCTION "g"() TO PUBLIC)"))
    ADD_FAILURE() << sql;
}

TEST(PlanGrant, AllTablesInSchemaNamesEachRelationOfIt) {
  Pipeline p;
  p.run(R"(CREATE SCHEMA "s"; CREATE TABLE "s"."a" ("x" INTEGER); CREATE TABLE "b" ("x" INTEGER);
           CREATE VIEW "s"."v" AS SELECT 1 AS "one")");
  EXPECT_EQ(down_of(p, R"(GRANT SELECT ON ALL TABLES IN SCHEMA "s" TO pg_monitor)"),
            (std::vector<std::string>{"REVOKE SELECT ON TABLE \"s\".\"a\" FROM \"pg_monitor\"",
                                      "REVOKE SELECT ON TABLE \"s\".\"v\" FROM \"pg_monitor\""}));
}

TEST(PlanGrant, DroppedTableComesBackWithItsPrivileges) {
  Pipeline p;
  p.run(R"(CREATE TABLE "t" ("a" INTEGER); GRANT SELECT ON "t" TO PUBLIC;
           GRANT UPDATE ("a") ON "t" TO pg_monitor WITH GRANT OPTION)");
  const std::vector<std::string> down = down_of(p, R"(DROP TABLE "t")");
  EXPECT_TRUE(has(down, "GRANT SELECT ON TABLE \"t\" TO PUBLIC"));
  EXPECT_TRUE(has(down, "GRANT UPDATE (\"a\") ON TABLE \"t\" TO \"pg_monitor\" WITH GRANT OPTION"));
}

TEST(PlanGrant, UnmodelledObjectIsIrreversible) {
  Pipeline p;
  p.run(R"(CREATE DOMAIN "d" AS integer)");
  const std::vector<Step> steps = p.run(R"(GRANT USAGE ON DOMAIN "d" TO pg_monitor)");
  EXPECT_EQ(steps.back().reversibility, Reversibility::kIrreversible);
}

// A role named as grantee may own the object (GRANT ALL ON "t" TO postgres, as pg_dump writes it):
// the down asks the catalog, and undoes for an owner what the statement did to one.
TEST(PlanGrant, NamedRoleMayBeTheOwner) {
  Pipeline p;
  p.run(R"(CREATE TABLE "t" ("a" INTEGER))");
  std::vector<std::string> down = down_of(p, R"(REVOKE DELETE ON "t" FROM app)");
  EXPECT_EQ(
      down,
      (std::vector<std::string>{
          "DO $p2s$ BEGIN IF (SELECT relowner FROM pg_class WHERE oid = '\"t\"'::regclass) = "
          "'app'::regrole THEN GRANT DELETE ON TABLE \"t\" TO \"app\"; NULL; ELSE NULL; END IF; END $p2s$"}));
  down = down_of(p, R"(GRANT SELECT ON "t" TO app, PUBLIC)");
  EXPECT_EQ(down, (std::vector<std::string>{
                      "REVOKE SELECT ON TABLE \"t\" FROM PUBLIC",
                      "DO $p2s$ BEGIN IF (SELECT relowner FROM pg_class WHERE oid = '\"t\"'::regclass) = "
                      "'app'::regrole THEN NULL; ELSE REVOKE SELECT ON TABLE \"t\" FROM \"app\"; NULL; END "
                      "IF; END $p2s$"}));
}

}  // namespace
}  // namespace p2s
