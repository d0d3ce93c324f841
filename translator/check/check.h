// check: every emitted file is parsed with tree-sitter-javascript in-process. An ERROR or MISSING
// node, or a file that is not `module.exports = { async up() {}, async down() {} }`, is a bug in
// the translator.
#pragma once

#include <optional>
#include <string>

namespace p2s {

struct CheckFailure {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based
  std::string message;
};

// `threads`: a large file's pieces are parsed by this many threads (each with its own parser).
std::optional<CheckFailure> check_migration_js(const std::string& source, unsigned threads = 1);

}  // namespace p2s
