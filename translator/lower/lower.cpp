// The single dispatch on the statement's node tag; each family lowers in its own file.
#include "lower/lower.h"

#include <map>
#include <regex>

#include "lower/lower_do.h"
#include "lower/lower_grant.h"
#include "lower/lower_index.h"
#include "lower/lower_object.h"
#include "lower/lower_session.h"
#include "lower/lower_table.h"
#include "lower/lower_type.h"

namespace p2s {
namespace {

// Skip the whitespace and comments libpg_query counts as part of a statement's span.
size_t skip_trivia(const std::string& text, size_t at, size_t end) {
  while (at < end) {
    if (isspace(static_cast<unsigned char>(text[at]))) {
      ++at;
    } else if (text.compare(at, 2, "--") == 0) {
      while (at < end && text[at] != '\n') ++at;
    } else if (text.compare(at, 2, "/*") == 0) {
      const size_t close = text.find("*/", at + 2);
      at = close == std::string::npos || close + 2 > end ? end : close + 2;
    } else {
      break;
    }
  }
  return at;
}

bool is_constant(const Json& v) {
  if (v.contains("A_Const")) return true;
  if (v.contains("TypeCast")) return v["TypeCast"]["arg"].contains("A_Const");
  return false;
}

std::optional<InsertedRows> lower_insert_values(const LowerCtx& ctx, const Ptr& p) {
  const Json& s = ctx.at(p);
  if (s.contains("onConflictClause") || s.contains("withClause") || !s.contains("selectStmt"))
    return std::nullopt;
  const Json& select = s["selectStmt"]["SelectStmt"];
  if (!select.contains("valuesLists")) return std::nullopt;
  InsertedRows out;
  out.table = range_var(s["relation"]);
  for (const Json& c : list(s, "cols")) out.columns.push_back(str(c["ResTarget"], "name"));
  const Json& rows = list(select, "valuesLists");
  for (size_t r = 0; r < rows.size(); ++r) {
    const Json& items = list(rows[r]["List"], "items");
    // Without a column list the values are the table's columns in order, which the planner knows.
    if (!out.columns.empty() && items.size() != out.columns.size()) return std::nullopt;
    std::vector<std::string> values;
    for (size_t k = 0; k < items.size(); ++k) {
      if (!is_constant(items[k])) {
        values.emplace_back();  // not a constant (now(), a sub-select, ...): fine outside the key
        continue;
      }
      values.push_back(
          deparse_expr(ctx.pg(p / "selectStmt" / "SelectStmt" / "valuesLists" / r / "List" / "items" / k)));
    }
    out.rows.push_back(std::move(values));
  }
  return out;
}

StmtKind dispatch(const LowerCtx& ctx, const Ptr& p, const std::string& tag, const std::string& sql) {
  const Json& s = ctx.at(p / tag);
  const Ptr b = p / tag;
  if (auto session = lower_session(ctx, b, tag)) return *session;
  if (tag == "CreateStmt") return lower_create_table(ctx, b);
  if (tag == "AlterTableStmt") return lower_alter_table(ctx, b);
  if (tag == "IndexStmt") return lower_create_index(ctx, b);
  if (tag == "CreateEnumStmt") return lower_create_enum(ctx, b);
  if (tag == "AlterEnumStmt") return lower_alter_enum(ctx, b);
  if (tag == "DropStmt") return lower_drop(ctx, b);
  if (tag == "RenameStmt") return lower_rename(ctx, b);
  if (tag == "CommentStmt") return lower_comment(ctx, b, sql);
  if (tag == "GrantStmt") return lower_grant(ctx, b);
  if (tag == "ViewStmt") return lower_view(ctx, b, sql);
  if (tag == "CreateTableAsStmt") return lower_create_table_as(ctx, b, sql);
  if (tag == "CreateFunctionStmt") return lower_function(ctx, b, sql);
  if (tag == "AlterFunctionStmt") return lower_alter_function(ctx, b);
  if (tag == "AlterOwnerStmt") return lower_alter_owner(ctx, b);
  if (tag == "CreateTrigStmt") return lower_trigger(ctx, b, sql);
  if (tag == "CreateExtensionStmt") {
    const std::string name = str(s, "extname");
    StmtKind k = lower_simple_object(ObjectKind::kExtension, name, "DROP EXTENSION " + quote_ident(name), sql,
                                     flag(s, "if_not_exists"));
    // CREATE EXTENSION comments it with its control file's comment.
    if (auto* co = std::get_if<Box<CreateObject>>(&k)) (*co)->object.control_comment = true;
    return k;
  }
  if (tag == "CreateSchemaStmt") {
    if (s.contains("schemaElts")) return Unsupported{"CREATE SCHEMA with elements"};
    const std::string name = str(s, "schemaname");
    return lower_simple_object(ObjectKind::kSchema, name, "DROP SCHEMA " + quote_ident(name), sql,
                               flag(s, "if_not_exists"));
  }
  if (tag == "CreateSeqStmt" || tag == "AlterSeqStmt") {
    const QName name = range_var(s["sequence"]);
    const SequenceOptions opts =
        s.contains("options") ? sequence_options(ctx, b / "options") : SequenceOptions{};
    if (!opts.supported)
      return Unsupported{tag == "CreateSeqStmt" ? "CREATE SEQUENCE option" : "ALTER SEQUENCE option"};
    std::optional<QName> owner_table;
    std::string owner_column;
    if (opts.owned_by) {
      std::vector<std::string> parts = *opts.owned_by;
      owner_table = QName{};
      if (parts.size() >= 2) {
        owner_column = parts.back();
        parts.pop_back();
        owner_table = qname_of(parts);
      }
    }
    if (tag == "AlterSeqStmt") {
      return AlterSequence{name, opts.items, owner_table, owner_column, opts.restart, flag(s, "missing_ok")};
    }
    if (opts.restart) return Unsupported{"CREATE SEQUENCE ... RESTART"};
    CreateObject co;
    co.object.kind = ObjectKind::kSequence;
    co.object.key = qualified(name);
    co.object.drop_sql = "DROP SEQUENCE " + qualified(name);
    co.object.comment_target = comment_target_of(ObjectKind::kSequence, co.object.key);
    co.object.seq_options = opts.items;
    co.object.create_sql = sequence_create_sql(co.object);
    if (owner_table) {
      co.object.owner_table = *owner_table;
      co.object.owner_column = owner_column;
    }
    co.if_not_exists = flag(s, "if_not_exists");
    return co;
  }
  if (tag == "CreatePolicyStmt") {
    const QName table = range_var(s["table"]);
    const std::string name = str(s, "policy_name");
    StmtKind k =
        lower_simple_object(ObjectKind::kOther, "policy " + qualified(table) + "." + quote_ident(name),
                            "DROP POLICY " + quote_ident(name) + " ON " + qualified(table), sql, false,
                            "POLICY " + quote_ident(name) + " ON " + qualified(table));
    TextObject& policy = std::get<Box<CreateObject>>(k)->object;
    policy.relations.push_back(table);
    policy.node = ctx.pg(p);  // rendered with current column and table names after renames
    if (s.contains("qual")) collect_column_refs(s["qual"], policy.columns);
    if (s.contains("with_check")) collect_column_refs(s["with_check"], policy.columns);
    return k;
  }
  if (tag == "CreateDomainStmt" || tag == "CompositeTypeStmt") {
    const QName name =
        tag == "CreateDomainStmt" ? qname_of(svals(list(s, "domainname"))) : range_var(s["typevar"]);
    return lower_simple_object(ObjectKind::kOther, qualified(name),
                               (tag == "CreateDomainStmt" ? "DROP DOMAIN " : "DROP TYPE ") + qualified(name),
                               sql, false,
                               (tag == "CreateDomainStmt" ? "DOMAIN " : "TYPE ") + qualified(name));
  }
  if (tag == "DefineStmt" && str(s, "kind") == "OBJECT_COLLATION") {
    const QName name = qname_of(svals(list(s, "defnames")));
    return lower_simple_object(ObjectKind::kOther, "collation " + qualified(name),
                               "DROP COLLATION " + qualified(name), sql, flag(s, "if_not_exists"),
                               "COLLATION " + qualified(name));
  }
  if (tag == "AlterObjectSchemaStmt") {
    const std::string type = str(s, "objectType");
    static const std::map<std::string, RenameKind> kRelations = {
        {"OBJECT_TABLE", RenameKind::kTable},
        {"OBJECT_VIEW", RenameKind::kView},
        {"OBJECT_MATVIEW", RenameKind::kMaterializedView},
        {"OBJECT_SEQUENCE", RenameKind::kSequence}};
    if (auto it = kRelations.find(type); it != kRelations.end() && !flag(s, "missing_ok"))
      return SetSchema{it->second, range_var(s["relation"]), str(s, "newschema")};
    if (type == "OBJECT_TYPE" && !flag(s, "missing_ok")) {
      return SetSchema{RenameKind::kType, qname_of(svals(list(s["object"]["List"], "items"))),
                       str(s, "newschema")};
    }
    return Unsupported{"ALTER " + type.substr(7) + " SET SCHEMA"};
  }
  if (tag == "InsertStmt") return DataChange{"INSERT", lower_insert_values(ctx, b), data_target(s)};
  if (tag == "UpdateStmt") {
    DataChange d{"UPDATE", std::nullopt, data_target(s)};
    if (s.contains("targetList")) {
      for (const Json& t : s["targetList"]) d.set_columns.push_back(str(t["ResTarget"], "name"));
    }
    return d;
  }
  if (tag == "DeleteStmt") return DataChange{"DELETE", std::nullopt, data_target(s)};
  if (tag == "MergeStmt") return DataChange{"MERGE", std::nullopt, std::nullopt};
  if (tag == "TruncateStmt") return DataChange{"TRUNCATE", std::nullopt, std::nullopt};
  if (tag == "DoStmt") return lower_do(ctx, s);
  if (tag == "SelectStmt") return DataChange{"SELECT", std::nullopt, std::nullopt};
  if (tag == "RefreshMatViewStmt")
    return DataChange{"REFRESH MATERIALIZED VIEW", std::nullopt, range_var(s["relation"]),
                      !flag(s, "skipData")};
  if (tag == "VacuumStmt") return NoSchemaEffect{flag(s, "is_vacuumcmd") ? "VACUUM" : "ANALYZE"};
  if (tag == "ClusterStmt") {
    // CLUSTER t USING i marks i as t's CLUSTER index; without an index it only rewrites the rows.
    if (s.contains("relation") && s.contains("indexname"))
      return AlterTable{range_var(s["relation"]), false, {SetCluster{str(s, "indexname")}}};
    return NoSchemaEffect{"CLUSTER"};
  }
  if (tag == "VariableSetStmt") return NoSchemaEffect{"SET"};
  // Session state only: prepared statements, cached plans and sequence values, notifications, a
  // loaded library. DISCARD TEMP (and ALL) drops temporary tables, which the model follows: reported.
  if (tag == "DeallocateStmt") return NoSchemaEffect{"DEALLOCATE"};
  if (tag == "DiscardStmt" &&
      (str(s, "target") == "DISCARD_PLANS" || str(s, "target") == "DISCARD_SEQUENCES"))
    return NoSchemaEffect{"DISCARD " + str(s, "target").substr(8)};
  if (tag == "ListenStmt") return NoSchemaEffect{"LISTEN"};
  if (tag == "UnlistenStmt") return NoSchemaEffect{"UNLISTEN"};
  if (tag == "NotifyStmt") return NoSchemaEffect{"NOTIFY"};
  if (tag == "LoadStmt") return NoSchemaEffect{"LOAD"};
  // REINDEX of an index or a table builds the same indexes again (SCHEMA, DATABASE and SYSTEM refuse
  // to run in a transaction block: reported).
  if (tag == "ReindexStmt" &&
      (str(s, "kind") == "REINDEX_OBJECT_INDEX" || str(s, "kind") == "REINDEX_OBJECT_TABLE"))
    return NoSchemaEffect{"REINDEX"};
  if (tag == "TransactionStmt") {
    const std::string kind = str(s, "kind");
    if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") return TransactionControl{true};
    if (kind == "TRANS_STMT_COMMIT") return TransactionControl{false};
    return Unsupported{"transaction control " + kind.substr(11)};
  }
  return Unsupported{tag};
}

// REINDEX (CONCURRENTLY) and ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY, which PostgreSQL
// refuses inside a transaction block.
bool concurrently(const Json& s) {
  for (const Json& param : list(s, "params")) {
    if (param.contains("DefElem") && str(param["DefElem"], "defname") == "concurrently") return true;
  }
  for (const Json& c : list(s, "cmds")) {
    if (!c.contains("AlterTableCmd")) continue;
    const Json& cmd = c["AlterTableCmd"];
    if (str(cmd, "subtype") == "AT_DetachPartition" && cmd.contains("def") &&
        cmd["def"].contains("PartitionCmd") && flag(cmd["def"]["PartitionCmd"], "concurrent"))
      return true;
  }
  return false;
}

}  // namespace

std::string TypeSqlCache::get(std::string key, const std::function<std::string()>& deparse) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = sql_.find(key); it != sql_.end()) return it->second;
  }
  std::string sql = deparse();  // outside the lock: two threads may both deparse a new type, alike
  const std::lock_guard<std::mutex> lock(mutex_);
  return sql_.try_emplace(std::move(key), std::move(sql)).first->second;
}

