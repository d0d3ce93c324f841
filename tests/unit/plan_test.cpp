// Table-driven (SQL, expected up, expected down) rows: the planner's translation of one statement
// against the schema a setup script leaves behind. Expected text is written by hand.
#include <gtest/gtest.h>

#include "emit/emit.h"
#include "plan/plan_deferred.h"
#include "support.h"

namespace p2s::test {
namespace {

struct Row {
  const char* name;
  const char* setup;
  const char* sql;
  const char* up;
  const char* down;
  Reversibility reversibility = Reversibility::kExact;
};

const char* const kUsers =
    R"(CREATE TABLE "User" ("id" TEXT NOT NULL, "email" TEXT NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");)";

const Row kRows[] = {
    {"create_table_timestamp3_is_not_sequelize_date", "",
     R"(CREATE TABLE "User" ("id" TEXT NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT "User_pkey" PRIMARY KEY ("id")))",
     R"(await queryInterface.createTable(
  'User',
  {
    id: { type: Sequelize.TEXT, allowNull: false },
    createdAt: { type: 'timestamp(3)', allowNull: false, defaultValue: Sequelize.literal('current_timestamp') },
  },
  { transaction },
);
await queryInterface.addConstraint('User', {
  type: 'primary key',
  name: 'User_pkey',
  fields: ['id'],
  transaction,
});
)",
     "await queryInterface.dropTable('User', { transaction });\n"},
    {"add_column", kUsers, R"(ALTER TABLE "User" ADD COLUMN "age" INTEGER)",
     "await queryInterface.addColumn('User', 'age', { type: Sequelize.INTEGER }, { transaction });\n",
     "await queryInterface.removeColumn('User', 'age', { transaction });\n"},
    {"drop_column_restores_its_unique_index", kUsers, R"(ALTER TABLE "User" DROP COLUMN "email")",
     "await queryInterface.removeColumn('User', 'email', { transaction });\n",
     // One placeholder in every row would break the key: each row gets its row number.
     R"(await queryInterface.sequelize.query('ALTER TABLE "User" ADD COLUMN "email" text', { transaction });
await queryInterface.sequelize.query('UPDATE "User" AS p2s_row SET "email" = p2s_rows.p2s_n::text FROM (SELECT ctid AS p2s_id, row_number() OVER () AS p2s_n FROM "User") AS p2s_rows WHERE p2s_row.ctid = p2s_rows.p2s_id', { transaction });
await queryInterface.sequelize.query('ALTER TABLE "User" ALTER COLUMN "email" SET NOT NULL', { transaction });
await queryInterface.sequelize.query('CREATE UNIQUE INDEX "User_email_key" ON "User" USING btree (email)', { transaction });
)",
     Reversibility::kLossy},
    {"drop_column_restores_a_nulls_not_distinct_key_with_distinct_values",
     R"(CREATE TABLE "T" ("id" INTEGER, "e" TEXT, CONSTRAINT "T_e_key" UNIQUE NULLS NOT DISTINCT ("e")))",
     R"(ALTER TABLE "T" DROP COLUMN "e")", "await queryInterface.removeColumn('T', 'e', { transaction });\n",
     // NULL in every row would repeat the key: libpg_query 15 also leaves NULLS NOT DISTINCT out.
     R"(await queryInterface.sequelize.query('ALTER TABLE "T" ADD COLUMN "e" text', { transaction });
await queryInterface.sequelize.query('UPDATE "T" AS p2s_row SET "e" = p2s_rows.p2s_n::text FROM (SELECT ctid AS p2s_id, row_number() OVER () AS p2s_n FROM "T") AS p2s_rows WHERE p2s_row.ctid = p2s_rows.p2s_id', { transaction });
await queryInterface.sequelize.query('ALTER TABLE "T" ADD CONSTRAINT "T_e_key" UNIQUE NULLS NOT DISTINCT (e)', { transaction });
)",
     Reversibility::kLossy},
    {"drop_not_null_column_refills_rows_with_a_placeholder",
     R"(CREATE TABLE "T" ("id" TEXT, "n" INTEGER NOT NULL))", R"(ALTER TABLE "T" DROP COLUMN "n")",
     "await queryInterface.removeColumn('T', 'n', { transaction });\n",
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ADD COLUMN \"n\" int NOT NULL DEFAULT 0', { "
     "transaction });\n"
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ALTER COLUMN \"n\" DROP DEFAULT', { "
     "transaction });\n",
     Reversibility::kLossy},
    {"drop_not_null_enum_column_refills_rows_with_its_first_label",
     R"(CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN'); CREATE TABLE "T" ("id" TEXT, "role" "Role" NOT NULL))",
     R"(ALTER TABLE "T" DROP COLUMN "role")",
     "await queryInterface.removeColumn('T', 'role', { transaction });\n",
     "await queryInterface.sequelize.query(`ALTER TABLE \"T\" ADD COLUMN \"role\" \"Role\" NOT NULL DEFAULT "
     "'USER'`, { transaction });\n"
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ALTER COLUMN \"role\" DROP DEFAULT', { "
     "transaction });\n",
     Reversibility::kLossy},
    {"alter_type_down_restores_type_and_default", kUsers,
     R"(ALTER TABLE "User" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3) USING "createdAt" AT TIME ZONE 'UTC')",
     "await queryInterface.sequelize.query(`ALTER TABLE \"User\" ALTER COLUMN \"createdAt\" SET DATA TYPE "
     "TIMESTAMPTZ(3) USING \"createdAt\" AT TIME ZONE 'UTC'`, { transaction });\n",
     "await queryInterface.sequelize.query('ALTER TABLE \"User\" ALTER COLUMN \"createdAt\" DROP DEFAULT', { "
     "transaction });\n"
     "await queryInterface.sequelize.query(`ALTER TABLE \"User\" ALTER COLUMN \"createdAt\" TYPE "
     "timestamp(3) USING (\"createdAt\" AT TIME ZONE 'UTC')::timestamp(3)`, { transaction });\n"
     "await queryInterface.sequelize.query('ALTER TABLE \"User\" ALTER COLUMN \"createdAt\" SET DEFAULT "
     "current_timestamp', { transaction });\n"},
    // A cast that rounds (8.25 becomes 8) has a lossy down(); one that widens keeps every value.
    {"alter_type_that_rounds_is_lossy", R"(CREATE TABLE "T" ("n" DECIMAL(10,2)))",
     R"(ALTER TABLE "T" ALTER COLUMN "n" SET DATA TYPE INTEGER)",
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ALTER COLUMN \"n\" SET DATA TYPE INTEGER', { "
     "transaction });\n",
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ALTER COLUMN \"n\" TYPE numeric(10, 2) USING "
     "\"n\"::numeric(10, 2)', { transaction });\n",
     Reversibility::kLossy},
    {"alter_type_that_widens_is_exact", R"(CREATE TABLE "T" ("n" INTEGER))",
     R"(ALTER TABLE "T" ALTER COLUMN "n" SET DATA TYPE BIGINT)",
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ALTER COLUMN \"n\" SET DATA TYPE BIGINT', { "
     "transaction });\n",
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ALTER COLUMN \"n\" TYPE int USING "
     "\"n\"::int', { transaction });\n"},
    {"drop_not_null_under_a_unique_key_is_not_refilled", kUsers,
     R"(ALTER TABLE "User" ALTER COLUMN "email" DROP NOT NULL)",
     "await queryInterface.sequelize.query('ALTER TABLE \"User\" ALTER COLUMN \"email\" DROP NOT NULL', { "
     "transaction });\n",
     "await queryInterface.sequelize.query('ALTER TABLE \"User\" ALTER COLUMN \"email\" SET NOT NULL', { "
     "transaction });\n"},
    {"drop_not_null_refills_nulls_with_the_old_default", kUsers,
     R"(ALTER TABLE "User" ALTER COLUMN "createdAt" DROP NOT NULL)",
     "await queryInterface.sequelize.query('ALTER TABLE \"User\" ALTER COLUMN \"createdAt\" DROP NOT NULL', "
     "{ "
     "transaction });\n",
     "await queryInterface.sequelize.query('UPDATE \"User\" SET \"createdAt\" = current_timestamp WHERE "
     "\"createdAt\" IS NULL', { transaction });\n"
     "await queryInterface.sequelize.query('ALTER TABLE \"User\" ALTER COLUMN \"createdAt\" SET NOT NULL', { "
     "transaction });\n",
     Reversibility::kLossy},
    {"drop_not_null_refills_nulls_with_a_placeholder",
     R"(CREATE TABLE "T" ("id" TEXT, "n" INTEGER NOT NULL))",
     R"(ALTER TABLE "T" ALTER COLUMN "n" DROP NOT NULL)",
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ALTER COLUMN \"n\" DROP NOT NULL', { "
     "transaction });\n",
     "await queryInterface.sequelize.query('UPDATE \"T\" SET \"n\" = 0 WHERE \"n\" IS NULL', { "
     "transaction });\n"
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ALTER COLUMN \"n\" SET NOT NULL', { "
     "transaction });\n",
     Reversibility::kLossy},
    {"create_enum_is_dropped", "", R"(CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN'))",
     "await queryInterface.sequelize.query(`CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN')`, { transaction "
     "});\n",
     "await queryInterface.sequelize.query('DROP TYPE \"Role\"', { transaction });\n"},
    {"add_enum_value_rebuilds_the_type",
     R"(CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN'); CREATE TABLE "M" ("role" "Role" NOT NULL DEFAULT 'USER'))",
     R"(ALTER TYPE "Role" ADD VALUE 'OWNER')",
     "await queryInterface.sequelize.query(`ALTER TYPE \"Role\" ADD VALUE 'OWNER'`, { transaction });\n",
     "await queryInterface.sequelize.query('ALTER TYPE \"Role\" RENAME TO \"Role_p2s_old\"', { transaction "
     "});\n"
     "await queryInterface.sequelize.query(`CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN')`, { transaction "
     "});\n"
     "await queryInterface.sequelize.query('ALTER TABLE \"M\" ALTER COLUMN \"role\" DROP DEFAULT', { "
     "transaction });\n"
     // A row set to the new value since gets the column's default label: the rebuild must not fail on it.
     "await queryInterface.sequelize.query(`ALTER TABLE \"M\" ALTER COLUMN \"role\" TYPE \"Role\" USING "
     "CASE WHEN \"role\"::text = 'OWNER' THEN 'USER' ELSE \"role\"::text::\"Role\" END`, { transaction });\n"
     "await queryInterface.sequelize.query(`ALTER TABLE \"M\" ALTER COLUMN \"role\" SET DEFAULT 'USER'`, { "
     "transaction });\n"
     "await queryInterface.sequelize.query('DROP TYPE \"Role_p2s_old\"', { transaction });\n"},
    {"drop_policy_recreates_it_over_renamed_columns",
     R"(CREATE TABLE "I" ("id" TEXT); CREATE POLICY "p" ON "I" USING ("id" IS NOT NULL); ALTER TABLE "I" RENAME COLUMN "id" TO "id50")",
     R"(DROP POLICY "p" ON "I")",
     "await queryInterface.sequelize.query('DROP POLICY \"p\" ON \"I\"', { transaction });\n",
     "await queryInterface.sequelize.query('CREATE POLICY p ON \"I\" TO public USING (id50 IS NOT NULL)', { "
     "transaction });\n"},
    {"drop_index_recreates_it", kUsers, R"(DROP INDEX "User_email_key")",
     "await queryInterface.removeIndex('User', 'User_email_key', { transaction });\n",
     "await queryInterface.sequelize.query('CREATE UNIQUE INDEX \"User_email_key\" ON \"User\" USING btree "
     "(email)', { transaction });\n"},
    {"rename_column", kUsers, R"(ALTER TABLE "User" RENAME COLUMN "email" TO "mail")",
     "await queryInterface.renameColumn('User', 'email', 'mail', { transaction });\n",
     "await queryInterface.renameColumn('User', 'mail', 'email', { transaction });\n"},
    {"drop_join_view_recreates_it_with_each_tables_renames",
     R"(CREATE TABLE "A" ("id" INTEGER, "bId" INTEGER); CREATE TABLE "B" ("id" INTEGER);
CREATE VIEW "V" AS SELECT a."bId", b."id" AS "b_id" FROM "A" a JOIN "B" b ON b."id" = a."bId";
ALTER TABLE "B" RENAME COLUMN "id" TO "id2")",
     R"(DROP VIEW "V")", "await queryInterface.sequelize.query('DROP VIEW \"V\"', { transaction });\n",
     // "A" has an "id" too: only b."id" is the renamed column (random seed 282 of all families).
     "await queryInterface.sequelize.query('CREATE VIEW \"V\" AS SELECT a.\"bId\", b.id2 AS b_id FROM "
     "\"A\" a JOIN \"B\" b ON b.id2 = a.\"bId\"', { transaction });\n"},
    {"drop_view_keeps_a_subquerys_output_name",
     R"(CREATE TABLE "T" ("id" INTEGER); CREATE VIEW "V" AS SELECT s."id" FROM (SELECT "id" FROM "T") s;
ALTER TABLE "T" RENAME COLUMN "id" TO "k")",
     R"(DROP VIEW "V")", "await queryInterface.sequelize.query('DROP VIEW \"V\"', { transaction });\n",
     "await queryInterface.sequelize.query('CREATE VIEW \"V\" AS SELECT s.id FROM (SELECT k AS id FROM "
     "\"T\") s', { transaction });\n"},
    {"drop_view_binds_lateral_references_to_the_item_before",
     R"(CREATE TABLE "A" ("id" INTEGER); CREATE TABLE "B" ("id" INTEGER, "a" INTEGER);
CREATE VIEW "V" AS SELECT x."id" FROM "A" a, LATERAL (SELECT b."id" FROM "B" b WHERE b."a" = a."id") x;
ALTER TABLE "A" RENAME COLUMN "id" TO "k")",
     R"(DROP VIEW "V")", "await queryInterface.sequelize.query('DROP VIEW \"V\"', { transaction });\n",
     "await queryInterface.sequelize.query('CREATE VIEW \"V\" AS SELECT x.id FROM \"A\" a, LATERAL (SELECT "
     "b.id "
     "FROM \"B\" b WHERE b.a = a.k) x', { transaction });\n"},
    // The merged column takes its USING name back while the view is created (no column alias list,
    // which PostgreSQL would keep as the user's); m is not merged and keeps its name.
    {"drop_view_gives_a_using_column_its_join_name_while_created",
     R"(CREATE TABLE "A" ("id" INTEGER, "n" TEXT); CREATE TABLE "B" ("id" INTEGER);
CREATE VIEW "V" AS SELECT id, "A"."n" FROM "A" JOIN "B" USING ("id");
ALTER TABLE "A" RENAME COLUMN "id" TO "k"; ALTER TABLE "A" RENAME COLUMN "n" TO "m")",
     R"(DROP VIEW "V")", "await queryInterface.sequelize.query('DROP VIEW \"V\"', { transaction });\n",
     "await queryInterface.sequelize.query('ALTER TABLE \"A\" RENAME COLUMN \"k\" TO \"id\"', { transaction "
     "});\n"
     "await queryInterface.sequelize.query('CREATE VIEW \"V\" AS SELECT id, \"A\".m AS n FROM \"A\" JOIN "
     "\"B\" "
     "USING (id)', { transaction });\n"
     "await queryInterface.sequelize.query('ALTER TABLE \"A\" RENAME COLUMN \"id\" TO \"k\"', { transaction "
     "});\n"},
    {"drop_view_writes_natural_as_using_with_the_columns_then",
     R"(CREATE TABLE "A" ("id" INTEGER, "n" TEXT); CREATE TABLE "B" ("id" INTEGER);
CREATE VIEW "V" AS SELECT id FROM "A" NATURAL JOIN "B"; ALTER TABLE "B" ADD COLUMN "n" TEXT)",
     R"(DROP VIEW "V")", "await queryInterface.sequelize.query('DROP VIEW \"V\"', { transaction });\n",
     "await queryInterface.sequelize.query('CREATE VIEW \"V\" AS SELECT id FROM \"A\" JOIN \"B\" USING "
     "(id)', { "
     "transaction });\n"},
    {"drop_view_expands_a_right_join_star_with_the_right_merged_column",
     R"(CREATE TABLE "A" ("id" INTEGER, "n" TEXT); CREATE TABLE "B" ("id" INTEGER);
CREATE VIEW "V" AS SELECT * FROM "A" RIGHT JOIN "B" USING ("id"))",
     R"(DROP VIEW "V")", "await queryInterface.sequelize.query('DROP VIEW \"V\"', { transaction });\n",
     "await queryInterface.sequelize.query('CREATE VIEW \"V\" AS SELECT \"B\".id, \"A\".n FROM \"A\" RIGHT "
     "JOIN \"B\" "
     "USING (id)', { transaction });\n"},
    {"index_after_column_rename_uses_new_name",
     R"(CREATE TABLE "T" ("a" TEXT); CREATE INDEX "T_a_idx" ON "T"("a"); ALTER TABLE "T" RENAME COLUMN "a" TO "b")",
     R"(DROP INDEX "T_a_idx")", "await queryInterface.removeIndex('T', 'T_a_idx', { transaction });\n",
     "await queryInterface.sequelize.query('CREATE INDEX \"T_a_idx\" ON \"T\" USING btree (b)', { "
     "transaction });\n"},
    {"insert_values_is_deleted_by_primary_key", kUsers,
     R"(INSERT INTO "User" ("id", "email") VALUES ('1', 'a@b.c'), ('2', 'd@e.f'))",
     "await queryInterface.sequelize.query(`INSERT INTO \"User\" (\"id\", \"email\") VALUES ('1', 'a@b.c'), "
     "('2', 'd@e.f')`, { transaction });\n",
     "await queryInterface.sequelize.query(`DELETE FROM \"User\" WHERE (\"id\") IN (('1'), ('2'))`, { "
     "transaction });\n"},
    {"insert_select_is_lossy", kUsers, R"(INSERT INTO "User" ("id", "email") SELECT 'x', 'y')",
     "await queryInterface.sequelize.query(`INSERT INTO \"User\" (\"id\", \"email\") SELECT 'x', 'y'`, { "
     "transaction });\n",
     "// Lossy: the INSERT of up() changed data; down() cannot restore it.\n", Reversibility::kLossy},
    {"insert_on_conflict_is_lossy", kUsers,
     R"(INSERT INTO "User" ("id", "email") VALUES ('1', 'a') ON CONFLICT DO NOTHING)",
     "await queryInterface.sequelize.query(`INSERT INTO \"User\" (\"id\", \"email\") VALUES ('1', 'a') ON "
     "CONFLICT DO NOTHING`, { transaction });\n",
     "// Lossy: the INSERT of up() changed data; down() cannot restore it.\n", Reversibility::kLossy},
    {"drop_table_recreates_it_with_foreign_keys_to_it",
     R"(CREATE TABLE "A" ("id" INTEGER NOT NULL, CONSTRAINT "A_pkey" PRIMARY KEY ("id")); CREATE TABLE "B" ("aId" INTEGER, CONSTRAINT "B_aId_fkey" FOREIGN KEY ("aId") REFERENCES "A"("id") ON DELETE CASCADE ON UPDATE CASCADE))",
     R"(DROP TABLE "A" CASCADE)",
     "await queryInterface.sequelize.query('DROP TABLE \"A\" CASCADE', { transaction });\n",
     R"(await queryInterface.createTable(
  'A',
  {
    id: { type: Sequelize.INTEGER, allowNull: false },
  },
  { transaction },
);
await queryInterface.addConstraint('A', {
  type: 'primary key',
  name: 'A_pkey',
  fields: ['id'],
  transaction,
});
await queryInterface.sequelize.query('UPDATE "B" AS p2s_row SET "aId" = NULL WHERE p2s_row."aId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "A" AS p2s_ref WHERE p2s_ref."id" = p2s_row."aId")', { transaction });
await queryInterface.addConstraint('B', {
  type: 'foreign key',
  name: 'B_aId_fkey',
  fields: ['aId'],
  references: { table: 'A', fields: ['id'] },
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
  transaction,
});
)",
     Reversibility::kLossy},
    {"do_block_exception_guard_runs_when_the_type_is_new", "",
     R"(DO $$ BEGIN CREATE TYPE "X" AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$)",
     "await queryInterface.sequelize.query(`DO $$ BEGIN CREATE TYPE \"X\" AS ENUM ('a'); EXCEPTION WHEN "
     "duplicate_object THEN null; END $$`, { transaction });\n",
     "await queryInterface.sequelize.query('DROP TYPE \"X\"', { transaction });\n"},
    {"do_block_exception_guard_does_nothing_when_the_type_exists", R"(CREATE TYPE "X" AS ENUM ('a'))",
     R"(DO $$ BEGIN CREATE TYPE "X" AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$)",
     "await queryInterface.sequelize.query(`DO $$ BEGIN CREATE TYPE \"X\" AS ENUM ('a'); EXCEPTION WHEN "
     "duplicate_object THEN null; END $$`, { transaction });\n",
     ""},
    {"do_block_if_not_exists_guard_is_evaluated_against_the_model", kUsers,
     R"(DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'User_email_check') THEN ALTER TABLE "User" ADD CONSTRAINT "User_email_check" CHECK ("email" <> ''); END IF; END $$)",
     "await queryInterface.sequelize.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE "
     "conname = "
     "'User_email_check') THEN ALTER TABLE \"User\" ADD CONSTRAINT \"User_email_check\" CHECK (\"email\" <> "
     "''); END "
     "IF; END $$`, { transaction });\n",
     "await queryInterface.removeConstraint('User', 'User_email_check', { transaction });\n"},
    {"do_block_guard_that_fails_changes_nothing", kUsers,
     R"(DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'email') THEN ALTER TABLE "User" ADD COLUMN "email" TEXT; END IF; END $$)",
     "await queryInterface.sequelize.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM "
     "information_schema.columns WHERE "
     "table_name = 'User' AND column_name = 'email') THEN ALTER TABLE \"User\" ADD COLUMN \"email\" TEXT; "
     "END IF; "
     "END $$`, { transaction });\n",
     ""},
    {"do_block_with_execute_of_a_constant_is_followed", "",
     R"(DO $$ BEGIN EXECUTE 'CREATE TABLE t (a int)'; END $$)",
     "await queryInterface.sequelize.query(`DO $$ BEGIN EXECUTE 'CREATE TABLE t (a int)'; END $$`, { "
     "transaction });\n",
     "await queryInterface.dropTable('t', { transaction });\n"},
    {"do_block_with_execute_of_a_variable_is_irreversible", "",
     R"(DO $$ DECLARE n text := 't'; BEGIN EXECUTE format('CREATE TABLE %I (a int)', n); END $$)",
     "await queryInterface.sequelize.query(`DO $$ DECLARE n text := 't'; BEGIN EXECUTE format('CREATE TABLE "
     "%I (a "
     "int)', n); END $$`, { transaction });\n",
     "// Irreversible: DO block with dynamic SQL (EXECUTE of a built string) is passed through as SQL but "
     "not "
     "modelled.\n",
     Reversibility::kIrreversible},
    {"comment_on_schema_public_restores_the_standard_comment", "",
     R"(COMMENT ON SCHEMA public IS 'app tables')",
     "await queryInterface.sequelize.query(`COMMENT ON SCHEMA public IS 'app tables'`, { transaction });\n",
     "await queryInterface.sequelize.query(`COMMENT ON SCHEMA \"public\" IS 'standard public schema'`, { "
     "transaction });\n"},
    {"insert_with_constant_keys_and_now_is_deleted_by_key", kUsers,
     R"(INSERT INTO "User" ("id", "email", "createdAt") VALUES ('u1', 'a@b.c', now()))",
     "await queryInterface.sequelize.query(`INSERT INTO \"User\" (\"id\", \"email\", \"createdAt\") VALUES "
     "('u1', 'a@b.c', now())`, { transaction });\n",
     "await queryInterface.sequelize.query(`DELETE FROM \"User\" WHERE (\"id\") IN (('u1'))`, { transaction "
     "});\n"},
    {"insert_with_computed_keys_is_lossy", kUsers,
     R"(INSERT INTO "User" ("id", "email", "createdAt") VALUES (gen_random_uuid()::text, lower('A@b.c'), now()))",
     "await queryInterface.sequelize.query(`INSERT INTO \"User\" (\"id\", \"email\", \"createdAt\") VALUES "
     "(gen_random_uuid()::text, lower('A@b.c'), now())`, { transaction });\n",
     "// Lossy: the INSERT of up() changed data; down() cannot restore it.\n", Reversibility::kLossy},
    {"insert_is_undone_by_a_unique_index_of_constants", kUsers,
     R"(INSERT INTO "User" ("id", "email", "createdAt") VALUES (gen_random_uuid()::text, 'a@b.c', now()))",
     "await queryInterface.sequelize.query(`INSERT INTO \"User\" (\"id\", \"email\", \"createdAt\") VALUES "
     "(gen_random_uuid()::text, 'a@b.c', now())`, { transaction });\n",
     "await queryInterface.sequelize.query(`DELETE FROM \"User\" WHERE (\"email\") IN (('a@b.c'))`, { "
     "transaction "
     "});\n"},
    {"insert_without_a_column_list_is_undone_by_primary_key", kUsers,
     R"(INSERT INTO "User" VALUES ('u1', lower('A@b.c'), now()))",
     "await queryInterface.sequelize.query(`INSERT INTO \"User\" VALUES ('u1', lower('A@b.c'), now())`, { "
     "transaction });\n",
     "await queryInterface.sequelize.query(`DELETE FROM \"User\" WHERE (\"id\") IN (('u1'))`, { transaction "
     "});\n"},
    {"do_block_with_data_only_is_lossy", kUsers,
     R"(DO $$ BEGIN UPDATE "User" SET "email" = lower("email"); END $$)",
     "await queryInterface.sequelize.query('DO $$ BEGIN UPDATE \"User\" SET \"email\" = lower(\"email\"); "
     "END $$', "
     "{ transaction });\n",
     "// Lossy: the UPDATE of up() changed data; down() cannot restore it.\n", Reversibility::kLossy},
    {"drop_constraint_restores_its_comment",
     R"(CREATE TABLE "T" ("n" INTEGER, CONSTRAINT "T_n_check" CHECK ("n" > 0));
COMMENT ON CONSTRAINT "T_n_check" ON "T" IS 'positive')",
     R"(ALTER TABLE "T" DROP CONSTRAINT "T_n_check")",
     "await queryInterface.removeConstraint('T', 'T_n_check', { transaction });\n",
     "await queryInterface.sequelize.query('ALTER TABLE \"T\" ADD CONSTRAINT \"T_n_check\" CHECK (n > 0)', { "
     "transaction });\n"
     "await queryInterface.sequelize.query(`COMMENT ON CONSTRAINT \"T_n_check\" ON \"T\" IS 'positive'`, { "
     "transaction });\n"},
    {"drop_schema_restores_its_comment", R"(CREATE SCHEMA "s"; COMMENT ON SCHEMA "s" IS 'scratch')",
     R"(DROP SCHEMA "s")", "await queryInterface.sequelize.query('DROP SCHEMA \"s\"', { transaction });\n",
     "await queryInterface.sequelize.query('CREATE SCHEMA \"s\"', { transaction });\n"
     "await queryInterface.sequelize.query(`COMMENT ON SCHEMA \"s\" IS 'scratch'`, { transaction });\n"},
    {"quote_in_name_goes_through_sql", "", R"(CREATE TABLE "we""ird" ("x" TEXT))",
     "await queryInterface.sequelize.query('CREATE TABLE \"we\"\"ird\" (\"x\" TEXT)', { transaction });\n",
     "await queryInterface.sequelize.query('DROP TABLE \"we\"\"ird\"', { transaction });\n"},
    {"create_or_replace_function_restores_previous",
     "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
     "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'",
     "await queryInterface.sequelize.query(`CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS "
     "'SELECT 2'`, { transaction });\n",
     "await queryInterface.sequelize.query(`CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS "
     "'SELECT 1'`, { transaction });\n"},
};

