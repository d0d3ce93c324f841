#include "emit/emit.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "base/overloaded.h"
#include "emit/doc.h"
#include "emit/js_escape.h"
#include "emit/type_map.h"

namespace p2s {
namespace {

using doc::concat;
using doc::Doc;
using doc::group;
using doc::hardline;
using doc::indent;
using doc::line;
using doc::softline;
using doc::text;

// What Prettier's layout rules ask of an expression: its node type, and for property values
// whether it is a string or a "poorly breakable" chain (Sequelize.literal('short')).
enum class Type { kString, kTemplate, kObject, kEmptyObject, kArray, kBoolean, kIdentifier, kCall };

struct Expr {
  Doc doc;
  Type type;
  bool poorly_breakable = false;  // a member chain, or a call whose lone argument is short
  size_t entries = 0;             // an object's properties
};

Expr str(const std::string& value) {
  return {text(js_string(value)), Type::kString};
}

// SQL text: a template literal when it has a newline or a quote (Prettier leaves its text alone).
Expr sql_literal(const std::string& sql) {
  if (sql.find_first_of("\n'") == std::string::npos) return str(sql);
  return {doc::lines(js_quote(sql, JsQuote::kTemplate)), Type::kTemplate};
}

// Prettier's printCallArguments for the argument shapes we emit (no function-composition or
// first-argument cases arise).
Doc arguments(const std::vector<Expr>& args) {
  if (args.empty()) return text("()");
  std::vector<Doc> printed;
  for (size_t i = 0; i < args.size(); ++i) {
    printed.push_back(i + 1 < args.size() ? concat({args[i].doc, text(","), line()}) : args[i].doc);
  }
  auto all_broken_out = [&] {
    return group(concat({text("("), indent(concat({line(), concat(printed)})), text(","), line(), text(")")}),
                 true);
  };
  const Expr& last = args.back();
  const bool could_expand = last.type == Type::kObject || last.type == Type::kArray;
  if (could_expand && (args.size() == 1 || args[args.size() - 2].type != last.type)) {
    std::vector<Doc> head(printed.begin(), printed.end() - 1);
    if (std::any_of(head.begin(), head.end(), doc::will_break)) return all_broken_out();
    if (doc::will_break(last.doc)) {
      return concat(
          {doc::break_parent(),
           doc::conditional_group(
               {concat({text("("), concat(head), group(last.doc, true), text(")")}), all_broken_out()})});
    }
    return doc::conditional_group({concat({text("("), concat(head), last.doc, text(")")}),
                                   concat({text("("), concat(head), group(last.doc, true), text(")")}),
                                   all_broken_out()});
  }
  const bool any_break = std::any_of(printed.begin(), printed.end(), doc::will_break);
  return group(concat({text("("), indent(concat({softline(), concat(printed)})), doc::if_break(text(",")),
                       softline(), text(")")}),
               any_break);
}

Expr call(const std::string& callee, const std::vector<Expr>& args) {
  const bool lone_short = args.empty() || (args.size() == 1 && args[0].type == Type::kString &&
                                           doc::string_width(args[0].doc->text) <= 20);
  return {group(concat({text(callee), arguments(args)})), Type::kCall, lone_short};
}

struct Property {
  std::string key;  // already a JavaScript key; empty for shorthand `transaction`
  Expr value;
};

// Prettier's printAssignment for an object property, with the layout chooseLayout picks.
Doc property(const Property& p) {
  if (p.key.empty()) return p.value.doc;
  const Doc key = text(p.key);
  const bool short_key = doc::string_width(p.key) < 5;  // tabWidth + MIN_OVERLAP_FOR_BREAK
  const Type t = p.value.type;
  if (!short_key && (t == Type::kString || p.value.poorly_breakable)) {  // break-after-operator
    return group(concat({group(key), text(":"), group(indent(concat({line(), p.value.doc})))}));
  }
  if (short_key || t == Type::kTemplate || t == Type::kBoolean) {  // never-break-after-operator
    return group(concat({group(key), text(": "), p.value.doc}));
  }
  // fluid
  const Doc after_colon = group(indent(line()));
  return group(concat(
      {group(key), text(":"), after_colon, doc::if_break_of(after_colon, indent(p.value.doc), p.value.doc)}));
}

// `preserve_break`: Prettier keeps an object expanded when its source has a newline after `{`.
Expr object(const std::vector<Property>& props, bool preserve_break = false) {
  if (props.empty()) return {text("{}"), Type::kEmptyObject};
  std::vector<Doc> parts;
  for (size_t i = 0; i < props.size(); ++i) {
    if (i > 0) parts.push_back(concat({text(","), line()}));
    parts.push_back(property(props[i]));
  }
  return {group(concat({text("{"), indent(concat({line(), concat(parts)})), doc::if_break(text(",")), line(),
                        text("}")}),
                preserve_break),
          Type::kObject, false, props.size()};
}

Expr array(const std::vector<Expr>& items) {
  if (items.empty()) return {text("[]"), Type::kArray};
  // Prettier breaks an array of several objects that each have several properties.
  bool should_break = items.size() > 1;
  std::vector<Doc> parts;
  for (size_t i = 0; i < items.size(); ++i) {
    should_break = should_break && items[i].type == Type::kObject && items[i].entries > 1;
    if (i > 0) parts.push_back(concat({text(","), line()}));
    parts.push_back(items[i].doc);
  }
  return {group(concat({text("["), indent(concat({softline(), concat(parts)})), doc::if_break(text(",")),
                        softline(), text("]")}),
                should_break),
          Type::kArray};
}

// A `//` comment line; Prettier drops trailing whitespace.
Doc comment(const std::string& s) {
  std::string c = "// " + js_comment(s);
  while (!c.empty() && (c.back() == ' ' || c.back() == '\t')) c.pop_back();
  return text(c);
}

Expr ident(const std::string& name) {
  return {text(name), Type::kIdentifier};
}
Expr boolean(bool v) {
  return {text(v ? "true" : "false"), Type::kBoolean};
}

std::string constraint_type(ConstraintKind k) {
  switch (k) {
    case ConstraintKind::kPrimaryKey:
      return "primary key";
    case ConstraintKind::kUnique:
      return "unique";
    case ConstraintKind::kForeignKey:
      return "foreign key";
    case ConstraintKind::kCheck:
      return "check";
    case ConstraintKind::kExclusion:
      return "exclusion";
  }
  return "";
}

// The emitter's state for one function body: which parameters the body uses.
struct Uses {
  bool query_interface = false;
  bool sequelize = false;
  bool transaction = false;
};

Expr column(const NativeColumn& c, Uses& uses) {
  std::vector<Property> props;
  if (const auto sequelize = sequelize_type(c.type, c.serial)) {
    uses.sequelize = true;
    props.push_back({"type", {text(*sequelize), Type::kIdentifier}});
  } else {
    props.push_back({"type", str(c.type_sql)});
  }
  if (!c.allow_null) props.push_back({"allowNull", boolean(false)});
  if (c.default_sql) {
    uses.sequelize = true;
    props.push_back({"defaultValue", call("Sequelize.literal", {str(*c.default_sql)})});
  }
  return object(props);
}

Doc statement(const std::string& callee, const std::vector<Expr>& args) {
  return concat({text("await " + callee), arguments(args), text(";")});
}

bool uses_nothing(const Op& op) {
  return std::holds_alternative<NoteOp>(op) || std::holds_alternative<ThrowOp>(op);
}

// One queryInterface call with the options object { transaction } (or {} outside a transaction).
Doc emit_op(const Op& op, bool in_transaction, Uses& uses) {
  if (!uses_nothing(op)) {
    uses.query_interface = true;
    uses.transaction = uses.transaction || in_transaction;
  }
  const Property tx{"", ident("transaction")};
  const Expr opts = in_transaction ? object({tx}) : object({});
  const std::string qi = "queryInterface.";
  return std::visit(
      Overloaded{
          [&](const SqlOp& o) {
            return statement(qi + "sequelize.query", {sql_literal(o.sql), opts});
          },
          [&](const CreateTableOp& o) {
            std::vector<Property> cols;
            for (const NativeColumn& c : o.columns) cols.push_back({js_key(c.name), column(c, uses)});
            return statement(qi + "createTable", {str(o.table), object(cols, true), opts});
          },
          [&](const DropTableOp& o) {
            return statement(qi + "dropTable", {str(o.table), opts});
          },
          [&](const RenameTableOp& o) {
            return statement(qi + "renameTable", {str(o.from), str(o.to), opts});
          },
          [&](const AddColumnOp& o) {
            return statement(qi + "addColumn",
                             {str(o.table), str(o.column.name), column(o.column, uses), opts});
          },
          [&](const RemoveColumnOp& o) {
            return statement(qi + "removeColumn", {str(o.table), str(o.column), opts});
          },
          [&](const RenameColumnOp& o) {
            return statement(qi + "renameColumn", {str(o.table), str(o.from), str(o.to), opts});
          },
          [&](const AddIndexOp& o) {
            std::vector<Expr> fields;
            for (const IndexField& f : o.fields) {
              fields.push_back(f.desc ? object({{"name", str(f.name)}, {"order", str("DESC")}})
                                      : str(f.name));
            }
            std::vector<Property> options{{"name", str(o.name)}};
            if (o.unique) options.push_back({"unique", boolean(true)});
            if (!o.method.empty()) options.push_back({"using", str(o.method)});
            if (in_transaction) options.push_back(tx);
            return statement(qi + "addIndex", {str(o.table), array(fields), object(options)});
          },
          [&](const RemoveIndexOp& o) {
            return statement(qi + "removeIndex", {str(o.table), str(o.name), opts});
          },
          [&](const AddConstraintOp& o) {
            auto strings = [](const std::vector<std::string>& items) {
              std::vector<Expr> out;
              for (const std::string& s : items) out.push_back(str(s));
              return array(out);
            };
            std::vector<Property> props{
                {"type", str(constraint_type(o.kind))}, {"name", str(o.name)}, {"fields", strings(o.fields)}};
            if (o.kind == ConstraintKind::kForeignKey) {
              props.push_back(
                  {"references", object({{"table", str(o.ref_table)}, {"fields", strings(o.ref_fields)}})});
              if (!o.on_delete.empty()) props.push_back({"onDelete", str(o.on_delete)});
              if (!o.on_update.empty()) props.push_back({"onUpdate", str(o.on_update)});
            }
            if (in_transaction) props.push_back(tx);
            return statement(qi + "addConstraint", {str(o.table), object(props, true)});
          },
          [&](const RemoveConstraintOp& o) {
            return statement(qi + "removeConstraint", {str(o.table), str(o.name), opts});
          },
          [&](const ThrowOp&) { return text(""); },  // hoisted to the top of the body
          [&](const NoteOp& o) { return comment(o.text); },
      },
      op);
}

// A function body, written as it is built: each statement's document is printed as soon as it is
// made (doc::print_at), so a seed file of many thousand statements never has its document whole.
// The text is kept in pieces of about kPiece bytes, not one string grown by doubling: a body of
// 20 MB never holds a spare 20 MB, and emit_migration copies the pieces once into a string of the
// exact size. A piece never ends in a blank, which a later hard break would have to trim.
class Body {
 public:
  explicit Body(size_t indent) : indent_(indent) {}
  void statement(const Doc& d) {
    doc::hard_break(text_, indent_);
    doc::print_at(text_, d, indent_);
    cut();
  }
  // A statement printed around the text `hole` (which it must contain once), with what `fill`
  // writes in its place: a batch's SQL goes in piece by piece instead of first joined in a string.
  template <class Fill>
  void statement_around(const Doc& d, const std::string& hole, const Fill& fill) {
    doc::hard_break(text_, indent_);
    std::string shell;
    doc::print_at(shell, d, indent_);
    const size_t at = shell.find(hole);
    if (at == std::string::npos) throw std::logic_error("emit: a statement lost its placeholder");
    text_.append(shell, 0, at);
    fill(*this);
    text_.append(shell, at + hole.size());
    cut();
  }
  void blank() { doc::hard_break(text_, indent_); }
  void open(const std::string& line) {  // a line ending in `{`, whose statements are indented
    statement(doc::text(line));
    indent_ += 2;
  }
  void close(const std::string& line) {
    indent_ -= 2;
    statement(doc::text(line));
  }
  // The text being written, for fill: call cut() after each part.
  std::string& text() { return text_; }
  void cut() {
    if (text_.size() < kPiece / 16) return;  // a small body grows as a string does
    if (text_.capacity() < kReserve) text_.reserve(kReserve);
    if (text_.size() < kPiece || text_.back() == ' ' || text_.back() == '\t') return;
    pieces_.push_back(std::move(text_));
    text_ = std::string();
    text_.reserve(kReserve);
  }
  bool empty() const { return pieces_.empty() && text_.empty(); }
  size_t size() const {
    size_t n = text_.size();
    for (const std::string& p : pieces_) n += p.size();
    return n;
  }
  // Appends the body to `out` and lets go of it.
  void move_into(std::string& out) {
    for (std::string& p : pieces_) {
      out += p;
      std::string().swap(p);
    }
    out += text_;
    std::string().swap(text_);
  }

