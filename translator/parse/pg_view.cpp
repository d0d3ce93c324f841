// Star expansion of view bodies (see pg_view.h). Scopes follow PostgreSQL's transformFromClause:
// each FROM item contributes a named column list (a relation, a subquery, a CTE reference, a join);
// `*` is every column of every item in order, `t.*` the columns of item t.
#include "parse/pg_view.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>

#include "parse/pg_walk.h"

namespace p2s {
namespace {

using Node = PgQuery__Node;

// A FROM item: a leaf (relation, subquery, function with column aliases) or a join of two items.
struct FromItem {
  std::string alias;   // name that qualifies its columns; empty for an unaliased join
  std::string schema;  // a relation named with its schema, which can qualify its columns too
  std::vector<std::string> columns;
  std::vector<QualifiedName> sources;  // each column's relation as written (ColumnBinding::relation)
  std::vector<std::string> types;      // each column's type (RelationColumnTypes), or empty: not known
  std::vector<std::unique_ptr<FromItem>> children;  // joins
  std::vector<std::string> using_columns;           // JOIN ... USING / NATURAL (merged once in `*`)
  bool full_join = false;
  bool left_join = false;
  bool right_join = false;          // the merged columns are the right side's
  const void* range_var = nullptr;  // a relation: its RangeVar message
  std::vector<std::string> pinned;  // a relation: its columns a join merges (UsingPin)
};

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A column's type without its typmod (an array keeps its brackets), serial types as their integers.
std::string base_type(std::string t) {
  if (const auto open = t.find('('); open != std::string::npos) {
    const auto close = t.find(')', open);
    t = t.substr(0, open) + (close == std::string::npos ? "" : t.substr(close + 1));
  }
  if (t == "serial" || t == "serial4") return "int4";
  if (t == "bigserial" || t == "serial8") return "int8";
  if (t == "smallserial" || t == "serial2") return "int2";
  return t;
}

// The type PostgreSQL's select_common_type gives the two types of a merged column (left first, as
// buildMergedJoinVar lists them), compared element by element for arrays:
// - one type whatever the typmods: that type (the typmod goes, select_common_typmod);
// - a family whose implicit casts go one way: the wider one, in smallint < integer < bigint <
//   numeric < real < double precision, and date < timestamp < timestamptz;
// - text, varchar, char and name, which cast to each other implicitly both ways: the left one (a
//   switch needs a one-way cast, and text, the preferred type, never gives way).
// Empty otherwise (not known here).
std::string common_type(const std::string& left, const std::string& right) {
  std::string a = base_type(left), b = base_type(right);
  std::string dims;
  while (a.size() > 2 && b.size() > 2 && a.ends_with("[]") && b.ends_with("[]")) {
    a.resize(a.size() - 2);
    b.resize(b.size() - 2);
    dims += "[]";
  }
  if (a == b) return a + dims;
  if (a.ends_with("[]") || b.ends_with("[]")) return {};
  static const std::vector<std::vector<std::string>> kWidening = {
      {"int2", "int4", "int8", "numeric", "float4", "float8"}, {"date", "timestamp", "timestamptz"}};
  for (const auto& family : kWidening) {
    auto at = [&](const std::string& t) {
      return std::find(family.begin(), family.end(), t) - family.begin();
    };
    const auto x = at(a), y = at(b);
    const auto end = static_cast<std::ptrdiff_t>(family.size());
    if (x < end && y < end) return (x > y ? a : b) + dims;
  }
  static const std::vector<std::string> kStrings = {"text", "varchar", "bpchar", "name"};
  if (has(kStrings, a) && has(kStrings, b)) return a + dims;
  return {};
}

struct Cte {
  std::string name;
  std::vector<std::string> columns;
};

using Scope = std::vector<std::unique_ptr<FromItem>>;
struct Level {
  const Scope* items;
  bool complete;         // false: some FROM item's columns are unknown
  bool partial = false;  // a FROM clause (or a join's left side) being read: LATERAL items see it
  bool hidden = false;   // partial, and what is being read now is not LATERAL
};

class Analyzer {
 public:
  Analyzer(const RelationColumns& columns_of, const RelationColumnTypes& types_of)
      : columns_of_(columns_of), types_of_(types_of) {}
  ViewShape shape;

