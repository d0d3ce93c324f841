// For every fixture history: replaying each statement's down() operations on the schema model
// after the statement returns the model to where it was before it (unless the step is marked
// irreversible). The down() operations are turned into the SQL they run and parsed again, so this
// also proves that every emitted down statement is valid PostgreSQL syntax.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "history/history.h"
#include "model/describe.h"
#include "plan/op_sql.h"
#include "support.h"

namespace p2s::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> fixture_histories() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(P2S_SOURCE_DIR) / "fixtures")) {
    if (fs::is_directory(e.path() / "migrations")) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class RoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTrip, DownRestoresTheModel) {
  SourceSet sources;
  Diagnostics diags;
  History history;
  const fs::path fixture = fs::path(P2S_SOURCE_DIR) / "fixtures" / GetParam();
  // The order Prisma ran the fixture in, when the two rules differ (fixtures/README.md).
  std::string order_word;
  std::ifstream(fixture / "prisma-order") >> order_word;
  const MigrationOrder order = parse_migration_order(order_word).value_or(MigrationOrder::kUnspecified);
  ASSERT_TRUE(load_history(fixture / "migrations", order, sources, diags, history));
  ASSERT_FALSE(history.migrations.empty());
  Schema model;
  std::vector<std::unique_ptr<ParsedSql>> trees;
  size_t checked = 0;
  for (const Migration& m : history.migrations) {
    auto parsed = ParsedSql::parse(sources.file(m.file).text);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<ParsedSql>>(parsed)) << m.folder;
    trees.push_back(std::move(std::get<std::unique_ptr<ParsedSql>>(parsed)));
    for (const Statement& st : lower_file(*trees.back(), m.file, sources.file(m.file).text, diags)) {
      const Schema before = model;
      const Step step = plan(st, model, PlanOptions{});
      apply(st, model, diags);
      if (step.reversibility == Reversibility::kIrreversible) continue;
      Pipeline undo;
      undo.schema = model;
      for (const Op& op : step.down) {
        const std::string sql = op_effect_sql(op);
        if (!sql.empty()) undo.run(sql);
      }
      ++checked;
      EXPECT_EQ(describe(undo.schema), describe(before))
          << m.folder << " line " << sources.line_col(st.loc).line << ": " << step.summary;
    }
  }
  EXPECT_GT(checked, 0u);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RoundTrip, ::testing::ValuesIn(fixture_histories()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace p2s::test
