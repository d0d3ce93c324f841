#include "model/schema.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "base/suffix.h"
#include "model/choose_name.h"
#include "model/depend.h"
#include "model/render_sql.h"

namespace p2s {

QName canonical(QName n) {
  if (n.schema.empty()) n.schema = "public";
  return n;
}

bool same_schema(const QName& a, const QName& b) {
  // No copies: the model's lookups call this for every table or index of the schema.
  const std::string_view sa = a.schema.empty() ? std::string_view("public") : std::string_view(a.schema);
  const std::string_view sb = b.schema.empty() ? std::string_view("public") : std::string_view(b.schema);
  return sa == sb;
}

bool same_name(const QName& a, const QName& b) {
  return a.name == b.name && same_schema(a, b);
}

std::string display(const QName& n) {
  const QName c = canonical(n);
  return c.schema == "public" ? c.name : c.schema + "." + c.name;
}

std::string sql_type_name(const TypeRef& t) {
  if (!t.is_user_type()) return t.sql;
  std::string s =
      canonical(t.user_type).schema == "public" ? quote_ident(t.user_type.name) : qualified(t.user_type);
  for (int i = 0; i < t.array_dims; ++i) s += "[]";
  return s;
}

std::string function_key(const QName& name, const std::vector<std::string>& arg_types) {
  std::string args;
  for (const std::string& a : arg_types) {
    // public."Kind" and "Kind" name one type: the key spells it unqualified, as DROP may.
    const bool in_public = a.rfind("public.", 0) == 0;
    args += (args.empty() ? "" : ", ") + (in_public ? a.substr(7) : a);
  }
  return qualified(name) + "(" + args + ")";
}

void rekey_function(TextObject& o) {
  if (o.kind != ObjectKind::kFunction || !o.node) return;
  std::vector<std::string> args;
  for (PgNode t : function_arg_types(o.node)) args.push_back(deparse_type(t, o.type_names));
  const std::string key = function_key(o.name, args);
  for (std::string* text : {&o.drop_sql, &o.comment_target}) swap_suffix(*text, o.key, key);
  o.key = key;
}

bool function_matches(const TextObject& o, const std::string& drop_key) {
  return o.kind == ObjectKind::kFunction && (o.key == drop_key || o.key.rfind(drop_key + "(", 0) == 0);
}

namespace {

// A renamed trigger: its statement, deparsed, with the name after TRIGGER replaced (quoted or not,
// as the deparser wrote it).
std::string with_trigger_name(const std::string& deparsed, const std::string& name) {
  size_t at = deparsed.find("TRIGGER ");
  if (at == std::string::npos) return deparsed;
  at += 8;
  size_t end = at;
  if (end < deparsed.size() && deparsed[end] == '"') {
    for (++end; end < deparsed.size(); ++end) {
      if (deparsed[end] != '"') continue;
      if (end + 1 < deparsed.size() && deparsed[end + 1] == '"') {
        ++end;
        continue;
      }
      ++end;
      break;
    }
  } else {
    end = deparsed.find(' ', at);
    if (end == std::string::npos) return deparsed;
  }
  return deparsed.substr(0, at) + quote_ident(name) + deparsed.substr(end);
}

}  // namespace

std::string object_create_sql(const TextObject& o, const Schema& schema) {
  const bool renamed = !o.renamed_to.empty();
  OidNames labels = renamed_constants(o.enum_constants);
  labels.insert(o.type_names.begin(), o.type_names.end());
  if (!o.node || (!renamed && o.renames.empty() && o.bindings.renames.empty() && o.relation_renames.empty() &&
                  o.stars.empty() && o.bindings.naturals.empty() && labels.empty()))
    return o.create_sql;
  std::string sql = render_view_expanded(
      o.node, o.renames, o.relation_renames, o.stars, o.bindings,
      [&](const QName& n) { return relation_columns(schema, n); }, labels);
  while (!sql.empty() && sql.back() == ' ') sql.pop_back();  // libpg_query ends CREATE POLICY with one
  // As lowering keeps a trigger's or function's own text: OR REPLACE (never on a CONSTRAINT TRIGGER).
  for (const char* what : {"TRIGGER ", "FUNCTION ", "PROCEDURE "}) {
    const std::string plain = std::string("CREATE ") + what;
    if (sql.rfind(plain, 0) == 0) sql = "CREATE OR REPLACE " + sql.substr(7);
  }
  return renamed && o.kind == ObjectKind::kTrigger ? with_trigger_name(sql, o.renamed_to) : sql;
}

UsingNames using_names_back(const TextObject& obj, const Schema& schema) {
  UsingNames out{{}, obj};
  for (const UsingPin& pin : obj.bindings.pins) {
    auto own = out.view.bindings.renames.find(relation_key(pin.relation));
    if (own == out.view.bindings.renames.end()) continue;
    const QName relation = obj.current_relation(pin.relation);
    std::optional<std::vector<std::string>> columns = relation_columns(schema, relation);
    if (!columns) continue;
    const std::string key = qualified(canonical(relation));
    const ObjectKind kind = schema.object(ObjectKind::kView, key) != nullptr ? ObjectKind::kView
                            : schema.object(ObjectKind::kMaterializedView, key) != nullptr
                                ? ObjectKind::kMaterializedView
                                : ObjectKind::kOther;
    const std::string alter = alter_relation(kind) + sql_table(relation) + " RENAME COLUMN ";
    auto has = [&](const std::string& c) {
      return std::find(columns->begin(), columns->end(), c) != columns->end();
    };
    std::vector<std::pair<std::string, std::string>> pin_renames;  // now -> USING name
    bool kept = true;  // every merged column renamed since can take its USING name back
    for (const std::string& merged : pin.columns) {
      auto it = own->second.find(merged);
      if (it == own->second.end() || it->second == merged) continue;
      kept = kept && has(it->second) && !has(merged);
      pin_renames.emplace_back(it->second, merged);
    }
    if (!kept) continue;
    for (const auto& [now, merged] : pin_renames) {
      out.renames.emplace_back(alter + quote_ident(now) + " TO " + quote_ident(merged),
                               alter + quote_ident(merged) + " TO " + quote_ident(now));
      own->second.erase(merged);
    }
  }
  return out;
}

std::string sequence_create_sql(const TextObject& o) {
  std::string s = "CREATE SEQUENCE " + o.key;
  for (const auto& [name, clause] : o.seq_options) s += " " + clause;
  return s;
}

std::string trigger_key(const QName& table, const std::string& name) {
  return qualified(canonical(table)) + "." + quote_ident(name);
}

std::string serial_sequence(const QName& table, const std::string& column) {
  return make_object_name(table.name, column, "seq");
}

std::string serial_default(const QName& table, const std::string& column) {
  return nextval_default(QName{canonical(table).schema, serial_sequence(table, column)});
}

std::string nextval_default(const QName& sequence) {
  const QName seq = canonical(sequence);
  return "nextval(" + quote_literal(seq.schema == "public" ? quote_ident(seq.name) : qualified(seq)) +
         "::regclass)";
}

std::vector<std::string> nextval_calls(const QName& sequence) {
  const QName seq = canonical(sequence);
  std::vector<std::string> spellings{quote_literal(quote_ident(seq.name)), quote_literal(qualified(seq))};
  if (bare_identifier(seq.name)) {
    spellings.push_back(quote_literal(seq.name));  // nextval('t_id_seq') needs no quotes
    if (bare_identifier(seq.schema)) spellings.push_back(quote_literal(seq.schema + "." + seq.name));
  }
  for (std::string& s : spellings) s = "nextval(" + s;
  return spellings;
}

bool default_uses_sequence(const QName& table, const Column& c, const QName& sequence) {
  const QName seq = canonical(sequence);
  if (c.serial) return canonical(table).schema == seq.schema && serial_sequence(table, c.name) == seq.name;
  if (!c.default_sql) return false;
  for (const std::string& call : nextval_calls(seq)) {
    if (c.default_sql->find(call) != std::string::npos) return true;
  }
  return false;
}

namespace {

// One past the quote closing the literal or quoted identifier opened at `open` ('...' or "...", a
// doubled quote staying inside), or the end of an unterminated one.
size_t quoted_run_end(const std::string& text, size_t open) {
  const char quote = text[open];
  size_t end = open + 1;
  while (end < text.size()) {
    if (text[end] == quote && (end + 1 >= text.size() || text[end + 1] != quote)) break;
    end += text[end] == quote ? 2 : 1;
  }
  return std::min(end + 1, text.size());
}

}  // namespace

std::vector<TextSpan> type_name_spans(const std::string& text, const std::string& name) {
  std::vector<TextSpan> out;
  std::vector<std::string> spellings{quote_ident(name)};
  if (bare_identifier(name)) spellings.push_back(name);
  auto ident_char = [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '$' || ch == '"';
  };
  // The bytes inside string literals ('...', a doubled quote staying inside): text, not a cast.
  std::vector<bool> literal(text.size(), false);
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '\'' && text[i] != '"') {
      ++i;
      continue;
    }
    const size_t end = quoted_run_end(text, i);
    if (text[i] == '\'')
      std::fill(literal.begin() + static_cast<std::ptrdiff_t>(i),
                literal.begin() + static_cast<std::ptrdiff_t>(end), true);
    i = end;
  }
  for (const std::string& spelling : spellings) {
    for (size_t at = text.find(spelling); at != std::string::npos; at = text.find(spelling, at + 1)) {
      if (literal[at]) continue;
      const size_t end = at + spelling.size();
      const bool cast = at >= 2 && text.compare(at - 2, 2, "::") == 0;
      const bool qualified = at >= 1 && text[at - 1] == '.';
      if ((cast || qualified) && (end == text.size() || !ident_char(text[end])))
        out.push_back({at, spelling.size()});
    }
  }
  std::sort(out.begin(), out.end(), [](const TextSpan& a, const TextSpan& b) { return a.at < b.at; });
  return out;
}

