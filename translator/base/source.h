// Source files and compact locations: a location is a byte offset into one file, turned into
// file:line:col only when a diagnostic is printed (as Clang does).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace p2s {

struct SourceFile {
  std::string display_path;  // as given on the command line, relative where possible
  std::string text;
};

struct SourceLoc {
  uint32_t file = UINT32_MAX;  // index into SourceSet; UINT32_MAX = no location
  uint32_t offset = 0;         // 0-based byte offset
  bool valid() const { return file != UINT32_MAX; }
};

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in bytes
};

class SourceSet {
 public:
  uint32_t add(SourceFile file);
  const SourceFile& file(uint32_t index) const { return files_.at(index); }
  LineCol line_col(SourceLoc loc) const;
  std::string_view line_text(SourceLoc loc) const;
  std::string describe(SourceLoc loc) const;  // "path:line:col"

 private:
  std::vector<SourceFile> files_;
  // Per file, the offset of each line's first byte (the first is 0): line_col is a binary search,
  // not a scan from the start (a seed file asks for the line of each of its many statements).
  std::vector<std::vector<uint32_t>> line_starts_;
};

// libpg_query reports errors as a 1-based character (not byte) position.
uint32_t byte_offset_of_char_position(std::string_view text, int one_based_chars);

}  // namespace p2s
