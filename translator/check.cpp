#include "check.h"

#include <tree_sitter/api.h>

#include <cstring>
#include <memory>
#include <string_view>

extern "C" const TSLanguage* tree_sitter_javascript(void);

namespace p2s {
namespace {

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};

CheckFailure at(TSNode n, std::string message) {
  const TSPoint p = ts_node_start_point(n);
  return CheckFailure{p.row + 1, p.column + 1, std::move(message)};
}

std::optional<CheckFailure> find_error(TSNode n) {
  if (ts_node_is_missing(n)) return at(n, std::string("missing ") + ts_node_type(n));
  if (std::strcmp(ts_node_type(n), "ERROR") == 0) return at(n, "syntax error");
  if (!ts_node_has_error(n)) return std::nullopt;
  const uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    if (auto f = find_error(ts_node_child(n, i))) return f;
  }
  return at(n, "syntax error");
}

std::string_view text_of(TSNode n, const std::string& src) {
  return std::string_view(src).substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
}

// module.exports = { async up(queryInterface, Sequelize) {...}, async down(...) {...} }
std::optional<CheckFailure> check_shape(TSNode root, const std::string& src) {
  const uint32_t count = ts_node_named_child_count(root);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode stmt = ts_node_named_child(root, i);
    if (std::strcmp(ts_node_type(stmt), "expression_statement") != 0) continue;
    TSNode expr = ts_node_named_child(stmt, 0);
    if (std::strcmp(ts_node_type(expr), "assignment_expression") != 0) continue;
    TSNode left = ts_node_child_by_field_name(expr, "left", 4);
    TSNode right = ts_node_child_by_field_name(expr, "right", 5);
    if (text_of(left, src) != "module.exports") continue;
    if (std::strcmp(ts_node_type(right), "object") != 0)
      return at(right, "module.exports is not an object literal");
    bool up = false, down = false;
    for (uint32_t k = 0; k < ts_node_named_child_count(right); ++k) {
      TSNode member = ts_node_named_child(right, k);
      if (std::strcmp(ts_node_type(member), "method_definition") != 0) continue;
      TSNode name = ts_node_child_by_field_name(member, "name", 4);
      const bool is_async = text_of(member, src).substr(0, 6) == "async ";
      if (text_of(name, src) == "up" && is_async) up = true;
      if (text_of(name, src) == "down" && is_async) down = true;
    }
    if (!up) return at(right, "module.exports has no async up() method");
    if (!down) return at(right, "module.exports has no async down() method");
    return std::nullopt;
  }
  return CheckFailure{1, 1, "no `module.exports = {...}` assignment"};
}

}  // namespace

std::optional<CheckFailure> check_migration_js(const std::string& source) {
  std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), tree_sitter_javascript())) {
    return CheckFailure{1, 1, "tree-sitter-javascript ABI is incompatible with the tree-sitter library"};
  }
  std::unique_ptr<TSTree, TreeDeleter> tree(
      ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<uint32_t>(source.size())));
  const TSNode root = ts_tree_root_node(tree.get());
  if (auto f = find_error(root)) return f;
  return check_shape(root, source);
}

}  // namespace p2s