// libpg_query's deparser spells SQL value functions in lower case (current_timestamp); PostgreSQL
// stores the same expression either way.
void PrintTo(const Row& row, std::ostream* os) {
  *os << row.name;
}

class PlanTable : public ::testing::TestWithParam<Row> {};

TEST_P(PlanTable, UpAndDown) {
  const Row& row = GetParam();
  Pipeline p;
  if (*row.setup) p.run(row.setup);
  const std::vector<Step> steps = p.run(row.sql);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(emit_ops(steps[0].up), row.up);
  EXPECT_EQ(emit_ops(steps[0].down), row.down);
  EXPECT_EQ(steps[0].reversibility, row.reversibility) << steps[0].note;
}

// A statement that drops a constraint, then rows that may break it in the same file: the first
// step's down() makes the rows fit before adding the constraint back, and is lossy.
struct FitRow {
  const char* name;
  const char* setup;
  const char* sql;  // the dropping statement; ";" and an INSERT follow unless `later` says otherwise
  const char* down;
  const char* later = "INSERT INTO \"T\" (\"id\") VALUES (99)";
};

const char* const kFitTable =
    R"(CREATE TABLE "P" ("id" INTEGER NOT NULL, CONSTRAINT "P_pkey" PRIMARY KEY ("id"));