  // The output column names of a SELECT, expanding its stars (recorded in `shape`).
  std::optional<std::vector<std::string>> select(PgQuery__SelectStmt* s, std::vector<Cte> ctes) {
    if (s == nullptr) return std::nullopt;
    if (s->with_clause != nullptr) {
      for (size_t i = 0; i < s->with_clause->n_ctes; ++i) {
        Node* n = s->with_clause->ctes[i];
        if (n->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR) continue;
        PgQuery__CommonTableExpr* cte = n->common_table_expr;
        std::optional<std::vector<std::string>> cols;
        if (cte->ctequery != nullptr && cte->ctequery->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
          cols = select(cte->ctequery->select_stmt, ctes);
        std::vector<std::string> names = cols ? *cols : std::vector<std::string>{};
        for (size_t k = 0; k < cte->n_aliascolnames && k < names.size(); ++k)
          names[k] = str_of(cte->aliascolnames[k]);
        ctes.push_back(Cte{cte->ctename, names});
      }
    }
    if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE &&
        s->op != PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED) {
      auto left = select(s->larg, ctes);
      select(s->rarg, ctes);
      return left;
    }
    if (s->n_values_lists > 0) {
      std::vector<std::string> names;
      const Node* first = s->values_lists[0];
      const size_t n = first->node_case == PG_QUERY__NODE__NODE_LIST ? first->list->n_items : 0;
      for (size_t i = 0; i < n; ++i) names.push_back("column" + std::to_string(i + 1));
      return names;
    }
    // The FROM items, each seeing those before it when it is LATERAL (PostgreSQL's
    // transformFromClause: a function in FROM is LATERAL without the word).
    Scope scope;
    levels_.push_back(Level{&scope, true, true});
    for (size_t i = 0; i < s->n_from_clause; ++i) {
      auto item = from_item(s->from_clause[i], ctes);
      if (!item) {
        levels_.back().complete = false;
        continue;
      }
      scope.push_back(std::move(item));
    }
    const bool scope_known = levels_.back().complete;
    levels_.back().partial = false;
    bind_select(s, ctes);
    levels_.pop_back();
    std::vector<std::string> out;
    for (size_t i = 0; i < s->n_target_list; ++i) {
      Node* t = s->target_list[i];
      if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET) continue;
      PgQuery__ResTarget* rt = t->res_target;
      if (is_star(rt->val)) {
        std::optional<std::vector<StarColumn>> cols;
        if (scope_known) cols = expand(rt->val->column_ref, scope);
        if (!cols) {
          shape.complete = false;
          out.push_back("?star?");
          continue;
        }
        for (const StarColumn& c : *cols) {
          out.push_back(c.column);
          shape.star_columns.push_back(c.column);
        }
        StarExpansion star{t, {}, {}, {}};
        for (const StarColumn& c : *cols) {
          star.columns.emplace_back(c.qualifier, c.column);
          star.relations.push_back(c.relation);
          star.pinned.push_back(c.pinned);
        }
        shape.stars.push_back(std::move(star));
        continue;
      }
      out.push_back(rt->name != nullptr && *rt->name != '\0' ? std::string(rt->name) : column_name(rt->val));
    }
    return out;
  }

 private:
  const RelationColumns& columns_of_;
  const RelationColumnTypes& types_of_;
  std::vector<Level> levels_;  // the FROM scopes a column reference can see, innermost last

  struct StarColumn {
    std::string qualifier, column;
    QualifiedName relation;
    bool pinned = false;
    std::string type;  // empty: not known
  };
  // A column a reference finds: its relation as written (none: see ColumnBinding), and whether a
  // join merges it.
  struct Found {
    QualifiedName relation;
    bool pinned = false;
  };

  static bool is_star(const Node* v) {
    if (v == nullptr || v->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return false;
    const PgQuery__ColumnRef* ref = v->column_ref;
    return ref->n_fields > 0 && ref->fields[ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
  }

  // PostgreSQL's FigureColname, for the node kinds views use.
  static std::string column_name(const Node* v) {
    if (v == nullptr) return "?column?";
    switch (v->node_case) {
      case PG_QUERY__NODE__NODE_COLUMN_REF: {
        const PgQuery__ColumnRef* ref = v->column_ref;
        const std::string last = ref->n_fields ? str_of(ref->fields[ref->n_fields - 1]) : "";
        return last.empty() ? "?column?" : last;
      }
      case PG_QUERY__NODE__NODE_FUNC_CALL: {
        const PgQuery__FuncCall* f = v->func_call;
        return f->n_funcname ? str_of(f->funcname[f->n_funcname - 1]) : "?column?";
      }
      case PG_QUERY__NODE__NODE_TYPE_CAST: {
        const std::string inner = column_name(v->type_cast->arg);
        if (inner != "?column?") return inner;
        const PgQuery__TypeName* tn = v->type_cast->type_name;
        return tn != nullptr && tn->n_names ? str_of(tn->names[tn->n_names - 1]) : inner;
      }
      case PG_QUERY__NODE__NODE_A_INDIRECTION: {
        const PgQuery__AIndirection* ind = v->a_indirection;
        for (size_t i = ind->n_indirection; i > 0; --i) {
          const std::string s = str_of(ind->indirection[i - 1]);
          if (!s.empty()) return s;
        }
        return column_name(ind->arg);
      }
      case PG_QUERY__NODE__NODE_CASE_EXPR:
        return "case";
      case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return "coalesce";
      case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        return v->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
      case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return "array";
      case PG_QUERY__NODE__NODE_ROW_EXPR:
        return "row";
      case PG_QUERY__NODE__NODE_SUB_LINK: {
        const PgQuery__SubLink* sl = v->sub_link;
        if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK) return "exists";
        if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK) return "array";
        if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK && sl->subselect != nullptr &&
            sl->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
          const PgQuery__SelectStmt* inner = sl->subselect->select_stmt;
          if (inner->n_target_list > 0 &&
              inner->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET) {
            const PgQuery__ResTarget* rt = inner->target_list[0]->res_target;
            return rt->name != nullptr && *rt->name ? std::string(rt->name) : column_name(rt->val);
          }
        }
        return "?column?";
      }
      case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        switch (v->sqlvalue_function->op) {
          case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
            return "current_date";
          case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
          case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
            return "current_timestamp";
          case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
            return "current_user";
          default:
            return "?column?";
        }
      default:
        return "?column?";
    }
  }

