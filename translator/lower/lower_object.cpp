// Lowering of objects the model keeps as their creating statement (views, materialized views,
// functions, triggers, extensions, schemas, sequences, policies, domains), and of DROP, RENAME
// and COMMENT ON, which name objects of every family.
#include "lower/lower_object.h"

#include <algorithm>
#include <initializer_list>
#include <regex>

namespace p2s {
namespace {

TextObject text_object(ObjectKind kind, std::string key, std::string create_sql, std::string drop_sql) {
  TextObject o;
  o.comment_target = comment_target_of(kind, key);
  o.kind = kind;
  o.key = std::move(key);
  o.create_sql = std::move(create_sql);
  o.drop_sql = std::move(drop_sql);
  return o;
}

void collect_relations(const Json& node, std::vector<QName>& out) {
  if (node.is_object()) {
    if (node.contains("relname") && node["relname"].is_string()) out.push_back(range_var(node));
    for (auto it = node.begin(); it != node.end(); ++it) collect_relations(it.value(), out);
  } else if (node.is_array()) {
    for (const Json& n : node) collect_relations(n, out);
  }
}

// The qualified names under `field` of every node keyed by one of `keys`, anywhere below `node`.
void collect_names(const Json& node, std::initializer_list<const char*> keys, const char* field,
                   std::vector<QName>& out) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const bool match = std::any_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; });
      if (match && it.value().is_object()) out.push_back(qname_of(svals(list(it.value(), field))));
      collect_names(it.value(), keys, field, out);
    }
  } else if (node.is_array()) {
    for (const Json& n : node) collect_names(n, keys, field, out);
  }
}

// A cast's type sits under "typeName" (a typed field), elsewhere under a "TypeName" node.
void collect_types(const Json& node, std::vector<QName>& out) {
  collect_names(node, {"TypeName", "typeName"}, "names", out);
}

void collect_functions(const Json& node, std::vector<QName>& out) {
  collect_names(node, {"FuncCall"}, "funcname", out);
}

void track_view(const LowerCtx& ctx, const Ptr& stmt, const Json& query, TextObject& o) {
  o.node = ctx.pg(stmt.parent_pointer());
  collect_relations(query, o.relations);
  collect_column_refs(query, o.columns);
  collect_types(query, o.types);
  collect_functions(query, o.functions);
}

}  // namespace

std::string comment_target_of(ObjectKind kind, const std::string& key) {
  switch (kind) {
    case ObjectKind::kView:
      return "VIEW " + key;
    case ObjectKind::kMaterializedView:
      return "MATERIALIZED VIEW " + key;
    case ObjectKind::kFunction:
      return "FUNCTION " + key;
    case ObjectKind::kSequence:
      return "SEQUENCE " + key;
    case ObjectKind::kSchema:
      return "SCHEMA " + quote_ident(key);
    case ObjectKind::kExtension:
      return "EXTENSION " + quote_ident(key);
    case ObjectKind::kTrigger:
    case ObjectKind::kOther:
      return "";  // set where the object is lowered
  }
  return "";
}

std::string with_or_replace(const std::string& create_sql) {
  static const std::regex create(R"(^CREATE\s+(?!OR\s+REPLACE\b))", std::regex::icase);
  return std::regex_replace(create_sql, create, "CREATE OR REPLACE ",
                            std::regex_constants::format_first_only);
}

StmtKind lower_view(const LowerCtx& ctx, const Ptr& p, const std::string& sql) {
  const Json s = ctx.at(p);
  CreateObject co;
  const QName name = range_var(s["view"]);
  co.object = text_object(ObjectKind::kView, qualified(name), sql, "DROP VIEW " + qualified(name));
  co.or_replace = flag(s, "replace");
  co.object.name = name;
  if (std::optional<RelOptions> options = rel_options(list(s, "options"))) co.object.options = *options;
  const std::string check = str(s, "withCheckOption");  // DefineView appends it to the options
  if (check == "LOCAL_CHECK_OPTION") set_rel_options(co.object.options, {{"check_option", "local"}});
  if (check == "CASCADED_CHECK_OPTION") set_rel_options(co.object.options, {{"check_option", "cascaded"}});
  co.object.written_options = co.object.options;
  track_view(ctx, p, s["query"], co.object);
  return co;
}

