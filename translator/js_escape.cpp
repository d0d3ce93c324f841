#include "js_escape.h"

#include <cstdio>

namespace p2s {

std::string js_quote(std::string_view text, JsQuote quote) {
  const char q = quote == JsQuote::kSingle ? '\'' : '`';
  std::string out(1, q);
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
    } else {
      out += static_cast<char>(c);
    }
  }
  out += q;
  return out;
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
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace p2s