CREATE TABLE "T" ("id" INTEGER NOT NULL, "n" INTEGER NOT NULL, "e" TEXT, "p" INTEGER, "q" INTEGER NOT NULL,
  CONSTRAINT "T_n_check" CHECK ("n" BETWEEN 1 AND 5), CONSTRAINT "T_e_key" UNIQUE ("e"),
  CONSTRAINT "T_p_fkey" FOREIGN KEY ("p") REFERENCES "P"("id"), CONSTRAINT "T_q_fkey" FOREIGN KEY ("q") REFERENCES "P"("id"));
CREATE UNIQUE INDEX "T_q_key" ON "T"("q") WHERE "q" > 0;)";

const FitRow kFitRows[] = {
    {"check_deletes_violating_rows", kFitTable, R"(ALTER TABLE "T" DROP CONSTRAINT "T_n_check")",
     R"(await queryInterface.sequelize.query('DELETE FROM "T" WHERE NOT (n BETWEEN 1 AND 5)', { transaction });
await queryInterface.sequelize.query('ALTER TABLE "T" ADD CONSTRAINT "T_n_check" CHECK (n BETWEEN 1 AND 5)', { transaction });
)"},
    {"nullable_unique_key_nulls_repeats", kFitTable, R"(ALTER TABLE "T" DROP CONSTRAINT "T_e_key")",
     R"(await queryInterface.sequelize.query('UPDATE "T" SET "e" = NULL WHERE ctid IN (SELECT ctid FROM (SELECT ctid, row_number() OVER (PARTITION BY "e" ORDER BY ctid) AS p2s_n FROM "T" WHERE "e" IS NOT NULL) AS p2s_dup WHERE p2s_n > 1)', { transaction });
await queryInterface.addConstraint('T', {
  type: 'unique',
  name: 'T_e_key',
  fields: ['e'],
  transaction,
});
)"},
    {"partial_unique_index_deletes_repeats", kFitTable, R"(DROP INDEX "T_q_key")",
     R"(await queryInterface.sequelize.query('DELETE FROM "T" WHERE ctid IN (SELECT ctid FROM (SELECT ctid, row_number() OVER (PARTITION BY "q" ORDER BY ctid) AS p2s_n FROM "T" WHERE "q" IS NOT NULL AND (q > 0)) AS p2s_dup WHERE p2s_n > 1)', { transaction });
await queryInterface.sequelize.query('CREATE UNIQUE INDEX "T_q_key" ON "T" USING btree (q) WHERE q > 0', { transaction });
)"},
    {"nullable_foreign_key_nulls_orphans", kFitTable, R"(ALTER TABLE "T" DROP CONSTRAINT "T_p_fkey")",
     R"(await queryInterface.sequelize.query('UPDATE "T" AS p2s_row SET "p" = NULL WHERE p2s_row."p" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "P" AS p2s_ref WHERE p2s_ref."id" = p2s_row."p")', { transaction });
await queryInterface.addConstraint('T', {
  type: 'foreign key',
  name: 'T_p_fkey',
  fields: ['p'],
  references: { table: 'P', fields: ['id'] },
  transaction,
});
)"},
    {"required_foreign_key_deletes_orphans_when_the_parent_is_dropped", kFitTable,
     R"(ALTER TABLE "T" DROP CONSTRAINT "T_q_fkey")",
     R"(await queryInterface.sequelize.query('DELETE FROM "T" AS p2s_row WHERE p2s_row."q" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "P" AS p2s_ref WHERE p2s_ref."id" = p2s_row."q")', { transaction });
await queryInterface.addConstraint('T', {
  type: 'foreign key',
  name: 'T_q_fkey',
  fields: ['q'],
  references: { table: 'P', fields: ['id'] },
  transaction,
});
)",
     R"(DROP TABLE "P")"},
    {"drop_not_null_under_a_check_deletes_null_rows", kFitTable,
     R"(ALTER TABLE "T" ALTER COLUMN "n" DROP NOT NULL)",
     R"(await queryInterface.sequelize.query('DELETE FROM "T" WHERE "n" IS NULL', { transaction });
await queryInterface.sequelize.query('ALTER TABLE "T" ALTER COLUMN "n" SET NOT NULL', { transaction });
)"},
};