  // Binds the column references of a SELECT's expressions (its FROM scope is the innermost level),
  // and analyzes the sub-selects they nest, which see this scope too.
  void bind_select(PgQuery__SelectStmt* s, const std::vector<Cte>& ctes) {
    for (size_t i = 0; i < s->n_target_list; ++i) bind(s->target_list[i], ctes);
    for (size_t i = 0; i < s->n_from_clause; ++i) bind_join_quals(s->from_clause[i], ctes);
    bind(s->where_clause, ctes);
    for (size_t i = 0; i < s->n_group_clause; ++i) bind(s->group_clause[i], ctes);
    bind(s->having_clause, ctes);
    for (size_t i = 0; i < s->n_window_clause; ++i) bind(s->window_clause[i], ctes);
    for (size_t i = 0; i < s->n_distinct_clause; ++i) bind(s->distinct_clause[i], ctes);
    // ORDER BY "name" may name an output column rather than an input one: such a name stays unbound.
    for (size_t i = 0; i < s->n_sort_clause; ++i) {
      const Node* n = s->sort_clause[i];
      const PgQuery__SortBy* by = n->node_case == PG_QUERY__NODE__NODE_SORT_BY ? n->sort_by : nullptr;
      if (by != nullptr && by->node != nullptr && by->node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
          by->node->column_ref->n_fields == 1)
        continue;
      bind(s->sort_clause[i], ctes);
    }
    bind(s->limit_offset, ctes);
    bind(s->limit_count, ctes);
  }

  void bind_join_quals(Node* n, const std::vector<Cte>& ctes) {
    if (n == nullptr || n->node_case != PG_QUERY__NODE__NODE_JOIN_EXPR) return;
    bind(n->join_expr->quals, ctes);
    bind_join_quals(n->join_expr->larg, ctes);
    bind_join_quals(n->join_expr->rarg, ctes);
  }

