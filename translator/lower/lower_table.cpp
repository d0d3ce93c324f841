// Lowering of CREATE TABLE and ALTER TABLE, with column definitions and constraints.
#include "lower/lower_table.h"

#include <algorithm>

#include "lower/lower_name.h"

namespace p2s {
namespace {

ConstraintKind kind_of(const std::string& contype) {
  if (contype == "CONSTR_PRIMARY") return ConstraintKind::kPrimaryKey;
  if (contype == "CONSTR_UNIQUE") return ConstraintKind::kUnique;
  if (contype == "CONSTR_FOREIGN") return ConstraintKind::kForeignKey;
  if (contype == "CONSTR_EXCLUSION") return ConstraintKind::kExclusion;
  return ConstraintKind::kCheck;
}

bool is_table_constraint(const std::string& contype) {
  return contype == "CONSTR_PRIMARY" || contype == "CONSTR_UNIQUE" || contype == "CONSTR_FOREIGN" ||
         contype == "CONSTR_EXCLUSION" || contype == "CONSTR_CHECK";
}

bool is_column(const Json& e, const std::string& column) {
  if (!e.contains("ColumnRef")) return false;
  const auto names = svals(list(e["ColumnRef"], "fields"));
  return !names.empty() && names.back() == column;
}

UsingKind using_kind(const Json& e, const std::string& column) {
  if (is_column(e, column)) return UsingKind::kPlainCast;
  if (e.contains("TypeCast")) {  // col::type, also through other types (col::text::"Enum")
    return using_kind(e["TypeCast"]["arg"], column) == UsingKind::kPlainCast ? UsingKind::kPlainCast
                                                                             : UsingKind::kOther;
  }
  if (e.contains("FuncCall")) {
    const auto name = svals(list(e["FuncCall"], "funcname"));
    const Json& args = list(e["FuncCall"], "args");
    if (!name.empty() && name.back() == "to_timestamp" && args.size() == 1 && is_column(args[0], column))
      return UsingKind::kToTimestamp;
    if (!name.empty() && name.back() == "timezone" && args.size() == 2 && is_column(args[1], column) &&
        args[0].contains("A_Const"))
      return UsingKind::kAtTimeZone;
  }
  return UsingKind::kOther;
}

// What PostgreSQL builds an unnamed constraint's name from (Constraint::name_columns).
std::vector<std::string> name_columns(const Json& node, const Constraint& c) {
  std::vector<std::string> out;
  switch (c.kind) {
    case ConstraintKind::kPrimaryKey:
      break;
    case ConstraintKind::kUnique:  // parse_utilcmd.c transformIndexConstraint: keys, then INCLUDE
      out = c.keys;
      for (const auto& k : svals(list(node, "including"))) out.push_back(k);
      break;
    case ConstraintKind::kExclusion:
      for (const Json& e : list(node, "exclusions"))
        out.push_back(index_elem_name(e["List"]["items"][0]["IndexElem"]));
      break;
    case ConstraintKind::kForeignKey:  // fk_attrs; written on a column, that column
                                       // (transformColumnDefinition)
      out = c.keys;
      break;
    case ConstraintKind::kCheck:  // heap.c AddRelationNewConstraints: the Vars it reads, not where it sits
      if (node.contains("raw_expr")) collect_column_refs(node["raw_expr"], out);
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      break;
  }
  return out;
}

// parse_utilcmd.c transformIndexConstraints (CREATE TABLE only): a PRIMARY KEY or UNIQUE on the
// same index as the primary key or an earlier one is not created; when the one kept has no name it
// takes the repeat's. The same index: same keys, INCLUDE columns and options (`plain` stands for
// them: PostgreSQL would also merge two that differ only in WITH or USING INDEX TABLESPACE).
void merge_repeated_keys(std::vector<Constraint>& ks) {
  auto is_key = [](const Constraint& k) {
    return k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique;
  };
  auto same_index = [](const Constraint& a, const Constraint& b) {
    return a.keys == b.keys && a.columns == b.columns && a.deferrable == b.deferrable && a.plain == b.plain;
  };
  std::vector<size_t> kept;  // the primary key first, as PostgreSQL keeps it in preference
  for (size_t i = 0; i < ks.size(); ++i) {
    if (ks[i].kind == ConstraintKind::kPrimaryKey) kept.push_back(i);
  }
  std::vector<bool> gone(ks.size(), false);
  for (size_t i = 0; i < ks.size(); ++i) {
    if (!is_key(ks[i]) || (!kept.empty() && kept.front() == i)) continue;
    auto prior = std::find_if(kept.begin(), kept.end(), [&](size_t j) { return same_index(ks[j], ks[i]); });
    if (prior == kept.end()) {
      kept.push_back(i);
      continue;
    }
    if (ks[*prior].name.empty()) ks[*prior].name = ks[i].name;
    gone[i] = true;
  }
  std::vector<Constraint> out;
  for (size_t i = 0; i < ks.size(); ++i) {
    if (!gone[i]) out.push_back(std::move(ks[i]));
  }
  ks = std::move(out);
}

}  // namespace

Constraint lower_constraint(const LowerCtx& ctx, const Ptr& p, const std::string& inline_column) {
  const Json& node = ctx.at(p)["Constraint"];
  const std::string contype = str(node, "contype");
  Constraint c;
  c.kind = kind_of(contype);
  c.node = ctx.pg(p);
  c.inline_column = inline_column;
  if (!inline_column.empty()) c.columns.push_back(inline_column);
  for (const char* key : {"keys", "fk_attrs", "including"}) {
    for (const auto& k : svals(list(node, key))) c.columns.push_back(k);
  }
  if (node.contains("raw_expr")) collect_column_refs(node["raw_expr"], c.columns);
  if (node.contains("exclusions")) collect_column_refs(node["exclusions"], c.columns);
  if (node.contains("pktable")) {
    c.ref_table = range_var(node["pktable"]);
    c.ref_columns = svals(list(node, "pk_attrs"));
  }
  if (!str(node, "fk_del_action").empty()) c.on_delete = str(node, "fk_del_action")[0];
  if (!str(node, "fk_upd_action").empty()) c.on_update = str(node, "fk_upd_action")[0];
  c.deferrable = flag(node, "deferrable") || flag(node, "initdeferred");
  c.initially_deferred = flag(node, "initdeferred");
  c.match_full = str(node, "fk_matchtype") == "f";
  c.keys = svals(list(node, c.kind == ConstraintKind::kForeignKey ? "fk_attrs" : "keys"));
  if (c.keys.empty() && !inline_column.empty()) c.keys.push_back(inline_column);
  c.ref_keys = c.ref_columns;
  c.plain = (c.kind == ConstraintKind::kPrimaryKey || c.kind == ConstraintKind::kUnique ||
             (c.kind == ConstraintKind::kForeignKey && !c.ref_keys.empty())) &&
            !c.deferrable && !c.match_full && !node.contains("including") && !node.contains("options") &&
            !node.contains("indexspace") && !node.contains("where_clause") &&
            !flag(node, "nulls_not_distinct") && !flag(node, "skip_validation") &&
            !node.contains("indexname") && !node.contains("fk_del_set_cols");
  if (node.contains("options")) {
    if (std::optional<RelOptions> options = rel_options(list(node, "options")))
      c.options = c.written_options = std::move(*options);
  }
  c.name = str(node, "conname");
  c.using_index = str(node, "indexname");
  if (c.name.empty() && !c.using_index.empty()) c.name = c.using_index;  // PostgreSQL keeps the index's name
  if (c.name.empty()) c.name_columns = name_columns(node, c);
  std::sort(c.columns.begin(), c.columns.end());
  c.columns.erase(std::unique(c.columns.begin(), c.columns.end()), c.columns.end());
  return c;
}

ColumnWithConstraints lower_column(const LowerCtx& ctx, const Ptr& p, const QName& table) {
  const Json& def = ctx.at(p)["ColumnDef"];
  ColumnWithConstraints out;
  Column& col = out.column;
  col.name = str(def, "colname");
  col.type = lower_type(ctx, p / "ColumnDef" / "typeName");
  if (col.type.base == "serial" || col.type.base == "bigserial" || col.type.base == "smallserial" ||
      col.type.base == "serial4" || col.type.base == "serial8" || col.type.base == "serial2") {
    // Keep the column as PostgreSQL has it: an integer with a default from its own sequence.
    const bool big = col.type.base == "bigserial" || col.type.base == "serial8";
    const bool small = col.type.base == "smallserial" || col.type.base == "serial2";
    col.type.base = big ? "int8" : small ? "int2" : "int4";
    col.type.sql = big ? "bigint" : small ? "smallint" : "int";
    col.serial = true;
    col.not_null = true;
    col.default_sql = serial_default(table, col.name);
  }
  if (def.contains("collClause")) {
    col.collation = sval(list(def["collClause"], "collname").back());
  }
  if (def.contains("compression") && str(def, "compression") != "default")
    col.compression = str(def, "compression");
  const Json& constraints = list(def, "constraints");
  for (size_t i = 0; i < constraints.size(); ++i) {
    const Ptr cp = p / "ColumnDef" / "constraints" / i;
    const Json& c = constraints[i]["Constraint"];
    const std::string contype = str(c, "contype");
    if (contype == "CONSTR_NOTNULL") {
      col.not_null = true;
    } else if (contype == "CONSTR_NULL") {
      col.not_null = false;
    } else if (contype == "CONSTR_DEFAULT") {
      col.default_sql = deparse_expr(ctx.pg(cp / "Constraint" / "raw_expr"));
    } else if (contype == "CONSTR_GENERATED") {
      col.generated = ctx.pg(cp / "Constraint" / "raw_expr");
      collect_column_refs(c["raw_expr"], col.generated_columns);
    } else if (contype == "CONSTR_IDENTITY") {
      col.identity = str(c, "generated_when").empty() ? 'a' : str(c, "generated_when")[0];
      col.not_null = true;
      if (c.contains("options")) {
        const SequenceOptions opts = sequence_options(ctx, cp / "Constraint" / "options");
        if (opts.supported && !opts.owned_by && !opts.restart) {
          col.identity_options = opts.sql();
          col.identity_items = opts.items;
        } else {
          out.unsupported = "identity sequence options";
        }
      }
    } else if (is_table_constraint(contype)) {
      if (contype == "CONSTR_PRIMARY") col.not_null = true;
      out.constraints.push_back(lower_constraint(ctx, cp, col.name));
    } else {
      out.unsupported = "column constraint " + contype;
    }
  }
  return out;
}

StmtKind lower_create_table(const LowerCtx& ctx, const Ptr& p) {
  const Json& s = ctx.at(p);
  CreateTable ct;
  ct.name = range_var(s["relation"]);
  ct.if_not_exists = flag(s, "if_not_exists");
  ct.unlogged = str(s["relation"], "relpersistence") == "u";
  if (s.contains("partbound") && list(s, "inhRelations").size() == 1) {
    // A partition: its columns come from the parent; the model keeps its statement.
    CreateObject co;
    co.object.kind = ObjectKind::kOther;
    co.object.key = qualified(ct.name);
    co.object.create_sql = ctx.stmt_sql;
    co.object.drop_sql = "DROP TABLE " + qualified(ct.name);
    co.object.partition_of = range_var(list(s, "inhRelations")[0]["RangeVar"]);
    co.if_not_exists = ct.if_not_exists;
    return co;
  }
  if (s.contains("partspec")) {
    const Json& spec = s["partspec"];
    std::string strategy = str(spec, "strategy");
    for (char& c : strategy) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
    std::string elems;
    const Json& params = list(spec, "partParams");
    for (size_t i = 0; i < params.size(); ++i) {
      const Json& e = params[i]["PartitionElem"];
      std::string item =
          e.contains("name")
              ? quote_ident(str(e, "name"))
              : "(" + deparse_expr(ctx.pg(p / "partspec" / "partParams" / i / "PartitionElem" / "expr")) +
                    ")";
      if (e.contains("collation")) item += " COLLATE " + quote_ident(svals(list(e, "collation")).back());
      if (e.contains("opclass")) item += " " + quote_ident(svals(list(e, "opclass")).back());
      elems += (elems.empty() ? "" : ", ") + item;
    }
    ct.partition_by = "PARTITION BY " + strategy + " (" + elems + ")";
  }
  if (s.contains("inhRelations") || s.contains("partbound") || s.contains("ofTypename") ||
      (str(s["relation"], "relpersistence") != "p" && str(s["relation"], "relpersistence") != "u")) {
    return Unsupported{"CREATE TABLE with inheritance, partitioning or persistence"};
  }
  if (s.contains("options")) {
    std::optional<RelOptions> options = rel_options(list(s, "options"));
    if (!options) return Unsupported{"CREATE TABLE with these storage parameters"};
    ct.options = std::move(*options);
  }
  const Json& elts = list(s, "tableElts");
  for (size_t i = 0; i < elts.size(); ++i) {
    const Ptr ep = p / "tableElts" / i;
    if (elts[i].contains("ColumnDef")) {
      ColumnWithConstraints c = lower_column(ctx, ep, ct.name);
      if (!c.unsupported.empty()) return Unsupported{"CREATE TABLE: " + c.unsupported};
      ct.columns.push_back(std::move(c.column));
      for (auto& k : c.constraints) ct.constraints.push_back(std::move(k));
    } else if (elts[i].contains("Constraint")) {
      const std::string contype = str(elts[i]["Constraint"], "contype");
      if (!is_table_constraint(contype)) return Unsupported{"CREATE TABLE: table constraint " + contype};
      ct.constraints.push_back(lower_constraint(ctx, ep, ""));
    } else {
      return Unsupported{"CREATE TABLE: LIKE or other table element"};
    }
  }
  merge_repeated_keys(ct.constraints);
  // PRIMARY KEY implies NOT NULL on its columns.
  for (const Constraint& k : ct.constraints) {
    if (k.kind != ConstraintKind::kPrimaryKey) continue;
    for (const auto& name : k.columns) {
      for (Column& col : ct.columns) {
        if (col.name == name) col.not_null = true;
      }
    }
  }
  return ct;
}

StmtKind lower_alter_table(const LowerCtx& ctx, const Ptr& p) {
  const Json& s = ctx.at(p);
  const std::string objtype = str(s, "objtype");
  // ALTER TABLE | VIEW | MATERIALIZED VIEW | SEQUENCE name OWNER TO role, alone in its statement.
  if (const Json& only = list(s, "cmds"); only.size() == 1 && objtype != "OBJECT_INDEX" &&
                                          !flag(s, "missing_ok") &&
                                          str(only[0]["AlterTableCmd"], "subtype") == "AT_ChangeOwner") {
    AlterOwner a;
    a.name = range_var(s["relation"]);
    a.role = role_sql(only[0]["AlterTableCmd"]["newowner"]);
    if (!a.role.empty()) return a;
  }
  if (objtype == "OBJECT_INDEX" || objtype == "OBJECT_VIEW" || objtype == "OBJECT_MATVIEW") {
    SetRelationOptions r;
    r.target = objtype == "OBJECT_INDEX"  ? OptionsTarget::kIndex
               : objtype == "OBJECT_VIEW" ? OptionsTarget::kView
                                          : OptionsTarget::kMaterializedView;
    r.name = range_var(s["relation"]);
    r.if_exists = flag(s, "missing_ok");
    for (const Json& c : list(s, "cmds")) {
      const Json& cmd = c["AlterTableCmd"];
      const std::string sub = str(cmd, "subtype");
      const bool options_cmd =
          (sub == "AT_SetRelOptions" || sub == "AT_ResetRelOptions") && cmd.contains("def");
      std::optional<RelOptions> options =
          options_cmd ? rel_options(list(cmd["def"]["List"], "items")) : std::nullopt;  // OWNER TO has none
      if (!options) return Unsupported{"ALTER " + objtype.substr(7) + " " + sub.substr(3)};
      SetOptions change;
      if (sub == "AT_SetRelOptions") {
        change.set = std::move(*options);
      } else {
        for (const auto& o : *options) change.reset.push_back(o.first);
      }
      r.changes.push_back(std::move(change));
    }
    return r;
  }
  if (objtype != "OBJECT_TABLE") return Unsupported{"ALTER " + objtype.substr(7)};
  AlterTable at;
  at.table = range_var(s["relation"]);
  at.if_exists = flag(s, "missing_ok");
  const Json& cmds = list(s, "cmds");
  for (size_t i = 0; i < cmds.size(); ++i) {
    const Ptr cp = p / "cmds" / i / "AlterTableCmd";
    const Json& cmd = cmds[i]["AlterTableCmd"];
    const std::string sub = str(cmd, "subtype");
    if (sub == "AT_AddColumn") {
      ColumnWithConstraints c = lower_column(ctx, cp / "def", at.table);
      if (!c.unsupported.empty()) {
        at.cmds.push_back(UnsupportedCmd{"ADD COLUMN: " + c.unsupported});
        continue;
      }
      at.cmds.push_back(AddColumn{std::move(c.column), std::move(c.constraints), flag(cmd, "missing_ok")});
    } else if (sub == "AT_DropColumn") {
      at.cmds.push_back(
          DropColumn{str(cmd, "name"), flag(cmd, "missing_ok"), str(cmd, "behavior") == "DROP_CASCADE"});
      continue;
    } else if (sub == "AT_AlterColumnType") {
      AlterColumnType t;
      t.column = str(cmd, "name");
      t.type = lower_type(ctx, cp / "def" / "ColumnDef" / "typeName");
      const Json& def = cmd["def"]["ColumnDef"];
      if (def.contains("collClause")) t.collation = sval(list(def["collClause"], "collname").back());
      if (def.contains("raw_default")) t.using_kind = using_kind(def["raw_default"], t.column);
      if (t.using_kind == UsingKind::kAtTimeZone)
        t.using_zone =
            deparse_expr(ctx.pg(cp / "def" / "ColumnDef" / "raw_default" / "FuncCall" / "args" / 0));
      at.cmds.push_back(std::move(t));
    } else if (sub == "AT_ColumnDefault") {
      SetDefault d{str(cmd, "name"), std::nullopt};
      if (cmd.contains("def")) d.expr = deparse_expr(ctx.pg(cp / "def"));
      at.cmds.push_back(std::move(d));
    } else if ((sub == "AT_SetStatistics" || sub == "AT_SetStorage" || sub == "AT_SetCompression") &&
               cmd.contains("name")) {
      SetColumnAttribute a{str(cmd, "name"), ColumnAttribute::kStatistics, ""};
      if (sub == "AT_SetStatistics") {
        const int target = integer(cmd["def"]["Integer"], "ival");
        if (target != -1) a.value = std::to_string(target);
      } else {
        a.what = sub == "AT_SetStorage" ? ColumnAttribute::kStorage : ColumnAttribute::kCompression;
        a.value = sval(cmd["def"]);
        if (a.what == ColumnAttribute::kStorage) {
          for (char& ch : a.value) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        } else if (a.value == "default") {
          a.value.clear();
        }
      }
      at.cmds.push_back(std::move(a));
    } else if (sub == "AT_SetNotNull" || sub == "AT_DropNotNull") {
      at.cmds.push_back(SetNotNull{str(cmd, "name"), sub == "AT_SetNotNull"});
    } else if (sub == "AT_AddConstraint") {
      const std::string contype = str(cmd["def"]["Constraint"], "contype");
      if (!is_table_constraint(contype)) {
        at.cmds.push_back(UnsupportedCmd{"ADD CONSTRAINT " + contype});
        continue;
      }
      Constraint k = lower_constraint(ctx, cp / "def", "");
      k.validated = !flag(cmd["def"]["Constraint"], "skip_validation");
      at.cmds.push_back(AddConstraint{std::move(k)});
    } else if (sub == "AT_AlterConstraint") {
      const Json& def = cmd["def"]["Constraint"];
      at.cmds.push_back(AlterConstraint{str(def, "conname"),
                                        flag(def, "deferrable") || flag(def, "initdeferred"),
                                        flag(def, "initdeferred")});
    } else if (sub == "AT_ValidateConstraint") {
      at.cmds.push_back(ValidateConstraint{str(cmd, "name")});
    } else if (sub == "AT_DropConstraint") {
      at.cmds.push_back(
          DropConstraint{str(cmd, "name"), flag(cmd, "missing_ok"), str(cmd, "behavior") == "DROP_CASCADE"});
      continue;
    } else if (sub == "AT_AddIdentity") {
      const Json& c = cmd["def"]["Constraint"];
      AddIdentity a{
          str(cmd, "name"), str(c, "generated_when").empty() ? 'a' : str(c, "generated_when")[0], "", {}};
      if (c.contains("options")) {
        const SequenceOptions opts = sequence_options(ctx, cp / "def" / "Constraint" / "options");
        if (!opts.supported || opts.owned_by || opts.restart) {
          at.cmds.push_back(UnsupportedCmd{"ADD IDENTITY with these options"});
          continue;
        }
        a.options = opts.sql();
        a.items = opts.items;
      }
      at.cmds.push_back(std::move(a));
    } else if (sub == "AT_DropIdentity") {
      at.cmds.push_back(DropIdentity{str(cmd, "name"), flag(cmd, "missing_ok")});
    } else if (sub == "AT_SetIdentity") {
      SetIdentity si{str(cmd, "name"), 0, false};
      bool supported = true;
      for (const Json& item : list(cmd["def"]["List"], "items")) {
        const std::string name = str(item["DefElem"], "defname");
        if (name == "generated") {
          si.generated = static_cast<char>(integer(item["DefElem"]["arg"]["Integer"], "ival"));
        } else if (name == "restart") {
          si.restart = true;
        } else {
          supported = false;
        }
      }
      if (supported) {
        at.cmds.push_back(si);
      } else {
        at.cmds.push_back(UnsupportedCmd{"ALTER COLUMN ... SET sequence options"});
      }
    } else if (sub == "AT_SetLogged" || sub == "AT_SetUnLogged") {
      at.cmds.push_back(SetLogged{sub == "AT_SetLogged"});
    } else if (sub == "AT_EnableTrig" || sub == "AT_DisableTrig" || sub == "AT_EnableAlwaysTrig" ||
               sub == "AT_EnableReplicaTrig") {
      const char state = sub == "AT_DisableTrig"         ? 'D'
                         : sub == "AT_EnableAlwaysTrig"  ? 'A'
                         : sub == "AT_EnableReplicaTrig" ? 'R'
                                                         : 'O';
      at.cmds.push_back(SetTriggerState{str(cmd, "name"), false, state});
    } else if (sub == "AT_EnableTrigAll" || sub == "AT_DisableTrigAll" || sub == "AT_EnableTrigUser" ||
               sub == "AT_DisableTrigUser") {
      const bool all = sub == "AT_EnableTrigAll" || sub == "AT_DisableTrigAll";
      at.cmds.push_back(SetTriggerState{"", all, sub.rfind("AT_Disable", 0) == 0 ? 'D' : 'O'});
    } else if (sub == "AT_ReplicaIdentity") {
      const Json& def = cmd["def"]["ReplicaIdentityStmt"];
      const std::string kind = str(def, "identity_type");
      at.cmds.push_back(SetReplicaIdentity{kind.empty() ? 'd' : kind[0], str(def, "name")});
    } else if (sub == "AT_SetRelOptions" || sub == "AT_ResetRelOptions") {
      std::optional<RelOptions> options = rel_options(list(cmd["def"]["List"], "items"));
      if (!options) {
        at.cmds.push_back(UnsupportedCmd{"ALTER TABLE " + sub.substr(3) + " of these storage parameters"});
      } else if (sub == "AT_SetRelOptions") {
        at.cmds.push_back(SetOptions{std::move(*options), {}});
      } else {
        SetOptions reset;
        for (const auto& o : *options) reset.reset.push_back(o.first);
        at.cmds.push_back(std::move(reset));
      }
    } else if (sub == "AT_ClusterOn" || sub == "AT_DropCluster") {
      at.cmds.push_back(SetCluster{sub == "AT_ClusterOn" ? str(cmd, "name") : ""});
    } else if (sub == "AT_EnableRowSecurity" || sub == "AT_DisableRowSecurity") {
      at.cmds.push_back(SetRowSecurity{sub == "AT_EnableRowSecurity"});
    } else {
      at.cmds.push_back(UnsupportedCmd{"ALTER TABLE " + sub.substr(3)});
    }
    if (str(cmd, "behavior") == "DROP_CASCADE") at.cmds.push_back(UnsupportedCmd{"CASCADE"});
  }
  return at;
}

}  // namespace p2s