const char* const kCastTable = R"(CREATE TABLE "C" ("id" INTEGER NOT NULL, "v" INTEGER, "w" UUID NOT NULL))";

const FitRow kCastRows[] = {
    {"cast_back_nulls_values_that_do_not_convert", kCastTable,
     R"(ALTER TABLE "C" ALTER COLUMN "v" SET DATA TYPE TEXT)",
     R"(await queryInterface.sequelize.query('DO $p2s$ DECLARE p2s_row tid; BEGIN PERFORM count("v"::int) FROM "C"; EXCEPTION WHEN others THEN FOR p2s_row IN SELECT ctid FROM "C" ORDER BY ctid LOOP BEGIN PERFORM count("v"::int) FROM "C" WHERE ctid = p2s_row; EXCEPTION WHEN others THEN UPDATE "C" SET "v" = NULL WHERE ctid = p2s_row; END; END LOOP; END $p2s$', { transaction });
await queryInterface.sequelize.query('ALTER TABLE "C" ALTER COLUMN "v" TYPE int USING "v"::int', { transaction });
)",
     R"(UPDATE "C" SET "v" = 'x')"},
    {"cast_back_of_a_required_column_deletes_rows_that_do_not_convert", kCastTable,
     R"(ALTER TABLE "C" ALTER COLUMN "w" SET DATA TYPE TEXT)",
     R"(await queryInterface.sequelize.query('DO $p2s$ DECLARE p2s_row tid; BEGIN PERFORM count("w"::uuid) FROM "C"; EXCEPTION WHEN others THEN FOR p2s_row IN SELECT ctid FROM "C" ORDER BY ctid LOOP BEGIN PERFORM count("w"::uuid) FROM "C" WHERE ctid = p2s_row; EXCEPTION WHEN others THEN DELETE FROM "C" WHERE ctid = p2s_row; END; END LOOP; END $p2s$', { transaction });
await queryInterface.sequelize.query('ALTER TABLE "C" ALTER COLUMN "w" TYPE uuid USING "w"::uuid', { transaction });
)",
     R"(UPDATE "C" SET "w" = 'x')"},
};