 private:
  static constexpr size_t kPiece = size_t{1} << 20;
  static constexpr size_t kReserve = kPiece + kPiece / 8;  // a statement rarely overflows it
  size_t indent_;
  std::vector<std::string> pieces_;
  std::string text_;
};

bool is_sql(const Op& op) {
  return std::holds_alternative<SqlOp>(op);
}

// One segment's steps in the order of the body being written (down() runs them backwards), with
// the line of each step in migration.sql (0: none) for its label.
struct SegmentSteps {
  const Segment& seg;
  const uint32_t* lines;  // of seg.steps, in file order
  bool down;

  size_t size() const { return seg.steps.size(); }
  size_t index(size_t j) const { return down ? size() - 1 - j : j; }
  const Step& step(size_t j) const { return seg.steps[index(j)]; }
  const std::vector<Op>& ops(size_t j) const { return down ? step(j).down : step(j).up; }
  // Built when printed: a seed file's labels are never all held at once.
  std::string label(size_t j) const {
    const uint32_t line = lines[index(j)];
    return line == 0 ? step(j).summary : step(j).summary + " (migration.sql:" + std::to_string(line) + ")";
  }
};

// One step: its label, then its operations.
void emit_step(const SegmentSteps& steps, size_t j, Uses& uses, Body& body) {
  body.statement(comment(steps.label(j)));
  for (const Op& op : steps.ops(j)) body.statement(emit_op(op, steps.seg.transaction, uses));
}

// A run of at least kBatchMin consecutive data statements of a transaction (a seed file's INSERTs,
// or their DELETEs in down()) goes to PostgreSQL as one query, as Prisma sends the file: one call
// instead of one a row, which is what keeps a seed file of a hundred thousand rows quick to convert
// and to run. Shorter runs keep a call and a label each, which reads better.
constexpr size_t kBatchMin = 50;

// Steps [from, to] of `steps` (those without operations add nothing), as one query whose text is
// their statements joined by `;`. The text is written straight into the body, escaped piece by
// piece: the joints are `;` and newlines, so no escape spans two pieces.
void emit_batch(const SegmentSteps& steps, size_t from, size_t to, Uses& uses, Body& body) {
  size_t statements = 0;
  for (size_t j = from; j <= to; ++j) statements += steps.ops(j).size();
  body.statement(comment(steps.label(from) + " to " + steps.label(to) + ": " + std::to_string(statements) +
                         " data statements in one query"));
  // The joined text always has a newline, so it is a template literal, which breaks the call's
  // arguments whatever its lines: the statement prints the same around a stand-in of two lines.
  const std::string stand_in = "\x01\n";
  body.statement_around(emit_op(SqlOp{stand_in}, steps.seg.transaction, uses),
                        js_quote(stand_in, JsQuote::kTemplate), [&](Body& b) {
                          b.text() += '`';
                          bool written = false;  // whether the query has any text yet
                          bool dashes = false;   // whether its last line has a `--` comment
                          for (size_t j = from; j <= to; ++j) {
                            for (const Op& op : steps.ops(j)) {
                              const std::string& one = std::get<SqlOp>(op).sql;
                              // After a `--` comment the `;` goes on a line of its own.
                              if (written) b.text() += dashes ? "\n;\n" : ";\n";
                              append_js_quoted(b.text(), one, JsQuote::kTemplate);
                              const size_t nl = one.rfind('\n');
                              dashes = one.find("--", nl == std::string::npos ? 0 : nl) != std::string::npos;
                              written = written || !one.empty();
                              b.cut();
                            }
                          }
                          b.text() += '`';
                        });
}

void emit_body(const std::vector<Segment>& segments, const std::vector<uint32_t>& lines, bool down,
               Uses& uses, Body& body) {
  // A down() that cannot be undone throws before it changes anything.
  for (const Segment& seg : segments) {
    for (const Step& s : seg.steps) {
      for (const Op& op : down ? s.down : s.up) {
        if (const auto* t = std::get_if<ThrowOp>(&op)) {
          body.statement(concat({text("throw new Error"), arguments({str(t->message)}), text(";")}));
          return;
        }
      }
    }
  }
  std::vector<size_t> first;  // each segment's first step, as an index into `lines`
  size_t count = 0;
  for (const Segment& seg : segments) {
    first.push_back(count);
    count += seg.steps.size();
  }
  for (size_t k = 0; k < segments.size(); ++k) {
    const size_t at = down ? segments.size() - 1 - k : k;
    const SegmentSteps steps{segments[at], lines.data() + first[at], down};
    const Segment& seg = steps.seg;
    bool any = false;
    for (size_t j = 0; j < steps.size(); ++j) any = any || !steps.ops(j).empty();
    if (!any) continue;
    if (!body.empty()) body.blank();  // a blank line between segments
    if (!seg.why.empty()) body.statement(comment(seg.why));
    Uses segment_uses;
    if (seg.transaction) {
      // The callback names `transaction` only when a statement uses it (emit_op's rule).
      bool uses_transaction = false;
      for (size_t j = 0; j < steps.size(); ++j) {
        const auto& ops = steps.ops(j);
        uses_transaction = uses_transaction || !std::all_of(ops.begin(), ops.end(), uses_nothing);
      }
      const std::string param = uses_transaction ? "transaction" : "";
      body.open("await queryInterface.sequelize.transaction(async (" + param + ") => {");
    }
    // Consecutive data statements: steps [batch_from, batch_to], of which `batched` have operations.
    size_t batch_from = 0, batch_to = 0, batched = 0;
    auto flush = [&] {
      if (batched >= kBatchMin) {
        emit_batch(steps, batch_from, batch_to, segment_uses, body);
      } else {
        for (size_t j = batch_from; batched > 0 && j <= batch_to; ++j) {
          if (!steps.ops(j).empty()) emit_step(steps, j, segment_uses, body);
        }
      }
      batched = 0;
    };
    for (size_t j = 0; j < steps.size(); ++j) {
      const auto& ops = steps.ops(j);
      if (ops.empty()) continue;
      if (!seg.transaction || !steps.step(j).data_change || !std::all_of(ops.begin(), ops.end(), is_sql)) {
        flush();
        emit_step(steps, j, segment_uses, body);
        continue;
      }
      if (batched++ == 0) batch_from = j;
      batch_to = j;
    }
    flush();
    if (seg.transaction) body.close("});");
    uses.query_interface = uses.query_interface || segment_uses.query_interface || seg.transaction;
    uses.sequelize = uses.sequelize || segment_uses.sequelize;
  }
}

// One method of the migration object: `async up(queryInterface, Sequelize) { ... },` declaring
// only the parameters its body uses (ESLint's no-unused-vars, args: after-used).
void method(std::string& out, const std::string& name, Body& body, const Uses& uses) {
  std::string params;
  if (uses.sequelize) {
    params = "queryInterface, Sequelize";
  } else if (uses.query_interface) {
    params = "queryInterface";
  }
  doc::hard_break(out, 2);
  if (body.empty()) {
    out += "async " + name + "(" + params + ") {},";
    return;
  }
  out += "async " + name + "(" + params + ") {";
  body.move_into(out);
  doc::hard_break(out, 2);
  out += "},";
}

}  // namespace

std::string emit_ops(const std::vector<Op>& ops) {
  std::vector<Doc> statements;
  Uses uses;
  for (const Op& op : ops) {
    if (!std::holds_alternative<ThrowOp>(op)) statements.push_back(emit_op(op, true, uses));
  }
  std::string out;
  for (const Doc& s : statements) out += doc::print(s, static_cast<size_t>(-1) / 4) + "\n";
  return out;
}

std::string emit_migration(const std::string& source, const std::vector<Segment>& segments,
                           const std::vector<uint32_t>& step_lines) {
  Uses up_uses, down_uses;
  Body up(4), down(4);
  emit_body(segments, step_lines, false, up_uses, up);
  emit_body(segments, step_lines, true, down_uses, down);
  std::string out;
  out.reserve(up.size() + down.size() + source.size() + 512);
  out += "'use strict';\n\n";
  doc::print_at(out, comment("Generated by prisma2sequelize from " + source + "."), 0);
  out +=
      "\n// Do not edit: regenerate it with `prisma2sequelize convert`.\n\n"
      "/** @type {import('sequelize-cli').Migration} */\n"
      "module.exports = {";
  method(out, "up", up, up_uses);
  out += "\n";
  method(out, "down", down, down_uses);
  out += "\n};\n";
  return out;
}

}  // namespace p2s
