#include "base/source.h"

#include <algorithm>

namespace p2s {

uint32_t SourceSet::add(SourceFile file) {
  std::vector<uint32_t> starts{0};
  const std::string& text = file.text;
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1))
    starts.push_back(static_cast<uint32_t>(at + 1));
  starts.shrink_to_fit();
  line_starts_.push_back(std::move(starts));
  files_.push_back(std::move(file));
  return static_cast<uint32_t>(files_.size() - 1);
}

LineCol SourceSet::line_col(SourceLoc loc) const {
  const std::string& text = file(loc.file).text;
  const std::vector<uint32_t>& starts = line_starts_[loc.file];
  const uint32_t at = std::min<uint32_t>(loc.offset, static_cast<uint32_t>(text.size()));
  // The last line start at or before `at` (a '\n' itself belongs to the line it ends).
  const auto line = std::upper_bound(starts.begin(), starts.end(), at) - 1;
  return LineCol{static_cast<uint32_t>(line - starts.begin()) + 1, at - *line + 1};
}

std::string_view SourceSet::line_text(SourceLoc loc) const {
  std::string_view text = file(loc.file).text;
  const size_t at = std::min<size_t>(loc.offset, text.size());
  size_t begin = text.rfind('\n', at == 0 ? 0 : at - 1);
  begin = (begin == std::string_view::npos || at == 0) ? 0 : begin + 1;
  if (at > 0 && text[at - 1] == '\n') begin = at;
  size_t end = text.find('\n', at);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string SourceSet::describe(SourceLoc loc) const {
  if (!loc.valid()) return "<unknown>";
  const LineCol lc = line_col(loc);
  return file(loc.file).display_path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

uint32_t byte_offset_of_char_position(std::string_view text, int one_based_chars) {
  int chars = 0;
  for (uint32_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80) {
      if (++chars == one_based_chars) return i;
    }
  }
  return static_cast<uint32_t>(text.size());
}

}  // namespace p2s
