#include "pg_parse.h"

extern "C" {
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
}

#include <cstring>
#include <functional>
#include <stdexcept>
#include <vector>

#include "source.h"

namespace p2s {
namespace {

using Msg = ProtobufCMessage;

std::string snake_case(const std::string& camel) {
  std::string out;
  for (char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty() && out.back() != '_') out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

bool is_node(const Msg* m) {
  return m->descriptor == &pg_query__node__descriptor;
}

// The message inside a Node's oneof.
Msg* unwrap(Msg* node) {
  auto* n = reinterpret_cast<PgQuery__Node*>(node);
  if (n->node_case == PG_QUERY__NODE__NODE__NOT_SET) return nullptr;
  const ProtobufCMessageDescriptor* d = node->descriptor;
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    if (f.id == static_cast<uint32_t>(n->node_case)) {
      return *reinterpret_cast<Msg**>(reinterpret_cast<char*>(node) + f.offset);
    }
  }
  return nullptr;
}

const ProtobufCFieldDescriptor* field(const Msg* m, const std::string& json_name) {
  const ProtobufCFieldDescriptor* f =
      protobuf_c_message_descriptor_get_field_by_name(m->descriptor, json_name.c_str());
  if (f == nullptr)
    f = protobuf_c_message_descriptor_get_field_by_name(m->descriptor, snake_case(json_name).c_str());
  return f;
}

// RAII: temporary edits of string fields and enum/bool fields, undone on scope exit.
// RAII: temporary edits of any field (strings, flags, pointers, counts), undone in reverse order on
// scope exit, also when the deparser throws.
class Edits {
 public:
  Edits() = default;
  Edits(const Edits&) = delete;
  Edits& operator=(const Edits&) = delete;
  ~Edits() {
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) (*it)();
  }
  template <typename T>
  void set(T* slot, T value) {
    undo_.push_back([slot, old = *slot] { *slot = old; });
    *slot = value;
  }
  void set_string(char** slot, const std::string& value) {
    storage_.push_back(std::make_unique<std::string>(value));
    set(slot, storage_.back()->data());
  }

 private:
  std::vector<std::unique_ptr<std::string>> storage_;
  std::vector<std::function<void()>> undo_;
};

// Calls f on every sub-message of m (for a Node, only the alternative that is set).
template <typename F>
void for_each_child(Msg* m, F&& f) {
  const ProtobufCMessageDescriptor* d = m->descriptor;
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = d->fields[i];
    if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    char* base = reinterpret_cast<char*>(m);
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      const size_t n = *reinterpret_cast<size_t*>(base + field.quantifier_offset);
      Msg** items = *reinterpret_cast<Msg***>(base + field.offset);
      for (size_t k = 0; k < n; ++k) f(items[k]);
    } else {
      if (is_node(m) && field.id != static_cast<uint32_t>(reinterpret_cast<PgQuery__Node*>(m)->node_case))
        continue;
      f(*reinterpret_cast<Msg**>(base + field.offset));
    }
  }
}

void rename_string_list(PgQuery__Node** items, size_t n, const ColumnMap& columns, Edits& edits) {
  for (size_t i = 0; i < n; ++i) {
    if (items[i]->node_case != PG_QUERY__NODE__NODE_STRING) continue;
    PgQuery__String* s = items[i]->string;
    auto it = columns.find(s->sval);
    if (it != columns.end()) edits.set_string(&s->sval, it->second);
  }
}

// Walk a message tree and rename column references (ColumnRef's last field, IndexElem.name,
// constraint key lists). Foreign-key target columns use `ref_columns`.
void rename_columns(Msg* m, const ColumnMap& columns, const ColumnMap& ref_columns, Edits& edits) {
  if (m == nullptr || (columns.empty() && ref_columns.empty())) return;
  const ProtobufCMessageDescriptor* d = m->descriptor;
  if (d == &pg_query__column_ref__descriptor) {
    auto* ref = reinterpret_cast<PgQuery__ColumnRef*>(m);
    if (ref->n_fields > 0) rename_string_list(&ref->fields[ref->n_fields - 1], 1, columns, edits);
    return;
  }
  if (d == &pg_query__index_elem__descriptor) {
    auto* elem = reinterpret_cast<PgQuery__IndexElem*>(m);
    if (elem->name != nullptr && *elem->name != '\0') {
      auto it = columns.find(elem->name);
      if (it != columns.end()) edits.set_string(&elem->name, it->second);
    }
  }
  if (d == &pg_query__constraint__descriptor) {
    auto* c = reinterpret_cast<PgQuery__Constraint*>(m);
    rename_string_list(c->keys, c->n_keys, columns, edits);
    rename_string_list(c->including, c->n_including, columns, edits);
    rename_string_list(c->fk_attrs, c->n_fk_attrs, columns, edits);
    rename_string_list(c->pk_attrs, c->n_pk_attrs, ref_columns, edits);
  }
  for_each_child(m, [&](Msg* child) { rename_columns(child, columns, ref_columns, edits); });
}