void PrintTo(const FitRow& row, std::ostream* os) {
  *os << row.name;
}

class PlanFit : public ::testing::TestWithParam<FitRow> {};

TEST_P(PlanFit, DownMakesRowsFit) {
  const FitRow& row = GetParam();
  Pipeline p;
  p.run(row.setup);
  const std::vector<Step> steps = p.run(std::string(row.sql) + ";\n" + row.later);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(emit_ops(steps[0].down), row.down);
  EXPECT_EQ(steps[0].reversibility, Reversibility::kLossy) << steps[0].note;
  // Without the later statement, the down is the plain one.
  Pipeline alone;
  alone.run(row.setup);
  const std::vector<Step> clean = alone.run(row.sql);
  ASSERT_EQ(clean.size(), 1u);
  EXPECT_EQ(emit_ops(clean[0].down).find("p2s_") == std::string::npos &&
                emit_ops(clean[0].down).find("DELETE") == std::string::npos,
            true)
      << emit_ops(clean[0].down);
}

INSTANTIATE_TEST_SUITE_P(Statements, PlanFit, ::testing::ValuesIn(kFitRows),
                         [](const ::testing::TestParamInfo<FitRow>& info) {
                           return std::string(info.param.name);
                         });
INSTANTIATE_TEST_SUITE_P(Casts, PlanFit, ::testing::ValuesIn(kCastRows),
                         [](const ::testing::TestParamInfo<FitRow>& info) {
                           return std::string(info.param.name);
                         });

// Undoing every migration runs the later down()s first: what a later migration changes counts as
// if it came later in the file (rows it wrote, a column it dropped that comes back with one value).
TEST(PlanFit, LaterMigrationsCount) {
  LaterChanges rows;
  rows.rows = true;
  LaterChanges dropped;
  dropped.dropped_columns.emplace_back(QName{"", "T"}, "e");
  LaterChanges through{false, {}, {}, &dropped};  // a migration in between that changes nothing
  for (const LaterChanges* after : {&rows, &through}) {
    Pipeline p;
    p.run(kFitTable);
    p.after = after;
    const std::vector<Step> steps = p.run(R"(ALTER TABLE "T" DROP CONSTRAINT "T_e_key")");
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_NE(emit_ops(steps[0].down).find("UPDATE \"T\" SET \"e\" = NULL"), std::string::npos)
        << emit_ops(steps[0].down);
    EXPECT_EQ(steps[0].reversibility, Reversibility::kLossy);
  }
  LaterChanges other;
  other.dropped_columns.emplace_back(QName{"", "T"}, "q");
  Pipeline p;
  p.run(kFitTable);
  p.after = &other;
  const std::vector<Step> steps = p.run(R"(ALTER TABLE "T" DROP CONSTRAINT "T_e_key")");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].reversibility, Reversibility::kExact) << steps[0].note;
}

// Whether `text` holds each of `parts`, in that order.
::testing::AssertionResult contains_in_order(const std::string& text, const std::vector<std::string>& parts) {
  size_t at = 0;
  for (const std::string& part : parts) {
    const size_t found = text.find(part, at);
    if (found == std::string::npos)
      return ::testing::AssertionFailure() << "missing, in order: " << part << "\n" << text;
    at = found + part.size();
  }
  return ::testing::AssertionSuccess();
}

// A CHECK whose columns changed type is PostgreSQL's re-parse of it against each type in turn:
// down() derives it on a temporary table taken through the same types, one ALTER per statement
// (the two commands of one statement change types together), and never for a CHECK not retyped.
TEST(PlanTable, RetypedCheckIsDerivedThroughItsTypes) {
  Pipeline p;
  p.run(R"(CREATE TABLE "R" ("a" SMALLINT, "b" INTEGER, "c" TEXT,
  CONSTRAINT "R_ab" CHECK ("a" < "b"), CONSTRAINT "R_c" CHECK ("c" <> ''));
ALTER TABLE "R" ALTER COLUMN "a" SET DATA TYPE DECIMAL(12,2), ALTER COLUMN "b" SET DATA TYPE BIGINT;
ALTER TABLE "R" RENAME COLUMN "a" TO "x";
ALTER TABLE "R" ALTER COLUMN "x" SET DATA TYPE DOUBLE PRECISION)");
  const std::vector<Step> steps = p.run(R"(ALTER TABLE "R" DROP CONSTRAINT "R_ab", DROP CONSTRAINT "R_c")");
  ASSERT_EQ(steps.size(), 1u);
  const std::string down = emit_ops(steps[0].down);
  const std::vector<std::string> expected = {
      R"(CREATE TEMP TABLE "pg_temp"."p2s_retyped_check" ("x" smallint, "b" int);)",
      R"(ADD CONSTRAINT "R_ab" CHECK (x < b);)",
      R"(ALTER TABLE "pg_temp"."p2s_retyped_check" ALTER COLUMN "x" TYPE numeric(12, 2) USING NULL, ALTER COLUMN "b" TYPE bigint USING NULL;)",
      R"(ALTER TABLE "pg_temp"."p2s_retyped_check" ALTER COLUMN "x" TYPE double precision USING NULL;)",
      R"(EXECUTE 'ALTER TABLE "R" ADD CONSTRAINT "R_ab" ' || definition;)"};
  ASSERT_TRUE(contains_in_order(down, expected));
  // "c" never changed type: added back as written, and the only derivation is R_ab's.
  EXPECT_NE(down.find(R"(`ALTER TABLE "R" ADD CONSTRAINT "R_c" CHECK (c <> '')`)"), std::string::npos)
      << down;
  EXPECT_EQ(down.find("CREATE TEMP TABLE"), down.rfind("CREATE TEMP TABLE")) << down;
}

