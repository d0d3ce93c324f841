// Table-driven rows over dependents(): a setup script replayed into the model, the roots asked
// about, and the dependents expected in creation order as "kind:name" strings, written by hand.
#include "model/depend.h"

#include <gtest/gtest.h>

#include "support.h"

namespace p2s::test {
namespace {

struct Row {
  const char* name;
  const char* setup;
  std::vector<ObjectRef> roots;
  DependScope scope;
  std::vector<std::string> expected;
};

ObjectRef table(const char* t) {
  return ObjectRef{RefKind::kTable, QName{"", t}, ""};
}
ObjectRef column(const char* t, const char* c) {
  return ObjectRef{RefKind::kColumn, QName{"", t}, c};
}
ObjectRef view(const char* v) {
  return ObjectRef{RefKind::kView, QName{"", v}, ""};
}
ObjectRef type(const char* t) {
  return ObjectRef{RefKind::kType, QName{"", t}, ""};
}
ObjectRef sequence(const char* q) {
  return ObjectRef{RefKind::kSequence, QName{"", q}, ""};
}
ObjectRef function(const char* f) {
  return ObjectRef{RefKind::kFunction, QName{"", f}, ""};
}

void PrintTo(const Row& row, std::ostream* os) {
  *os << row.name;
}

// Triggers and policies are keyed by their quoted, qualified table and name: `"public"."t"."tr"`
// reads t.tr.
std::string unquoted(std::string key) {
  if (key.rfind("policy ", 0) == 0) key.erase(0, 7);
  std::string out;
  for (char c : key) {
    if (c != '"') out += c;
  }
  if (out.rfind("public.", 0) == 0) out.erase(0, 7);
  return out;
}

std::string label(const Dependent& d) {
  const std::string table = display(d.ref.name);
  switch (d.ref.kind) {
    case RefKind::kTable:
      return "table:" + table;
    case RefKind::kColumn:
      return "column:" + table + "." + d.ref.sub;
    case RefKind::kView:
      return "view:" + table;
    case RefKind::kType:
      return "type:" + table;
    case RefKind::kFunction:
      return "function:" + table;
    case RefKind::kSequence:
      return "sequence:" + table;
    case RefKind::kDefault:
      return "default:" + table + "." + d.ref.sub;
    case RefKind::kTrigger:
      return "trigger:" + unquoted(d.ref.sub);
    case RefKind::kPolicy:
      return "policy:" + unquoted(d.ref.sub);
    case RefKind::kConstraint:
      return "constraint:" + table + "." + d.ref.sub;
    case RefKind::kIndex:
      return "index:" + table + "." + d.ref.sub;
  }
  return "?";
}

const char* const kChain = R"(
CREATE TABLE t (id INTEGER NOT NULL, x INTEGER, y TEXT);
CREATE VIEW a AS SELECT id, x FROM t;
CREATE VIEW d AS SELECT id FROM t WHERE y IS NOT NULL;
CREATE VIEW b AS SELECT id, x FROM a WHERE x > 0;
CREATE MATERIALIZED VIEW c AS SELECT count(*) AS n FROM b JOIN d USING (id);
CREATE VIEW other AS SELECT 1 AS one;
)";

// "a" is replaced after "n" exists so that it reads "n": creation order is n, a, b although the
// model met a first.
const char* const kReplaced = R"(
CREATE TABLE t (id INTEGER NOT NULL, x INTEGER);
CREATE VIEW a AS SELECT id FROM t;
CREATE VIEW b AS SELECT id FROM a;
CREATE VIEW n AS SELECT id, x FROM t WHERE x > 0;
CREATE OR REPLACE VIEW a AS SELECT t.id FROM t JOIN n ON n.id = t.id;
)";

// s expanded * before "c" existed; s2 after. p names columns; q and l hide a star in a subquery
// and a LATERAL.
const char* const kStars = R"(
CREATE TABLE t (id INTEGER NOT NULL, a TEXT, b TEXT);
CREATE TABLE u (id INTEGER NOT NULL, tid INTEGER);
CREATE VIEW s AS SELECT * FROM t;
CREATE VIEW p AS SELECT id, a FROM t;
CREATE VIEW q AS SELECT sub.* FROM (SELECT * FROM t) sub;
CREATE VIEW l AS SELECT u.id AS uid, last.* FROM u CROSS JOIN LATERAL (SELECT t.* FROM t WHERE t.id = u.tid) last;
ALTER TABLE t ADD COLUMN c TEXT;
CREATE VIEW s2 AS SELECT t.*, 1 AS one FROM t;
CREATE VIEW ss AS SELECT * FROM s;
)";