StmtKind lower_create_table_as(const LowerCtx& ctx, const Ptr& p, const std::string& sql) {
  const Json s = ctx.at(p);
  if (str(s, "objtype") != "OBJECT_MATVIEW") return DataChange{"CREATE TABLE AS", std::nullopt, std::nullopt};
  const QName name = range_var(s["into"]["rel"]);
  CreateObject co;
  co.object = text_object(ObjectKind::kMaterializedView, qualified(name), sql,
                          "DROP MATERIALIZED VIEW " + qualified(name));
  co.if_not_exists = flag(s, "if_not_exists");
  co.object.name = name;
  co.object.populated = co.object.created_populated = !flag(s["into"], "skipData");
  if (std::optional<RelOptions> options = rel_options(list(s["into"], "options")))
    co.object.options = co.object.written_options = *options;
  track_view(ctx, p, s["query"], co.object);
  return co;
}

// The function an ObjectWithArgs names: its function_key(), or the bare name when it gives no
// argument list (resolved by name, as DROP FUNCTION does).
static std::string named_function(const LowerCtx& ctx, const Ptr& owa_ptr) {
  const Json& owa = ctx.at(owa_ptr);
  const QName n = qname_of(svals(list(owa, "objname")));
  if (flag(owa, "args_unspecified")) return qualified(n);
  std::vector<std::string> args;
  const Json& objargs = list(owa, "objargs");
  for (size_t k = 0; k < objargs.size(); ++k)
    args.push_back(deparse_type(ctx.pg(owa_ptr / "objargs" / k / "TypeName")));
  return function_key(n, args);
}

StmtKind lower_alter_function(const LowerCtx& ctx, const Ptr& p) {
  return AlterFunction{named_function(ctx, p / "func")};
}

