// Star expansion of view bodies (see pg_view.h). Scopes follow PostgreSQL's transformFromClause:
// each FROM item contributes a named column list (a relation, a subquery, a CTE reference, a join);
// `*` is every column of every item in order, `t.*` the columns of item t.
#include "parse/pg_view.h"

#include <deque>
#include <memory>

#include "parse/pg_walk.h"

namespace p2s {
namespace {

using Node = PgQuery__Node;

std::string str_of(const Node* n) {
  return n != nullptr && n->node_case == PG_QUERY__NODE__NODE_STRING && n->string->sval != nullptr
             ? std::string(n->string->sval)
             : std::string();
}

// A FROM item: a leaf (relation, subquery, function with column aliases) or a join of two items.
struct FromItem {
  std::string alias;  // name that qualifies its columns; empty for an unaliased join
  std::vector<std::string> columns;
  std::vector<std::unique_ptr<FromItem>> children;  // joins
  std::vector<std::string> using_columns;           // JOIN ... USING / NATURAL (merged once in `*`)
  bool full_join = false;
};

struct Cte {
  std::string name;
  std::vector<std::string> columns;
};

class Analyzer {
 public:
  explicit Analyzer(const RelationColumns& columns_of) : columns_of_(columns_of) {}
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
    std::vector<std::unique_ptr<FromItem>> scope;
    bool scope_known = true;
    for (size_t i = 0; i < s->n_from_clause; ++i) {
      auto item = from_item(s->from_clause[i], ctes);
      if (!item) {
        scope_known = false;
        continue;
      }
      scope.push_back(std::move(item));
    }
    // Sub-selects in expressions have stars of their own.
    for (size_t i = 0; i < s->n_target_list; ++i) walk_sublinks(s->target_list[i], ctes);
    walk_sublinks(s->where_clause, ctes);
    std::vector<std::string> out;
    for (size_t i = 0; i < s->n_target_list; ++i) {
      Node* t = s->target_list[i];
      if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET) continue;
      PgQuery__ResTarget* rt = t->res_target;
      if (is_star(rt->val)) {
        std::optional<std::vector<std::pair<std::string, std::string>>> cols;
        if (scope_known) cols = expand(rt->val->column_ref, scope);
        if (!cols) {
          shape.complete = false;
          out.push_back("?star?");
          continue;
        }
        for (const auto& [q, c] : *cols) {
          out.push_back(c);
          shape.star_columns.push_back(c);
        }
        shape.stars.push_back(StarExpansion{t, std::move(*cols)});
        continue;
      }
      out.push_back(rt->name != nullptr && *rt->name != '\0' ? std::string(rt->name) : column_name(rt->val));
    }
    return out;
  }

 private:
  const RelationColumns& columns_of_;

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