// View bodies: also keep a renamed column's output name (SELECT "new" AS "old"), and rename relations.
void rename_in_view(Msg* m, const ColumnMap& columns, const std::map<std::string, std::string>& relations,
                    Edits& edits) {
  if (m == nullptr) return;
  const ProtobufCMessageDescriptor* d = m->descriptor;
  if (d == &pg_query__range_var__descriptor) {
    auto* rv = reinterpret_cast<PgQuery__RangeVar*>(m);
    auto it = relations.find(rv->relname);
    if (it != relations.end()) edits.set_string(&rv->relname, it->second);
    return;
  }
  if (d == &pg_query__res_target__descriptor) {
    auto* rt = reinterpret_cast<PgQuery__ResTarget*>(m);
    if ((rt->name == nullptr || *rt->name == '\0') && rt->val != nullptr &&
        rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
      PgQuery__ColumnRef* ref = rt->val->column_ref;
      if (ref->n_fields > 0 && ref->fields[ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_STRING) {
        const char* original = ref->fields[ref->n_fields - 1]->string->sval;
        if (columns.count(original) != 0) edits.set_string(&rt->name, original);
      }
    }
  }
  if (d == &pg_query__column_ref__descriptor) {
    rename_columns(m, columns, {}, edits);
    return;
  }
  for_each_child(m, [&](Msg* child) { rename_in_view(child, columns, relations, edits); });
}

std::string deparse_stmt(PgQuery__Node* stmt) {
  PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
  raw.stmt = stmt;
  PgQuery__RawStmt* raws[] = {&raw};
  PgQuery__ParseResult result = PG_QUERY__PARSE_RESULT__INIT;
  result.version = PG_VERSION_NUM;
  result.n_stmts = 1;
  result.stmts = raws;
  std::vector<uint8_t> buffer(pg_query__parse_result__get_packed_size(&result));
  pg_query__parse_result__pack(&result, buffer.data());
  PgQueryProtobuf pb{buffer.size(), reinterpret_cast<char*>(buffer.data())};
  PgQueryDeparseResult out = pg_query_deparse_protobuf(pb);
  if (out.error != nullptr) {
    std::string message = out.error->message;
    pg_query_free_deparse_result(out);
    throw std::logic_error("internal error: deparse failed: " + message);
  }
  std::string sql = out.query;
  pg_query_free_deparse_result(out);
  return sql;
}

std::string strip_prefix(const std::string& text, const std::string& prefix) {
  if (text.compare(0, prefix.size(), prefix) != 0) {
    throw std::logic_error("internal error: unexpected deparse output: " + text);
  }
  return text.substr(prefix.size());
}

PgQuery__RangeVar range_var(const QualifiedName& name, std::vector<std::string>& keep) {
  PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
  keep.push_back(name.schema);
  keep.push_back(name.name);
  rv.schemaname = keep[keep.size() - 2].data();
  rv.relname = keep.back().data();
  rv.inh = true;
  rv.relpersistence = const_cast<char*>("p");
  return rv;
}

}  // namespace

std::variant<std::unique_ptr<ParsedSql>, SyntaxError> ParsedSql::parse(const std::string& sql) {
  PgQueryParseResult json = pg_query_parse(sql.c_str());
  if (json.error != nullptr) {
    SyntaxError err{json.error->message, byte_offset_of_char_position(sql, json.error->cursorpos)};
    if (json.error->cursorpos <= 0) err.byte_offset = 0;
    pg_query_free_parse_result(json);
    return err;
  }
  std::unique_ptr<ParsedSql> parsed(new ParsedSql());
  parsed->tree_ = nlohmann::json::parse(json.parse_tree);
  pg_query_free_parse_result(json);
  PgQueryProtobufParseResult pb = pg_query_parse_protobuf(sql.c_str());
  if (pb.error == nullptr) {
    parsed->protobuf_ = pg_query__parse_result__unpack(nullptr, pb.parse_tree.len,
                                                       reinterpret_cast<const uint8_t*>(pb.parse_tree.data));
  }
  pg_query_free_protobuf_parse_result(pb);
  if (parsed->protobuf_ == nullptr) throw std::logic_error("internal error: protobuf parse failed");
  return parsed;
}

