// Every input string reaches JavaScript as a literal that cannot end early or interpolate.
#include "emit/js_escape.h"

#include <gtest/gtest.h>

#include "check/check.h"

namespace p2s {
namespace {

struct EscapeRow {
  const char* input;
  const char* single;
  const char* templ;
};

const EscapeRow kRows[] = {
    {"plain", "'plain'", "`plain`"},
    {"it's", "'it\\'s'", "`it's`"},
    {"back`tick", "'back`tick'", "`back\\`tick`"},
    {"${x}", "'${x}'", "`\\${x}`"},
    {"a\\b", "'a\\\\b'", "`a\\\\b`"},
    {"line\nbreak", "'line\\nbreak'", "`line\nbreak`"},
    {"cr\rlf", "'cr\\rlf'", "`cr\\rlf`"},
    {"sep\xE2\x80\xA8x", "'sep\\u2028x'", "`sep\\u2028x`"},
    {"nul\x01", "'nul\\x01'", "`nul\\x01`"},
};

TEST(JsQuote, Table) {
  for (const EscapeRow& row : kRows) {
    EXPECT_EQ(js_quote(row.input, JsQuote::kSingle), row.single) << row.input;
    EXPECT_EQ(js_quote(row.input, JsQuote::kTemplate), row.templ) << row.input;
  }
}

TEST(JsQuote, HostileNamesStayOneValidLiteral) {
  for (const EscapeRow& row : kRows) {
    for (JsQuote q : {JsQuote::kSingle, JsQuote::kTemplate}) {
      const std::string js =
          "module.exports = { async up() { f(" + js_quote(row.input, q) + "); }, async down() {} };\n";
      EXPECT_FALSE(check_migration_js(js).has_value()) << js;
    }
  }
}

TEST(JsKey, QuotesWhatIsNotAPlainIdentifier) {
  EXPECT_EQ(js_key("createdAt"), "createdAt");
  EXPECT_EQ(js_key("first name"), "'first name'");
  EXPECT_EQ(js_key("1st"), "'1st'");
}

TEST(JsComment, CannotEndTheComment) {
  EXPECT_EQ(js_comment("a\nb\rc\xE2\x80\xA8"
                       "d"),
            "a b c d");
}

TEST(Check, RejectsSyntaxErrorsWithPosition) {
  const auto f = check_migration_js("module.exports = {\n  async up() { f(; },\n  async down() {},\n};\n");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->line, 2u);
}

TEST(Check, RejectsMissingDown) {
  const auto f = check_migration_js("module.exports = { async up() {} };\n");
  ASSERT_TRUE(f.has_value());
  EXPECT_NE(f->message.find("down"), std::string::npos);
}

TEST(Check, RejectsNonObjectExports) {
  EXPECT_TRUE(check_migration_js("module.exports = 42;\n").has_value());
  EXPECT_TRUE(check_migration_js("exports.up = async () => {};\n").has_value());
}

}  // namespace
}  // namespace p2s