  void walk_sublinks(Node* n, const std::vector<Cte>& ctes) {
    if (n != nullptr) walk_sublinks(&n->base, ctes);
  }
  void walk_sublinks(ProtobufCMessage* m, const std::vector<Cte>& ctes) {
    if (m->descriptor == &pg_query__sub_link__descriptor) {
      Node* sub = reinterpret_cast<PgQuery__SubLink*>(m)->subselect;
      if (sub != nullptr && sub->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
        select(sub->select_stmt, ctes);
      return;
    }
    // Expressions nest sub-selects anywhere.
    for_each_child(m, [&](ProtobufCMessage* child) { walk_sublinks(child, ctes); });
  }

  static void apply_alias(const PgQuery__Alias* alias, FromItem& item) {
    if (alias == nullptr) return;
    item.alias = alias->aliasname;
    for (size_t k = 0; k < alias->n_colnames && k < item.columns.size(); ++k)
      item.columns[k] = str_of(alias->colnames[k]);
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
        if (!cols) cols = columns_of_(QualifiedName{schema, rv->relname});
        if (!cols) return nullptr;
        item->alias = rv->relname;
        item->columns = *cols;
        apply_alias(rv->alias, *item);
        return item;
      }
      case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
        PgQuery__RangeSubselect* rs = n->range_subselect;
        if (rs->subquery == nullptr || rs->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
          return nullptr;
        auto cols = select(rs->subquery->select_stmt, ctes);
        if (!cols) return nullptr;
        item->columns = *cols;
        apply_alias(rs->alias, *item);
        return item;
      }
      case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
        const PgQuery__RangeFunction* rf = n->range_function;
        if (rf->alias == nullptr || rf->alias->n_colnames == 0) return nullptr;  // columns unknown here
        item->alias = rf->alias->aliasname;
        for (size_t k = 0; k < rf->alias->n_colnames; ++k)
          item->columns.push_back(str_of(rf->alias->colnames[k]));
        return item;
      }
      case PG_QUERY__NODE__NODE_JOIN_EXPR: {
        PgQuery__JoinExpr* j = n->join_expr;
        walk_sublinks(j->quals, ctes);
        auto left = from_item(j->larg, ctes);
        auto right = from_item(j->rarg, ctes);
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
        item->children.push_back(std::move(left));
        item->children.push_back(std::move(right));
        if (j->alias != nullptr) {
          // An aliased join hides its members: its columns are its own.
          std::vector<std::pair<std::string, std::string>> cols;
          if (!star_of(*item, cols)) return nullptr;
          auto named = std::make_unique<FromItem>();
          for (const auto& qc : cols) named->columns.push_back(qc.second);
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

  // The (qualifier, column) pairs `*` gives for one FROM item; false when PostgreSQL would not
  // print them as plain qualified columns (a FULL JOIN's merged USING columns are COALESCE).
  static bool star_of(const FromItem& item, std::vector<std::pair<std::string, std::string>>& out) {
    if (item.children.empty()) {
      for (const std::string& c : item.columns) out.emplace_back(item.alias, c);
      return true;
    }
    if (!item.using_columns.empty()) {
      if (item.full_join) return false;
      std::vector<std::pair<std::string, std::string>> left, right;
      if (!star_of(*item.children[0], left) || !star_of(*item.children[1], right)) return false;
      auto merged = [&](const std::string& c) {
        for (const auto& u : item.using_columns) {
          if (u == c) return true;
        }
        return false;
      };
      for (const std::string& u : item.using_columns) {
        for (const auto& qc : left) {
          if (qc.second == u) {
            out.push_back(qc);
            break;
          }
        }
      }
      for (const auto& qc : left) {
        if (!merged(qc.second)) out.push_back(qc);
      }
      for (const auto& qc : right) {
        if (!merged(qc.second)) out.push_back(qc);
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

  static std::optional<std::vector<std::pair<std::string, std::string>>> expand(
      const PgQuery__ColumnRef* ref, const std::vector<std::unique_ptr<FromItem>>& scope) {
    std::vector<std::pair<std::string, std::string>> out;
    if (ref->n_fields == 1) {
      for (const auto& item : scope) {
        if (!star_of(*item, out)) return std::nullopt;
      }
      return out;
    }
    const std::string alias = str_of(ref->fields[ref->n_fields - 2]);
    for (const auto& item : scope) {
      if (const FromItem* f = find(*item, alias)) {
        for (const std::string& c : f->columns) out.emplace_back(alias, c);
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

  Node* string_node(const std::string& s) {
    strings.push_back(s);
    string_msgs.push_back(PG_QUERY__STRING__INIT);
    string_msgs.back().sval = strings.back().data();
    nodes.push_back(PG_QUERY__NODE__INIT);
    nodes.back().node_case = PG_QUERY__NODE__NODE_STRING;
    nodes.back().string = &string_msgs.back();
    return &nodes.back();
  }
  Node* column_target(const std::string& qualifier, const std::string& column) {
    lists.emplace_back();
    if (!qualifier.empty()) lists.back().push_back(string_node(qualifier));
    lists.back().push_back(string_node(column));
    refs.push_back(PG_QUERY__COLUMN_REF__INIT);
    refs.back().n_fields = lists.back().size();
    refs.back().fields = lists.back().data();
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

ViewShape analyze_view(PgNode stmt, const RelationColumns& columns_of) {
  Analyzer a(columns_of);
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

std::string render_view_expanded(PgNode stmt, const ColumnMap& columns, const RelationMap& relations,
                                 const std::vector<StarExpansion>& stars) {
  if (stars.empty()) return render_view(stmt, columns, relations);
  std::vector<PgQuery__SelectStmt*> selects;
  collect_selects(&static_cast<Node*>(stmt.message)->base, selects);
  Arena arena;
  struct Saved {
    PgQuery__SelectStmt* select;
    size_t n;
    Node** list;
  };
  std::vector<Saved> saved;
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
      for (const auto& [q, c] : star->columns) list.push_back(arena.column_target(q, c));
    }
    if (!any) continue;
    saved.push_back(Saved{s, s->n_target_list, s->target_list});
    arena.lists.push_back(std::move(list));
    s->n_target_list = arena.lists.back().size();
    s->target_list = arena.lists.back().data();
  }
  struct Restore {
    std::vector<Saved>& saved;
    ~Restore() {
      for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
        it->select->n_target_list = it->n;
        it->select->target_list = it->list;
      }
    }
  } restore{saved};
  return render_view(stmt, columns, relations);
}

}  // namespace p2s
