#include "history/order.h"

#include <algorithm>
#include <cstdint>

namespace p2s {

std::optional<MigrationOrder> parse_migration_order(std::string_view text) {
  if (text == "bytes") return MigrationOrder::kBytes;
  if (text == "locale") return MigrationOrder::kLocale;
  return std::nullopt;
}

const char* migration_order_name(MigrationOrder order) {
  switch (order) {
    case MigrationOrder::kUnspecified:
      return "unspecified";
    case MigrationOrder::kBytes:
      return "bytes";
    case MigrationOrder::kLocale:
      return "locale";
  }
  return "unspecified";
}

namespace {

// ICU's root order of the ASCII characters that are not ignorable, lowest first, as Node 20
// (ICU 78) sorts them: whitespace, punctuation and symbols, digits, then letters (whose case
// only matters at the tertiary level, see Element).
constexpr std::string_view kAsciiOrder =
    "\t\n\v\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";

struct Element {
  uint32_t primary;
  bool upper;  // tertiary weight: lower case before upper case
};

// Decodes one UTF-8 sequence at `at` (names were checked to be UTF-8; a stray byte counts as
// its own value), advancing `at`.
uint32_t next_code_point(std::string_view s, size_t& at) {
  const auto lead = static_cast<unsigned char>(s[at++]);
  if (lead < 0x80) return lead;
  const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  uint32_t cp = lead & (0x3Fu >> extra);
  for (int i = 0; i < extra && at < s.size(); ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(s[at++]) & 0x3Fu);
  return cp;
}

// The collation elements of a name: ignorable control characters dropped, everything else one
// element each.
std::vector<Element> elements(std::string_view s) {
  std::vector<Element> out;
  out.reserve(s.size());
  for (size_t at = 0; at < s.size();) {
    const uint32_t cp = next_code_point(s, at);
    if (cp >= 0x80) {
      out.push_back({static_cast<uint32_t>(kAsciiOrder.size()) + cp, false});
      continue;
    }
    const bool upper = cp >= 'A' && cp <= 'Z';
    const char folded = static_cast<char>(upper ? cp - 'A' + 'a' : cp);
    const size_t rank = kAsciiOrder.find(folded);
    if (rank == std::string_view::npos) continue;  // other control characters: ignorable
    out.push_back({static_cast<uint32_t>(rank), upper});
  }
  return out;
}

}  // namespace

int locale_compare(std::string_view a, std::string_view b) {
  const std::vector<Element> x = elements(a), y = elements(b);
  const size_t n = std::min(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    if (x[i].primary != y[i].primary) return x[i].primary < y[i].primary ? -1 : 1;
  }
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  for (size_t i = 0; i < n; ++i) {
    if (x[i].upper != y[i].upper) return x[i].upper ? 1 : -1;
  }
  return 0;
}

bool has_approximate_collation(std::string_view name) {
  return std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

void sort_folders(std::vector<std::string>& folders, MigrationOrder order) {
  std::sort(folders.begin(), folders.end());
  if (order == MigrationOrder::kLocale) {
    std::stable_sort(folders.begin(), folders.end(),
                     [](const std::string& a, const std::string& b) { return locale_compare(a, b) < 0; });
  }
}

}  // namespace p2s