ParsedSql::~ParsedSql() {
  if (protobuf_ != nullptr)
    pg_query__parse_result__free_unpacked(static_cast<PgQuery__ParseResult*>(protobuf_), nullptr);
}

PgNode ParsedSql::node_at(const nlohmann::json::json_pointer& ptr) const {
  Msg* m = static_cast<Msg*>(protobuf_);
  // Rebuild the token list of the pointer.
  std::vector<std::string> tokens;
  for (nlohmann::json::json_pointer p = ptr; !p.empty(); p.pop_back())
    tokens.insert(tokens.begin(), p.back());
  for (size_t i = 0; i < tokens.size() && m != nullptr; ++i) {
    if (is_node(m)) {
      m = unwrap(m);  // the token names the node type: the oneof already says which
      continue;
    }
    const ProtobufCFieldDescriptor* f = field(m, tokens[i]);
    if (f == nullptr || f->type != PROTOBUF_C_TYPE_MESSAGE) {
      throw std::logic_error("internal error: no protobuf field for JSON key " + tokens[i]);
    }
    char* base = reinterpret_cast<char*>(m);
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
      const size_t index = std::stoul(tokens.at(++i));
      const size_t n = *reinterpret_cast<size_t*>(base + f->quantifier_offset);
      if (index >= n) throw std::logic_error("internal error: protobuf index out of range");
      m = (*reinterpret_cast<Msg***>(base + f->offset))[index];
    } else {
      m = *reinterpret_cast<Msg**>(base + f->offset);
    }
  }
  return PgNode{m};
}

std::string deparse_expr(PgNode expr, const ColumnMap& columns) {
  Edits edits;
  rename_columns(static_cast<Msg*>(expr.message), columns, {}, edits);
  PgQuery__ResTarget target = PG_QUERY__RES_TARGET__INIT;
  target.val = static_cast<PgQuery__Node*>(expr.message);
  PgQuery__Node target_node = PG_QUERY__NODE__INIT;
  target_node.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
  target_node.res_target = &target;
  PgQuery__Node* targets[] = {&target_node};
  PgQuery__SelectStmt select = PG_QUERY__SELECT_STMT__INIT;
  select.n_target_list = 1;
  select.target_list = targets;
  select.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
  select.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
  PgQuery__Node stmt = PG_QUERY__NODE__INIT;
  stmt.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
  stmt.select_stmt = &select;
  return strip_prefix(deparse_stmt(&stmt), "SELECT ");
}

std::string deparse_type(PgNode type_name) {
  PgQuery__AConst null_const = PG_QUERY__A__CONST__INIT;
  null_const.isnull = true;
  PgQuery__Node arg = PG_QUERY__NODE__INIT;
  arg.node_case = PG_QUERY__NODE__NODE_A_CONST;
  arg.a_const = &null_const;
  PgQuery__TypeCast cast = PG_QUERY__TYPE_CAST__INIT;
  cast.arg = &arg;
  cast.type_name = static_cast<PgQuery__TypeName*>(type_name.message);
  PgQuery__Node node = PG_QUERY__NODE__INIT;
  node.node_case = PG_QUERY__NODE__NODE_TYPE_CAST;
  node.type_cast = &cast;
  return strip_prefix(deparse_expr(PgNode{&node}), "NULL::");
}

std::string render_index(PgNode index_stmt, const std::string& name, const QualifiedName& table,
                         const ColumnMap& columns) {
  auto* node = static_cast<PgQuery__Node*>(index_stmt.message);
  PgQuery__IndexStmt* idx = node->index_stmt;
  Edits edits;
  rename_columns(&node->base, columns, {}, edits);
  std::vector<std::string> keep;
  keep.reserve(4);
  PgQuery__RangeVar rel = range_var(table, keep);
  edits.set(&idx->relation, &rel);
  // libpg_query's deparser does not quote index names: use a placeholder and put the quoted name in.
  static const std::string kPlaceholder = "p2s_index_name_placeholder";
  edits.set_string(&idx->idxname, kPlaceholder);
  edits.set<protobuf_c_boolean>(&idx->concurrent, 0);
  edits.set<protobuf_c_boolean>(&idx->if_not_exists, 0);
  std::string sql = deparse_stmt(node);
  const size_t at = sql.find(" " + kPlaceholder + " ");
  if (at == std::string::npos) throw std::logic_error("internal error: unexpected index deparse: " + sql);
  return sql.replace(at + 1, kPlaceholder.size(), quote_ident(name));
}