std::string unqualified_public_casts(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const char ch = text[i];
    if (ch == '\'' || ch == '"') {  // a literal or a quoted identifier, copied whole
      const size_t end = quoted_run_end(text, i);
      out.append(text, i, end - i);
      i = end;
      continue;
    }
    out += ch;
    ++i;
    if (ch != ':' || out.size() < 2 || out[out.size() - 2] != ':') continue;
    while (i < text.size() && text[i] == ' ') out += text[i++];
    for (const char* qualifier : {"public.", "\"public\"."}) {
      const size_t n = std::char_traits<char>::length(qualifier);
      if (text.compare(i, n, qualifier) == 0 && i + n < text.size() &&
          (text[i + n] == '"' || std::isalpha(static_cast<unsigned char>(text[i + n])) != 0 ||
           text[i + n] == '_')) {
        i += n;
        break;
      }
    }
  }
  return out;
}

void keep_default(Column& c) {
  if (c.default_sql) c.default_sql = unqualified_public_casts(*c.default_sql);
}

QName type_name_now(const TypeNameRef& ref, const OidNames& names) {
  auto name = names.find(ref.name);
  auto schema = names.find(ref.type);
  return QName{schema == names.end() ? ref.written.schema : schema->second,
               name == names.end() ? ref.written.name : name->second};
}

