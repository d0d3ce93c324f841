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

// EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'x') and the like, joined by AND, OR, NOT.
DoCondition condition_of(const Json& e) {
  DoCondition c;
  if (e.contains("BoolExpr")) {
    const std::string op = str(e["BoolExpr"], "boolop");
    const Json& args = list(e["BoolExpr"], "args");
    c.op = op == "NOT_EXPR"  ? DoCondition::Op::kNot
           : op == "OR_EXPR" ? DoCondition::Op::kOr
                             : DoCondition::Op::kAnd;
    for (const Json& a : args) c.args.push_back(condition_of(a));
    return c;
  }
  if (!e.contains("SubLink") || str(e["SubLink"], "subLinkType") != "EXISTS_SUBLINK")
    throw Dynamic{"an IF condition that is not [NOT] EXISTS (catalog query)"};
  const Json& sel = e["SubLink"]["subselect"]["SelectStmt"];
  std::vector<std::string> rels;
  for (const Json& f : list(sel, "fromClause")) relations(f, rels);
  if (rels.empty()) throw Dynamic{"an EXISTS without a catalog"};
  CatalogTest& t = c.test;
  t.catalog = rels.front();
  if (std::find(std::begin(kCatalogs), std::end(kCatalogs), t.catalog) == std::end(kCatalogs))
    throw Dynamic{"an EXISTS over " + t.catalog + ", which is not a catalog the model answers"};
  if (sel.contains("whereClause")) equalities(sel["whereClause"], t);
  for (const Json& f : list(sel, "fromClause")) {
    if (f.contains("JoinExpr") && f["JoinExpr"].contains("quals")) equalities(f["JoinExpr"]["quals"], t);
  }
  return c;
}

// A PL/pgSQL expression (an IF's condition, an EXECUTE's string) as libpg_query parses `SELECT expr`.
std::optional<Json> parse_expression(const std::string& expr) {
  auto parsed = ParsedSql::parse("SELECT " + expr);
  if (std::holds_alternative<SyntaxError>(parsed)) return std::nullopt;
  const Json& tree = std::get<std::unique_ptr<ParsedSql>>(parsed)->tree();
  return tree["stmts"][0]["stmt"]["SelectStmt"]["targetList"][0]["ResTarget"]["val"];
}

// The text of a string expression built from constants only: literals, `||`, format() with %s %I
// %L %%, quote_ident(), quote_literal(), concat() and casts to text. A variable or anything else:
// nullopt (the statement is dynamic).
std::optional<std::string> constant_text(const Json& e) {
  if (e.contains("A_Const")) {
    if (!e["A_Const"].contains("sval")) return std::nullopt;
    return str(e["A_Const"]["sval"], "sval");
  }
  if (e.contains("TypeCast")) {
    const auto type = svals(list(e["TypeCast"]["typeName"]["TypeName"], "names"));
    if (type.empty() || (type.back() != "text" && type.back() != "varchar")) return std::nullopt;
    return constant_text(e["TypeCast"]["arg"]);
  }
  if (e.contains("A_Expr")) {
    const Json& x = e["A_Expr"];
    const auto op = svals(list(x, "name"));
    if (str(x, "kind") != "AEXPR_OP" || op.size() != 1 || op[0] != "||" || !x.contains("lexpr"))
      return std::nullopt;
    auto l = constant_text(x["lexpr"]), r = constant_text(x["rexpr"]);
    if (!l || !r) return std::nullopt;
    return *l + *r;
  }
  if (!e.contains("FuncCall")) return std::nullopt;
  const Json& f = e["FuncCall"];
  const auto name = svals(list(f, "funcname"));
  std::vector<std::string> args;
  for (const Json& a : list(f, "args")) {
    auto v = constant_text(a);
    if (!v) return std::nullopt;
    args.push_back(std::move(*v));
  }
  const std::string fn = name.empty() ? "" : name.back();
  if (fn == "quote_ident" && args.size() == 1) return quote_ident(args[0]);
  if (fn == "quote_literal" && args.size() == 1) return quote_literal(args[0]);
  if (fn == "concat") {
    std::string out;
    for (const std::string& a : args) out += a;
    return out;
  }
  if (fn != "format" || args.empty()) return std::nullopt;
  std::string out;
  size_t next = 1;
  const std::string& fmt = args[0];
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) return std::nullopt;
    if (fmt[i] == '%') {
      out += '%';
      continue;
    }
    if ((fmt[i] != 's' && fmt[i] != 'I' && fmt[i] != 'L') || next >= args.size()) return std::nullopt;
    const std::string& a = args[next++];
    out += fmt[i] == 's' ? a : fmt[i] == 'I' ? quote_ident(a) : quote_literal(a);
  }
  return out;
}

class BlockLowering {
 public:
  BlockLowering(const LowerCtx& ctx, DoBlock& out) : ctx_(ctx), out_(out) {}