const char* const kTriggers = R"(
CREATE TABLE t (id INTEGER NOT NULL, status TEXT, note TEXT, at TIMESTAMP(3));
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER on_status AFTER UPDATE OF status ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE TRIGGER on_note BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.note IS DISTINCT FROM OLD.note) EXECUTE FUNCTION f();
CREATE TRIGGER on_both AFTER UPDATE OF at ON t FOR EACH ROW WHEN (NEW.status <> 'done') EXECUTE FUNCTION f();
CREATE TRIGGER on_insert BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
)";

const char* const kExpressions = R"(
CREATE TABLE t (id INTEGER NOT NULL, qty INTEGER NOT NULL, price INTEGER, CONSTRAINT t_qty_check CHECK (qty > 0));
ALTER TABLE t ADD CONSTRAINT t_price_check CHECK (price >= 0);
CREATE INDEX t_qty_idx ON t (qty);
CREATE INDEX t_price_idx ON t (price) WHERE qty > 10;
CREATE INDEX t_id_idx ON t (id);
CREATE POLICY t_small ON t USING (qty < 100);
CREATE VIEW v AS SELECT id, qty FROM t;
)";

const char* const kEnum = R"(
CREATE TYPE mood AS ENUM ('calm', 'busy', 'away');
CREATE TABLE t (id INTEGER NOT NULL, m mood NOT NULL DEFAULT 'calm', note TEXT, CONSTRAINT t_m_check CHECK (m <> 'away'));
CREATE TABLE u (id INTEGER NOT NULL, label TEXT);
CREATE INDEX t_m_idx ON t (m);
CREATE INDEX t_note_idx ON t (note);
CREATE VIEW reads_column AS SELECT id, m FROM t;
CREATE VIEW casts AS SELECT id, 'busy'::mood AS initial FROM u;
CREATE VIEW plain AS SELECT id, note FROM t;
CREATE VIEW on_top AS SELECT id FROM casts;
)";

// Columns that DROP ... CASCADE takes: of the type (arrays too, in every table), and generated
// from a dropped column, transitively.
const char* const kCascadeColumns = R"(
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TABLE t (id INTEGER NOT NULL, m mood NOT NULL, ms mood[], n INTEGER, note TEXT,
  twice INTEGER GENERATED ALWAYS AS (n * 2) STORED,
  quad INTEGER GENERATED ALWAYS AS (twice * 2) STORED,
  label TEXT GENERATED ALWAYS AS (note || '!') STORED);
CREATE TABLE u (id INTEGER NOT NULL, m mood);
CREATE VIEW reads_m AS SELECT id, m FROM t;
)";

// Functions: by their signature on a type, and the triggers and views that call them.
const char* const kFunctions = R"(
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TABLE t (id INTEGER NOT NULL, m mood NOT NULL, at TIMESTAMP(3));
CREATE FUNCTION is_calm(x mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT x = 'calm' $$;
CREATE FUNCTION first_mood() RETURNS mood LANGUAGE sql AS $$ SELECT 'calm'::mood $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at = now(); RETURN NEW; END $$;
CREATE FUNCTION unrelated(n integer) RETURNS integer LANGUAGE sql AS $$ SELECT n $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW calm AS SELECT id FROM t WHERE is_calm(m);
CREATE VIEW numbers AS SELECT unrelated(id) AS n FROM t;
)";

// Column defaults that read a sequence: nextval in any spelling, and a serial column's own.
const char* const kSequences = R"(
CREATE SEQUENCE num START 100;
CREATE TABLE t (id SERIAL NOT NULL, a INTEGER DEFAULT nextval('num'), b BIGINT DEFAULT nextval('"num"'::regclass), c INTEGER DEFAULT 1);
CREATE TABLE u (x INTEGER DEFAULT nextval('public.num'));
)";

