// Identifier quoting (parse/pg_parse.h) against what PostgreSQL's deparser writes: a name is bare
// only when it reads the same unquoted, so the model's text and the catalog's text agree.
#include <gtest/gtest.h>

#include "model/schema.h"
#include "parse/pg_parse.h"

namespace p2s {
namespace {

TEST(Quote, BareIdentifiersAreLowerCaseNamesThatDoNotStartWithADigit) {
  EXPECT_TRUE(bare_identifier("mood"));
  EXPECT_TRUE(bare_identifier("_private"));
  EXPECT_TRUE(bare_identifier("ticket_id_seq2"));
  EXPECT_FALSE(bare_identifier(""));
  EXPECT_FALSE(bare_identifier("Mood"));
  EXPECT_FALSE(bare_identifier("2fa_codes"));
  EXPECT_FALSE(bare_identifier("with space"));
  EXPECT_FALSE(bare_identifier("caf\xc3\xa9"));
}

TEST(Quote, QuotedIdentifiersDoubleTheirQuotes) {
  EXPECT_EQ(quote_ident("Mood"), "\"Mood\"");
  EXPECT_EQ(quote_ident("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_literal("it's"), "'it''s'");
}

// The model keeps a default's casts to types in public unqualified, as pg_get_expr prints them; a
// literal or a quoted identifier that merely contains the text is left alone.
TEST(Quote, DefaultsCastToPublicTypesUnqualified) {
  EXPECT_EQ(unqualified_public_casts("'cash'::public.\"Kind\"::text"), "'cash'::\"Kind\"::text");
  EXPECT_EQ(unqualified_public_casts("'x'::\"public\".mood"), "'x'::mood");
  EXPECT_EQ(unqualified_public_casts("'x'::billing.\"Kind\""), "'x'::billing.\"Kind\"");
  EXPECT_EQ(unqualified_public_casts("'a''::public.b'::text"), "'a''::public.b'::text");
  EXPECT_EQ(unqualified_public_casts("public.f()::public.t"), "public.f()::t");
}

// A type named in a default's text (followed by ALTER TYPE ... RENAME TO) is found after `::` or a
// schema's `.`, not inside a string literal that merely holds the same text.
TEST(Quote, TypeNamesInTextSkipStringLiterals) {
  const std::string text = "'cast as ''a''::\"Kind\"'::text || 'a'::\"Kind\"::text || 'x'::public.\"Kind\"";
  const std::vector<TextSpan> spans = type_name_spans(text, "Kind");
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(text.substr(spans[0].at - 5, 5 + spans[0].size), "'a'::\"Kind\"");
  EXPECT_EQ(text.substr(spans[1].at - 7, 7 + spans[1].size), "public.\"Kind\"");
  EXPECT_TRUE(type_name_spans("'x::kind'", "kind").empty());
  EXPECT_EQ(type_name_spans("'x'::kind", "kind").size(), 1u);
}

}  // namespace
}  // namespace p2s