  void bind(Node* n, const std::vector<Cte>& ctes) {
    if (n != nullptr) bind(&n->base, ctes);
  }
  void bind(ProtobufCMessage* m, const std::vector<Cte>& ctes) {
    if (m->descriptor == &pg_query__column_ref__descriptor) {
      bind_ref(reinterpret_cast<PgQuery__ColumnRef*>(m));
      return;
    }
    if (m->descriptor == &pg_query__sub_link__descriptor) {
      auto* link = reinterpret_cast<PgQuery__SubLink*>(m);
      bind(link->testexpr, ctes);
      if (link->subselect != nullptr && link->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
        select(link->subselect->select_stmt, ctes);
      return;
    }
    // Expressions nest references and sub-selects anywhere.
    for_each_child(m, [&](ProtobufCMessage* child) { bind(child, ctes); });
  }

  // PostgreSQL's colNameToVar and qualified lookup: the innermost scope that knows the name decides.
  // A reference found nowhere, or in a scope that is not wholly known, or ambiguous, stays unbound.
  void bind_ref(PgQuery__ColumnRef* ref) {
    if (ref->n_fields == 0 || ref->n_fields > 3) return;
    const std::string column = str_of(ref->fields[ref->n_fields - 1]);
    if (column.empty()) return;  // a star, expanded apart
    const std::string alias = ref->n_fields >= 2 ? str_of(ref->fields[ref->n_fields - 2]) : "";
    const std::string schema = ref->n_fields == 3 ? str_of(ref->fields[0]) : "";
    for (auto level = levels_.rbegin(); level != levels_.rend(); ++level) {
      if (level->hidden) continue;
      std::vector<Found> found;
      bool alias_found = false;
      for (const auto& item : *level->items) collect(*item, alias, schema, column, found, alias_found);
      if (found.size() == 1 && (level->complete || !alias.empty())) {
        shape.bindings.push_back(ColumnBinding{ref, found[0].relation, column, found[0].pinned});
        return;
      }
      if (!found.empty() || alias_found || !level->complete) return;
    }
  }

  // The columns named `column` of the leaves of `item` that `alias` (any, when empty) names; an
  // unqualified name a join merges is its merged column, one whatever its sides hold.
  static void collect(const FromItem& item, const std::string& alias, const std::string& schema,
                      const std::string& column, std::vector<Found>& found, bool& alias_found) {
    if (!item.children.empty()) {
      if (alias.empty() && has(item.using_columns, column)) {
        found.push_back(source_of(item, column));
        return;
      }
      for (const auto& c : item.children) collect(*c, alias, schema, column, found, alias_found);
      return;
    }
    if (!alias.empty() && (item.alias != alias || (!schema.empty() && item.schema != schema))) return;
    alias_found = alias_found || !alias.empty();
    for (size_t k = 0; k < item.columns.size(); ++k) {
      if (item.columns[k] == column) found.push_back(Found{item.sources[k], has(item.pinned, column)});
    }
  }

  // Where `column` of `item` comes from: a relation's column, or a join's merged column, which is
  // the left side's, the right side's for a RIGHT JOIN, and for a FULL JOIN a COALESCE of both that
  // no rename changes (PostgreSQL's buildMergedJoinVar).
  static Found source_of(const FromItem& item, const std::string& column) {
    if (item.children.empty()) {
      for (size_t k = 0; k < item.columns.size(); ++k) {
        if (item.columns[k] == column) return Found{item.sources[k], has(item.pinned, column)};
      }
      return Found{};
    }
    if (has(item.using_columns, column)) {
      if (item.full_join) return Found{QualifiedName{}, true};
      return source_of(*item.children[item.right_join ? 1 : 0], column);
    }
    for (const auto& c : item.children) {
      if (has(flat_columns(*c), column)) return source_of(*c, column);
    }
    return Found{};
  }

  // Gives `column` of the relations under `item` that a join merges the name of the join
  // (ruleutils' set_using_names): records the UsingPin of each relation.
  void pin(FromItem& item, const std::string& column) {
    if (!item.children.empty()) {
      for (auto& c : item.children) pin(*c, column);
      return;
    }
    for (size_t k = 0; k < item.columns.size(); ++k) {
      if (item.columns[k] != column || item.sources[k].name.empty() || item.range_var == nullptr) continue;
      if (has(item.pinned, column)) return;
      item.pinned.push_back(column);
      auto it = std::find_if(shape.pins.begin(), shape.pins.end(),
                             [&](const UsingPin& p) { return p.range_var == item.range_var; });
      if (it == shape.pins.end())
        it = shape.pins.insert(shape.pins.end(), UsingPin{item.range_var, item.sources[k], {}});
      it->columns.push_back(column);
      return;
    }
  }

  // A column alias list names columns anew: those names follow no rename.
  static void apply_alias(const PgQuery__Alias* alias, FromItem& item) {
    item.sources.resize(item.columns.size());
    if (alias == nullptr) return;
    item.alias = alias->aliasname;
    item.schema.clear();
    for (size_t k = 0; k < alias->n_colnames && k < item.columns.size(); ++k) {
      item.columns[k] = str_of(alias->colnames[k]);
      item.sources[k] = QualifiedName{};
    }
  }

  std::unique_ptr<FromItem> from_item(Node* n, const std::vector<Cte>& ctes) {
    if (n == nullptr) return nullptr;
    auto item = std::make_unique<FromItem>();
    switch (n->node_case) {
      case PG_QUERY__NODE__NODE_RANGE_VAR: {
        const PgQuery__RangeVar* rv = n->range_var;
        const std::string schema = rv->schemaname != nullptr ? rv->schemaname : "";
        std::optional<std::vector<std::string>> cols;
        if (schema.empty()) {
          for (auto it = ctes.rbegin(); it != ctes.rend() && !cols; ++it) {
            if (it->name == rv->relname) cols = it->columns;
          }
        }
        const bool cte = cols.has_value();
        if (!cols) cols = columns_of_(QualifiedName{schema, rv->relname});
        if (!cols) return nullptr;
        item->alias = rv->relname;
        item->schema = schema;
        item->range_var = rv;
        item->columns = *cols;
        if (!cte) item->sources.assign(cols->size(), QualifiedName{schema, rv->relname});
        if (!cte && types_of_) {
          item->types = types_of_(QualifiedName{schema, rv->relname});
          if (item->types.size() != cols->size()) item->types.clear();
        }
        apply_alias(rv->alias, *item);
        return item;
      }
      case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
        PgQuery__RangeSubselect* rs = n->range_subselect;
        if (rs->subquery == nullptr || rs->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
          return nullptr;
        std::vector<size_t> hidden;  // a sub-select without LATERAL does not see its FROM clause
        for (size_t k = 0; k < levels_.size(); ++k) {
          if (!rs->lateral && levels_[k].partial && !levels_[k].hidden) {
            levels_[k].hidden = true;
            hidden.push_back(k);
          }
        }
        auto cols = select(rs->subquery->select_stmt, ctes);  // pushes levels: indexes, not pointers
        for (size_t k : hidden) levels_[k].hidden = false;
        if (!cols) return nullptr;
        item->columns = *cols;
        apply_alias(rs->alias, *item);
        return item;
      }
      case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
        const PgQuery__RangeFunction* rf = n->range_function;
        for (size_t k = 0; k < rf->n_functions; ++k) bind(rf->functions[k], ctes);  // their arguments
        if (rf->alias == nullptr || rf->alias->n_colnames == 0) return nullptr;     // columns unknown here
        item->alias = rf->alias->aliasname;
        for (size_t k = 0; k < rf->alias->n_colnames; ++k)
          item->columns.push_back(str_of(rf->alias->colnames[k]));
        item->sources.resize(item->columns.size());
        return item;
      }
      case PG_QUERY__NODE__NODE_JOIN_EXPR: {
        PgQuery__JoinExpr* j = n->join_expr;
        auto left = from_item(j->larg, ctes);
        Scope left_side;  // what a LATERAL right side sees too
        if (left) left_side.push_back(std::move(left));
        levels_.push_back(Level{&left_side, !left_side.empty(), true});
        auto right = from_item(j->rarg, ctes);
        levels_.pop_back();
        if (!left_side.empty()) left = std::move(left_side.front());
        if (!left || !right) return nullptr;
        for (size_t k = 0; k < j->n_using_clause; ++k)
          item->using_columns.push_back(str_of(j->using_clause[k]));
        if (j->is_natural) {
          for (const std::string& c : flat_columns(*left)) {
            for (const std::string& r : flat_columns(*right)) {
              if (c == r) item->using_columns.push_back(c);
            }
          }
        }
        item->full_join = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
        item->left_join = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_LEFT;
        item->right_join = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT;
        for (const std::string& c : item->using_columns) {
          pin(*left, c);
          pin(*right, c);
        }
        if (j->is_natural && !item->using_columns.empty())
          shape.naturals.push_back(NaturalJoin{j, item->using_columns});
        item->children.push_back(std::move(left));
        item->children.push_back(std::move(right));
        if (j->alias != nullptr) {
          // An aliased join hides its members: its columns are its own.
          std::vector<StarColumn> cols;
          if (!star_of(*item, cols)) return nullptr;
          auto named = std::make_unique<FromItem>();
          for (const StarColumn& c : cols) {
            named->columns.push_back(c.column);
            named->sources.push_back(c.relation);
            named->types.push_back(c.type);
          }
          apply_alias(j->alias, *named);
          return named;
        }
        return item;
      }
      default:
        return nullptr;
    }
  }