const Row kRows[] = {
    {"defaults_reading_a_sequence_in_any_spelling",
     kSequences,
     {sequence("num")},
     DependScope::kRelations,
     {"default:t.a", "default:t.b", "default:u.x"}},
    {"a_serial_column_reads_its_own_sequence",
     kSequences,
     {sequence("t_id_seq")},
     DependScope::kRelations,
     {"default:t.id"}},
    {"functions_whose_signature_names_the_type_then_what_calls_them",
     kFunctions,
     {type("mood")},
     DependScope::kExpressions,
     {"function:is_calm", "function:first_mood", "view:calm"}},
    {"a_function_takes_the_triggers_and_views_calling_it",
     kFunctions,
     {function("touch"), function("unrelated")},
     DependScope::kRelations,
     {"view:numbers", "trigger:t.t_touch"}},
    {"views_on_views_come_in_creation_order",
     kChain,
     {table("t")},
     DependScope::kRelations,
     {"view:a", "view:d", "view:b", "view:c"}},
    {"a_view_root_takes_only_what_reads_it",
     kChain,
     {view("a")},
     DependScope::kRelations,
     {"view:b", "view:c"}},
    {"a_column_root_takes_views_naming_it_and_their_readers",
     kChain,
     {column("t", "y")},
     DependScope::kRelations,
     {"view:d", "view:c"}},
    {"roots_are_not_their_own_dependents",
     kChain,
     {table("t"), view("b")},
     DependScope::kRelations,
     {"view:a", "view:d", "view:c"}},
    {"a_replaced_view_follows_the_newer_view_it_reads",
     kReplaced,
     {table("t")},
     DependScope::kRelations,
     {"view:n", "view:a", "view:b"}},
    {"a_column_read_through_a_newer_view",
     kReplaced,
     {column("t", "x")},
     DependScope::kRelations,
     {"view:n", "view:a", "view:b"}},
    {"star_views_depend_on_the_columns_they_expanded",
     kStars,
     {column("t", "b")},
     DependScope::kRelations,
     {"view:s", "view:q", "view:l", "view:s2", "view:ss"}},
    {"a_column_added_after_a_star_view_is_not_in_it",
     kStars,
     {column("t", "c")},
     DependScope::kRelations,
     {"view:s2"}},
    {"a_column_named_explicitly_and_by_stars",
     kStars,
     {column("t", "a")},
     DependScope::kRelations,
     {"view:s", "view:p", "view:q", "view:l", "view:s2", "view:ss"}},
    {"trigger_update_of_column",
     kTriggers,
     {column("t", "status")},
     DependScope::kExpressions,
     {"trigger:t.on_status", "trigger:t.on_both"}},
    {"trigger_when_column",
     kTriggers,
     {column("t", "note")},
     DependScope::kExpressions,
     {"trigger:t.on_note"}},
    {"trigger_update_of_another_column",
     kTriggers,
     {column("t", "at")},
     DependScope::kExpressions,
     {"trigger:t.on_both"}},
    {"triggers_are_not_relations", kTriggers, {column("t", "status")}, DependScope::kRelations, {}},
    {"check_index_and_policy_on_a_column",
     kExpressions,
     {column("t", "qty")},
     DependScope::kExpressions,
     {"view:v", "policy:t.t_small", "constraint:t.t_qty_check", "index:t.t_qty_idx", "index:t.t_price_idx"}},
    {"a_partial_index_predicate_and_a_table_check",
     kExpressions,
     {column("t", "price")},
     DependScope::kExpressions,
     {"constraint:t.t_price_check", "index:t.t_price_idx"}},
    {"expressions_are_not_relations",
     kExpressions,
     {column("t", "qty")},
     DependScope::kRelations,
     {"view:v"}},
    {"enum_views_casting_and_columns_of_it",
     kEnum,
     {type("mood")},
     DependScope::kExpressions,
     {"view:reads_column", "view:casts", "view:on_top", "constraint:t.t_m_check", "index:t.t_m_idx"}},
    {"cascade_columns_of_a_type",
     kCascadeColumns,
     {type("mood")},
     DependScope::kColumns,
     {"column:t.m", "column:t.ms", "column:u.m"}},
    {"cascade_generated_columns_transitively",
     kCascadeColumns,
     {column("t", "n")},
     DependScope::kColumns,
     {"column:t.twice", "column:t.quad"}},
    {"cascade_columns_of_a_plain_column", kCascadeColumns, {column("t", "id")}, DependScope::kColumns, {}},
    {"defaults_of_other_columns_that_name_the_type",
     R"(CREATE TYPE mood AS ENUM ('ok', 'bad');
CREATE TYPE "Mood" AS ENUM ('ok');
CREATE TABLE t ("id" INT, "m" mood DEFAULT 'ok', "a" TEXT DEFAULT 'bad'::mood, "b" TEXT[] DEFAULT ARRAY['ok'::mood]::TEXT[],
  "c" TEXT DEFAULT 'ok'::"Mood", "d" TEXT DEFAULT 'moody', "e" TEXT DEFAULT 'x'::moods);)",
     {type("mood")},
     DependScope::kRelations,
     {"default:t.a", "default:t.b"}},
    {"join_view_reads_the_id_of_one_table_only",
     R"(CREATE TABLE a ("id" INT, "bId" INT, "x" INT);
CREATE TABLE b ("id" INT, "x" INT);
CREATE VIEW reads_b_id AS SELECT a."bId", bb."id" FROM a JOIN b bb ON bb."id" = a."bId";
CREATE VIEW reads_a_id AS SELECT a."id" FROM a JOIN b ON b."id" = a."bId";
CREATE VIEW unbound_x AS SELECT "bId" FROM a JOIN b ON true WHERE a."x" > 0 ORDER BY "bId";
CREATE VIEW star_of_a AS SELECT a.* FROM a JOIN b ON b."id" = a."bId";)",
     {column("a", "id")},
     DependScope::kRelations,
     {"view:reads_a_id", "view:star_of_a"}},
    // USING compares the merged column of both sides: a RIGHT JOIN shows b's id, and reads a's too.
    {"using_join_reads_the_merged_column_of_every_side",
     R"(CREATE TABLE a ("id" INT, "x" INT);
CREATE TABLE b ("id" INT, "y" INT);
CREATE VIEW right_using AS SELECT "id", b."y" FROM a RIGHT JOIN b USING ("id");
CREATE VIEW natural_join AS SELECT b."y" FROM a NATURAL JOIN b;
CREATE VIEW on_b AS SELECT b."id" FROM a JOIN b ON b."id" = a."x";)",
     {column("a", "id")},
     DependScope::kRelations,
     {"view:right_using", "view:natural_join"}},
    {"definitions_that_cast_to_the_type_without_reading_a_column_of_it",
     R"(CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TYPE other AS ENUM ('calm');
CREATE TABLE t ("id" INT, "note" TEXT, CONSTRAINT t_note_check CHECK ("note" <> 'busy'::mood::text),
  CONSTRAINT t_other_check CHECK ("note" <> 'calm'::other::text));
CREATE INDEX t_calm_idx ON t ("id") WHERE 'calm'::mood < 'busy'::mood;
CREATE INDEX t_id_idx ON t ("id");
CREATE POLICY t_busy ON t USING ("note" <> 'busy'::mood::text);
CREATE POLICY t_all ON t USING (true);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_calm BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW."note" = 'calm'::mood::text) EXECUTE FUNCTION f();
CREATE TRIGGER t_any BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();)",
     {type("mood")},
     DependScope::kRelations,
     {"policy:t.t_busy", "trigger:t.t_calm", "constraint:t.t_note_check", "index:t.t_calm_idx"}},
    {"enum_relations_only",
     kEnum,
     {type("mood")},
     DependScope::kRelations,
     {"view:reads_column", "view:casts", "view:on_top"}},
};