std::vector<Statement> lower_file(ParsedSql& parsed, uint32_t file, const std::string& text,
                                  Diagnostics& diags) {
  std::vector<Statement> out(parsed.statement_count());
  lower_statements(parsed, 0, out.size(), file, text, diags, out.data());
  parsed.drop_packed();
  return out;
}

void lower_statements(ParsedSql& parsed, size_t first, size_t last, uint32_t file, const std::string& text,
                      Diagnostics& diags, Statement* out, TypeSqlCache* types) {
  TypeSqlCache local;
  if (types == nullptr) types = &local;
  for (size_t i = first; i < last; ++i) {
    const Json raw = parsed.statement_tree(i);
    const size_t begin = static_cast<size_t>(integer(raw, "stmt_location"));
    size_t end =
        raw.contains("stmt_len") ? begin + static_cast<size_t>(integer(raw, "stmt_len")) : text.size();
    end = std::min(end, text.size());
    const size_t start = skip_trivia(text, begin, end);
    while (end > start && (isspace(static_cast<unsigned char>(text[end - 1])) || text[end - 1] == ';')) --end;
    Statement st;
    st.sql = text.substr(start, end - start);
    st.loc = SourceLoc{file, static_cast<uint32_t>(start)};
    const Json& node = raw["stmt"];
    const std::string tag = node.begin().key();
    LowerCtx ctx{parsed, file, text, diags, static_cast<uint32_t>(start), st.sql, &raw, types};
    try {
      st.kind = dispatch(ctx, Ptr("/stmts") / i / "stmt", tag, st.sql);
    } catch (const std::exception& e) {
      // A form of a valid statement the lowering misreads: the rest of the history still converts,
      // this statement is passed through as SQL (its down() irreversible), and the diagnostic asks
      // for a report.
      st.kind = Unsupported{tag + " (not read: " + e.what() + ")"};
      diags.warning(st.loc,
                    "this " + tag + " could not be read (" + e.what() +
                        "): passed through as SQL, not modelled; this is a bug in prisma2sequelize",
                    "internal-error");
    }
    if (tag == "VacuumStmt" && flag(node[tag], "is_vacuumcmd")) st.outside_transaction = true;
    if (tag == "ClusterStmt" && !node[tag].contains("relation")) st.outside_transaction = true;
    if (tag == "IndexStmt" && flag(node[tag], "concurrent")) st.outside_transaction = true;
    if (tag == "DropStmt" && flag(node[tag], "concurrent")) st.outside_transaction = true;
    if (tag == "ReindexStmt" || tag == "AlterTableStmt") st.outside_transaction |= concurrently(node[tag]);
    if (std::holds_alternative<DataChange>(st.kind) || std::holds_alternative<NoSchemaEffect>(st.kind) ||
        std::holds_alternative<TransactionControl>(st.kind)) {
      parsed.release(i);  // nothing of it is rendered again
    }
    out[i - first] = std::move(st);
  }
}

}  // namespace p2s
