#include "lower/lower_util.h"

#include <algorithm>
#include <stdexcept>

#include "lower/lower.h"

namespace p2s {

SourceLoc LowerCtx::loc_of(const Json& node) const {
  if (node.is_object() && node.contains("location") && node["location"].get<int>() >= 0) {
    return SourceLoc{file, node["location"].get<uint32_t>()};
  }
  return SourceLoc{file, stmt_offset};
}

const Json& LowerCtx::at(const Ptr& p) const {
  const std::string path = p.to_string();  // "/stmts/<i>" then the path inside statement i
  // Walked token by token as Json::at(Ptr) would, without building a second pointer (a lowering
  // asks for thousands of paths).
  const Json* j = stmt_tree;
  for (size_t at = path.find('/', std::string_view("/stmts/").size()); at != std::string::npos;) {
    const size_t end = path.find('/', at + 1);
    const std::string_view token =
        std::string_view(path).substr(at + 1, end == std::string::npos ? end : end - at - 1);
    if (j->is_array()) {
      size_t index = 0;
      for (const char c : token) {
        if (c < '0' || c > '9') throw std::out_of_range("internal error: array index " + std::string(token));
        index = index * 10 + static_cast<size_t>(c - '0');
      }
      j = &j->at(index);
    } else if (token.find('~') == std::string_view::npos) {
      j = &j->at(std::string(token));
    } else {
      j = &j->at(Ptr("/" + std::string(token)));  // an escaped key: the pointer's own unescaping
    }
    at = end;
  }
  return *j;
}

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

bool flag(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

int integer(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || !it->is_number_integer() ? 0 : it->get<int>();
}

const Json& list(const Json& j, const char* key) {
  static const Json empty = Json::array();
  auto it = j.find(key);
  return it == j.end() || !it->is_array() ? empty : *it;
}

std::string sval(const Json& node) {
  if (node.contains("String")) return str(node["String"], "sval");
  return {};
}

std::vector<std::string> svals(const Json& items) {
  std::vector<std::string> out;
  for (const Json& n : items) out.push_back(sval(n));
  return out;
}

QName range_var(const Json& rv) {
  return canonical(QName{str(rv, "schemaname"), str(rv, "relname")});
}

std::string role_sql(const Json& role_spec) {
  const std::string type = str(role_spec, "roletype");
  if (type == "ROLESPEC_CSTRING") return quote_ident(str(role_spec, "rolename"));
  if (type == "ROLESPEC_CURRENT_USER") return "CURRENT_USER";
  if (type == "ROLESPEC_CURRENT_ROLE") return "CURRENT_ROLE";
  if (type == "ROLESPEC_SESSION_USER") return "SESSION_USER";
  return {};
}

QName qname_of(const std::vector<std::string>& parts) {
  if (parts.empty()) return {};
  if (parts.size() == 1) return canonical(QName{"", parts[0]});
  return canonical(QName{parts[parts.size() - 2], parts.back()});
}

namespace {

// The node as JSON without its "location" keys, which the deparser does not read.
void append_without_locations(const Json& j, std::string& out) {
  if (j.is_object()) {
    out += '{';
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "location") continue;
      out += it.key();
      out += ':';
      append_without_locations(it.value(), out);
      out += ',';
    }
    out += '}';
  } else if (j.is_array()) {
    out += '[';
    for (const Json& e : j) {
      append_without_locations(e, out);
      out += ',';
    }
    out += ']';
  } else {
    out += j.dump();
  }
}

}  // namespace

TypeRef lower_type(const LowerCtx& ctx, const Ptr& p) {
  const Json& tn = ctx.at(p);
  TypeRef t;
  if (ctx.type_sql == nullptr) {
    t.sql = deparse_type(ctx.pg(p));
  } else {
    std::string key;
    append_without_locations(tn, key);
    t.sql = ctx.type_sql->get(std::move(key), [&] { return deparse_type(ctx.pg(p)); });
  }
  const std::vector<std::string> names = svals(list(tn, "names"));
  if (!names.empty()) t.base = names.back();
  if (names.size() != 2 || names[0] != "pg_catalog") {
    // Built-in names the grammar leaves unqualified (text, uuid, jsonb, ...) resolve to pg_catalog;
    // anything quoted or schema-qualified that is not a known built-in is treated as a user type.
    static const char* const builtins[] = {
        "text",      "uuid",        "jsonb",     "json",      "bytea",       "citext",    "inet",
        "cidr",      "tsvector",    "money",     "xml",       "date",        "macaddr",   "point",
        "tsquery",   "int4range",   "daterange", "oid",       "timestamptz", "timestamp", "int4",
        "int8",      "int2",        "float8",    "float4",    "bool",        "varchar",   "bpchar",
        "numeric",   "time",        "timetz",    "interval",  "bit",         "varbit",    "serial",
        "bigserial", "smallserial", "serial4",   "serial8",   "serial2",     "int",       "integer",
        "bigint",    "smallint",    "boolean",   "decimal",   "real",        "name",      "char",
        "regclass",  "tstzrange",   "tsrange",   "int8range", "numrange",    "line",      "polygon",
        "circle",    "box",         "path",      "lseg",      "macaddr8",    "pg_lsn",    "txid_snapshot"};
    const bool builtin = names.size() == 1 &&
                         std::find(std::begin(builtins), std::end(builtins), names[0]) != std::end(builtins);
    if (!builtin && tn.find("typmods") == tn.end()) t.user_type = qname_of(names);
  }
  for (const Json& m : list(tn, "typmods")) {
    if (m.contains("A_Const") && m["A_Const"].contains("ival"))
      t.mods.push_back(integer(m["A_Const"]["ival"], "ival"));
  }
  t.array_dims = static_cast<int>(list(tn, "arrayBounds").size());
  return t;
}

