#include "base/utf8.h"

namespace p2s {

// Length of the well-formed sequence starting at `i`, or 0. The ranges are the table of
// well-formed byte sequences in the Unicode standard (section 3.9, table 3-7).
size_t utf8_sequence_length(std::string_view text, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return n;
}

std::optional<TextError> find_text_error(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\0') return TextError{i, TextProblem::kNulByte};
    const size_t n = utf8_sequence_length(text, i);
    if (n == 0) return TextError{i, TextProblem::kNotUtf8};
    i += n;
  }
  return std::nullopt;
}

}  // namespace p2s
