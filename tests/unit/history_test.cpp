// Output names keep Prisma's byte order of folder names, whatever the prefixes look like.
#include "history.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace p2s
