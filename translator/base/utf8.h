// Input text checks done once, when the history is loaded: every later stage (libpg_query, which
// stops at a NUL; the JSON report; JavaScript string literals) may then assume valid UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace p2s {

enum class TextProblem { kNotUtf8, kNulByte };

struct TextError {
  size_t offset = 0;  // byte offset of the first offending byte
  TextProblem problem = TextProblem::kNotUtf8;
};

// Length of the well-formed UTF-8 sequence that starts at text[i], or 0 if there is none.
size_t utf8_sequence_length(std::string_view text, size_t i);

// The first byte that is NUL or not part of a well-formed UTF-8 sequence (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or nothing if the text is clean.
std::optional<TextError> find_text_error(std::string_view text);

}  // namespace p2s