bool definition_names_type(PgNode node, const OidNames& names, const QName& type) {
  if (!node) return false;
  const std::vector<TypeNameRef> refs = type_name_refs(node);
  return std::any_of(refs.begin(), refs.end(),
                     [&](const TypeNameRef& r) { return same_name(type_name_now(r, names), type); });
}

bool default_names_type(const Column& c, const QName& type) {
  return c.default_sql && !type_name_spans(*c.default_sql, type.name).empty();
}

std::vector<std::string> current_names(const std::vector<std::string>& keys, const ColumnMap& renames) {
  std::vector<std::string> names;
  for (const std::string& k : keys) names.push_back(renames.count(k) ? renames.at(k) : k);
  return names;
}

std::vector<std::string> key_columns(const Constraint& k) {
  return k.keys.empty() ? k.columns : current_names(k.keys, k.renames);
}

std::vector<std::string> referenced_columns(const Schema& schema, const Constraint& fk) {
  if (!fk.ref_keys.empty()) return current_names(fk.ref_keys, fk.ref_renames);
  if (const Table* ref = schema.table(fk.ref_table)) {
    for (const Constraint& pk : ref->constraints) {
      if (pk.kind == ConstraintKind::kPrimaryKey) return key_columns(pk);
    }
  }
  return {};
}

