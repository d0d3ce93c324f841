// Table-driven rows over the names PostgreSQL chooses for unnamed indexes and constraints. Every
// expected name was read from a real PostgreSQL 15 (pg_constraint and pg_index after running the
// row's SQL) and is written here as a literal.
#include "model/choose_name.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support.h"

namespace p2s::test {
namespace {

// ---- the pure rule ------------------------------------------------------------------------------

TEST(ChooseName, MakeObjectNameCutsTheLongerPartNeverTheLabel) {
  EXPECT_EQ(make_object_name("t", "a_b", "idx"), "t_a_b_idx");
  EXPECT_EQ(make_object_name("t", "", "pkey"), "t_pkey");
  const std::string table = "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_";
  EXPECT_EQ(make_object_name(table, "b", "key"),
            "a_very_long_table_name_that_goes_on_and_on_and_on_forever_b_key");
  EXPECT_EQ(make_object_name(table, "", "pkey"),
            "a_very_long_table_name_that_goes_on_and_on_and_on_forever__pkey");
  EXPECT_EQ(make_object_name(table, "a_rather_long_column_name_as_well_that_is_long_b", "idx1"),
            "a_very_long_table_name_that_g_a_rather_long_column_name_as_idx1");
  // Two-byte characters: cut on a character boundary, so the name may be shorter than 63 bytes.
  EXPECT_EQ(make_object_name("ÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄ", "ééééééééééééééééééééééééééééé", "idx"),
            "ÄÖÜäöüÄÖÜäöüÄÖ_éééééééééééééé_idx");
}

TEST(ChooseName, IndexColumnNamesNumberRepeats) {
  EXPECT_EQ(index_column_names({"a", "a"}), (std::vector<std::string>{"a", "a1"}));
  EXPECT_EQ(index_column_names({"lower", "upper", "lower"}),
            (std::vector<std::string>{"lower", "upper", "lower1"}));
  const std::string addition =
      name_addition(index_column_names({"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "a", "b",
                                        "c", "d", "e", "f", "g", "h", "i", "j", "a", "b", "c", "d"}));
  EXPECT_EQ(make_object_name("k", addition, "idx"),
            "k_a_b_c_d_e_f_g_h_i_j_a1_b1_c1_d1_e1_f1_g1_h1_i1_j1_a2_b2_c_idx");
}

TEST(ChooseName, RetriesWithANumberedLabel) {
  const std::vector<std::string> taken = {"t_a_idx", "t_a_idx1"};
  auto is_taken = [&](const std::string& n) {
    return std::find(taken.begin(), taken.end(), n) != taken.end();
  };
  EXPECT_EQ(choose_name("t", "a", "idx", is_taken), "t_a_idx2");
  EXPECT_EQ(choose_name("t", "b", "idx", is_taken), "t_b_idx");
}

// ---- through the pipeline: the model's names after the SQL ---------------------------------------

struct Row {
  const char* name;
  const char* sql;
  std::vector<std::string> expected;  // "table name" for every constraint and index, sorted
};

std::vector<std::string> model_names(const Schema& s) {
  std::vector<std::string> out;
  auto table_label = [](const QName& t) {
    return canonical(t).schema == "public" ? t.name : canonical(t).schema + "." + t.name;
  };
  for (const Table& t : s.tables) {
    for (const Constraint& k : t.constraints) out.push_back(table_label(t.name) + " " + k.name);
  }
  for (const Index& i : s.indexes) out.push_back(table_label(i.table) + " " + i.name);
  std::sort(out.begin(), out.end());
  return out;
}

const Row kRows[] = {
    {"create_index",
     R"(CREATE TABLE t (a int, b int, c text, "Mixed Case" int);
        CREATE INDEX ON t (a, b); CREATE INDEX ON t (a, b); CREATE INDEX ON t (a, b);
        CREATE INDEX ON t ((a + b));
        CREATE INDEX ON t (lower(c));
        CREATE INDEX ON t (lower(c), upper(c), lower(c));
        CREATE INDEX ON t ((c::varchar));
        CREATE INDEX ON t (((a+b)::text));
        CREATE INDEX ON t ((CASE WHEN a > 0 THEN a END));
        CREATE INDEX ON t ((coalesce(a, b)));
        CREATE INDEX ON t (a, a);
        CREATE UNIQUE INDEX ON t (b);
        CREATE INDEX ON t (a) INCLUDE (b);
        CREATE INDEX ON t ("Mixed Case");
        CREATE INDEX ON t (c text_pattern_ops);
        CREATE INDEX ON t (a) WHERE b > 0;
        CREATE INDEX ON t ((t.a * 2));
        CREATE INDEX ON t ((greatest(a,b)));
        CREATE INDEX ON t ((nullif(a,b)));
        CREATE INDEX ON t ((c COLLATE "C"));
        CREATE INDEX ON t ((ARRAY[a,b]));)",
     {"t t_Mixed Case_idx",
      "t t_a_a1_idx",
      "t t_a_b_idx",
      "t t_a_b_idx1",
      "t t_a_b_idx2",
      "t t_a_b_idx3",
      "t t_a_idx",
      "t t_array_idx",
      "t t_b_idx",
      "t t_c_idx",
      "t t_c_idx1",
      "t t_c_idx2",
      "t t_case_idx",
      "t t_coalesce_idx",
      "t t_expr_idx",
      "t t_expr_idx1",
      "t t_greatest_idx",
      "t t_lower_idx",
      "t t_lower_upper_lower1_idx",
      "t t_nullif_idx",
      "t t_text_idx"}},
    {"alter_table_add",
     R"(CREATE TABLE t (a int, b int, c text);
        ALTER TABLE t ADD UNIQUE (a);
        ALTER TABLE t ADD UNIQUE (a);
        ALTER TABLE t ADD UNIQUE (a, b) INCLUDE (c);
        ALTER TABLE t ADD CHECK (a > 0);
        ALTER TABLE t ADD CHECK (a > 0);
        ALTER TABLE t ADD CHECK (a > b);
        ALTER TABLE t ADD CHECK (true);
        ALTER TABLE t ADD CHECK (a > 0 AND a < 100 AND t.a <> 5);
        ALTER TABLE t ADD PRIMARY KEY (b);)",
     {"t t_a_b_c_key", "t t_a_check", "t t_a_check1", "t t_a_check2", "t t_a_key", "t t_a_key1", "t t_check",
      "t t_check1", "t t_pkey"}},
    {"create_table",
     R"(CREATE TABLE u (id int PRIMARY KEY, x int UNIQUE, y int CHECK (y > 0), z int CHECK (x > 0),
          w int CHECK (1 > 0), CHECK (x > y), CHECK (x > 1), UNIQUE (x), UNIQUE(x, y), UNIQUE (y) INCLUDE (x),
          FOREIGN KEY (x) REFERENCES u (id), ta int REFERENCES u, FOREIGN KEY (x) REFERENCES u (id));
        ALTER TABLE u ADD FOREIGN KEY (x, y) REFERENCES u (x, y);
        ALTER TABLE u ADD FOREIGN KEY (x, y) REFERENCES u (x, y);)",
     {"u u_check", "u u_check1", "u u_pkey", "u u_ta_fkey", "u u_x_check", "u u_x_check1", "u u_x_fkey",
      "u u_x_fkey1", "u u_x_key", "u u_x_y_fkey", "u u_x_y_fkey1", "u u_x_y_key", "u u_y_check",
      "u u_y_x_key"}},
    {"repeated_keys_in_create_table",
     R"(CREATE TABLE v (a int UNIQUE PRIMARY KEY, b int, CONSTRAINT named_u UNIQUE (b), UNIQUE (b));
        CREATE TABLE v2 (a int UNIQUE, b int, UNIQUE (b), CONSTRAINT named_u2 UNIQUE (b));
        CREATE TABLE v3 (a int UNIQUE, PRIMARY KEY (a));
        CREATE TABLE v4 (a int, CONSTRAINT v4named UNIQUE (a), PRIMARY KEY (a));)",
     {"v named_u", "v v_pkey", "v2 named_u2", "v2 v2_a_key", "v3 v3_pkey", "v4 v4named"}},
    {"taken_names",
     R"(CREATE TABLE w_a_key (q int);
        CREATE TABLE w (a int UNIQUE);
        CREATE TABLE other (a int, CONSTRAINT w_a_key1 CHECK (a > 0));
        ALTER TABLE w ADD UNIQUE (a);
        CREATE TABLE w3 (a int);
        CREATE TABLE w3_a_check (z int);
        ALTER TABLE w3 ADD CHECK (a > 0);
        CREATE TABLE o1 (a int, CONSTRAINT o2_a_check UNIQUE (a));
        CREATE TABLE o2 (a int CHECK (a > 0));)",
     {"o1 o2_a_check", "o2 o2_a_check1", "other w_a_key1", "w w_a_key1", "w w_a_key2", "w3 w3_a_check"}},
    {"relations_hold_index_names",
     R"(CREATE SEQUENCE s_a_idx;
        CREATE TABLE s (a int, b int);
        CREATE VIEW s_a_idx1 AS SELECT 1 AS one;
        CREATE TYPE s_a_idx2 AS (x int);
        CREATE MATERIALIZED VIEW s_a_idx3 AS SELECT 1 AS one;
        CREATE TABLE s_a_idx4 (x int) PARTITION BY RANGE (x);
        CREATE TABLE s_a_idx5 PARTITION OF s_a_idx4 FOR VALUES FROM (1) TO (2);
        CREATE INDEX ON s (a);)",
     {"s s_a_idx6"}},
    {"whole_row_checks_and_one_alter",
     R"(CREATE TABLE t_b_key (x int);
        CREATE TABLE t (a serial PRIMARY KEY, b int UNIQUE CHECK (t IS NOT NULL));
        ALTER TABLE t ADD CHECK (t.a > 0 OR t IS NULL);
        CREATE TABLE d (a int, b int);
        ALTER TABLE d ADD CONSTRAINT d_a_key CHECK (a > 0);
        ALTER TABLE d DROP CONSTRAINT d_a_key, ADD UNIQUE (a);
        ALTER TABLE d ADD COLUMN c int UNIQUE CHECK (c > 0) REFERENCES d (a);)",
     {"d d_a_key", "d d_c_check", "d d_c_fkey", "d d_c_key", "t t_b_key1", "t t_check", "t t_check1",
      "t t_pkey"}},
    {"exclusion",
     R"(CREATE TABLE ex (r int4range, s int4range, EXCLUDE USING gist (r WITH &&),
          EXCLUDE USING gist (r WITH &&, (s * r) WITH &&));)",
     {"ex ex_r_excl", "ex ex_r_expr_excl"}},
    {"long_names",
     R"(CREATE TABLE "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_x" (
          a_rather_long_column_name_as_well_that_is_long int, b int);
        CREATE INDEX ON "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_x" (a_rather_long_column_name_as_well_that_is_long, b);
        CREATE INDEX ON "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_x" (a_rather_long_column_name_as_well_that_is_long, b);
        ALTER TABLE "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_x" ADD UNIQUE (b);
        ALTER TABLE "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_x" ADD CHECK (b > 0);
        ALTER TABLE "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_x" ADD PRIMARY KEY (b);
        CREATE TABLE "ÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜ" ("ééééééééééééééééééééééééééééé" int);
        CREATE INDEX ON "ÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜ" ("ééééééééééééééééééééééééééééé");)",
     {"a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_ "
      "a_very_long_table_name_that_g_a_rather_long_column_name_as__idx",
      "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_ "
      "a_very_long_table_name_that_g_a_rather_long_column_name_as_idx1",
      "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_ "
      "a_very_long_table_name_that_goes_on_and_on_and_on_forev_b_check",
      "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_ "
      "a_very_long_table_name_that_goes_on_and_on_and_on_forever__pkey",
      "a_very_long_table_name_that_goes_on_and_on_and_on_forever_more_ "
      "a_very_long_table_name_that_goes_on_and_on_and_on_forever_b_key",
      "ÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄ ÄÖÜäöüÄÖÜäöüÄÖ_éééééééééééééé_idx"}},
    {"do_blocks",
     R"(CREATE TABLE t (a int, b int);
        CREATE INDEX ON t (a);
        DO $$ BEGIN CREATE INDEX ON t (a); ALTER TABLE t ADD UNIQUE (b); END $$;
        DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 't_b_key') THEN
          ALTER TABLE t ADD UNIQUE (b); END IF; END $$;
        DO $$ BEGIN ALTER TABLE t ADD CHECK (a > 0); EXCEPTION WHEN duplicate_object THEN NULL; END $$;)",
     {"t t_a_check", "t t_a_idx", "t t_a_idx1", "t t_b_key"}},
    {"other_schema",
     R"(CREATE TABLE t (a int);
        CREATE INDEX ON t (a);
        CREATE SCHEMA sch;
        CREATE TABLE sch.t (a int);
        CREATE INDEX ON sch.t (a);
        CREATE INDEX ON sch.t (a);
        ALTER TABLE sch.t ADD UNIQUE (a);)",
     {"sch.t t_a_idx", "sch.t t_a_idx1", "sch.t t_a_key", "t t_a_idx"}},
};