  static std::vector<std::string> flat_columns(const FromItem& item) {
    if (item.children.empty()) return item.columns;
    std::vector<std::string> out;
    for (const auto& c : item.children) {
      auto more = flat_columns(*c);
      out.insert(out.end(), more.begin(), more.end());
    }
    return out;
  }

  // The (qualifier, column) pairs `*` gives for one FROM item, an empty qualifier for a merged column
  // PostgreSQL prints unqualified; false when a side's columns are not known.
  static bool star_of(const FromItem& item, std::vector<StarColumn>& out) {
    if (item.children.empty()) {
      for (size_t k = 0; k < item.columns.size(); ++k)
        out.push_back(StarColumn{item.alias, item.columns[k], item.sources[k],
                                 has(item.pinned, item.columns[k]),
                                 k < item.types.size() ? item.types[k] : ""});
      return true;
    }
    if (!item.using_columns.empty()) {
      std::vector<StarColumn> left, right;
      if (!star_of(*item.children[0], left) || !star_of(*item.children[1], right)) return false;
      auto merged = [&](const std::string& c) {
        for (const auto& u : item.using_columns) {
          if (u == c) return true;
        }
        return false;
      };
      auto side = [](const std::vector<StarColumn>& cols, const std::string& u) -> const StarColumn* {
        for (const StarColumn& c : cols) {
          if (c.column == u) return &c;
        }
        return nullptr;
      };
      for (const std::string& u : item.using_columns) {  // the merged column: see source_of()
        const StarColumn* l = side(left, u);
        const StarColumn* r = side(right, u);
        if (l == nullptr || r == nullptr) return false;
        // What PostgreSQL's buildMergedJoinVar makes of the two sides: a side's plain column, or an
        // expression (a cast, a FULL JOIN's COALESCE), which it prints unqualified. The unqualified
        // name stands for the merged column whatever it is, so it is also what an unknown case
        // gets; expand() keeps it only where no other column of the scope has that name.
        StarColumn unqualified{"", u, l->relation, true, ""};
        if (item.full_join) {
          unqualified.type = l->type == r->type ? l->type : common_type(l->type, r->type);
          out.push_back(unqualified);
          continue;
        }
        if (l->type.empty() || r->type.empty() || l->type == r->type) {
          out.push_back(item.right_join ? *r : *l);
          continue;
        }
        // Of different types, both are cast to their common type, without a typmod
        // (select_common_typmod): the merged column is a side's plain column only when that side
        // needs no cast and has no typmod (for an inner join, the left one first).
        const std::string common = common_type(l->type, r->type);
        if (common.empty()) {  // not known here
          out.push_back(unqualified);
          continue;
        }
        unqualified.type = common;
        auto plain = [&](const std::string& type) {
          return common == base_type(type) && type.find('(') == std::string::npos;
        };
        const bool left_plain = plain(l->type), right_plain = plain(r->type);
        const StarColumn* picked = item.left_join    ? (left_plain ? l : nullptr)
                                   : item.right_join ? (right_plain ? r : nullptr)
                                   : left_plain      ? l
                                   : right_plain     ? r
                                                     : nullptr;
        if (picked == nullptr) {
          out.push_back(unqualified);
          continue;
        }
        StarColumn side_column = *picked;
        side_column.type = common;
        out.push_back(side_column);
      }
      for (const StarColumn& c : left) {
        if (!merged(c.column)) out.push_back(c);
      }
      for (const StarColumn& c : right) {
        if (!merged(c.column)) out.push_back(c);
      }
      return true;
    }
    for (const auto& c : item.children) {
      if (!star_of(*c, out)) return false;
    }
    return true;
  }