// An index with an expression or a WHERE over columns that changed type is derived the same way
// (on a temporary table taken through the types, through a rename), then created with PostgreSQL's
// text after its USING; one never retyped, and one over plain columns, come back as written.
TEST(PlanTable, RetypedExpressionIndexIsDerivedThroughItsTypes) {
  Pipeline p;
  p.run(R"(CREATE TABLE "I" ("a" VARCHAR(20), "b" SMALLINT, "c" VARCHAR(5), "d" INTEGER);
CREATE INDEX "I_a" ON "I"(lower("a")) WHERE "b" > 0;
CREATE INDEX "I_c" ON "I"(upper("c"));
CREATE INDEX "I_d" ON "I"("d");
ALTER TABLE "I" ALTER COLUMN "a" SET DATA TYPE JSONB USING to_jsonb("a"), ALTER COLUMN "d" SET DATA TYPE BIGINT;
ALTER TABLE "I" RENAME COLUMN "b" TO "x";
ALTER TABLE "I" ALTER COLUMN "x" SET DATA TYPE DECIMAL(10,2))");
  const std::vector<Step> steps = p.run(R"(DROP TABLE "I")");
  ASSERT_EQ(steps.size(), 1u);
  const std::string down = emit_ops(steps[0].down);
  const std::vector<std::string> expected = {
      R"(CREATE TEMP TABLE "pg_temp"."p2s_retyped_index" ("a" varchar(20), "x" smallint);)",
      R"(CREATE INDEX "p2s_retyped_index_idx" ON pg_temp.p2s_retyped_index USING btree (lower(a)) WHERE x > 0;)",
      R"(ALTER TABLE "pg_temp"."p2s_retyped_index" ALTER COLUMN "a" TYPE jsonb USING NULL;)",
      R"(ALTER TABLE "pg_temp"."p2s_retyped_index" ALTER COLUMN "x" TYPE numeric(10, 2) USING NULL;)",
      R"(EXECUTE 'CREATE INDEX "I_a" ON "I"' || definition;)"};
  ASSERT_TRUE(contains_in_order(down, expected));
  EXPECT_NE(down.find(R"(CREATE INDEX "I_c" ON "I" USING btree (upper(c)))"), std::string::npos) << down;
  EXPECT_EQ(down.find("CREATE TEMP TABLE"), down.rfind("CREATE TEMP TABLE")) << down;
  // The type change's down() takes such an index out while it changes the types back.
  Pipeline q;
  q.run(R"(CREATE TABLE "J" ("b" SMALLINT, "d" INTEGER);
CREATE INDEX "J_b" ON "J"("d") WHERE "b" > 0;
CREATE INDEX "J_d" ON "J"("d"))");
  const std::vector<Step> retype = q.run(R"(ALTER TABLE "J" ALTER COLUMN "b" SET DATA TYPE DECIMAL(10,2),
ALTER COLUMN "d" SET DATA TYPE BIGINT)");
  ASSERT_EQ(retype.size(), 1u);
  const std::string back = emit_ops(retype[0].down);
  const size_t drop = back.find("removeIndex('J', 'J_b'"), type = back.find("smallint"),
               create = back.find(R"(CREATE INDEX "J_b" ON "J" USING btree (d) WHERE b > 0)");
  EXPECT_TRUE(drop < type && type < create && create != std::string::npos) << back;
  EXPECT_EQ(back.find("J_d"), std::string::npos) << back;
}

// A down() that writes rows and then runs DDL in its transaction fires the deferred checks first
// (55006 otherwise), naming the deferred constraints there are at that point; nothing where none is
// deferred. `downs`: every step's down in the order the down() runs them.
struct DeferredRow {
  const char* name;
  const char* setup;
  const char* sql;
  const char* downs;
};

const char* const kDeferredTables =
    R"(CREATE SCHEMA "arc";
CREATE TABLE "P" ("id" INTEGER NOT NULL, CONSTRAINT "P_pkey" PRIMARY KEY ("id"));
CREATE TABLE "T" ("id" INTEGER NOT NULL, "p" INTEGER, "e" TEXT,
  CONSTRAINT "T_e_key" UNIQUE ("e") DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT "T_p_fkey" FOREIGN KEY ("p") REFERENCES "P"("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "arc"."S" ("id" INTEGER NOT NULL, CONSTRAINT "S_key" UNIQUE ("id") DEFERRABLE INITIALLY DEFERRED);)";

const char* const kFire =
    "// The checks of deferred constraints that the rows above queued run now: PostgreSQL refuses DDL on a "
    "table with pending trigger events.\n";

const DeferredRow kDeferredRows[] = {
    {"nothing_deferred_nothing_fired",
     R"(CREATE TABLE "P" ("id" INTEGER NOT NULL, CONSTRAINT "P_pkey" PRIMARY KEY ("id"));
CREATE TABLE "T" ("id" INTEGER NOT NULL, "p" INTEGER,
  CONSTRAINT "T_p_fkey" FOREIGN KEY ("p") REFERENCES "P"("id") DEFERRABLE INITIALLY IMMEDIATE);)",
     R"(ALTER TABLE "P" ADD COLUMN "x" INTEGER; INSERT INTO "P" ("id") VALUES (1))",
     R"(await queryInterface.sequelize.query('DELETE FROM "P" AS "row" WHERE ("id") IN ((1)) AND NOT EXISTS (SELECT 1 FROM "T" AS "ref" WHERE "ref"."p" = "row"."id")', { transaction });
await queryInterface.removeColumn('P', 'x', { transaction });
)"},
    {"rows_deleted_then_a_column_dropped", kDeferredTables,
     R"(ALTER TABLE "P" ADD COLUMN "x" INTEGER; INSERT INTO "P" ("id") VALUES (1))",
     R"(await queryInterface.sequelize.query('DELETE FROM "P" AS "row" WHERE ("id") IN ((1)) AND NOT EXISTS (SELECT 1 FROM "T" AS "ref" WHERE "ref"."p" = "row"."id")', { transaction });
)"
     "%FIRE%"
     R"(await queryInterface.sequelize.query('SET CONSTRAINTS "public"."T_e_key", "public"."T_p_fkey", "arc"."S_key" IMMEDIATE', { transaction });
await queryInterface.sequelize.query('SET CONSTRAINTS "public"."T_e_key", "public"."T_p_fkey", "arc"."S_key" DEFERRED', { transaction });
await queryInterface.removeColumn('P', 'x', { transaction });
)"},
    // Fired once after the rows, and only before DDL: the comment's down() changes no table.
    {"fired_once_before_the_first_ddl", kDeferredTables,
     R"(ALTER TABLE "P" ADD COLUMN "x" INTEGER; CREATE INDEX "P_x_idx" ON "P"("x"); COMMENT ON TABLE "P" IS 'p';
INSERT INTO "P" ("id") VALUES (1))",
     R"(await queryInterface.sequelize.query('DELETE FROM "P" AS "row" WHERE ("id") IN ((1)) AND NOT EXISTS (SELECT 1 FROM "T" AS "ref" WHERE "ref"."p" = "row"."id")', { transaction });
await queryInterface.sequelize.query('COMMENT ON TABLE "P" IS NULL', { transaction });
)"
     "%FIRE%"
     R"(await queryInterface.sequelize.query('SET CONSTRAINTS "public"."T_e_key", "public"."T_p_fkey", "arc"."S_key" IMMEDIATE', { transaction });