bool references_column(const Schema& schema, const Constraint& k, const QName& table,
                       const std::string& column) {
  if (k.kind != ConstraintKind::kForeignKey || !same_name(k.ref_table, table)) return false;
  const std::vector<std::string> referenced = referenced_columns(schema, k);
  return std::find(referenced.begin(), referenced.end(), column) != referenced.end();
}

bool serial_capable(const TypeRef& t) {
  return !t.is_user_type() && t.array_dims == 0 && (t.base == "int2" || t.base == "int4" || t.base == "int8");
}

std::string serial_sequence_as(const TypeRef& t) {
  return t.base == "int8" ? "AS bigint" : t.base == "int2" ? "AS smallint" : "AS int";
}

std::string& column_attribute(Column& c, ColumnAttribute what) {
  return what == ColumnAttribute::kStatistics ? c.statistics
         : what == ColumnAttribute::kStorage  ? c.storage
                                              : c.compression;
}

const std::string& column_attribute(const Column& c, ColumnAttribute what) {
  return column_attribute(const_cast<Column&>(c), what);
}

bool serial_makes(const TypeRef& t, const TextObject& sequence) {
  if (!serial_capable(t)) return false;
  auto as = std::find_if(sequence.seq_options.begin(), sequence.seq_options.end(),
                         [](const auto& option) { return option.first == "as"; });
  return (as == sequence.seq_options.end() ? std::string("AS bigint") : as->second) == serial_sequence_as(t);
}

std::string alter_relation(ObjectKind kind) {
  return kind == ObjectKind::kView               ? "ALTER VIEW "
         : kind == ObjectKind::kMaterializedView ? "ALTER MATERIALIZED VIEW "
                                                 : "ALTER TABLE ";
}

bool serial_now(const Schema& schema, const QName& table, const Column& c) {
  const QName seq{canonical(table).schema, serial_sequence(table, c.name)};
  const TextObject* owned = schema.object(ObjectKind::kSequence, qualified(seq));
  return c.default_sql == serial_default(table, c.name) && owned != nullptr && serial_makes(c.type, *owned) &&
         owned->owner_column == c.name && same_name(owned->owner_table, table);
}

std::string serial_type_name(const TypeRef& t) {
  return t.base == "int8" ? "BIGSERIAL" : t.base == "int2" ? "SMALLSERIAL" : "SERIAL";
}

Column* Table::column(const std::string& n) {
  auto it = std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == n; });
  return it == columns.end() ? nullptr : &*it;
}

const Column* Table::column(const std::string& n) const {
  return const_cast<Table*>(this)->column(n);
}

Constraint* Table::constraint(const std::string& n) {
  auto it =
      std::find_if(constraints.begin(), constraints.end(), [&](const Constraint& c) { return c.name == n; });
  return it == constraints.end() ? nullptr : &*it;
}

Table* Schema::table(const QName& n) {
  // The position last found under this name, checked before it is trusted (tables move when one
  // before them is dropped, and are renamed); else a scan, whose answer is remembered.
  if (const auto hit = table_positions_.find(n.name); hit != table_positions_.end()) {
    if (hit->second < tables.size() && same_name(tables[hit->second].name, n)) return &tables[hit->second];
  }
  auto it = std::find_if(tables.begin(), tables.end(), [&](const Table& t) { return same_name(t.name, n); });
  if (it == tables.end()) return nullptr;
  table_positions_[n.name] = static_cast<size_t>(it - tables.begin());
  return &*it;
}

const Table* Schema::table(const QName& n) const {
  return const_cast<Schema*>(this)->table(n);
}

