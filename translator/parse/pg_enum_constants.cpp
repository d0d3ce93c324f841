// Enum-typed string constants (see pg_enum_constants.h): PostgreSQL's make_op and transformAExprIn
// coerce an unknown-typed literal to the other operand's type, and a cast names it.
#include "parse/pg_enum_constants.h"

#include "parse/pg_walk.h"

namespace p2s {
namespace {

using Node = PgQuery__Node;

const char* string_constant(const Node* n) {
  if (n == nullptr || n->node_case != PG_QUERY__NODE__NODE_A_CONST) return nullptr;
  const PgQuery__AConst* c = n->a_const;
  return c->val_case == PG_QUERY__A__CONST__VAL_SVAL && c->sval != nullptr ? c->sval->sval : nullptr;
}

class Finder {
 public:
  Finder(const EnumTypes& types, std::vector<EnumConstant>& out) : types_(types), out_(out) {}

  void walk(ProtobufCMessage* m) {
    if (m->descriptor == &pg_query__a__expr__descriptor) expr(reinterpret_cast<PgQuery__AExpr*>(m));
    if (m->descriptor == &pg_query__type_cast__descriptor) cast(reinterpret_cast<PgQuery__TypeCast*>(m));
    for_each_child(m, [&](ProtobufCMessage* child) { walk(child); });
  }

 private:
  const EnumTypes& types_;
  std::vector<EnumConstant>& out_;

  std::optional<QualifiedName> column_type(const Node* n) const {
    if (n == nullptr || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || !types_.of_column)
      return std::nullopt;
    return types_.of_column(n->column_ref);
  }

  void add(const Node* n, const QualifiedName& type) {
    if (const char* label = string_constant(n)) out_.push_back(EnumConstant{n->a_const, type, label, label});
  }

  void expr(const PgQuery__AExpr* e) {
    switch (e->kind) {
      case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
      case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
      case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
      case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF:
        if (auto type = column_type(e->lexpr)) add(e->rexpr, *type);
        if (auto type = column_type(e->rexpr)) add(e->lexpr, *type);
        return;
      case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        if (auto type = column_type(e->lexpr)) {
          if (e->rexpr != nullptr && e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST) {
            for (size_t i = 0; i < e->rexpr->list->n_items; ++i) add(e->rexpr->list->items[i], *type);
          }
        }
        return;
      default:
        return;
    }
  }

  void cast(const PgQuery__TypeCast* c) {
    const PgQuery__TypeName* tn = c->type_name;
    if (tn == nullptr || tn->n_names == 0 || tn->n_array_bounds != 0 || !types_.named) return;
    QualifiedName name{tn->n_names >= 2 ? str_of(tn->names[tn->n_names - 2]) : "",
                       str_of(tn->names[tn->n_names - 1])};
    if (name.schema == "pg_catalog") return;
    if (auto type = types_.named(name)) add(c->arg, *type);
  }
};

}  // namespace

std::vector<EnumConstant> enum_constants(PgNode stmt, const EnumTypes& types) {
  std::vector<EnumConstant> out;
  if (stmt) Finder(types, out).walk(&static_cast<Node*>(stmt.message)->base);
  return out;
}

ConstantLabels renamed_constants(const std::vector<EnumConstant>& constants) {
  ConstantLabels out;
  for (const EnumConstant& c : constants) {
    if (c.label != c.written) out[c.constant] = c.label;
  }
  return out;
}

}  // namespace p2s
