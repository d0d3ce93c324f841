#include "check/check.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "base/parallel.h"

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

// module.exports = { async up(queryInterface, Sequelize) {...}, async down(...) {...} }: which of
// the two methods the file's module.exports object has.
struct Shape {
  bool exports = false, up = false, down = false;
  std::optional<CheckFailure> failure;
};

void find_shape(TSNode root, const std::string& src, Shape& shape) {
  const uint32_t count = ts_node_named_child_count(root);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode stmt = ts_node_named_child(root, i);
    if (std::strcmp(ts_node_type(stmt), "expression_statement") != 0) continue;
    TSNode expr = ts_node_named_child(stmt, 0);
    if (std::strcmp(ts_node_type(expr), "assignment_expression") != 0) continue;
    TSNode left = ts_node_child_by_field_name(expr, "left", 4);
    TSNode right = ts_node_child_by_field_name(expr, "right", 5);
    if (text_of(left, src) != "module.exports") continue;
    shape.exports = true;
    if (std::strcmp(ts_node_type(right), "object") != 0) {
      if (!shape.failure) shape.failure = at(right, "module.exports is not an object literal");
      return;
    }
    for (uint32_t k = 0; k < ts_node_named_child_count(right); ++k) {
      TSNode member = ts_node_named_child(right, k);
      if (std::strcmp(ts_node_type(member), "method_definition") != 0) continue;
      TSNode name = ts_node_child_by_field_name(member, "name", 4);
      const bool is_async = text_of(member, src).substr(0, 6) == "async ";
      if (text_of(name, src) == "up" && is_async) shape.up = true;
      if (text_of(name, src) == "down" && is_async) shape.down = true;
    }
    return;
  }
}

std::optional<CheckFailure> shape_failure(const Shape& shape) {
  if (shape.failure) return shape.failure;
  if (!shape.exports) return CheckFailure{1, 1, "no `module.exports = {...}` assignment"};
  if (!shape.up) return CheckFailure{1, 1, "module.exports has no async up() method"};
  if (!shape.down) return CheckFailure{1, 1, "module.exports has no async down() method"};
  return std::nullopt;
}

// A large file (a seed migration with thousands of statements) is checked in pieces, because
// tree-sitter's tree of it costs about 15 bytes per byte of JavaScript. A piece ends at a line end
// outside any string, template or comment; it is parsed with the lines that opened the brackets
// still open where it starts put before it, and the matching closing brackets after it. A wrong
// cut can only make a piece fail to parse (an unterminated literal), never make a bad file pass.
constexpr size_t kWholeFileLimit = 1 << 20;
constexpr size_t kPieceSize = 256 << 10;

struct Piece {
  size_t begin = 0, end = 0;  // byte range in the file
  std::string prefix;         // the opening lines of the brackets open at `begin`
  std::string suffix;         // the matching closing brackets
  uint32_t first_line = 1;    // the file's line number of `begin`
};

struct Opener {
  size_t line_begin;  // where the line that opened it starts
  size_t at;          // the bracket's offset
  char close;
};

std::string prefix_of(const std::string& src, const std::vector<Opener>& open) {
  std::string out;
  for (size_t i = 0; i < open.size(); ++i) {
    // Several brackets opened on one line: that line once, up to the last of them.
    if (i + 1 < open.size() && open[i + 1].line_begin == open[i].line_begin) continue;
    out.append(src, open[i].line_begin, open[i].at + 1 - open[i].line_begin);
    out += '\n';
  }
  return out;
}

std::string suffix_of(const std::vector<Opener>& open) {
  std::string out = "\n";
  for (auto it = open.rbegin(); it != open.rend(); ++it) out += it->close;
  return out + "\n";
}