std::string render_constraint(PgNode constraint, const std::string& name, const ColumnMap& columns,
                              const QualifiedName& ref_table, const ColumnMap& ref_columns,
                              const std::string& inline_column, bool not_valid) {
  auto* node = static_cast<PgQuery__Node*>(constraint.message);
  PgQuery__Constraint* c = node->constraint;
  Edits edits;
  edits.set<protobuf_c_boolean>(&c->skip_validation, not_valid ? 1 : 0);
  edits.set<protobuf_c_boolean>(&c->initially_valid, not_valid ? 0 : 1);
  rename_columns(&node->base, columns, ref_columns, edits);
  // An inline column constraint has no key list: give it one for the table-level form.
  std::string column_name = inline_column;
  PgQuery__String key_string = PG_QUERY__STRING__INIT;
  key_string.sval = column_name.data();
  PgQuery__Node key_node = PG_QUERY__NODE__INIT;
  key_node.node_case = PG_QUERY__NODE__NODE_STRING;
  key_node.string = &key_string;
  PgQuery__Node* key_list[] = {&key_node};
  const bool inject_keys = !inline_column.empty() && c->n_keys == 0 && c->n_fk_attrs == 0 &&
                           c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK;
  if (inject_keys) {
    const bool foreign = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN;
    edits.set<size_t>(foreign ? &c->n_fk_attrs : &c->n_keys, 1);
    edits.set<PgQuery__Node**>(foreign ? &c->fk_attrs : &c->keys, key_list);
  }
  // As for index names, the deparser leaves constraint names bare: use a placeholder.
  static const std::string kPlaceholder = "p2s_constraint_name_placeholder";
  edits.set_string(&c->conname, kPlaceholder);
  std::vector<std::string> keep;
  keep.reserve(4);
  PgQuery__RangeVar ref = range_var(ref_table, keep);
  if (c->pktable != nullptr) edits.set(&c->pktable, &ref);
  PgQuery__RangeVar rel = range_var(QualifiedName{"", "p2s_placeholder"}, keep);
  PgQuery__AlterTableCmd cmd = PG_QUERY__ALTER_TABLE_CMD__INIT;
  cmd.subtype = PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint;
  cmd.def = node;
  cmd.behavior = PG_QUERY__DROP_BEHAVIOR__DROP_RESTRICT;
  PgQuery__Node cmd_node = PG_QUERY__NODE__INIT;
  cmd_node.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_CMD;
  cmd_node.alter_table_cmd = &cmd;
  PgQuery__Node* cmds[] = {&cmd_node};
  PgQuery__AlterTableStmt alter = PG_QUERY__ALTER_TABLE_STMT__INIT;
  alter.relation = &rel;
  alter.n_cmds = 1;
  alter.cmds = cmds;
  alter.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
  PgQuery__Node stmt = PG_QUERY__NODE__INIT;
  stmt.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_STMT;
  stmt.alter_table_stmt = &alter;
  const std::string sql = strip_prefix(deparse_stmt(&stmt), "ALTER TABLE p2s_placeholder ADD ");
  const std::string head = "CONSTRAINT " + kPlaceholder + " ";
  if (sql.compare(0, head.size(), head) != 0)
    throw std::logic_error("internal error: unexpected constraint deparse: " + sql);
  return "CONSTRAINT " + quote_ident(name) + " " + sql.substr(head.size());
}

std::string render_view(PgNode stmt, const ColumnMap& columns,
                        const std::map<std::string, std::string>& relations) {
  auto* node = static_cast<PgQuery__Node*>(stmt.message);
  Edits edits;
  rename_in_view(&node->base, columns, relations, edits);
  return deparse_stmt(node);
}

std::string quote_ident(std::string_view ident) {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string qualified(const QualifiedName& name) {
  return name.schema.empty() ? quote_ident(name.name)
                             : quote_ident(name.schema) + "." + quote_ident(name.name);
}

}  // namespace p2s