  static const FromItem* find(const FromItem& item, const std::string& alias) {
    if (item.children.empty()) return item.alias == alias ? &item : nullptr;
    for (const auto& c : item.children) {
      if (const FromItem* f = find(*c, alias)) return f;
    }
    return nullptr;
  }

  static std::optional<std::vector<StarColumn>> expand(const PgQuery__ColumnRef* ref, const Scope& scope) {
    std::vector<StarColumn> out;
    if (ref->n_fields == 1) {
      for (const auto& item : scope) {
        if (!star_of(*item, out)) return std::nullopt;
      }
      for (const StarColumn& c : out) {  // an unqualified merged column must name only itself
        if (c.qualifier.empty() && std::count_if(out.begin(), out.end(), [&](const StarColumn& o) {
                                     return o.column == c.column;
                                   }) > 1)
          return std::nullopt;
      }
      return out;
    }
    const std::string alias = str_of(ref->fields[ref->n_fields - 2]);
    for (const auto& item : scope) {
      if (const FromItem* f = find(*item, alias)) {
        for (size_t k = 0; k < f->columns.size(); ++k)
          out.push_back(StarColumn{alias, f->columns[k], f->sources[k], has(f->pinned, f->columns[k]),
                                   k < f->types.size() ? f->types[k] : ""});
        return out;
      }
    }
    return std::nullopt;
  }
};

PgQuery__SelectStmt* view_query(PgNode stmt) {
  auto* node = static_cast<Node*>(stmt.message);
  if (node == nullptr) return nullptr;
  Node* query = nullptr;
  if (node->node_case == PG_QUERY__NODE__NODE_VIEW_STMT) query = node->view_stmt->query;
  if (node->node_case == PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT) query = node->create_table_as_stmt->query;
  if (query == nullptr || query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return nullptr;
  return query->select_stmt;
}

// Temporary nodes for the expanded target lists, freed when rendering is done.
struct Arena {
  std::deque<std::string> strings;
  std::deque<PgQuery__String> string_msgs;
  std::deque<PgQuery__ColumnRef> refs;
  std::deque<PgQuery__ResTarget> targets;
  std::deque<Node> nodes;
  std::deque<std::vector<Node*>> lists;
  std::deque<PgQuery__Alias> aliases;

  Node* string_node(const std::string& s) {
    strings.push_back(s);
    string_msgs.push_back(PG_QUERY__STRING__INIT);
    string_msgs.back().sval = strings.back().data();
    nodes.push_back(PG_QUERY__NODE__INIT);
    nodes.back().node_case = PG_QUERY__NODE__NODE_STRING;
    nodes.back().string = &string_msgs.back();
    return &nodes.back();
  }
  // A target `qualifier.column`; `ref` is set to its ColumnRef message.
  Node* column_target(const std::string& qualifier, const std::string& column, const void*& ref) {
    lists.emplace_back();
    if (!qualifier.empty()) lists.back().push_back(string_node(qualifier));
    lists.back().push_back(string_node(column));
    refs.push_back(PG_QUERY__COLUMN_REF__INIT);
    refs.back().n_fields = lists.back().size();
    refs.back().fields = lists.back().data();
    ref = &refs.back();
    nodes.push_back(PG_QUERY__NODE__INIT);
    nodes.back().node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
    nodes.back().column_ref = &refs.back();
    Node* val = &nodes.back();
    targets.push_back(PG_QUERY__RES_TARGET__INIT);
    targets.back().val = val;
    targets.back().name = const_cast<char*>("");
    nodes.push_back(PG_QUERY__NODE__INIT);
    nodes.back().node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    nodes.back().res_target = &targets.back();
    return &nodes.back();
  }
};

// Every SelectStmt of the tree.
void collect_selects(ProtobufCMessage* m, std::vector<PgQuery__SelectStmt*>& out) {
  if (m->descriptor == &pg_query__select_stmt__descriptor)
    out.push_back(reinterpret_cast<PgQuery__SelectStmt*>(m));
  for_each_child(m, [&](ProtobufCMessage* child) { collect_selects(child, out); });
}

}  // namespace