  std::vector<Statement> sql(const std::string& text) {
    auto parsed = ParsedSql::parse(text);
    if (std::holds_alternative<SyntaxError>(parsed)) throw Dynamic{"a statement libpg_query cannot parse"};
    std::shared_ptr<ParsedSql> tree = std::move(std::get<std::unique_ptr<ParsedSql>>(parsed));
    out_.trees.push_back(tree);
    ctx_.parsed.adopt(tree);  // the model keeps parse nodes of these statements after the block is gone
    Diagnostics local;
    std::vector<Statement> stmts = lower_file(*tree, ctx_.file, text, local);
    for (Statement& st : stmts) {
      st.loc = ctx_.loc_of(Json::object());  // the DO statement: inner offsets are not the file's
      if (std::holds_alternative<Unsupported>(st.kind))
        throw Dynamic{"a statement the model does not follow (" + std::get<Unsupported>(st.kind).what + ")"};
      if (std::holds_alternative<TransactionControl>(st.kind)) throw Dynamic{"transaction control"};
    }
    return stmts;
  }

  // The statements of a body, inside the IF branches `guards`. Straight-line statements under the
  // same guards, with no IF reached between them, form one part; an EXCEPTION block is a part of
  // its own (`kind` kUnlessFails while lowering its body).
  void body(const Json& stmts, DoPartKind kind, const std::vector<DoGuard>& guards) {
    for (const Json& st : stmts) {
      const std::string tag = st.begin().key();
      const Json& n = st.begin().value();
      if (tag == "PLpgSQL_stmt_execsql") {
        add(kind, guards, sql(str(n["sqlstmt"]["PLpgSQL_expr"], "query")));
      } else if (tag == "PLpgSQL_stmt_dynexecute") {
        if (n.contains("into") || n.contains("params")) throw Dynamic{"EXECUTE ... INTO or USING"};
        const auto expr = parse_expression(str(n["query"]["PLpgSQL_expr"], "query"));
        const auto text = expr ? constant_text(*expr) : std::nullopt;
        if (!text) throw Dynamic{"EXECUTE of a built string"};
        add(kind, guards, sql(*text));
      } else if (tag == "PLpgSQL_stmt_if") {
        if (kind != DoPartKind::kAlways) throw Dynamic{"an IF inside an EXCEPTION block"};
        // IF c1 THEN ... ELSIF c2 THEN ... ELSE ...: branch k runs when c1..c(k-1) are false and ck
        // true. Every condition is evaluated where the IF is reached (PostgreSQL evaluates c2 only
        // when c1 is false; the model's answer has no side effect).
        std::vector<DoGuard> branch = guards;
        auto arm = [&](const std::string& cond, const Json& arm_body) {
          const auto expr = parse_expression(cond);
          if (!expr) throw Dynamic{"an IF condition libpg_query cannot parse"};
          out_.ifs.push_back(DoIf{condition_of(*expr), out_.parts.size()});
          const size_t c = out_.ifs.size() - 1;
          std::vector<DoGuard> inside = branch;
          inside.push_back(DoGuard{c, true});
          body(arm_body, kind, inside);
          branch.push_back(DoGuard{c, false});
        };
        arm(str(n["cond"]["PLpgSQL_expr"], "query"), list(n, "then_body"));
        for (const Json& e : list(n, "elsif_list")) {
          const Json& elsif = e["PLpgSQL_if_elsif"];
          arm(str(elsif["cond"]["PLpgSQL_expr"], "query"), list(elsif, "stmts"));
        }
        body(list(n, "else_body"), kind, branch);
      } else if (tag == "PLpgSQL_stmt_block") {
        if (n.contains("exceptions")) {
          if (kind != DoPartKind::kAlways) throw Dynamic{"an EXCEPTION block inside an EXCEPTION block"};
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
          last_ = nullptr;  // the block's subtransaction: a part of its own, all or nothing
          body(list(n, "body"), DoPartKind::kUnlessFails, guards);
          last_ = nullptr;
        } else {
          body(list(n, "body"), kind, guards);
        }
      } else if (tag == "PLpgSQL_stmt_raise" || tag == "PLpgSQL_stmt_return" || tag == "PLpgSQL_stmt_null") {
        if (tag == "PLpgSQL_stmt_raise" && integer(n, "elog_level") >= 21) throw Dynamic{"RAISE EXCEPTION"};
      } else {
        throw Dynamic{tag.substr(std::string("PLpgSQL_stmt_").size()) + " statements"};
      }
    }
  }

 private:
  void add(DoPartKind kind, const std::vector<DoGuard>& guards, std::vector<Statement> stmts) {
    // Joins the last part when nothing was evaluated since (no IF reached) and it runs as this does.
    const bool joins = last_ != nullptr && out_.parts.back().kind == kind &&
                       out_.parts.back().guards == guards &&
                       (out_.ifs.empty() || out_.ifs.back().before < out_.parts.size());
    if (!joins) {
      auto part_stmts = std::make_shared<std::vector<Statement>>();
      last_ = part_stmts.get();
      out_.parts.push_back(DoPart{kind, guards, std::move(part_stmts)});
    }
    for (Statement& st : stmts) last_->push_back(std::move(st));
  }

  const LowerCtx& ctx_;
  DoBlock& out_;
  std::vector<Statement>* last_ = nullptr;  // the statements of the last part, while it may grow
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
