#include "emit.h"

#include "js_escape.h"
#include "overloaded.h"
#include "printer.h"

namespace p2s {
namespace {

std::string sql_literal(const std::string& sql) {
  const bool readable = sql.find_first_of("\n'") != std::string::npos;
  return js_quote(sql, readable ? JsQuote::kTemplate : JsQuote::kSingle);
}

std::string column_js(const NativeColumn& c) {
  std::string s = "{ type: " + c.type_js;
  if (!c.allow_null) s += ", allowNull: false";
  if (c.default_sql) s += ", defaultValue: Sequelize.literal(" + js_string(*c.default_sql) + ")";
  return s + " }";
}

std::string string_array(const std::vector<std::string>& items) {
  std::string s = "[";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + js_string(items[i]);
  return s + "]";
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

void emit_op(Printer& p, const Op& op, const std::string& opts, const std::string& opts_inline) {
  std::visit(Overloaded{
                 [&](const SqlOp& o) {
                   p.line("await queryInterface.sequelize.query(" + sql_literal(o.sql) + ", " + opts + ");");
                 },
                 [&](const CreateTableOp& o) {
                   p.line("await queryInterface.createTable(" + js_string(o.table) + ", {");
                   {
                     Indent in(p);
                     for (const NativeColumn& c : o.columns)
                       p.line(js_key(c.name) + ": " + column_js(c) + ",");
                   }
                   p.line("}, " + opts + ");");
                 },
                 [&](const DropTableOp& o) {
                   p.line("await queryInterface.dropTable(" + js_string(o.table) + ", " + opts + ");");
                 },
                 [&](const RenameTableOp& o) {
                   p.line("await queryInterface.renameTable(" + js_string(o.from) + ", " + js_string(o.to) +
                          ", " + opts + ");");
                 },
                 [&](const AddColumnOp& o) {
                   p.line("await queryInterface.addColumn(" + js_string(o.table) + ", " +
                          js_string(o.column.name) + ", " + column_js(o.column) + ", " + opts + ");");
                 },
                 [&](const RemoveColumnOp& o) {
                   p.line("await queryInterface.removeColumn(" + js_string(o.table) + ", " +
                          js_string(o.column) + ", " + opts + ");");
                 },
                 [&](const RenameColumnOp& o) {
                   p.line("await queryInterface.renameColumn(" + js_string(o.table) + ", " +
                          js_string(o.from) + ", " + js_string(o.to) + ", " + opts + ");");
                 },
                 [&](const AddIndexOp& o) {
                   std::string fields = "[";
                   for (size_t i = 0; i < o.fields.size(); ++i) {
                     fields += i ? ", " : "";
                     fields += o.fields[i].desc
                                   ? "{ name: " + js_string(o.fields[i].name) + ", order: 'DESC' }"
                                   : js_string(o.fields[i].name);
                   }
                   fields += "]";
                   std::string options = "{ name: " + js_string(o.name);
                   if (o.unique) options += ", unique: true";
                   if (!o.method.empty()) options += ", using: " + js_string(o.method);
                   options += opts_inline + " }";
                   p.line("await queryInterface.addIndex(" + js_string(o.table) + ", " + fields + ", " +
                          options + ");");
                 },
                 [&](const RemoveIndexOp& o) {
                   p.line("await queryInterface.removeIndex(" + js_string(o.table) + ", " +
                          js_string(o.name) + ", " + opts + ");");
                 },
                 [&](const AddConstraintOp& o) {
                   p.line("await queryInterface.addConstraint(" + js_string(o.table) + ", {");
                   {
                     Indent in(p);
                     p.line("type: " + js_string(constraint_type(o.kind)) + ",");
                     p.line("name: " + js_string(o.name) + ",");
                     p.line("fields: " + string_array(o.fields) + ",");
                     if (o.kind == ConstraintKind::kForeignKey) {
                       p.line("references: { table: " + js_string(o.ref_table) +
                              ", fields: " + string_array(o.ref_fields) + " },");
                       if (!o.on_delete.empty()) p.line("onDelete: " + js_string(o.on_delete) + ",");
                       if (!o.on_update.empty()) p.line("onUpdate: " + js_string(o.on_update) + ",");
                     }
                     if (!opts_inline.empty()) p.line("transaction,");
                   }
                   p.line("});");
                 },
                 [&](const RemoveConstraintOp& o) {
                   p.line("await queryInterface.removeConstraint(" + js_string(o.table) + ", " +
                          js_string(o.name) + ", " + opts + ");");
                 },
                 [&](const ThrowOp&) {},  // hoisted to the top of the body
                 [&](const NoteOp& o) { p.line("// " + js_comment(o.text)); },
             },
             op);
}

void emit_body(Printer& p, const std::vector<Segment>& segments, const std::vector<std::string>& labels,
               bool down) {
  // A down() that cannot be undone throws before it changes anything.
  for (const Segment& seg : segments) {
    for (const Step& s : seg.steps) {
      const auto& ops = down ? s.down : s.up;
      for (const Op& op : ops) {
        if (const auto* t = std::get_if<ThrowOp>(&op)) {
          p.line("throw new Error(" + js_string(t->message) + ");");
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
  bool first = true;
  for (const auto& [seg, steps] : order) {
    bool any = false;
    for (const auto& [s, l] : steps) any = any || !(down ? s->down : s->up).empty();
    if (!any) continue;
    if (!first) p.blank();
    first = false;
    if (!seg->why.empty()) p.line("// " + js_comment(seg->why));
    if (seg->transaction) {
      p.line("await queryInterface.sequelize.transaction(async (transaction) => {");
    }
    {
      Indent in(p, seg->transaction);
      const std::string opts = seg->transaction ? "{ transaction }" : "{}";
      const std::string opts_inline = seg->transaction ? ", transaction" : "";
      for (const auto& [s, l] : steps) {
        const auto& ops = down ? s->down : s->up;
        if (ops.empty()) continue;
        p.line("// " + js_comment(labels[l]));
        for (const Op& op : ops) emit_op(p, op, opts, opts_inline);
      }
    }
    if (seg->transaction) p.line("});");
  }
}

}  // namespace

std::string emit_ops(const std::vector<Op>& ops) {
  Printer p;
  for (const Op& op : ops) emit_op(p, op, "{ transaction }", ", transaction");
  return p.text();
}

std::string emit_migration(const std::string& source, const std::vector<Segment>& segments,
                           const std::vector<std::string>& step_labels) {
  Printer p;
  p.line("'use strict';");
  p.blank();
  p.line("// Generated by prisma2sequelize from " + js_comment(source) + ".");
  p.line("// Do not edit: regenerate it with `prisma2sequelize convert`.");
  p.blank();
  p.line("/** @type {import('sequelize-cli').Migration} */");
  p.line("module.exports = {");
  {
    Indent in(p);
    p.line("async up(queryInterface, Sequelize) {");
    {
      Indent body(p);
      emit_body(p, segments, step_labels, false);
    }
    p.line("},");
    p.blank();
    p.line("async down(queryInterface, Sequelize) {");
    {
      Indent body(p);
      emit_body(p, segments, step_labels, true);
    }
    p.line("},");
  }
  p.line("};");
  return p.text();
}

}  // namespace p2s