ViewShape analyze_view(PgNode stmt, const RelationColumns& columns_of, const RelationColumnTypes& types_of) {
  Analyzer a(columns_of, types_of);
  PgQuery__SelectStmt* query = view_query(stmt);
  if (query == nullptr) {
    a.shape.complete = false;
    return a.shape;
  }
  auto names = a.select(query, {});
  if (names) a.shape.output_columns = *names;
  auto* node = static_cast<Node*>(stmt.message);
  if (node->node_case == PG_QUERY__NODE__NODE_VIEW_STMT) {
    const PgQuery__ViewStmt* v = node->view_stmt;
    for (size_t k = 0; k < v->n_aliases && k < a.shape.output_columns.size(); ++k)
      a.shape.output_columns[k] = str_of(v->aliases[k]);
  }
  return a.shape;
}

std::optional<Projection> plain_projection(PgNode stmt, const std::vector<StarExpansion>& stars) {
  const PgQuery__SelectStmt* q = view_query(stmt);
  if (q == nullptr || q->op != PG_QUERY__SET_OPERATION__SETOP_NONE || q->n_distinct_clause > 0 ||
      q->n_group_clause > 0 || q->having_clause != nullptr || q->n_window_clause > 0 ||
      q->n_values_lists > 0 || q->limit_offset != nullptr || q->limit_count != nullptr ||
      q->with_clause != nullptr || q->n_from_clause != 1 ||
      q->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
    return std::nullopt;
  const PgQuery__RangeVar* rv = q->from_clause[0]->range_var;
  if (rv->alias != nullptr && rv->alias->n_colnames > 0) return std::nullopt;
  const auto* node = static_cast<const Node*>(stmt.message);
  if (node->node_case == PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT &&
      node->create_table_as_stmt->into != nullptr && node->create_table_as_stmt->into->n_col_names > 0)
    return std::nullopt;  // its columns are renamed: the index names them so
  Projection p;
  p.relation = QualifiedName{rv->schemaname != nullptr ? rv->schemaname : "", rv->relname};
  p.filtered = q->where_clause != nullptr;
  for (size_t k = 0; k < q->n_target_list; ++k) {
    const Node* target = q->target_list[k];
    if (target->node_case != PG_QUERY__NODE__NODE_RES_TARGET || target->res_target->val == nullptr)
      return std::nullopt;
    const Node* val = target->res_target->val;
    if (val->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return std::nullopt;
    const PgQuery__ColumnRef* ref = val->column_ref;
    if (ref->n_fields == 0) return std::nullopt;
    if (ref->fields[ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
      auto star = std::find_if(stars.begin(), stars.end(),
                               [&](const StarExpansion& e) { return e.target == target; });
      if (star == stars.end()) return std::nullopt;  // not expanded
      for (const auto& c : star->columns) p.columns.push_back(c.second);
    } else {
      p.columns.push_back(str_of(ref->fields[ref->n_fields - 1]));
    }
  }
  return p;
}

std::string relation_key(const QualifiedName& written) {
  return qualified(written);
}

std::vector<std::pair<const void*, std::string>> column_refs(PgNode stmt) {
  std::vector<std::pair<const void*, std::string>> out;
  std::function<void(ProtobufCMessage*)> walk = [&](ProtobufCMessage* m) {
    if (m->descriptor == &pg_query__column_ref__descriptor) {
      auto* ref = reinterpret_cast<PgQuery__ColumnRef*>(m);
      const std::string column = ref->n_fields > 0 ? str_of(ref->fields[ref->n_fields - 1]) : "";
      if (!column.empty()) out.emplace_back(ref, column);
      return;
    }
    for_each_child(m, walk);
  };
  if (stmt) walk(&static_cast<Node*>(stmt.message)->base);
  return out;
}

std::string render_view_expanded(PgNode stmt, const ColumnMap& columns, const RelationMap& relations,
                                 const std::vector<StarExpansion>& stars, const ViewColumns& bound,
                                 const RelationColumns& columns_now, const OidNames& labels) {
  static const ColumnMap kNoRenames;
  BoundColumns refs;
  auto renames_of = [&](const QualifiedName& relation) -> const ColumnMap& {
    auto it = relation.name.empty() ? bound.renames.end() : bound.renames.find(relation_key(relation));
    return it == bound.renames.end() ? kNoRenames : it->second;
  };
  auto bind = [&](const void* ref, const QualifiedName& relation, bool pinned) {
    refs[ref] = pinned ? &kNoRenames : &renames_of(relation);
  };
  for (const ColumnBinding& b : bound.refs) bind(b.ref, b.relation, b.pinned);
  Arena arena;
  std::vector<std::function<void()>> undo;  // the tree is put back as it was once rendered
  struct Undo {
    std::vector<std::function<void()>>& steps;
    ~Undo() {
      for (auto it = steps.rbegin(); it != steps.rend(); ++it) (*it)();
    }
  } restore{undo};
  for (const NaturalJoin& natural : bound.naturals) {
    auto* j = static_cast<PgQuery__JoinExpr*>(const_cast<void*>(natural.join));
    std::vector<Node*> list;
    for (const std::string& c : natural.columns) list.push_back(arena.string_node(c));
    arena.lists.push_back(std::move(list));
    undo.push_back([j, n = j->n_using_clause, l = j->using_clause] {
      j->is_natural = true;
      j->n_using_clause = n;
      j->using_clause = l;
    });
    j->is_natural = false;
    j->n_using_clause = arena.lists.back().size();
    j->using_clause = arena.lists.back().data();
  }
  for (const UsingPin& pin : bound.pins) {
    const ColumnMap& renames = renames_of(pin.relation);
    auto now = [&](const std::string& c) {
      auto it = renames.find(c);
      return it == renames.end() ? c : it->second;
    };
    if (!columns_now || std::all_of(pin.columns.begin(), pin.columns.end(),
                                    [&](const std::string& c) { return now(c) == c; }))
      continue;
    QualifiedName relation = pin.relation;
    if (auto it = relations.find(relation.name); it != relations.end()) {
      relation.name = it->second.name;
      if (!it->second.schema.empty()) relation.schema = it->second.schema;
    }
    const std::optional<std::vector<std::string>> current = columns_now(relation);
    if (!current) continue;
    auto* rv = static_cast<PgQuery__RangeVar*>(const_cast<void*>(pin.range_var));
    std::vector<Node*> names;
    for (size_t k = 0; k < current->size(); ++k) {
      std::string name = (*current)[k];
      for (const std::string& c : pin.columns) {
        if (now(c) == name) name = c;
      }
      if (rv->alias != nullptr && k < rv->alias->n_colnames) name = str_of(rv->alias->colnames[k]);
      names.push_back(arena.string_node(name));
    }
    arena.lists.push_back(std::move(names));
    arena.aliases.push_back(PG_QUERY__ALIAS__INIT);
    PgQuery__Alias& alias = arena.aliases.back();
    arena.strings.push_back(rv->alias != nullptr ? std::string(rv->alias->aliasname) : relation.name);
    alias.aliasname = arena.strings.back().data();
    alias.n_colnames = arena.lists.back().size();
    alias.colnames = arena.lists.back().data();
    undo.push_back([rv, old = rv->alias] { rv->alias = old; });
    rv->alias = &alias;
  }
  std::vector<PgQuery__SelectStmt*> selects;
  if (!stars.empty()) collect_selects(&static_cast<Node*>(stmt.message)->base, selects);
  for (PgQuery__SelectStmt* s : selects) {
    bool any = false;
    std::vector<Node*> list;
    for (size_t i = 0; i < s->n_target_list; ++i) {
      const StarExpansion* star = nullptr;
      for (const StarExpansion& e : stars) {
        if (e.target == s->target_list[i]) star = &e;
      }
      if (star == nullptr) {
        list.push_back(s->target_list[i]);
        continue;
      }
      any = true;
      for (size_t k = 0; k < star->columns.size(); ++k) {
        const void* ref = nullptr;
        list.push_back(arena.column_target(star->columns[k].first, star->columns[k].second, ref));
        if (k < star->relations.size())
          bind(ref, star->relations[k], k < star->pinned.size() && star->pinned[k]);
      }
    }
    if (!any) continue;
    arena.lists.push_back(std::move(list));
    undo.push_back([s, n = s->n_target_list, l = s->target_list] {
      s->n_target_list = n;
      s->target_list = l;
    });
    s->n_target_list = arena.lists.back().size();
    s->target_list = arena.lists.back().data();
  }
  return render_view(stmt, columns, relations, refs, labels);
}

}  // namespace p2s