std::string SequenceOptions::sql() const {
  std::string out;
  for (const auto& [name, clause] : items) out += (out.empty() ? "" : " ") + clause;
  return out;
}

std::optional<RelOptions> rel_options(const Json& defs) {
  RelOptions out;
  for (const Json& item : defs) {
    if (!item.contains("DefElem")) return std::nullopt;
    const Json& d = item["DefElem"];
    if (d.contains("defnamespace")) return std::nullopt;
    std::string value = "true";  // a name alone sets a boolean (defGetString)
    if (d.contains("arg")) {
      const Json& arg = d["arg"];
      if (arg.contains("Integer")) {
        value = std::to_string(integer(arg["Integer"], "ival"));
      } else if (arg.contains("Float")) {
        value = str(arg["Float"], "fval");
      } else if (arg.contains("String")) {
        value = str(arg["String"], "sval");
      } else if (arg.contains("Boolean")) {
        value = flag(arg["Boolean"], "boolval") ? "true" : "false";
      } else if (arg.contains("TypeName") && list(arg["TypeName"], "names").size() == 1 &&
                 !arg["TypeName"].contains("typmods") && !arg["TypeName"].contains("arrayBounds")) {
        value = sval(list(arg["TypeName"], "names")[0]);  // a bare word: on, off (defGetString)
      } else {
        return std::nullopt;
      }
    }
    out.emplace_back(str(d, "defname"), value);
  }
  return out;
}

SequenceOptions sequence_options(const LowerCtx& ctx, const Ptr& options) {
  SequenceOptions out;
  const Json& list_json = ctx.at(options);
  for (size_t i = 0; i < list_json.size(); ++i) {
    const Json& d = list_json[i]["DefElem"];
    const std::string name = str(d, "defname");
    std::string value;
    if (d.contains("arg")) {
      const Json& arg = d["arg"];
      if (arg.contains("Integer")) value = std::to_string(integer(arg["Integer"], "ival"));
      if (arg.contains("Float")) value = str(arg["Float"], "fval");
      if (arg.contains("Boolean")) value = flag(arg["Boolean"], "boolval") ? "true" : "false";
    }
    if (name == "start") {
      out.items.emplace_back(name, "START WITH " + value);
    } else if (name == "increment") {
      out.items.emplace_back(name, "INCREMENT BY " + value);
    } else if (name == "minvalue") {
      out.items.emplace_back(name, value.empty() ? "NO MINVALUE" : "MINVALUE " + value);
    } else if (name == "maxvalue") {
      out.items.emplace_back(name, value.empty() ? "NO MAXVALUE" : "MAXVALUE " + value);
    } else if (name == "cache") {
      out.items.emplace_back(name, "CACHE " + value);
    } else if (name == "cycle") {
      out.items.emplace_back(name, value == "true" ? "CYCLE" : "NO CYCLE");
    } else if (name == "as") {
      out.items.emplace_back(name,
                             "AS " + deparse_type(ctx.pg(options / i / "DefElem" / "arg" / "TypeName")));
    } else if (name == "restart") {
      out.restart = true;
    } else if (name == "owned_by") {
      out.owned_by = svals(list(d["arg"]["List"], "items"));
    } else {
      out.supported = false;
    }
  }
  return out;
}

void collect_column_refs(const Json& node, std::vector<std::string>& out) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() == "ColumnRef") {
        const Json& fields = list(it.value(), "fields");
        if (!fields.empty()) {
          const std::string name = sval(fields.back());
          if (!name.empty()) out.push_back(name);
        }
        continue;
      }
      if (it.key() == "IndexElem" && it.value().contains("name")) out.push_back(str(it.value(), "name"));
      collect_column_refs(it.value(), out);
    }
  } else if (node.is_array()) {
    for (const Json& n : node) collect_column_refs(n, out);
  }
}

}  // namespace p2s