Index* Schema::index(const QName& n) {
  auto it = std::find_if(indexes.begin(), indexes.end(),
                         [&](const Index& i) { return i.name == n.name && same_schema(i.table, n); });
  return it == indexes.end() ? nullptr : &*it;
}

Constraint* Schema::index_constraint(const QName& n) {
  for (Table& t : tables) {
    if (!same_schema(t.name, n)) continue;
    for (Constraint& k : t.constraints) {
      if (k.name == n.name && k.kind != ConstraintKind::kCheck && k.kind != ConstraintKind::kForeignKey)
        return &k;
    }
  }
  return nullptr;
}

EnumType* Schema::enum_type(const QName& n) {
  auto it = std::find_if(enums.begin(), enums.end(), [&](const EnumType& e) { return same_name(e.name, n); });
  return it == enums.end() ? nullptr : &*it;
}

TextObject* Schema::object(ObjectKind kind, const std::string& key) {
  auto it = std::find_if(objects.begin(), objects.end(),
                         [&](const TextObject& o) { return o.kind == kind && o.key == key; });
  return it == objects.end() ? nullptr : &*it;
}

TextObject* Schema::function(const std::string& key) {
  auto it = std::find_if(objects.begin(), objects.end(), [&](const TextObject& o) {
    return o.kind == ObjectKind::kFunction && function_matches(o, key);
  });
  return it == objects.end() ? nullptr : &*it;
}

Schema initial_schema() {
  Schema s;
  TextObject pub;
  pub.kind = ObjectKind::kSchema;
  pub.key = "public";
  pub.create_sql = "CREATE SCHEMA \"public\"";
  pub.drop_sql = "DROP SCHEMA \"public\"";
  pub.comment = "standard public schema";
  pub.comment_target = "SCHEMA \"public\"";
  pub.acl = Acl{{"PUBLIC", {{"USAGE", false}}}};  // and the owner, pg_database_owner, USAGE and CREATE
  pub.owner = "\"pg_database_owner\"";            // PostgreSQL 15's initdb
  s.objects.push_back(std::move(pub));
  TextObject plpgsql;
  plpgsql.kind = ObjectKind::kExtension;
  plpgsql.key = "plpgsql";
  plpgsql.create_sql = "CREATE EXTENSION \"plpgsql\" WITH SCHEMA \"pg_catalog\"";
  plpgsql.drop_sql = "DROP EXTENSION \"plpgsql\"";
  plpgsql.comment_target = "EXTENSION \"plpgsql\"";
  plpgsql.control_comment = true;
  s.objects.push_back(std::move(plpgsql));
  return s;
}

bool Schema::is_temp(const QName& n) const {
  // Lowering spells an unqualified name as public: pg_temp comes first on the search path.
  return (n.schema.empty() || n.schema == "public" || n.schema.rfind("pg_temp", 0) == 0) &&
         std::find(temp_tables.begin(), temp_tables.end(), n.name) != temp_tables.end();
}

std::vector<const Index*> Schema::indexes_of(const QName& t) const {
  std::vector<const Index*> out;
  for (const Index& i : indexes) {
    if (same_name(i.table, t)) out.push_back(&i);
  }
  return out;
}

void set_rel_options(RelOptions& options, const RelOptions& set) {
  for (const auto& option : set) {
    std::erase_if(options, [&](const auto& o) { return o.first == option.first; });
    options.push_back(option);
  }
}

void reset_rel_options(RelOptions& options, const std::vector<std::string>& names) {
  std::erase_if(options,
                [&](const auto& o) { return std::find(names.begin(), names.end(), o.first) != names.end(); });
}

QName TextObject::current_relation(const QName& written) const {
  auto it = relation_renames.find(written.name);
  if (it == relation_renames.end()) return written;
  return QName{it->second.schema.empty() ? written.schema : it->second.schema, it->second.name};
}

std::string TextObject::current_column(const QName& written_relation, const std::string& column) const {
  auto own = bindings.renames.find(relation_key(written_relation));
  if (own == bindings.renames.end()) return column;
  auto it = own->second.find(column);
  return it == own->second.end() ? column : it->second;
}

}  // namespace p2s