class Depend : public testing::TestWithParam<Row> {};

TEST_P(Depend, Dependents) {
  const Row& row = GetParam();
  Pipeline p;
  p.run(row.setup);
  std::vector<std::string> got;
  for (const Dependent& d : dependents(p.schema, row.roots, row.scope)) got.push_back(label(d));
  EXPECT_EQ(got, row.expected);
}

INSTANTIATE_TEST_SUITE_P(Rows, Depend, testing::ValuesIn(kRows),
                         [](const testing::TestParamInfo<Row>& i) { return std::string(i.param.name); });

// DROP SCHEMA ... CASCADE starts from everything the schema holds.
TEST(SchemaMembers, TablesTypesViewsAndFunctionsOfTheSchemaOnly) {
  Pipeline p;
  p.run(R"(
CREATE SCHEMA s;
CREATE TYPE s.mood AS ENUM ('calm');
CREATE TABLE s.t (id INTEGER NOT NULL);
CREATE TABLE u (id INTEGER NOT NULL, m s.mood);
CREATE VIEW s.v AS SELECT id FROM s.t;
CREATE VIEW w AS SELECT id FROM s.t;
CREATE FUNCTION s.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
)");
  std::vector<std::string> got;
  for (const ObjectRef& r : schema_members(p.schema, "s")) {
    got.push_back(label(Dependent{r}));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"table:s.t", "type:s.mood", "view:s.v", "function:s.f"}));
  EXPECT_TRUE(schema_members(p.schema, "other").empty());
}

}  // namespace
}  // namespace p2s::test
