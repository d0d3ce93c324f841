#include "lower/lower_do.h"

#include <regex>

#include "lower/lower.h"
#include "parse/pg_plpgsql.h"

namespace p2s {
namespace {

struct Dynamic {
  std::string why;
};

const char* const kCatalogs[] = {"pg_constraint", "pg_type",   "pg_class",     "pg_indexes", "columns",
                                 "tables",        "pg_tables", "pg_extension", "pg_trigger", "pg_namespace",
                                 "pg_attribute",  "pg_index",  "pg_enum",      "pg_policy",  "pg_views"};

// 'value', 'value'::regclass
std::optional<std::string> constant(const Json& e) {
  const Json* c = &e;
  if (e.contains("TypeCast")) c = &e["TypeCast"]["arg"];
  if (!c->contains("A_Const") || !(*c)["A_Const"].contains("sval")) return std::nullopt;
  std::string v = str((*c)["A_Const"]["sval"], "sval");
  if (e.contains("TypeCast")) {  // 'public."T"'::regclass -> T
    const size_t dot = v.rfind('.');
    if (dot != std::string::npos && v.find('"', dot) != std::string::npos) v = v.substr(dot + 1);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  }
  return v;
}

void equalities(const Json& e, CatalogTest& t) {
  if (e.contains("BoolExpr") && str(e["BoolExpr"], "boolop") == "AND_EXPR") {
    for (const Json& a : list(e["BoolExpr"], "args")) equalities(a, t);
    return;
  }
  if (!e.contains("A_Expr")) throw Dynamic{"a catalog test that is not column = 'value'"};
  const Json& x = e["A_Expr"];
  const auto op = svals(list(x, "name"));
  if (str(x, "kind") != "AEXPR_OP" || op.empty() || op.back() != "=")
    throw Dynamic{"a catalog test that is not column = 'value'"};
  const Json& l = x["lexpr"];
  const Json& r = x["rexpr"];
  const Json& ref = l.contains("ColumnRef") ? l : r;
  const Json& val = l.contains("ColumnRef") ? r : l;
  if (!ref.contains("ColumnRef")) throw Dynamic{"a catalog test that is not column = 'value'"};
  const auto fields = svals(list(ref["ColumnRef"], "fields"));
  const auto v = constant(val);
  if (fields.empty()) throw Dynamic{"a catalog test that is not column = 'value'"};
  if (!v) return;  // a join condition (c.conrelid = t.oid): the named columns decide
  t.equals.emplace_back(fields.back(), *v);
}

void relations(const Json& from, std::vector<std::string>& out) {
  if (from.contains("RangeVar")) out.push_back(str(from["RangeVar"], "relname"));
  if (from.contains("JoinExpr")) {
    relations(from["JoinExpr"]["larg"], out);
    relations(from["JoinExpr"]["rarg"], out);
  }
}

// NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'x'), ANDed.
void tests_of(const Json& e, bool negated, std::vector<CatalogTest>& out) {
  if (e.contains("BoolExpr")) {
    const std::string op = str(e["BoolExpr"], "boolop");
    const Json& args = list(e["BoolExpr"], "args");
    if (op == "NOT_EXPR" && args.size() == 1) return tests_of(args[0], !negated, out);
    if (op == "AND_EXPR" && !negated) {
      for (const Json& a : args) tests_of(a, false, out);
      return;
    }
    throw Dynamic{"an IF condition with OR"};
  }
  if (!e.contains("SubLink") || str(e["SubLink"], "subLinkType") != "EXISTS_SUBLINK")
    throw Dynamic{"an IF condition that is not [NOT] EXISTS (catalog query)"};
  const Json& sel = e["SubLink"]["subselect"]["SelectStmt"];
  std::vector<std::string> rels;
  for (const Json& f : list(sel, "fromClause")) relations(f, rels);
  if (rels.empty()) throw Dynamic{"an EXISTS without a catalog"};
  CatalogTest t;
  t.catalog = rels.front();
  t.negated = negated;
  if (std::find(std::begin(kCatalogs), std::end(kCatalogs), t.catalog) == std::end(kCatalogs))
    throw Dynamic{"an EXISTS over " + t.catalog + ", which is not a catalog the model answers"};
  if (sel.contains("whereClause")) equalities(sel["whereClause"], t);
  for (const Json& f : list(sel, "fromClause")) {
    if (f.contains("JoinExpr") && f["JoinExpr"].contains("quals")) equalities(f["JoinExpr"]["quals"], t);
  }
  out.push_back(std::move(t));
}

class BlockLowering {
 public:
  BlockLowering(const LowerCtx& ctx, DoBlock& out) : ctx_(ctx), out_(out) {}

