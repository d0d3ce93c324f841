// Storage parameters (model/schema.h, model/render_sql.h): SET and RESET keep pg_class.reloptions'
// order as PostgreSQL's transformRelOptions does (checked in psql), and the statements that take
// one list to another reach it exactly.
#include <gtest/gtest.h>

#include "model/render_sql.h"

namespace p2s {
namespace {

TEST(RelOptions, SetAppendsEachNameItGivesAndResetTakesNamesOut) {
  RelOptions o{{"fillfactor", "80"}, {"autovacuum_enabled", "false"}};
  set_rel_options(o, {{"fillfactor", "70"}, {"toast_tuple_target", "4096"}});
  EXPECT_EQ(
      o, (RelOptions{{"autovacuum_enabled", "false"}, {"fillfactor", "70"}, {"toast_tuple_target", "4096"}}));
  reset_rel_options(o, {"autovacuum_enabled", "parallel_workers"});
  EXPECT_EQ(o, (RelOptions{{"fillfactor", "70"}, {"toast_tuple_target", "4096"}}));
}

TEST(RelOptions, ChangeResetsWhatGoesAndSetsOnlyPastThePrefixInPlace) {
  const std::string t = "ALTER TABLE \"t\" ";
  EXPECT_EQ(sql_rel_options_change(t, {{"a", "1"}}, {{"a", "1"}}), std::vector<std::string>{});
  EXPECT_EQ(sql_rel_options_change(t, {{"a", "1"}, {"b", "2"}}, {{"a", "1"}}),
            std::vector<std::string>{"ALTER TABLE \"t\" RESET (\"b\")"});
  EXPECT_EQ(sql_rel_options_change(t, {{"b", "2"}, {"a", "1"}}, {{"a", "1"}, {"b", "2"}}),
            std::vector<std::string>{"ALTER TABLE \"t\" SET (\"a\" = '1', \"b\" = '2')"});
  EXPECT_EQ(
      sql_rel_options_change(t, {{"a", "1"}, {"c", "3"}}, {{"a", "9"}}),
      (std::vector<std::string>{"ALTER TABLE \"t\" RESET (\"c\")", "ALTER TABLE \"t\" SET (\"a\" = '9')"}));
  EXPECT_EQ(sql_rel_options_change(t, {}, {{"a", "x'y"}}),
            std::vector<std::string>{"ALTER TABLE \"t\" SET (\"a\" = 'x''y')"});
}

}  // namespace
}  // namespace p2s
