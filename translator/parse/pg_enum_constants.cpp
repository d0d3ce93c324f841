// Enum-typed string constants (see pg_enum_constants.h): PostgreSQL's make_op and transformAExprIn
// coerce an unknown-typed literal to the other operand's type, and a cast names it.
#include "parse/pg_enum_constants.h"

#include <algorithm>
#include <cctype>

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
    if (m->descriptor == &pg_query__case_expr__descriptor) case_expr(reinterpret_cast<PgQuery__CaseExpr*>(m));
    if (m->descriptor == &pg_query__coalesce_expr__descriptor) {
      auto* c = reinterpret_cast<PgQuery__CoalesceExpr*>(m);
      common(c->args, c->n_args);
    }
    if (m->descriptor == &pg_query__min_max_expr__descriptor) {
      auto* c = reinterpret_cast<PgQuery__MinMaxExpr*>(m);
      common(c->args, c->n_args);
    }
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

  void add(const Node* n, const QualifiedName& type, bool array = false) {
    if (const char* label = string_constant(n))
      out_.push_back(EnumConstant{n->a_const, type, label, label, array});
  }

  // Expressions PostgreSQL resolves to one common type (select_common_type): with a column of an
  // enum among them, the string constants among them are of that enum.
  void common(Node* const* items, size_t n, const Node* also = nullptr) {
    std::optional<QualifiedName> type = column_type(also);
    for (size_t i = 0; i < n && !type; ++i) type = column_type(items[i]);
    if (!type) return;
    for (size_t i = 0; i < n; ++i) add(items[i], *type);
    if (also != nullptr) add(also, *type);
  }

  void case_expr(const PgQuery__CaseExpr* c) {
    if (auto type = column_type(c->arg)) {
      for (size_t i = 0; i < c->n_args; ++i) {
        if (c->args[i]->node_case == PG_QUERY__NODE__NODE_CASE_WHEN) add(c->args[i]->case_when->expr, *type);
      }
    }
    std::vector<Node*> results;
    for (size_t i = 0; i < c->n_args; ++i) {
      if (c->args[i]->node_case == PG_QUERY__NODE__NODE_CASE_WHEN)
        results.push_back(c->args[i]->case_when->result);
    }
    common(results.data(), results.size(), c->defresult);
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
      case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
      case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
      case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
      case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
        if (auto type = column_type(e->lexpr)) {
          if (e->rexpr != nullptr && e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST) {
            for (size_t i = 0; i < e->rexpr->list->n_items; ++i) add(e->rexpr->list->items[i], *type);
          }
        }
        return;
      case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
      case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
        if (auto type = column_type(e->lexpr)) add(e->rexpr, *type, true);
        return;
      default:
        return;
    }
  }

  void cast(const PgQuery__TypeCast* c) {
    const PgQuery__TypeName* tn = c->type_name;
    if (tn == nullptr || tn->n_names == 0 || tn->n_array_bounds > 1 || !types_.named) return;
    QualifiedName name{tn->n_names >= 2 ? str_of(tn->names[tn->n_names - 2]) : "",
                       str_of(tn->names[tn->n_names - 1])};
    if (name.schema == "pg_catalog") return;
    if (auto type = types_.named(name)) add(c->arg, *type, tn->n_array_bounds == 1);
  }
};

}  // namespace

std::vector<EnumConstant> enum_constants(PgNode stmt, const EnumTypes& types) {
  std::vector<EnumConstant> out;
  if (stmt) Finder(types, out).walk(&static_cast<Node*>(stmt.message)->base);
  return out;
}

// NULL in any case: array_in's null element when bare.
static bool null_word(const std::string& s) {
  return s.size() == 4 && std::equal(s.begin(), s.end(), "NULL", [](char a, char b) {
           return std::toupper(static_cast<unsigned char>(a)) == b;
         });
}

std::string rename_label(const std::string& text, bool array, const std::string& from,
                         const std::string& to) {
  if (!array) return text == from ? to : text;
  // array_in's syntax: braces, elements split by commas, an element double-quoted (backslash
  // escapes) or bare (backslash escapes, surrounding blanks dropped).
  std::string out;
  size_t i = 0;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' || c == '}' || c == ',' || blank(c)) {
      out += c;
      ++i;
      continue;
    }
    const size_t start = i;
    std::string value;
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i];
      }
      ++i;
    } else {
      size_t end = i;
      for (; i < text.size() && text[i] != ',' && text[i] != '}'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i];
        if (!blank(text[i])) end = value.size();
      }
      value.resize(end);
    }
    const bool null = c != '"' && null_word(value);
    if (value != from || null) {
      out += text.substr(start, i - start);
      continue;
    }
    // array_out's rule: bare unless empty, NULL, or holding a blank, a quote, a backslash, a brace
    // or a comma (so a label renamed back is the text written).
    const bool bare =
        !to.empty() && !null_word(to) && to.find_first_of("{}\",\\ \t\n\r\v\f") == std::string::npos;
    if (bare) {
      out += to;
      continue;
    }
    out += '"';
    for (char v : to) out += (v == '"' || v == '\\') ? std::string{'\\', v} : std::string{v};
    out += '"';
  }
  return out;
}

OidNames renamed_constants(const std::vector<EnumConstant>& constants) {
  OidNames out;
  for (const EnumConstant& c : constants) {
    if (c.label != c.written) out[c.constant] = c.label;
  }
  return out;
}

}  // namespace p2s