  std::shared_ptr<const std::vector<Statement>> sql(const std::string& text) {
    auto parsed = ParsedSql::parse(text);
    if (std::holds_alternative<SyntaxError>(parsed)) throw Dynamic{"a statement libpg_query cannot parse"};
    std::shared_ptr<ParsedSql> tree = std::move(std::get<std::unique_ptr<ParsedSql>>(parsed));
    out_.trees.push_back(tree);
    ctx_.parsed.adopt(tree);  // the model keeps parse nodes of these statements after the block is gone
    Diagnostics local;
    auto stmts = std::make_shared<std::vector<Statement>>(lower_file(*tree, ctx_.file, text, local));
    for (Statement& st : *stmts) {
      st.loc = ctx_.loc_of(Json::object());  // the DO statement: inner offsets are not the file's
      if (std::holds_alternative<Unsupported>(st.kind))
        throw Dynamic{"a statement the model does not follow (" + std::get<Unsupported>(st.kind).what + ")"};
      if (std::holds_alternative<TransactionControl>(st.kind)) throw Dynamic{"transaction control"};
    }
    return stmts;
  }

  // The statements of a body; `part` collects straight-line statements.
  void body(const Json& stmts, DoPartKind kind, const std::vector<CatalogTest>& tests) {
    for (const Json& st : stmts) {
      const std::string tag = st.begin().key();
      const Json& n = st.begin().value();
      if (tag == "PLpgSQL_stmt_execsql") {
        DoPart part{kind, tests, sql(str(n["sqlstmt"]["PLpgSQL_expr"], "query"))};
        out_.parts.push_back(std::move(part));
      } else if (tag == "PLpgSQL_stmt_if") {
        if (kind != DoPartKind::kAlways) throw Dynamic{"a nested IF"};
        if (n.contains("elsif_list") || n.contains("else_body")) throw Dynamic{"IF with ELSIF or ELSE"};
        std::vector<CatalogTest> conds;
        auto parsed = ParsedSql::parse("SELECT " + str(n["cond"]["PLpgSQL_expr"], "query"));
        if (std::holds_alternative<SyntaxError>(parsed))
          throw Dynamic{"an IF condition libpg_query cannot parse"};
        const Json& tree = std::get<std::unique_ptr<ParsedSql>>(parsed)->tree();
        tests_of(tree["stmts"][0]["stmt"]["SelectStmt"]["targetList"][0]["ResTarget"]["val"], false, conds);
        body(list(n, "then_body"), DoPartKind::kIf, conds);
      } else if (tag == "PLpgSQL_stmt_block") {
        if (n.contains("exceptions")) {
          if (kind != DoPartKind::kAlways) throw Dynamic{"an EXCEPTION block inside IF"};
          static const char* const kSwallowed[] = {
              "duplicate_object", "duplicate_table", "duplicate_column", "duplicate_schema",
              "undefined_object", "undefined_table", "undefined_column", "duplicate_function"};
          for (const Json& e : list(n["exceptions"]["PLpgSQL_exception_block"], "exc_list")) {
            const Json& ex = e["PLpgSQL_exception"];
            for (const Json& a : list(ex, "action")) {
              if (!a.contains("PLpgSQL_stmt_null") && !a.contains("PLpgSQL_stmt_raise"))
                throw Dynamic{"an EXCEPTION handler that does more than NULL"};
            }
            for (const Json& c : list(ex, "conditions")) {
              const std::string name = str(c["PLpgSQL_condition"], "condname");
              if (std::find(std::begin(kSwallowed), std::end(kSwallowed), name) == std::end(kSwallowed))
                throw Dynamic{"EXCEPTION WHEN " + name};
            }
          }
          body(list(n, "body"), DoPartKind::kUnlessFails, {});
        } else {
          body(list(n, "body"), kind, tests);
        }
      } else if (tag == "PLpgSQL_stmt_raise" || tag == "PLpgSQL_stmt_return" || tag == "PLpgSQL_stmt_null") {
        if (tag == "PLpgSQL_stmt_raise" && integer(n, "elog_level") >= 21) throw Dynamic{"RAISE EXCEPTION"};
      } else if (tag == "PLpgSQL_stmt_dynexecute") {
        throw Dynamic{"EXECUTE of a built string"};
      } else {
        throw Dynamic{tag.substr(std::string("PLpgSQL_stmt_").size()) + " statements"};
      }
    }
  }

