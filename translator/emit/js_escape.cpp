#include "emit/js_escape.h"

#include <cstdint>
#include <cstdio>

namespace p2s {
namespace {

// The length of a UTF-8 sequence at `i` that ESLint's no-irregular-whitespace rejects outside
// string literals (template literals and comments included), or 0. U+2028/9 are handled apart.
size_t irregular_whitespace(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u; };
  const unsigned c = byte(i);
  if (c == 0xC2 && (byte(i + 1) == 0xA0 || byte(i + 1) == 0x85)) return 2;  // U+00A0, U+0085
  if (c == 0xE1 && byte(i + 1) == 0x9A && byte(i + 2) == 0x80) return 3;    // U+1680
  if (c == 0xE1 && byte(i + 1) == 0xA0 && byte(i + 2) == 0x8E) return 3;    // U+180E
  if (c == 0xE2 && byte(i + 1) == 0x80 && (byte(i + 2) <= 0x8B || byte(i + 2) == 0xAF)) return 3;
  if (c == 0xE2 && byte(i + 1) == 0x81 && byte(i + 2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && byte(i + 1) == 0x80 && byte(i + 2) == 0x80) return 3;  // U+3000
  if (c == 0xEF && byte(i + 1) == 0xBB && byte(i + 2) == 0xBF) return 3;  // U+FEFF
  return 0;
}

uint32_t decode(std::string_view text, size_t i, size_t len) {
  const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(text[i + k])); };
  return len == 2 ? ((b(0) & 0x1Fu) << 6) | (b(1) & 0x3Fu)
                  : ((b(0) & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
}

}  // namespace

std::string js_string(const std::string& text) {
  size_t single = 0, dbl = 0;
  for (char c : text) {
    single += c == '\'';
    dbl += c == '"';
  }
  return js_quote(text, single > dbl ? JsQuote::kDouble : JsQuote::kSingle);
}

std::string js_quote(std::string_view text, JsQuote quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out += quote == JsQuote::kSingle ? '\'' : quote == JsQuote::kDouble ? '"' : '`';
  append_js_quoted(out, text, quote);
  out += out.front();
  return out;
}

void append_js_quoted(std::string& out, std::string_view text, JsQuote quote) {
  const char q = quote == JsQuote::kSingle ? '\'' : quote == JsQuote::kDouble ? '"' : '`';
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == static_cast<unsigned char>(q)) {
      out += '\\';
      out += q;
    } else if (quote == JsQuote::kTemplate && c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      out += "\\$";
    } else if (c == '\n') {
      out += quote == JsQuote::kTemplate ? "\n" : "\\n";
    } else if (c == '\r') {
      out += "\\r";  // a template literal would turn a raw CR into LF
    } else if (c == '\t' && quote == JsQuote::kTemplate) {
      out += '\t';
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else if (const size_t len = quote == JsQuote::kTemplate ? irregular_whitespace(text, i) : 0; len > 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(decode(text, i, len)));
      out += buf;
      i += len - 1;
    } else {
      out += static_cast<char>(c);
    }
  }
}

std::string js_key(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '$');
  }
  return plain && name != "__proto__" ? name : js_string(name);
}

}  // namespace p2s

namespace p2s {

std::string js_comment(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      out += ' ';
      i += 2;
    } else if (const size_t len = irregular_whitespace(text, i); len > 0) {
      out += ' ';
      i += len - 1;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace p2s