// Cuts the file into pieces with a JavaScript lexer just good enough for what emit writes (strings,
// templates with ${...}, comments, brackets; no regular expression literals).
std::vector<Piece> pieces_of(const std::string& src) {
  std::vector<Piece> out;
  std::vector<Opener> open;
  std::vector<size_t> template_depths;  // bracket depth at each ${ inside a template
  Piece piece;
  size_t line_begin = 0;
  enum class State { kCode, kSingle, kDouble, kTemplate, kLineComment, kBlockComment } state = State::kCode;
  for (size_t i = 0; i < src.size(); ++i) {
    const char c = src[i];
    const char next = i + 1 < src.size() ? src[i + 1] : '\0';
    if (c == '\n') {
      line_begin = i + 1;
      if (state == State::kLineComment || state == State::kSingle || state == State::kDouble)
        state = State::kCode;
      if (state == State::kCode && template_depths.empty() && i + 1 - piece.begin >= kPieceSize) {
        piece.end = i + 1;
        piece.suffix = suffix_of(open);
        const auto lines =
            static_cast<uint32_t>(std::count(src.begin() + static_cast<std::ptrdiff_t>(piece.begin),
                                             src.begin() + static_cast<std::ptrdiff_t>(i + 1), '\n'));
        Piece next_piece{i + 1, 0, prefix_of(src, open), "", piece.first_line + lines};
        out.push_back(std::move(piece));
        piece = std::move(next_piece);
      }
      continue;
    }
    switch (state) {
      case State::kCode:
        if (c == '\'') state = State::kSingle;
        if (c == '"') state = State::kDouble;
        if (c == '`') state = State::kTemplate;
        if (c == '/' && next == '/') state = State::kLineComment;
        if (c == '/' && next == '*') state = State::kBlockComment;
        if (c == '{' || c == '(' || c == '[') {
          open.push_back(Opener{line_begin, i, c == '{' ? '}' : c == '(' ? ')' : ']'});
        } else if (c == '}' && !template_depths.empty() && template_depths.back() == open.size()) {
          template_depths.pop_back();
          state = State::kTemplate;
        } else if ((c == '}' || c == ')' || c == ']') && !open.empty()) {
          open.pop_back();
        }
        break;
      case State::kSingle:
      case State::kDouble:
        if (c == '\\' && next != '\n')
          ++i;
        else if (c == (state == State::kSingle ? '\'' : '"'))
          state = State::kCode;
        break;
      case State::kTemplate:
        if (c == '\\' && next != '\n') {
          ++i;
        } else if (c == '`') {
          state = State::kCode;
        } else if (c == '$' && next == '{') {
          template_depths.push_back(open.size());
          state = State::kCode;
          ++i;
        }
        break;
      case State::kLineComment:
        break;
      case State::kBlockComment:
        if (c == '*' && next == '/') {
          state = State::kCode;
          ++i;
        }
        break;
    }
  }
  piece.end = src.size();
  out.push_back(std::move(piece));
  return out;
}

}  // namespace

std::optional<CheckFailure> check_migration_js(const std::string& source, unsigned threads) {
  std::vector<Piece> pieces;
  if (source.size() <= kWholeFileLimit) {
    pieces.push_back(Piece{0, source.size(), "", "", 1});
  } else {
    pieces = pieces_of(source);
  }
  // Each piece's verdict, and the shape of what it holds (a parser a piece: a few microseconds).
  std::vector<std::optional<CheckFailure>> failures(pieces.size());
  std::vector<Shape> shapes(pieces.size());
  parallel_for(pieces.size(), threads, [&](size_t i) {
    std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
    if (!ts_parser_set_language(parser.get(), tree_sitter_javascript())) {
      failures[i] =
          CheckFailure{1, 1, "tree-sitter-javascript ABI is incompatible with the tree-sitter library"};
      return;
    }
    const Piece& p = pieces[i];
    const std::string text =
        pieces.size() == 1 ? std::string() : p.prefix + source.substr(p.begin, p.end - p.begin) + p.suffix;
    const std::string& src = pieces.size() == 1 ? source : text;
    std::unique_ptr<TSTree, TreeDeleter> tree(
        ts_parser_parse_string(parser.get(), nullptr, src.data(), static_cast<uint32_t>(src.size())));
    const TSNode root = ts_tree_root_node(tree.get());
    if (auto f = find_error(root)) {
      // Back to the file's line numbers (a failure inside the added brackets: the piece's first line).
      const auto prefix_lines = static_cast<uint32_t>(std::count(p.prefix.begin(), p.prefix.end(), '\n'));
      f->line = f->line > prefix_lines ? f->line - prefix_lines + p.first_line - 1 : p.first_line;
      failures[i] = std::move(f);
      return;
    }
    find_shape(root, src, shapes[i]);
  });
  Shape shape;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (failures[i]) return failures[i];
    shape.exports = shape.exports || shapes[i].exports;
    shape.up = shape.up || shapes[i].up;
    shape.down = shape.down || shapes[i].down;
    if (!shape.failure) shape.failure = shapes[i].failure;
  }
  return shape_failure(shape);
}

}  // namespace p2s