await queryInterface.sequelize.query('SET CONSTRAINTS "public"."T_e_key", "public"."T_p_fkey", "arc"."S_key" DEFERRED', { transaction });
await queryInterface.removeIndex('P', 'P_x_idx', { transaction });
await queryInterface.removeColumn('P', 'x', { transaction });
)"},
    // The model had none before the file: the constraint the first statement adds has the checks
    // queued, and is still there when the down() of that statement starts.
    {"a_constraint_added_in_the_file_is_named",
     R"(CREATE TABLE "P" ("id" INTEGER NOT NULL, CONSTRAINT "P_pkey" PRIMARY KEY ("id"));
CREATE TABLE "T" ("id" INTEGER NOT NULL, "p" INTEGER);)",
     R"(ALTER TABLE "T" ADD CONSTRAINT "T_p_fkey" FOREIGN KEY ("p") REFERENCES "P"("id") DEFERRABLE INITIALLY DEFERRED;
INSERT INTO "P" ("id") VALUES (1))",
     R"(await queryInterface.sequelize.query('DELETE FROM "P" AS "row" WHERE ("id") IN ((1)) AND NOT EXISTS (SELECT 1 FROM "T" AS "ref" WHERE "ref"."p" = "row"."id")', { transaction });
)"
     "%FIRE%"
     R"(await queryInterface.sequelize.query('SET CONSTRAINTS "public"."T_p_fkey" IMMEDIATE', { transaction });
await queryInterface.sequelize.query('SET CONSTRAINTS "public"."T_p_fkey" DEFERRED', { transaction });
await queryInterface.removeConstraint('T', 'T_p_fkey', { transaction });
)"},
    // The constraint the statement drops comes back in its own down(), after the rows are made to
    // fit: it is not there to be named when the checks fire.
    {"a_constraint_dropped_and_added_back_is_not_named", kDeferredTables,
     R"(ALTER TABLE "T" DROP CONSTRAINT "T_e_key"; INSERT INTO "T" ("id", "e") VALUES (1, 'a'))",
     // "T" has no key: the INSERT is not undone, and the fit is what writes rows.
     R"(// Lossy: the INSERT of up() changed data; down() cannot restore it.
await queryInterface.sequelize.query('UPDATE "T" SET "e" = NULL WHERE ctid IN (SELECT ctid FROM (SELECT ctid, row_number() OVER (PARTITION BY "e" ORDER BY ctid) AS p2s_n FROM "T" WHERE "e" IS NOT NULL) AS p2s_dup WHERE p2s_n > 1)', { transaction });
)"
     "%FIRE%"
     R"(await queryInterface.sequelize.query('SET CONSTRAINTS "public"."T_p_fkey", "arc"."S_key" IMMEDIATE', { transaction });
await queryInterface.sequelize.query('SET CONSTRAINTS "public"."T_p_fkey", "arc"."S_key" DEFERRED', { transaction });
await queryInterface.sequelize.query('ALTER TABLE "T" ADD CONSTRAINT "T_e_key" UNIQUE (e) DEFERRABLE INITIALLY DEFERRED', { transaction });
)"},
};

class PlanDeferred : public ::testing::TestWithParam<DeferredRow> {};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

TEST_P(PlanDeferred, FiresBeforeDdlAfterRows) {
  const DeferredRow& row = GetParam();
  Pipeline p;
  p.run(row.setup);
  std::vector<Segment> segments{Segment{true, "", p.run(row.sql)}};
  fire_deferred_before_ddl(segments);
  std::string downs;
  const std::vector<Step>& steps = segments[0].steps;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) downs += emit_ops(it->down);
  const std::string want = replace_all(row.downs, "%FIRE%", kFire);
  EXPECT_EQ(downs, want);
}

INSTANTIATE_TEST_SUITE_P(Files, PlanDeferred, ::testing::ValuesIn(kDeferredRows),
                         [](const ::testing::TestParamInfo<DeferredRow>& info) {
                           return std::string(info.param.name);
                         });