StmtKind lower_alter_owner(const LowerCtx& ctx, const Ptr& p) {
  const Json& s = ctx.at(p);
  const std::string type = str(s, "objectType");
  AlterOwner a;
  a.role = role_sql(s["newowner"]);
  if (!a.role.empty() && type == "OBJECT_TYPE") {
    a.kind = OwnedKind::kType;
    a.name = qname_of(svals(list(s["object"]["List"], "items")));
    return a;
  }
  if (!a.role.empty() &&
      (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE")) {
    a.kind = OwnedKind::kFunction;
    a.key = named_function(ctx, p / "object" / "ObjectWithArgs");
    return a;
  }
  if (!a.role.empty() && type == "OBJECT_SCHEMA") {
    a.kind = OwnedKind::kSchema;
    a.name.name = sval(s["object"]);
    return a;
  }
  return Unsupported{"ALTER " + type.substr(7) + " OWNER TO"};
}

StmtKind lower_function(const LowerCtx& ctx, const Ptr& p, const std::string& sql) {
  const Json s = ctx.at(p);
  const QName name = qname_of(svals(list(s, "funcname")));
  const PgNode node = ctx.pg(p.parent_pointer());
  std::vector<std::string> args;
  for (PgNode t : function_arg_types(node)) args.push_back(deparse_type(t));
  const std::string key = function_key(name, args);
  const char* what = flag(s, "is_procedure") ? "DROP PROCEDURE " : "DROP FUNCTION ";
  CreateObject co;
  co.object = text_object(ObjectKind::kFunction, key, with_or_replace(sql), what + key);
  if (flag(s, "is_procedure")) co.object.comment_target = "PROCEDURE " + key;
  co.object.name = name;
  co.object.node = node;  // its signature follows a type's rename or move (rekey_function)
  // The types its signature names (the enum rebuild drops and recreates it around them).
  for (const Json& param : list(s, "parameters")) {
    const Json& fp = param["FunctionParameter"];
    if (fp.contains("argType")) co.object.types.push_back(qname_of(svals(list(fp["argType"], "names"))));
  }
  if (s.contains("returnType")) co.object.types.push_back(qname_of(svals(list(s["returnType"], "names"))));
  co.or_replace = flag(s, "replace");
  return co;
}

StmtKind lower_trigger(const LowerCtx& ctx, const Ptr& p, const std::string& sql) {
  const Json s = ctx.at(p);
  const QName table = range_var(s["relation"]);
  const std::string name = str(s, "trigname");
  CreateObject co;
  co.object = text_object(ObjectKind::kTrigger, trigger_key(table, name),
                          flag(s, "isconstraint") ? sql : with_or_replace(sql),  // no OR REPLACE for those
                          "DROP TRIGGER " + quote_ident(name) + " ON " + qualified(table));
  co.object.comment_target = "TRIGGER " + quote_ident(name) + " ON " + qualified(table);
  co.object.relations.push_back(table);
  if (s.contains("events")) co.object.trigger_events = s["events"].get<int>();
  co.object.functions.push_back(qname_of(svals(list(s, "funcname"))));
  co.object.node = ctx.pg(p.parent_pointer());  // rendered with the table's current name after a rename
  for (const std::string& c : svals(list(s, "columns"))) co.object.columns.push_back(c);  // UPDATE OF
  if (s.contains("whenClause")) collect_column_refs(s["whenClause"], co.object.columns);
  co.or_replace = flag(s, "replace");
  return co;
}

StmtKind lower_simple_object(ObjectKind kind, const std::string& key, const std::string& drop_sql,
                             const std::string& sql, bool if_not_exists, const std::string& comment_target) {
  CreateObject co;
  co.object = text_object(kind, key, sql, drop_sql);
  if (!comment_target.empty()) co.object.comment_target = comment_target;
  co.if_not_exists = if_not_exists;
  return co;
}

StmtKind lower_drop(const LowerCtx& ctx, const Ptr& p) {
  const Json s = ctx.at(p);
  const std::string type = str(s, "removeType");
  Drop d;
  d.if_exists = flag(s, "missing_ok");
  d.cascade = str(s, "behavior") == "DROP_CASCADE";
  d.concurrent = flag(s, "concurrent");
  const Json& objects = list(s, "objects");
  static const std::pair<const char*, DropKind> relation_kinds[] = {
      {"OBJECT_TABLE", DropKind::kTable},         {"OBJECT_INDEX", DropKind::kIndex},
      {"OBJECT_VIEW", DropKind::kView},           {"OBJECT_MATVIEW", DropKind::kMaterializedView},
      {"OBJECT_SEQUENCE", DropKind::kSequence},   {"OBJECT_TYPE", DropKind::kType},
      {"OBJECT_DOMAIN", DropKind::kType},         {"OBJECT_EXTENSION", DropKind::kExtension},
      {"OBJECT_SCHEMA", DropKind::kSchema},       {"OBJECT_FUNCTION", DropKind::kFunction},
      {"OBJECT_PROCEDURE", DropKind::kFunction},  {"OBJECT_TRIGGER", DropKind::kTrigger},
      {"OBJECT_COLLATION", DropKind::kCollation}, {"OBJECT_POLICY", DropKind::kPolicy}};
  bool known = false;
  for (const auto& [name, kind] : relation_kinds) {
    if (type == name) {
      d.kind = kind;
      known = true;
    }
  }
  if (!known) return Unsupported{"DROP " + type.substr(7)};
  for (size_t i = 0; i < objects.size(); ++i) {
    const Json& o = objects[i];
    switch (d.kind) {
      case DropKind::kTable:
      case DropKind::kIndex:
      case DropKind::kView:
      case DropKind::kMaterializedView:
      case DropKind::kSequence: {
        const QName n = qname_of(svals(list(o["List"], "items")));
        d.names.push_back(n);
        d.keys.push_back(qualified(n));
        break;
      }
      case DropKind::kCollation: {
        const QName n = qname_of(svals(list(o["List"], "items")));
        d.names.push_back(n);
        d.keys.push_back("collation " + qualified(n));
        break;
      }
      case DropKind::kType: {
        const QName n = qname_of(svals(list(o["TypeName"], "names")));
        d.names.push_back(n);
        d.keys.push_back(qualified(n));
        break;
      }
      case DropKind::kExtension:
      case DropKind::kSchema:
        d.names.push_back(QName{"", sval(o)});
        d.keys.push_back(sval(o));
        break;
      case DropKind::kFunction: {
        const Json& owa = o["ObjectWithArgs"];
        const QName n = qname_of(svals(list(owa, "objname")));
        d.names.push_back(n);
        if (flag(owa, "args_unspecified")) {
          d.keys.push_back(qualified(n));  // resolved against the model by name
        } else {
          std::vector<std::string> args;
          const Json& objargs = list(owa, "objargs");
          for (size_t k = 0; k < objargs.size(); ++k) {
            args.push_back(
                deparse_type(ctx.pg(p / "objects" / i / "ObjectWithArgs" / "objargs" / k / "TypeName")));
          }
          d.keys.push_back(function_key(n, args));
        }
        break;
      }
      case DropKind::kPolicy: {
        std::vector<std::string> parts = svals(list(o["List"], "items"));
        const std::string policy = parts.back();
        parts.pop_back();
        const QName table = qname_of(parts);
        d.names.push_back(table);
        d.keys.push_back("policy " + qualified(table) + "." + quote_ident(policy));
        break;
      }
      case DropKind::kTrigger: {
        std::vector<std::string> parts = svals(list(o["List"], "items"));
        const std::string trigger = parts.back();
        parts.pop_back();
        const QName table = qname_of(parts);
        d.names.push_back(table);
        d.keys.push_back(trigger_key(table, trigger));
        break;
      }
    }
  }
  return d;
}

StmtKind lower_rename(const LowerCtx& ctx, const Ptr& p) {
  const Json s = ctx.at(p);
  const std::string type = str(s, "renameType");
  Rename r;
  r.to = str(s, "newname");
  r.sub = str(s, "subname");
  if (s.contains("relation")) r.object = range_var(s["relation"]);
  r.if_exists = flag(s, "missing_ok");
  if (type == "OBJECT_TABLE") {
    r.kind = RenameKind::kTable;
  } else if (type == "OBJECT_COLUMN" && str(s, "relationType") == "OBJECT_TABLE") {
    r.kind = RenameKind::kColumn;
  } else if (type == "OBJECT_INDEX") {
    r.kind = RenameKind::kIndex;
  } else if (type == "OBJECT_TABCONSTRAINT") {
    r.kind = RenameKind::kConstraint;
  } else if (type == "OBJECT_VIEW") {
    r.kind = RenameKind::kView;
  } else if (type == "OBJECT_MATVIEW") {
    r.kind = RenameKind::kMaterializedView;
  } else if (type == "OBJECT_SEQUENCE") {
    r.kind = RenameKind::kSequence;
  } else if (type == "OBJECT_TRIGGER") {
    r.kind = RenameKind::kTrigger;
  } else if (type == "OBJECT_TYPE") {
    r.kind = RenameKind::kType;
    r.object = qname_of(svals(list(s["object"]["List"], "items")));
  } else {
    return Unsupported{"RENAME " + type.substr(7)};
  }
  (void)ctx;
  return r;
}

StmtKind lower_comment(const LowerCtx& ctx, const Ptr& p, const std::string& sql) {
  const Json s = ctx.at(p);
  const std::string type = str(s, "objtype");
  Comment c;
  if (s.contains("comment")) c.text = str(s, "comment");
  const Json& obj = s["object"];
  auto object = [&](ObjectKind kind, std::string key, std::string target) {
    c.target = CommentTarget::kObject;
    c.object_kind = kind;
    c.object_key = std::move(key);
    c.other_key = std::move(target);
  };
  if (type == "OBJECT_TABLE" || type == "OBJECT_INDEX") {
    c.object = qname_of(svals(list(obj["List"], "items")));
    c.target = type == "OBJECT_TABLE" ? CommentTarget::kTable : CommentTarget::kIndex;
  } else if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" || type == "OBJECT_SEQUENCE") {
    c.object = qname_of(svals(list(obj["List"], "items")));
    const ObjectKind kind = type == "OBJECT_VIEW"      ? ObjectKind::kView
                            : type == "OBJECT_MATVIEW" ? ObjectKind::kMaterializedView
                                                       : ObjectKind::kSequence;
    object(kind, qualified(c.object), comment_target_of(kind, qualified(c.object)));
  } else if (type == "OBJECT_COLUMN" || type == "OBJECT_TABCONSTRAINT" || type == "OBJECT_TRIGGER" ||
             type == "OBJECT_POLICY") {
    std::vector<std::string> parts = svals(list(obj["List"], "items"));
    c.column = parts.back();
    parts.pop_back();
    c.object = qname_of(parts);
    if (type == "OBJECT_COLUMN") c.target = CommentTarget::kColumn;
    if (type == "OBJECT_TABCONSTRAINT") c.target = CommentTarget::kConstraint;
    if (type == "OBJECT_TRIGGER") {
      object(ObjectKind::kTrigger, trigger_key(c.object, c.column),
             "TRIGGER " + quote_ident(c.column) + " ON " + qualified(c.object));
    }
    if (type == "OBJECT_POLICY") {
      object(ObjectKind::kOther, "policy " + qualified(c.object) + "." + quote_ident(c.column),
             "POLICY " + quote_ident(c.column) + " ON " + qualified(c.object));
    }
  } else if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE") {
    const Json& owa = obj["ObjectWithArgs"];
    std::vector<std::string> args;
    const Json& objargs = list(owa, "objargs");
    for (size_t k = 0; k < objargs.size(); ++k) {
      args.push_back(deparse_type(ctx.pg(p / "object" / "ObjectWithArgs" / "objargs" / k / "TypeName")));
    }
    c.object = qname_of(svals(list(owa, "objname")));
    const std::string key = function_key(c.object, args);
    object(ObjectKind::kFunction, key, (type == "OBJECT_FUNCTION" ? "FUNCTION " : "PROCEDURE ") + key);
  } else if (type == "OBJECT_TYPE") {
    c.object = qname_of(svals(list(obj["TypeName"], "names")));
    c.target = CommentTarget::kType;
  } else if (type == "OBJECT_DOMAIN") {
    c.object = qname_of(svals(list(obj["TypeName"], "names")));
    object(ObjectKind::kOther, qualified(c.object), "DOMAIN " + qualified(c.object));
  } else if (type == "OBJECT_SCHEMA" || type == "OBJECT_EXTENSION") {
    const std::string name = sval(obj);
    const ObjectKind kind = type == "OBJECT_SCHEMA" ? ObjectKind::kSchema : ObjectKind::kExtension;
    object(kind, name, comment_target_of(kind, name));
  } else if (type == "OBJECT_COLLATION") {
    c.object = qname_of(svals(list(obj["List"], "items")));
    object(ObjectKind::kOther, "collation " + qualified(c.object), "COLLATION " + qualified(c.object));
  } else {
    static const std::regex is_clause(R"(\s+IS\s+)", std::regex::icase);
    std::smatch m;
    if (!std::regex_search(sql, m, is_clause)) return Unsupported{"COMMENT ON " + type.substr(7)};
    c.target = CommentTarget::kOther;
    c.other_key = sql.substr(0, static_cast<size_t>(m.position(0)));
  }
  return c;
}

}  // namespace p2s
