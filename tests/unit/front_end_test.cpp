// The parallel front end (app/front_end.cpp) against the one-thread reference: for every fixture
// history and a generated seed file of several lowering pieces, lower_history on four threads gives
// what parsing and lowering each file in turn gives, statement for statement and diagnostic for
// diagnostic.
#include "app/front_end.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "history/history.h"
#include "lower/lower.h"

namespace p2s {
namespace {

namespace fs = std::filesystem;

std::string describe_diags(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.all())
    out += std::to_string(x.loc.offset) + " " + x.code + " " + x.message + "\n";
  return out;
}

void expect_same_as_serial(const fs::path& dir) {
  SourceSet sources;
  Diagnostics load_diags;
  History history;
  std::string order_word;
  std::ifstream(dir.parent_path() / "prisma-order") >> order_word;
  const MigrationOrder order = parse_migration_order(order_word).value_or(MigrationOrder::kUnspecified);
  ASSERT_TRUE(load_history(dir, order, sources, load_diags, history)) << dir;
  const std::vector<LoweredFile> parallel = lower_history(history, sources, 4);
  ASSERT_EQ(parallel.size(), history.migrations.size());
  for (size_t i = 0; i < parallel.size(); ++i) {
    const Migration& m = history.migrations[i];
    const std::string& text = sources.file(m.file).text;
    auto parsed = ParsedSql::parse(text);
    if (auto* e = std::get_if<SyntaxError>(&parsed)) {
      ASSERT_TRUE(parallel[i].syntax_error.has_value()) << m.folder;
      EXPECT_EQ(parallel[i].syntax_error->byte_offset, e->byte_offset) << m.folder;
      EXPECT_EQ(parallel[i].syntax_error->message, e->message) << m.folder;
      continue;
    }
    ASSERT_FALSE(parallel[i].syntax_error.has_value()) << m.folder;
    Diagnostics diags;
    const std::vector<Statement> serial =
        lower_file(*std::get<std::unique_ptr<ParsedSql>>(parsed), m.file, text, diags);
    ASSERT_EQ(parallel[i].statements.size(), serial.size()) << m.folder;
    for (size_t k = 0; k < serial.size(); ++k) {
      const Statement& a = parallel[i].statements[k];
      const Statement& b = serial[k];
      EXPECT_EQ(a.sql, b.sql) << m.folder << " #" << k;
      EXPECT_EQ(a.loc.offset, b.loc.offset) << m.folder << " #" << k;
      EXPECT_EQ(a.kind.index(), b.kind.index()) << m.folder << " #" << k;
      EXPECT_EQ(a.outside_transaction, b.outside_transaction) << m.folder << " #" << k;
    }
    EXPECT_EQ(describe_diags(parallel[i].diags), describe_diags(diags)) << m.folder;
  }
}

TEST(FrontEnd, EveryFixtureLowersAsInOneThread) {
  size_t histories = 0;
  for (const auto& e : fs::directory_iterator(fs::path(P2S_SOURCE_DIR) / "fixtures")) {
    if (!fs::is_directory(e.path() / "migrations")) continue;
    expect_same_as_serial(e.path() / "migrations");
    ++histories;
  }
  EXPECT_GT(histories, 10u);
}

TEST(FrontEnd, ASeedFileOfManyPiecesLowersAsInOneThread) {
  const fs::path dir = fs::temp_directory_path() / ("p2s-front-end-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "migrations" / "20240101000000_seed");
  std::ofstream(dir / "migrations" / "migration_lock.toml") << "provider = \"postgresql\"\n";
  std::ofstream sql(dir / "migrations" / "20240101000000_seed" / "migration.sql");
  sql << "CREATE TABLE \"S\" (\"id\" INTEGER PRIMARY KEY, \"v\" TEXT);\n";
  for (int i = 0; i < 3000; ++i) {
    sql << "INSERT INTO \"S\" VALUES (" << i << ", 'v" << i << "');\n";
    if (i % 700 == 0) sql << "CREATE INDEX CONCURRENTLY \"S_v" << i << "\" ON \"S\" (\"v\");\n";
    if (i % 900 == 0) sql << "LISTEN chan" << i << ";\n";  // not modelled: reported
  }
  sql.close();
  expect_same_as_serial(dir / "migrations");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace p2s
