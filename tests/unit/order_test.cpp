// locale_compare() against orders Node 20 (ICU 78, en-US) gave for `names.sort((a, b) =>
// a.localeCompare(b))`, written down here and checked by hand against ICU's root collation rules;
// the test does not run Node.
#include "history/order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace p2s {
namespace {

// Node's order. Lines marked (bytes) are where byte order differs.
const std::vector<std::string> kNodeOrder = {
    "0_init",
    "10_x",
    "2025101",
    "20251011",
    "20251011 space",
    "20251011__x",
    "20251011_a",
    "20251011_A",  // (bytes) case is a tie-break only, lower case first
    "20251011_performance_indexes",
    "20251011-dash",  // (bytes) '-' 0x2d sorts before '_' and the digits by bytes
    "20251011.dot",
    "20251011~tilde",
    "20251011$dollar",
    "20251011011831_eds",  // (bytes) '0' < '_' by bytes: this runs first there
    "20251011a",
    "20251011A",
    "20251011b",
    "20251011B",
    "9_x",
    "a",
    "a_b",
    "a-b",
    "a.b",
    "a0",
    "ab",
    "aB",
    "Ab",
    "AB",
    "ab_",
    "alpha",
    "Zeta",  // (bytes) 'Z' 0x5a < 'a' by bytes
    "zz",
    "\xce\xb1",  // U+03B1 GREEK SMALL LETTER ALPHA: after every Latin letter
};

TEST(LocaleCompare, SortsAsNodeLocaleCompare) {
  std::vector<std::string> shuffled = kNodeOrder;
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::vector<std::string> sorted = shuffled;
    sort_folders(sorted, MigrationOrder::kLocale);
    ASSERT_EQ(sorted, kNodeOrder);
  }
}

TEST(LocaleCompare, PairsNodeReports) {
  // node -e 'console.log("aB".localeCompare("Ab"))' and so on.
  EXPECT_LT(locale_compare("aB", "Ab"), 0);
  EXPECT_LT(locale_compare("a", "A"), 0);
  EXPECT_LT(locale_compare("a_b", "a-b"), 0);
  EXPECT_LT(locale_compare("20251011_performance_indexes", "20251011011831_eds"), 0);
  EXPECT_GT(locale_compare("20251011011831_eds", "20251011_performance_indexes"), 0);
  EXPECT_EQ(locale_compare("x", "x"), 0);
  // Control characters are ignorable: Node returns 0 for "ab" vs "a\x01b"...
  EXPECT_EQ(locale_compare("ab",
                           "a\x01"
                           "b"),
            0);
  // ...but the whitespace controls are not, and sort before the space.
  EXPECT_LT(locale_compare("a\tb", "a b"), 0);
  EXPECT_LT(locale_compare("a b", "ab"), 0);
}

TEST(LocaleCompare, EqualNamesKeepByteOrder) {
  // Node's sort is stable, so equal names would keep the directory listing's order; ours is
  // deterministic instead.
  std::vector<std::string> folders = {"ab",
                                      "a\x01"
                                      "b"};
  sort_folders(folders, MigrationOrder::kLocale);
  EXPECT_EQ(folders, (std::vector<std::string>{"a\x01"
                                               "b",
                                               "ab"}));
}

TEST(LocaleCompare, ByteOrderIsPlainStringOrder) {
  std::vector<std::string> folders = {"20251011_performance_indexes", "Zeta", "20251011011831_eds", "alpha"};
  sort_folders(folders, MigrationOrder::kBytes);
  EXPECT_EQ(folders, (std::vector<std::string>{"20251011011831_eds", "20251011_performance_indexes", "Zeta",
                                               "alpha"}));
}

TEST(LocaleCompare, ApproximationIsFlagged) {
  EXPECT_FALSE(has_approximate_collation("20240101_init"));
  EXPECT_TRUE(has_approximate_collation("20240101_\xc3\xa9t\xc3\xa9"));  // "été": ICU puts it among the e's
}

TEST(MigrationOrderName, RoundTrips) {
  EXPECT_EQ(parse_migration_order("bytes"), MigrationOrder::kBytes);
  EXPECT_EQ(parse_migration_order("locale"), MigrationOrder::kLocale);
  EXPECT_EQ(parse_migration_order("Locale"), std::nullopt);
  EXPECT_STREQ(migration_order_name(MigrationOrder::kLocale), "locale");
}

}  // namespace
}  // namespace p2s
