// The one way input text reaches JavaScript source: as a string literal, escaped so that any
// identifier or SQL text (backticks, ${, backslashes, quotes, newlines, U+2028) arrives byte for
// byte and can never become code.
#pragma once

#include <string>
#include <string_view>

namespace p2s {

enum class JsQuote { kSingle, kDouble, kTemplate };

std::string js_quote(std::string_view text, JsQuote quote);
// js_quote's text without its quotes, appended to `out`. Pieces appended one after the other are
// escaped as their concatenation would be when no escape spans a boundary (none does when the pieces
// are joined by `;`).
void append_js_quoted(std::string& out, std::string_view text, JsQuote quote);
// A string literal in the quotes Prettier (singleQuote) chooses: single, unless the text has more
// single than double quotes.
std::string js_string(const std::string& text);
// An object key: bare when it is a plain identifier, else a quoted string.
std::string js_key(const std::string& name);

}  // namespace p2s

namespace p2s {
// Text for a `//` comment: line terminators become spaces so it cannot end the comment, and so does
// other whitespace ESLint's no-irregular-whitespace rejects in comments.
std::string js_comment(std::string_view text);
}  // namespace p2s