 private:
  const LowerCtx& ctx_;
  DoBlock& out_;
};

// Whether a block's statements (anywhere in it, loops included) can change the schema: a statement
// that is not INSERT/UPDATE/DELETE/MERGE/SELECT, or an EXECUTE of a built string.
bool may_change_schema(const Json& node) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == "PLpgSQL_stmt_dynexecute") return true;
      if (it.key() == "PLpgSQL_stmt_execsql") {
        const std::string q = str(it.value()["sqlstmt"]["PLpgSQL_expr"], "query");
        auto parsed = ParsedSql::parse(q);
        if (std::holds_alternative<SyntaxError>(parsed)) return true;
        for (const Json& st : list(std::get<std::unique_ptr<ParsedSql>>(parsed)->tree(), "stmts")) {
          const std::string tag = st["stmt"].begin().key();
          if (tag != "InsertStmt" && tag != "UpdateStmt" && tag != "DeleteStmt" && tag != "MergeStmt" &&
              !(tag == "SelectStmt" && !st["stmt"][tag].contains("intoClause")))
            return true;
        }
      }
      if (may_change_schema(it.value())) return true;
    }
  } else if (node.is_array()) {
    for (const Json& n : node) {
      if (may_change_schema(n)) return true;
    }
  }
  return false;
}

}  // namespace

StmtKind lower_do(const LowerCtx& ctx, const Json& s) {
  std::string body;
  for (const Json& arg : list(s, "args")) {
    const Json& d = arg["DefElem"];
    if (str(d, "defname") == "as") body = sval(d["arg"]);
    if (str(d, "defname") == "language" && sval(d["arg"]) != "plpgsql")
      return Unsupported{"DO block in another language"};
  }
  static const std::regex ddl(R"(\b(CREATE|ALTER|DROP|COMMENT|RENAME|GRANT|REVOKE)\s)", std::regex::icase);
  std::string error;
  auto tree = parse_do_body(body, error);
  if (!tree)
    return std::regex_search(body, ddl) ? StmtKind{Unsupported{"DO block with DDL (" + error + ")"}}
                                        : StmtKind{DataChange{"DO block", std::nullopt, std::nullopt}};
  DoBlock block;
  try {
    BlockLowering lowering(ctx, block);
    lowering.body(list((*tree)["action"]["PLpgSQL_stmt_block"], "body"), DoPartKind::kAlways, {});
  } catch (const Dynamic& d) {
    if (!may_change_schema((*tree)["action"])) return DataChange{"DO block", std::nullopt, std::nullopt};
    return Unsupported{"DO block with dynamic SQL (" + d.why + ")"};
  }
  return block;
}

}  // namespace p2s
