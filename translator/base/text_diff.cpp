#include "base/text_diff.h"

#include <algorithm>
#include <vector>

namespace p2s {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t nl = text.find('\n', start);
    const size_t end = nl == std::string::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

struct Edit {
  char op;  // ' ', '-', '+'
  const std::string* line;
};

// Longest common subsequence on the lines between the common prefix and suffix; above a size
// limit (generated files rarely differ that much) the middle is shown as removed, then added.
std::vector<Edit> edits(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Edit> out;
  for (size_t i = 0; i < prefix; ++i) out.push_back({' ', &a[i]});
  const size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;
  if (n * m <= 4'000'000) {
    std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        lcs[i][j] =
            a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        out.push_back({' ', &a[prefix + i]});
        ++i;
        ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.push_back({'-', &a[prefix + i++]});
      } else {
        out.push_back({'+', &b[prefix + j++]});
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) out.push_back({'-', &a[prefix + i]});
    for (size_t j = 0; j < m; ++j) out.push_back({'+', &b[prefix + j]});
  }
  for (size_t i = a.size() - suffix; i < a.size(); ++i) out.push_back({' ', &a[i]});
  return out;
}

}  // namespace

std::string unified_diff(const std::string& name, const std::string& before, const std::string& after) {
  const std::vector<std::string> a = split_lines(before), b = split_lines(after);
  const std::vector<Edit> all = edits(a, b);
  constexpr size_t kContext = 3;
  std::string out = "--- a/" + name + "\n+++ b/" + name + "\n";
  std::vector<size_t> changes;
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].op != ' ') changes.push_back(i);
  }
  for (size_t c = 0; c < changes.size();) {
    // One hunk: changes closer than 2 * kContext unchanged lines, with kContext lines around.
    size_t last = c;
    while (last + 1 < changes.size() && changes[last + 1] - changes[last] <= 2 * kContext + 1) ++last;
    const size_t from = changes[c] >= kContext ? changes[c] - kContext : 0;
    const size_t to = std::min(all.size(), changes[last] + kContext + 1);
    size_t a_line = 1, b_line = 1;
    for (size_t t = 0; t < from; ++t) {
      a_line += all[t].op != '+';
      b_line += all[t].op != '-';
    }
    size_t a_count = 0, b_count = 0;
    std::string body;
    for (size_t t = from; t < to; ++t) {
      a_count += all[t].op != '+';
      b_count += all[t].op != '-';
      const std::string& l = *all[t].line;
      body += all[t].op + l;
      if (l.empty() || l.back() != '\n') body += "\n\\ No newline at end of file\n";
    }
    out += "@@ -" + std::to_string(a_count ? a_line : a_line - 1) + "," + std::to_string(a_count) + " +" +
           std::to_string(b_count ? b_line : b_line - 1) + "," + std::to_string(b_count) + " @@\n" + body;
    c = last + 1;
  }
  return out;
}

}  // namespace p2s