// SET CONSTRAINTS names every constraint of that name in the schema, and refuses DEFERRED for one
// that is not deferrable: such a name is left out.
TEST(PlanDeferred, SharedNamesAreLeftOut) {
  Pipeline p;
  p.run(R"(CREATE TABLE "P" ("id" INTEGER NOT NULL, CONSTRAINT "P_pkey" PRIMARY KEY ("id"));
CREATE TABLE "A" ("p" INTEGER, CONSTRAINT "same" FOREIGN KEY ("p") REFERENCES "P"("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "B" ("p" INTEGER, CONSTRAINT "same" FOREIGN KEY ("p") REFERENCES "P"("id"));
CREATE TABLE "C" ("p" INTEGER, CONSTRAINT "own" FOREIGN KEY ("p") REFERENCES "P"("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "D" ("p" INTEGER, CONSTRAINT "own" FOREIGN KEY ("p") REFERENCES "P"("id") INITIALLY DEFERRED);)");
  EXPECT_EQ(deferred_constraints(p.schema), std::vector<std::string>{"\"public\".\"own\""});
}

INSTANTIATE_TEST_SUITE_P(Statements, PlanTable, ::testing::ValuesIn(kRows),
                         [](const ::testing::TestParamInfo<Row>& info) {
                           return std::string(info.param.name);
                         });

// PostgreSQL keeps a type named in a definition by its oid (checked in psql: pg_get_viewdef and
// pg_get_constraintdef print the new name after ALTER TYPE ... RENAME TO): a cast in a view, a
// CHECK, a partial index or a policy is created again by down() with the type's name now, and
// with the name as written once the type has its old name back.
TEST(PlanObject, TypeRenamesFollowIntoDefinitions) {
  Pipeline p;
  p.run(R"(CREATE TYPE "Kind" AS ENUM ('a', 'b');
CREATE TABLE "T" ("k" "Kind", "ks" "Kind"[], "n" TEXT);
CREATE VIEW "V" AS SELECT "ks" && '{a}'::"Kind"[] AS "x", 'b'::public."Kind" AS "y" FROM "T";
ALTER TABLE "T" ADD CONSTRAINT "T_k" CHECK ("k" <> 'b'::"Kind");
CREATE INDEX "T_n" ON "T" ("n") WHERE "k" = 'a'::"Kind";
CREATE POLICY "P" ON "T" USING ("k" <> 'b'::"Kind");
ALTER TYPE "Kind" RENAME TO "Stage")");
  const std::string sql = R"(DROP VIEW "V";
ALTER TABLE "T" DROP CONSTRAINT "T_k";
DROP INDEX "T_n";
DROP POLICY "P" ON "T")";
  std::string down;
  for (const Step& s : p.run(sql)) down += emit_ops(s.down);
  EXPECT_EQ(down.find("Kind"), std::string::npos) << down;
  for (const char* expected :
       {R"('{a}'::"Stage"[])", R"('b'::public."Stage")", R"(<> 'b'::"Stage")", R"(= 'a'::"Stage")"})
    EXPECT_NE(down.find(expected), std::string::npos) << expected << "\n" << down;
  Pipeline q;  // renamed away and back: as written
  q.run(R"(CREATE TYPE "Kind" AS ENUM ('a');
CREATE TABLE "T" ("k" "Kind");
CREATE VIEW "V" AS SELECT 'a'::"Kind" AS "x" FROM "T";
ALTER TYPE "Kind" RENAME TO "Stage";
ALTER TYPE "Stage" RENAME TO "Kind")");
  const std::vector<Step> back = q.run(R"(DROP VIEW "V")");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_NE(emit_ops(back[0].down).find(R"('a'::"Kind")"), std::string::npos) << emit_ops(back[0].down);
}

// ALTER TYPE ... SET SCHEMA is followed the same way (checked in psql: pg_get_viewdef and pg_get_expr
// print billing."Kind"): an unqualified cast gets the schema, a qualified one its new schema, and a
// type moved back to public reads as written.
TEST(PlanObject, TypeMovesFollowIntoDefinitionsAndDefaults) {
  Pipeline p;
  p.run(R"(CREATE SCHEMA "billing";
CREATE TYPE "Kind" AS ENUM ('a', 'b');
CREATE TABLE "T" ("k" "Kind", "n" TEXT DEFAULT 'a'::public."Kind"::text);
CREATE VIEW "V" AS SELECT 'a'::"Kind" AS "x", 'b'::public."Kind" AS "y" FROM "T";
CREATE VIEW "W" AS SELECT 'a'::"Kind" AS "x" FROM "T";
ALTER TYPE "Kind" SET SCHEMA "billing")");
  std::string down;
  for (const Step& s : p.run(R"(DROP VIEW "V"; ALTER TABLE "T" ALTER COLUMN "n" DROP DEFAULT)"))
    down += emit_ops(s.down);
  for (const char* expected :
       {R"('a'::billing."Kind" AS x, 'b'::billing."Kind" AS y)", R"(DEFAULT 'a'::billing."Kind"::text)"})
    EXPECT_NE(down.find(expected), std::string::npos) << expected << "\n" << down;
  p.run(R"(ALTER TYPE "billing"."Kind" SET SCHEMA "public")");
  const std::vector<Step> back = p.run(R"(DROP VIEW "W")");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_NE(emit_ops(back[0].down).find(R"(SELECT 'a'::"Kind" AS "x" FROM)"), std::string::npos)
      << emit_ops(back[0].down);
}

// A function's signature names its types by oid (DROP FUNCTION and COMMENT ON name them as they are
// now, and down() creates it with them), its body as text: a LANGUAGE sql body, which PostgreSQL checks
// at creation, is created with check_function_bodies off; a plpgsql one is not checked and stays plain.
TEST(PlanObject, FunctionSignaturesFollowTypeRenamesAndMoves) {
  Pipeline p;
  p.run(R"(CREATE SCHEMA "lib";
CREATE TYPE "Kind" AS ENUM ('a', 'b');
CREATE FUNCTION "is_b"(k "Kind") RETURNS boolean LANGUAGE sql AS $$ SELECT k = 'b'::"Kind" $$;
CREATE FUNCTION "pick"(ks "Kind"[], OUT k "Kind") LANGUAGE plpgsql AS $$ BEGIN k := ks[1]; END $$;
COMMENT ON FUNCTION "is_b"("Kind") IS 'b?';
ALTER TYPE "Kind" RENAME TO "Stage";
ALTER TYPE "Stage" SET SCHEMA "lib")");
  const std::vector<Step> steps =
      p.run(R"(DROP FUNCTION "is_b"(lib."Stage"); DROP FUNCTION "pick"(lib."Stage"[]))");
  ASSERT_EQ(steps.size(), 2u);
  const std::string is_b = emit_ops(steps[0].down), pick = emit_ops(steps[1].down);
  EXPECT_TRUE(contains_in_order(
      is_b, {"SET check_function_bodies = off; CREATE OR REPLACE FUNCTION", R"(is_b(k lib."Stage"))",
             R"(SELECT k = 'b'::"Kind" $$)", "RESET check_function_bodies",
             R"(COMMENT ON FUNCTION "public"."is_b"(lib."Stage") IS 'b?')"}))
      << is_b;
  EXPECT_NE(pick.find(R"(pick(ks lib."Stage"[], OUT k lib."Stage"))"), std::string::npos) << pick;
  EXPECT_EQ(pick.find("check_function_bodies"), std::string::npos) << pick;
}

// DROP FUNCTION finds a function whichever way the signature spells a type in public.
TEST(PlanObject, FunctionKeysSpellPublicTypesOneWay) {
  Pipeline p;
  p.run(R"(CREATE TYPE "Kind" AS ENUM ('a', 'b');
CREATE FUNCTION is_b(k public."Kind") RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RETURN k = 'b'; END $$;
CREATE FUNCTION is_a(k "Kind") RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RETURN k = 'a'; END $$)");
  const std::vector<Step> steps = p.run(R"(DROP FUNCTION is_b("Kind"); DROP FUNCTION is_a(public."Kind"))");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_NE(emit_ops(steps[0].down).find("FUNCTION is_b(k public.\"Kind\")"), std::string::npos)
      << emit_ops(steps[0].down);
  EXPECT_NE(emit_ops(steps[1].down).find("FUNCTION is_a(k \"Kind\")"), std::string::npos)
      << emit_ops(steps[1].down);
}

// ADD VALUE's down() retypes the type's columns one at a time: a foreign key between two of them
// (to another table, or a composite key with one such column) is dropped before and added back after
// the retypes, with its comment; a key over other columns is left alone.
TEST(PlanObject, EnumRebuildTakesForeignKeysBetweenItsColumnsOut) {
  Pipeline p;
  p.run(R"(CREATE TYPE "Tier" AS ENUM ('free');
CREATE TABLE "P" ("tier" "Tier" PRIMARY KEY, "id" INT UNIQUE);
CREATE TABLE "A" ("tier" "Tier" REFERENCES "P"("tier"), "pid" INT CONSTRAINT "A_pid" REFERENCES "P"("id"));
COMMENT ON CONSTRAINT "A_tier_fkey" ON "A" IS 'plan')");
  const std::vector<Step> steps = p.run(R"(ALTER TYPE "Tier" ADD VALUE 'pro')");
  ASSERT_EQ(steps.size(), 1u);
  const std::string down = emit_ops(steps[0].down);
  const std::vector<std::string> expected = {"removeConstraint('A', 'A_tier_fkey'",
                                             R"(RENAME TO "Tier_p2s_old")",
                                             R"(ALTER TABLE "P" ALTER COLUMN "tier" TYPE)",
                                             R"(ALTER TABLE "A" ALTER COLUMN "tier" TYPE)",
                                             "name: 'A_tier_fkey'",
                                             "COMMENT ON CONSTRAINT \"A_tier_fkey\"",
                                             R"(DROP TYPE "Tier_p2s_old")"};
  EXPECT_TRUE(contains_in_order(down, expected)) << down;
  EXPECT_EQ(down.find("A_pid"), std::string::npos) << down;
}

// A DO block's IF is evaluated once, where it is reached: every statement of the branch runs (the
// first one making the condition false does not stop the rest); ELSIF / ELSE, OR and nested IFs
// take the branch PostgreSQL takes; an EXCEPTION block is all of its statements or none; EXECUTE of
// a constant string is the statement it holds.
TEST(PlanDo, BranchesRunAsPostgresRunsThem) {
  Pipeline p;
  p.run(R"(CREATE TYPE "Mood" AS ENUM ('a'); CREATE TABLE "T" ("id" INTEGER))");
  p.run(R"(DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'T' AND column_name = 'c') THEN
    ALTER TABLE "T" ADD COLUMN "c" TEXT;
    CREATE TABLE "Both" ("id" INTEGER);
  END IF;
  IF EXISTS (SELECT 1 FROM pg_type WHERE typname = 'Nope') THEN
    CREATE TABLE "Then" ("id" INTEGER);
  ELSIF EXISTS (SELECT 1 FROM pg_type WHERE typname = 'Nope') OR EXISTS (SELECT 1 FROM pg_type WHERE typname = 'Mood') THEN
    CREATE TABLE "Elsif" ("id" INTEGER);
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'Elsif') THEN
      CREATE TABLE "Nested" ("id" INTEGER);
    END IF;
  ELSE
    CREATE TABLE "Else" ("id" INTEGER);
  END IF;
  EXECUTE format('CREATE TABLE %I (%I INTEGER)', 'Executed', 'id');
END $$;
DO $$ BEGIN
  CREATE TYPE "Mood" AS ENUM ('a');
  CREATE TABLE "Unused" ("id" INTEGER);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$)");
  ASSERT_TRUE(p.diags.all().empty());
  for (const char* made : {"Both", "Elsif", "Executed"})
    EXPECT_NE(p.schema.table(QName{"", made}), nullptr) << made;
  for (const char* not_made : {"Then", "Nested", "Else", "Unused"})
    EXPECT_EQ(p.schema.table(QName{"", not_made}), nullptr) << not_made;
  ASSERT_NE(p.schema.table(QName{"", "T"}), nullptr);
  EXPECT_NE(p.schema.table(QName{"", "T"})->column("c"), nullptr);
}

}  // namespace
}  // namespace p2s::test
