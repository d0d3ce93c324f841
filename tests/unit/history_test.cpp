// Output names keep the order Prisma ran the folders in, whatever the prefixes look like; the
// history is refused when that order depends on the Prisma version and no --order is given.
#include "history/history.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace p2s {
namespace {

TEST(OutputNames, FourteenDigitPrefixKeepsTimestamp) {
  EXPECT_EQ(output_names({"20240101120000_add_users"}),
            std::vector<std::string>{"20240101120000-add_users.js"});
}

TEST(OutputNames, ShortPrefixesSortAfterLongerOnesAsPrismaDoes) {
  // Byte order: '0' < '_', so the 14-digit folder runs first.
  const std::vector<std::string> folders = {"20251011011831_eds", "20251011_performance_indexes"};
  const std::vector<std::string> expected = {"20251011011831-eds.js",
                                             "20251011999999-performance_indexes.js"};
  EXPECT_EQ(output_names(folders), expected);
}

TEST(OutputNames, TwelveDigitPrefixIsPadded) {
  EXPECT_EQ(output_names({"202310122339_NewColumnInLinkTable"}),
            std::vector<std::string>{"20231012233999-NewColumnInLinkTable.js"});
}

TEST(OutputNames, EmptyNameSpacesAndSqlSuffix) {
  const std::vector<std::string> folders = {"20240102000000_add users", "20240103000000_",
                                            "20240104000000_x.sql"};
  const std::vector<std::string> expected = {"20240102000000-add users.js", "20240103000000-.js",
                                             "20240104000000-x.sql.js"};
  EXPECT_EQ(output_names(folders), expected);
}

TEST(OutputNames, FallsBackToOrdinalsWhenPaddingWouldReorder) {
  // Prisma runs "20240101999999_b" first ('9' < '_'); "20240101_a" pads to the same digits and
  // its name "a" would then sort first.
  const std::vector<std::string> folders = {"20240101999999_b", "20240101_a"};
  const std::vector<std::string> names = output_names(folders);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], "00001-20240101999999-b.js");
  EXPECT_EQ(names[1], "00002-20240101999999-a.js");
}

TEST(OutputNames, LocaleOrderPadsWithZeros) {
  // localeCompare: '_' sorts before the digits, so the 8-digit folder runs first.
  const std::vector<std::string> folders = {"20251011_performance_indexes", "20251011011831_eds"};
  const std::vector<std::string> expected = {"20251011000000-performance_indexes.js",
                                             "20251011011831-eds.js"};
  EXPECT_EQ(output_names(folders, MigrationOrder::kLocale), expected);
}

// A history folder holding one migration.sql per name, removed at the end of the test.
class TempHistory {
 public:
  explicit TempHistory(const std::vector<std::string>& folders)
      : dir_(std::filesystem::temp_directory_path() /
             ("p2s-history-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "migration_lock.toml") << "provider = \"postgresql\"\n";
    for (const auto& f : folders) {
      std::filesystem::create_directory(dir_ / f);
      std::ofstream(dir_ / f / "migration.sql") << "SELECT 1;\n";
    }
  }
  ~TempHistory() { std::filesystem::remove_all(dir_); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

std::vector<std::string> loaded(const TempHistory& h, MigrationOrder order, Diagnostics& diags, bool& ok) {
  SourceSet sources;
  History history;
  ok = load_history(h.dir(), order, sources, diags, history);
  std::vector<std::string> folders;
  for (const auto& m : history.migrations) folders.push_back(m.folder);
  return folders;
}

TEST(LoadHistory, RulesThatAgreeNeedNoOrder) {
  TempHistory h({"20240102000000_b", "20240101000000_a"});
  Diagnostics diags;
  bool ok = false;
  EXPECT_EQ(loaded(h, MigrationOrder::kUnspecified, diags, ok),
            (std::vector<std::string>{"20240101000000_a", "20240102000000_b"}));
  EXPECT_TRUE(ok);
  EXPECT_FALSE(diags.has_errors());
}

TEST(LoadHistory, RulesThatDisagreeAreRefusedNamingThePair) {
  TempHistory h(
      {"20240101000000_init", "20251011011831_eds", "20251011_performance_indexes", "20251012000000_z"});
  Diagnostics diags;
  bool ok = true;
  EXPECT_TRUE(loaded(h, MigrationOrder::kUnspecified, diags, ok).empty());
  EXPECT_FALSE(ok);
  ASSERT_EQ(diags.all().size(), 1u);
  const Diagnostic& d = diags.all()[0];
  EXPECT_EQ(d.code, "ambiguous-order");
  EXPECT_NE(d.message.find("\"20251011011831_eds\" runs before \"20251011_performance_indexes\" by bytes"),
            std::string::npos)
      << d.message;
  EXPECT_NE(d.message.find("--order bytes or --order locale"), std::string::npos) << d.message;
}

TEST(LoadHistory, EachRuleOrdersAsPrismaDid) {
  TempHistory h({"20251011_performance_indexes", "20251011011831_eds"});
  Diagnostics diags;
  bool ok = false;
  EXPECT_EQ(loaded(h, MigrationOrder::kBytes, diags, ok),
            (std::vector<std::string>{"20251011011831_eds", "20251011_performance_indexes"}));
  EXPECT_TRUE(ok);
  EXPECT_EQ(loaded(h, MigrationOrder::kLocale, diags, ok),
            (std::vector<std::string>{"20251011_performance_indexes", "20251011011831_eds"}));
  EXPECT_TRUE(ok);
  EXPECT_FALSE(diags.has_errors());
}

TEST(LoadHistory, NonAsciiNamesWarnThatTheLocaleOrderIsApproximate) {
  TempHistory h({"20240101000000_caf\xc3\xa9"});
  Diagnostics diags;
  bool ok = false;
  loaded(h, MigrationOrder::kLocale, diags, ok);
  EXPECT_TRUE(ok);
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].code, "order-approximate");
}

}  // namespace
}  // namespace p2s
