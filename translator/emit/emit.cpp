#include "emit/emit.h"

#include <algorithm>

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
class Body {
 public:
  explicit Body(size_t indent) : indent_(indent) {}
  void statement(const Doc& d) {
    doc::hard_break(text_, indent_);
    doc::print_at(text_, d, indent_);
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
  bool empty() const { return text_.empty(); }
  const std::string& str() const { return text_; }

 private:
  size_t indent_;
  std::string text_;
};

bool is_sql(const Op& op) {
  return std::holds_alternative<SqlOp>(op);
}

// One step: its label, then its operations.
void emit_step(const Step& s, const std::string& label, bool down, const Segment& seg, Uses& uses,
               Body& body) {
  body.statement(comment(label));
  for (const Op& op : down ? s.down : s.up) body.statement(emit_op(op, seg.transaction, uses));
}

// A run of at least kBatchMin consecutive data statements of a transaction (a seed file's INSERTs,
// or their DELETEs in down()) goes to PostgreSQL as one query, as Prisma sends the file: one call
// instead of one a row, which is what keeps a seed file of a hundred thousand rows quick to convert
// and to run. Shorter runs keep a call and a label each, which reads better.
constexpr size_t kBatchMin = 50;

void emit_batch(const std::vector<std::pair<const Step*, size_t>>& batch,
                const std::vector<std::string>& labels, bool down, const Segment& seg, Uses& uses,
                Body& body) {
  std::string sql;
  size_t statements = 0;
  for (const auto& [s, l] : batch) {
    for (const Op& op : down ? s->down : s->up) {
      const std::string& one = std::get<SqlOp>(op).sql;
      if (!sql.empty()) {
        // A statement whose last line has a `--` comment gets its `;` on the next line.
        const size_t line = sql.rfind('\n');
        sql += sql.find("--", line == std::string::npos ? 0 : line) != std::string::npos ? "\n;\n" : ";\n";
      }
      sql += one;
      ++statements;
    }
  }
  body.statement(comment(labels[batch.front().second] + " to " + labels[batch.back().second] + ": " +
                         std::to_string(statements) + " data statements in one query"));
  body.statement(emit_op(SqlOp{sql}, seg.transaction, uses));
}

void emit_body(const std::vector<Segment>& segments, const std::vector<std::string>& labels, bool down,
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
  size_t label = 0;
  std::vector<std::pair<const Segment*, std::vector<std::pair<const Step*, size_t>>>> order;
  for (const Segment& seg : segments) {
    std::vector<std::pair<const Step*, size_t>> steps;
    for (const Step& s : seg.steps) steps.emplace_back(&s, label++);
    order.emplace_back(&seg, std::move(steps));
  }
  if (down) {
    std::reverse(order.begin(), order.end());
    for (auto& [seg, steps] : order) std::reverse(steps.begin(), steps.end());
  }
  for (const auto& entry : order) {
    const Segment* seg = entry.first;  // not a structured binding: the lambda below captures it
    const auto& steps = entry.second;
    bool any = false;
    for (const auto& [s, l] : steps) any = any || !(down ? s->down : s->up).empty();
    if (!any) continue;
    if (!body.empty()) body.blank();  // a blank line between segments
    if (!seg->why.empty()) body.statement(comment(seg->why));
    Uses segment_uses;
    if (seg->transaction) {
      // The callback names `transaction` only when a statement uses it (emit_op's rule).
      bool uses_transaction = false;
      for (const auto& [s, l] : steps) {
        const auto& ops = down ? s->down : s->up;
        uses_transaction = uses_transaction || !std::all_of(ops.begin(), ops.end(), uses_nothing);
      }
      const std::string param = uses_transaction ? "transaction" : "";
      body.open("await queryInterface.sequelize.transaction(async (" + param + ") => {");
    }
    std::vector<std::pair<const Step*, size_t>> batch;  // consecutive data statements
    auto flush = [&] {
      if (batch.size() >= kBatchMin) {
        emit_batch(batch, labels, down, *seg, segment_uses, body);
      } else {
        for (const auto& [bs, bl] : batch) emit_step(*bs, labels[bl], down, *seg, segment_uses, body);
      }
      batch.clear();
    };
    for (const auto& [s, l] : steps) {
      const auto& ops = down ? s->down : s->up;
      if (ops.empty()) continue;
      if (!seg->transaction || !s->data_change || !std::all_of(ops.begin(), ops.end(), is_sql)) {
        flush();
        emit_step(*s, labels[l], down, *seg, segment_uses, body);
        continue;
      }
      batch.emplace_back(s, l);
    }
    flush();
    if (seg->transaction) body.close("});");
    uses.query_interface = uses.query_interface || segment_uses.query_interface || seg->transaction;
    uses.sequelize = uses.sequelize || segment_uses.sequelize;
  }
}

// One method of the migration object: `async up(queryInterface, Sequelize) { ... },` declaring
// only the parameters its body uses (ESLint's no-unused-vars, args: after-used).
void method(std::string& out, const std::string& name, const Body& body, const Uses& uses) {
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
  out += body.str();
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
                           const std::vector<std::string>& step_labels) {
  Uses up_uses, down_uses;
  Body up(4), down(4);
  emit_body(segments, step_labels, false, up_uses, up);
  emit_body(segments, step_labels, true, down_uses, down);
  std::string out;
  out.reserve(up.str().size() + down.str().size() + 512);
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