class Names : public testing::TestWithParam<Row> {};

TEST_P(Names, AsPostgreSqlChoosesThem) {
  const Row& row = GetParam();
  Pipeline p;
  p.run(row.sql);
  EXPECT_TRUE(p.diags.all().empty());
  std::vector<std::string> expected = row.expected;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(model_names(p.schema), expected);
}

// The fixture's whole history, and what PostgreSQL 15 had after applying it.
TEST(Names, FixtureUnnamedObjects) {
  const std::string dir = std::string(P2S_SOURCE_DIR) + "/fixtures/unnamed-objects/migrations/";
  Pipeline p;
  for (const char* m :
       {"20240301090000_init", "20240302090000_alter_unnamed", "20240303090000_long_names",
        "20240304090000_collisions", "20240305090000_drop_and_rename_chosen", "20240306090000_do_block"}) {
    p.run(read_text(dir + m + "/migration.sql"));
  }
  EXPECT_TRUE(p.diags.all().empty());
  std::vector<std::string> expected = {
      "archive.Tag Tag_label_idx",
      "archive.Tag Tag_label_key",
      "archive.Tag Tag_pkey",
      "Author Author_age_check",
      "Author Author_check",
      "Author Author_check1",
      "Author Author_email_key",
      "Author Author_nick_check",
      "Author Author_pkey",
      "Other Other_label_key",
      "Other Tag_label_check",
      "Post Post_authorId_editorId_idx",
      "Post Post_authorId_fkey",
      "Post Post_authorId_fkey1",
      "Post Post_authorId_idx",
      "Post Post_authorId_idx1",
      "Post Post_coalesce_idx",
      "Post Post_editorId_fkey",
      "Post Post_expr_idx",
      "Post Post_lower_upper_lower1_idx",
      "Post Post_pkey",
      "Post Post_slug_idx",
      "Post Post_slug_idx1",
      "Post Post_slug_key1",
      "Post Post_tags_idx",
      "Post Post_title_check",
      "Post Post_title_check1",
      "Post Post_title_key",
      "Post Post_title_key1",
      "Post Post_title_lower_idx",
      "Post Post_title_slug_check",
      "Post Post_title_slug_idx",
      "Post Post_views_check",
      "Post Post_views_fkey",
      "Post Post_views_key",
      "Remark Comment_pkey",
      "Remark Comment_postId_fkey",
      "Remark Remark_body_idx",
      "Remark Remark_line_check",
      "Tag Tag_id_label_idx",
      "Tag Tag_label_check1",
      "Tag Tag_label_idx2",
      "Tag Tag_pkey",
      "publication_workflow_review_assignments_with_a_long_table_name "
      "publication_workflow_review_a_reviewer_assignment_identifi_idx1",
      "publication_workflow_review_assignments_with_a_long_table_name "
      "publication_workflow_review_a_reviewer_assignment_identifie_idx",
      "publication_workflow_review_assignments_with_a_long_table_name "
      "publication_workflow_review_assignments_with_a_long_tab_b_check",
      "publication_workflow_review_assignments_with_a_long_table_name "
      "publication_workflow_review_assignments_with_a_long_tabl_c_fkey",
      "publication_workflow_review_assignments_with_a_long_table_name "
      "publication_workflow_review_assignments_with_a_long_table__pkey",
      "publication_workflow_review_assignments_with_a_long_table_name "
      "publication_workflow_review_assignments_with_a_long_table_b_key",
      "Überprüfungsergebnisse_der_Veröffentlichungsabläufe "
      "Überprüfungsergebnisse_der__größenangabe-in-übergeordn_idx",
      "Überprüfungsergebnisse_der_Veröffentlichungsabläufe "
      "Überprüfungsergebnisse_der__größenangabe-in-übergeordn_key",
  };
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(model_names(p.schema), expected);
}

INSTANTIATE_TEST_SUITE_P(Rows, Names, testing::ValuesIn(kRows),
                         [](const testing::TestParamInfo<Row>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace p2s::test
