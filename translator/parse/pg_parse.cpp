#include "parse/pg_parse.h"

extern "C" {
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
}

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/source.h"
#include "parse/pg_walk.h"

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

// libpg_query's JSON names its fields as PostgreSQL's structs do ("tableElts", "if_not_exists");
// its protobuf names are snake case. The pairs that differ come from libpg_query's own .proto (the
// json_name options), extracted at configure time.
struct JsonNameRow {
  const char* message;
  const char* field;
  const char* json;
};
constexpr JsonNameRow kJsonNames[] = {
#include "pg_json_names.inc"
};

void collect_field_names(const ProtobufCMessageDescriptor* d,
                         const std::unordered_map<std::string, const char*>& renamed,
                         std::unordered_map<const ProtobufCFieldDescriptor*, std::string>& out) {
  if (d->n_fields == 0 || out.count(&d->fields[0]) != 0) return;  // seen
  // d->name is the full proto name, "pg_query.A_Const" (short_name is "AConst").
  const std::string prefix = std::string(d->name).substr(sizeof "pg_query") + ".";
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    auto it = renamed.find(prefix + f.name);
    out.emplace(&f, it == renamed.end() ? f.name : it->second);
  }
  for (unsigned i = 0; i < d->n_fields; ++i) {
    if (d->fields[i].type == PROTOBUF_C_TYPE_MESSAGE)
      collect_field_names(static_cast<const ProtobufCMessageDescriptor*>(d->fields[i].descriptor), renamed,
                          out);
  }
}

// The JSON name of every field of every message reachable from a ParseResult, computed once.
const std::string& json_name(const ProtobufCFieldDescriptor* f) {
  static const auto names = [] {
    std::unordered_map<std::string, const char*> renamed;
    for (const JsonNameRow& row : kJsonNames)
      renamed.emplace(std::string(row.message) + "." + row.field, row.json);
    std::unordered_map<const ProtobufCFieldDescriptor*, std::string> out;
    collect_field_names(&pg_query__parse_result__descriptor, renamed, out);
    return out;
  }();
  return names.at(f);
}

template <typename T>
T at_offset(const Msg* m, unsigned offset) {
  T value;
  std::memcpy(&value, reinterpret_cast<const char*>(m) + offset, sizeof value);
  return value;
}

nlohmann::json to_json(const Msg* m, bool in_node = false);

// `in_node`: m is the message of a Node (not a typed field, as A_Const's values are).
nlohmann::json scalar_json(const Msg* m, const ProtobufCFieldDescriptor& f, bool in_node, bool& present) {
  present = true;
  switch (f.type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32: {
      const auto v = at_offset<int32_t>(m, f.offset);
      present = v != 0;
      return v;
    }
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32: {
      const auto v = at_offset<uint32_t>(m, f.offset);
      present = v != 0;
      return v;
    }
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64: {
      const auto v = at_offset<int64_t>(m, f.offset);
      present = v != 0;
      return v;
    }
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64: {
      const auto v = at_offset<uint64_t>(m, f.offset);
      present = v != 0;
      return v;
    }
    case PROTOBUF_C_TYPE_FLOAT: {
      const auto v = at_offset<float>(m, f.offset);
      present = v != 0;
      return v;
    }
    case PROTOBUF_C_TYPE_DOUBLE: {
      const auto v = at_offset<double>(m, f.offset);
      present = v != 0;
      return v;
    }
    case PROTOBUF_C_TYPE_BOOL: {
      // libpg_query prints a Boolean node's value also when false (not inside an A_Const).
      const bool v = at_offset<protobuf_c_boolean>(m, f.offset) != 0;
      present = v || (in_node && m->descriptor == &pg_query__boolean__descriptor);
      return v;
    }
    case PROTOBUF_C_TYPE_ENUM: {
      // Always written, as libpg_query does, by the value's name.
      const auto* e = static_cast<const ProtobufCEnumDescriptor*>(f.descriptor);
      const ProtobufCEnumValue* v = protobuf_c_enum_descriptor_get_value(e, at_offset<int>(m, f.offset));
      present = v != nullptr;
      return v != nullptr ? v->name : "";
    }
    case PROTOBUF_C_TYPE_STRING: {
      const char* v = at_offset<const char*>(m, f.offset);
      // A String/Float/BitString value is never NULL in PostgreSQL (libpg_query prints "sval":""),
      // other strings are NULL when empty.
      const ProtobufCMessageDescriptor* d = m->descriptor;
      present = (v != nullptr && *v != '\0') ||
                (v != nullptr && (d == &pg_query__string__descriptor || d == &pg_query__float__descriptor ||
                                  d == &pg_query__bit_string__descriptor));
      return v != nullptr ? v : "";
    }
    case PROTOBUF_C_TYPE_BYTES:
    case PROTOBUF_C_TYPE_MESSAGE:
      break;
  }
  present = false;
  return {};
}

// A protobuf message as libpg_query's JSON output prints it: a Node as {"Type": {...}} (or {} when
// unset), a message as an object of its fields, defaults (false, 0, "", empty lists) left out,
// enums by name. One deliberate difference: libpg_query's JSON drops a negative Integer ({} for
// START WITH -3, read back as 0); here it keeps its value.
nlohmann::json to_json(const Msg* m, bool in_node) {
  nlohmann::json out = nlohmann::json::object();
  if (m == nullptr) return out;
  const ProtobufCMessageDescriptor* d = m->descriptor;
  if (d == &pg_query__node__descriptor) {
    const auto* n = reinterpret_cast<const PgQuery__Node*>(m);
    const ProtobufCFieldDescriptor* f =
        protobuf_c_message_descriptor_get_field(d, static_cast<unsigned>(n->node_case));
    if (f == nullptr) return out;
    out[json_name(f)] = to_json(at_offset<const Msg*>(m, f->offset), true);
    return out;
  }
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    if ((f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0 && at_offset<uint32_t>(m, f.quantifier_offset) != f.id)
      continue;
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      const auto n = at_offset<size_t>(m, f.quantifier_offset);
      if (n == 0) continue;
      nlohmann::json list = nlohmann::json::array();
      if (f.type == PROTOBUF_C_TYPE_UINT64) {  // bitmapsets, e.g. TableFunc.notnulls
        const auto* values = at_offset<const uint64_t*>(m, f.offset);
        for (size_t k = 0; k < n; ++k) list.push_back(values[k]);
        out[json_name(&f)] = std::move(list);
        continue;
      }
      if (f.type != PROTOBUF_C_TYPE_MESSAGE) throw std::logic_error("internal error: repeated scalar field");
      const auto* items = at_offset<const Msg* const*>(m, f.offset);
      list.get_ref<nlohmann::json::array_t&>().reserve(n);
      for (size_t k = 0; k < n; ++k) list.push_back(to_json(items[k]));
      out[json_name(&f)] = std::move(list);
    } else if (f.type == PROTOBUF_C_TYPE_MESSAGE) {
      const auto* child = at_offset<const Msg*>(m, f.offset);
      if (child != nullptr) out[json_name(&f)] = to_json(child);
    } else {
      bool present = false;
      nlohmann::json v = scalar_json(m, f, in_node, present);
      if (present) out[json_name(&f)] = std::move(v);
    }
  }
  return out;
}

// Adds `base` to every location (fields named location, stmt_location, ...) at or above 0 in a tree:
// a piece's offsets become file offsets.
bool is_location(const char* field_name) {
  const std::string_view name = field_name;
  return name.size() >= 8 && name.substr(name.size() - 8) == "location";
}

void shift_locations(Msg* m, int32_t base) {
  if (m == nullptr) return;
  const ProtobufCMessageDescriptor* d = m->descriptor;
  if (d == &pg_query__node__descriptor) {  // a oneof of ~250 messages: go straight to the set one
    const auto* n = reinterpret_cast<const PgQuery__Node*>(m);
    const ProtobufCFieldDescriptor* f =
        protobuf_c_message_descriptor_get_field(d, static_cast<unsigned>(n->node_case));
    if (f != nullptr) shift_locations(at_offset<Msg*>(m, f->offset), base);
    return;
  }
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    if ((f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0 && at_offset<uint32_t>(m, f.quantifier_offset) != f.id)
      continue;
    auto* field = reinterpret_cast<char*>(m) + f.offset;
    if (f.type == PROTOBUF_C_TYPE_MESSAGE && f.label == PROTOBUF_C_LABEL_REPEATED) {
      const auto n = at_offset<size_t>(m, f.quantifier_offset);
      Msg** items = nullptr;
      std::memcpy(&items, field, sizeof items);
      for (size_t k = 0; k < n; ++k) shift_locations(items[k], base);
    } else if (f.type == PROTOBUF_C_TYPE_MESSAGE) {
      Msg* child = nullptr;
      std::memcpy(&child, field, sizeof child);
      shift_locations(child, base);
    } else if (f.type == PROTOBUF_C_TYPE_INT32 && f.label != PROTOBUF_C_LABEL_REPEATED &&
               is_location(f.name)) {
      int32_t v = 0;
      std::memcpy(&v, field, sizeof v);
      if (v >= 0) {
        v += base;
        std::memcpy(field, &v, sizeof v);
      }
    }
  }
}

// The wire format's base-128 varint at `at` (advanced past it).
uint64_t read_varint(const std::vector<uint8_t>& buf, size_t& at) {
  uint64_t v = 0;
  for (int shift = 0; at < buf.size() && shift < 64; shift += 7) {
    const uint8_t byte = buf[at++];
    v |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return v;
  }
  throw std::logic_error("internal error: truncated protobuf varint");
}

// protobuf's wire encoding of a message, for the deparser's input. protobuf-c's own packing looks at
// each of a Node's ~250 fields to find the one that is set (twice: size, then bytes), which made a
// deparse cost ~100k instructions; this looks the set one up. Returns false for what it leaves to
// protobuf-c (repeated scalars, which the parse trees handed to the deparser do not have).
void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

void put_key(std::string& out, uint32_t id, unsigned wire_type) {
  put_varint(out, uint64_t{id} << 3 | wire_type);
}

template <typename T>
void put_fixed(std::string& out, T v) {
  char bytes[sizeof v];
  std::memcpy(bytes, &v, sizeof v);  // little-endian, as the wire format is (x86-64, aarch64)
  out.append(bytes, sizeof v);
}

bool encode(const Msg* m, std::string& out);

bool encode_field(const Msg* m, const ProtobufCFieldDescriptor& f, std::string& out) {
  const bool oneof = (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0;
  if (oneof && at_offset<uint32_t>(m, f.quantifier_offset) != f.id) return true;
  if (f.label == PROTOBUF_C_LABEL_REPEATED) {
    if (f.type != PROTOBUF_C_TYPE_MESSAGE) return at_offset<size_t>(m, f.quantifier_offset) == 0;
    const auto n = at_offset<size_t>(m, f.quantifier_offset);
    const auto* items = at_offset<const Msg* const*>(m, f.offset);
    for (size_t k = 0; k < n; ++k) {
      std::string child;
      if (!encode(items[k], child)) return false;
      put_key(out, f.id, 2);
      put_varint(out, child.size());
      out += child;
    }
    return true;
  }
  const bool zero_skipped = !oneof && f.label != PROTOBUF_C_LABEL_REQUIRED;
  switch (f.type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_ENUM: {
      const auto v = at_offset<int32_t>(m, f.offset);
      if (v == 0 && zero_skipped) return true;
      put_key(out, f.id, 0);
      put_varint(out, static_cast<uint64_t>(static_cast<int64_t>(v)));
      return true;
    }
    case PROTOBUF_C_TYPE_SINT32: {
      const auto v = at_offset<int32_t>(m, f.offset);
      if (v == 0 && zero_skipped) return true;
      put_key(out, f.id, 0);
      put_varint(out, (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
      return true;
    }
    case PROTOBUF_C_TYPE_UINT32: {
      const auto v = at_offset<uint32_t>(m, f.offset);
      if (v == 0 && zero_skipped) return true;
      put_key(out, f.id, 0);
      put_varint(out, v);
      return true;
    }
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_UINT64: {
      const auto v = at_offset<uint64_t>(m, f.offset);
      if (v == 0 && zero_skipped) return true;
      put_key(out, f.id, 0);
      put_varint(out, v);
      return true;
    }
    case PROTOBUF_C_TYPE_SINT64: {
      const auto v = at_offset<int64_t>(m, f.offset);
      if (v == 0 && zero_skipped) return true;
      put_key(out, f.id, 0);
      put_varint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
      return true;
    }
    case PROTOBUF_C_TYPE_BOOL: {
      const auto v = at_offset<protobuf_c_boolean>(m, f.offset);
      if (v == 0 && zero_skipped) return true;
      put_key(out, f.id, 0);
      put_varint(out, v != 0 ? 1 : 0);
      return true;
    }
    case PROTOBUF_C_TYPE_FIXED32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_FLOAT: {
      const auto v = at_offset<uint32_t>(m, f.offset);
      if (v == 0 && zero_skipped) return true;
      put_key(out, f.id, 5);
      put_fixed(out, v);
      return true;
    }
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_DOUBLE: {
      const auto v = at_offset<uint64_t>(m, f.offset);
      if (v == 0 && zero_skipped) return true;
      put_key(out, f.id, 1);
      put_fixed(out, v);
      return true;
    }
    case PROTOBUF_C_TYPE_STRING: {
      const char* v = at_offset<const char*>(m, f.offset);
      if ((v == nullptr || *v == '\0') && zero_skipped) return true;
      const size_t n = v == nullptr ? 0 : std::strlen(v);
      put_key(out, f.id, 2);
      put_varint(out, n);
      out.append(v == nullptr ? "" : v, n);
      return true;
    }
    case PROTOBUF_C_TYPE_BYTES: {
      const auto v = at_offset<ProtobufCBinaryData>(m, f.offset);
      if (v.len == 0 && zero_skipped) return true;
      put_key(out, f.id, 2);
      put_varint(out, v.len);
      out.append(reinterpret_cast<const char*>(v.data), v.len);
      return true;
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
      const auto* child = at_offset<const Msg*>(m, f.offset);
      if (child == nullptr) return true;
      std::string bytes;
      if (!encode(child, bytes)) return false;
      put_key(out, f.id, 2);
      put_varint(out, bytes.size());
      out += bytes;
      return true;
    }
  }
  return false;
}

bool encode(const Msg* m, std::string& out) {
  const ProtobufCMessageDescriptor* d = m->descriptor;
  if (d == &pg_query__node__descriptor) {
    const auto* n = reinterpret_cast<const PgQuery__Node*>(m);
    if (n->node_case == PG_QUERY__NODE__NODE__NOT_SET) return true;
    const ProtobufCFieldDescriptor* f =
        protobuf_c_message_descriptor_get_field(d, static_cast<unsigned>(n->node_case));
    return f != nullptr && encode_field(m, *f, out);
  }
  for (unsigned i = 0; i < d->n_fields; ++i) {
    if (!encode_field(m, d->fields[i], out)) return false;
  }
  return true;
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
  // The type name in `schema`: its qualifier replaced, or one put before an unqualified name.
  void set_type_schema(PgQuery__TypeName* t, const std::string& schema) {
    if (t->n_names >= 2 && t->names[t->n_names - 2]->node_case == PG_QUERY__NODE__NODE_STRING)
      return set_string(&t->names[t->n_names - 2]->string->sval, schema);
    if (t->n_names != 1) return;
    auto& text = strings_.emplace_back(std::make_unique<PgQuery__String>());
    pg_query__string__init(text.get());
    storage_.push_back(std::make_unique<std::string>(schema));
    text->sval = storage_.back()->data();
    auto& node = nodes_.emplace_back(std::make_unique<PgQuery__Node>());
    pg_query__node__init(node.get());
    node->node_case = PG_QUERY__NODE__NODE_STRING;
    node->string = text.get();
    auto& names = lists_.emplace_back(std::make_unique<PgQuery__Node*[]>(2));
    names[0] = node.get();
    names[1] = t->names[0];
    set(&t->names, names.get());
    set(&t->n_names, size_t{2});
  }

 private:
  std::vector<std::unique_ptr<std::string>> storage_;
  std::vector<std::unique_ptr<PgQuery__String>> strings_;
  std::vector<std::unique_ptr<PgQuery__Node>> nodes_;
  std::vector<std::unique_ptr<PgQuery__Node*[]>> lists_;
  std::vector<std::function<void()>> undo_;
};

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

// Names renamed since the definition was written that PostgreSQL keeps by oid (OidNames): an enum
// constant follows ALTER TYPE ... RENAME VALUE, a type's name ALTER TYPE ... RENAME TO.
void rename_labels(Msg* m, const OidNames& labels, Edits& edits) {
  if (m == nullptr || labels.empty()) return;
  if (m->descriptor == &pg_query__a__const__descriptor) {
    auto it = labels.find(m);
    if (it != labels.end()) edits.set_string(&reinterpret_cast<PgQuery__AConst*>(m)->sval->sval, it->second);
    return;
  }
  if (m->descriptor == &pg_query__string__descriptor) {
    auto it = labels.find(m);
    if (it != labels.end()) edits.set_string(&reinterpret_cast<PgQuery__String*>(m)->sval, it->second);
    return;
  }
  if (m->descriptor == &pg_query__type_name__descriptor) {
    auto it = labels.find(m);
    if (it != labels.end()) edits.set_type_schema(reinterpret_cast<PgQuery__TypeName*>(m), it->second);
  }
  for_each_child(m, [&](Msg* child) { rename_labels(child, labels, edits); });
}

// The renames a column reference takes: its own relation's when it is bound, else the flat ones.
const ColumnMap& renames_of(const void* ref, const ColumnMap& columns, const BoundColumns& bound) {
  auto it = bound.find(ref);
  return it == bound.end() ? columns : *it->second;
}

// View bodies: also keep a renamed column's output name (SELECT "new" AS "old"), and rename relations.
void rename_in_view(Msg* m, const ColumnMap& columns, const RelationMap& relations, const BoundColumns& bound,
                    const OidNames& labels, Edits& edits) {
  if (m == nullptr) return;
  const ProtobufCMessageDescriptor* d = m->descriptor;
  if (d == &pg_query__a__const__descriptor || d == &pg_query__type_name__descriptor)
    return rename_labels(m, labels, edits);
  if (d == &pg_query__range_var__descriptor) {
    auto* rv = reinterpret_cast<PgQuery__RangeVar*>(m);
    auto it = relations.find(rv->relname);
    if (it != relations.end()) {
      edits.set_string(&rv->relname, it->second.name);
      if (!it->second.schema.empty()) edits.set_string(&rv->schemaname, it->second.schema);
    }
    return;
  }
  if (d == &pg_query__res_target__descriptor) {
    auto* rt = reinterpret_cast<PgQuery__ResTarget*>(m);
    if ((rt->name == nullptr || *rt->name == '\0') && rt->val != nullptr &&
        rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
      PgQuery__ColumnRef* ref = rt->val->column_ref;
      if (ref->n_fields > 0 && ref->fields[ref->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_STRING) {
        const char* original = ref->fields[ref->n_fields - 1]->string->sval;
        if (renames_of(ref, columns, bound).count(original) != 0) edits.set_string(&rt->name, original);
      }
    }
  }
  if (d == &pg_query__column_ref__descriptor) {
    // A reference qualified by a renamed relation's name ("Order".id, public."Order".id) follows it;
    // one qualified by an alias has another name and stays.
    auto* ref = reinterpret_cast<PgQuery__ColumnRef*>(m);
    if (ref->n_fields >= 2 && ref->fields[ref->n_fields - 2]->node_case == PG_QUERY__NODE__NODE_STRING) {
      PgQuery__String* qualifier = ref->fields[ref->n_fields - 2]->string;
      auto it = relations.find(qualifier->sval);
      if (it != relations.end()) {
        edits.set_string(&qualifier->sval, it->second.name);
        if (ref->n_fields >= 3 && !it->second.schema.empty() &&
            ref->fields[ref->n_fields - 3]->node_case == PG_QUERY__NODE__NODE_STRING)
          edits.set_string(&ref->fields[ref->n_fields - 3]->string->sval, it->second.schema);
      }
    }
    rename_columns(m, renames_of(ref, columns, bound), {}, edits);
    return;
  }
  if (d == &pg_query__create_trig_stmt__descriptor) {  // a trigger's UPDATE OF list
    auto* t = reinterpret_cast<PgQuery__CreateTrigStmt*>(m);
    rename_string_list(t->columns, t->n_columns, columns, edits);
  }
  for_each_child(m, [&](Msg* child) { rename_in_view(child, columns, relations, bound, labels, edits); });
}

std::string deparse_stmt(PgQuery__Node* stmt) {
  PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
  raw.stmt = stmt;
  PgQuery__RawStmt* raws[] = {&raw};
  PgQuery__ParseResult result = PG_QUERY__PARSE_RESULT__INIT;
  result.version = PG_VERSION_NUM;
  result.n_stmts = 1;
  result.stmts = raws;
  std::string buffer;
  if (!encode(&result.base, buffer)) {
    buffer.resize(pg_query__parse_result__get_packed_size(&result));
    pg_query__parse_result__pack(&result, reinterpret_cast<uint8_t*>(buffer.data()));
  }
  PgQueryProtobuf pb{buffer.size(), buffer.data()};
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

// An A_Const as libpg_query's deparser prints it (deparseAConst, deparseStringLiteral); nullopt for
// anything else, and for bit strings, which take the deparser's path.
std::optional<std::string> deparse_constant(const PgQuery__Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_A_CONST) return std::nullopt;
  const PgQuery__AConst* c = node->a_const;
  if (c->isnull) return "NULL";
  switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
      return std::to_string(c->ival->ival);
    case PG_QUERY__A__CONST__VAL_FVAL:
      return std::string(c->fval->fval);
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      return c->boolval->boolval ? "true" : "false";
    case PG_QUERY__A__CONST__VAL_SVAL: {
      const std::string_view text = c->sval->sval;
      std::string out = text.find('\\') == std::string_view::npos ? "'" : "E'";
      for (char ch : text) {
        if (ch == '\'' || ch == '\\') out += ch;
        out += ch;
      }
      return out + "'";
    }
    default:
      return std::nullopt;
  }
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

std::variant<std::unique_ptr<ParsedSql>, SyntaxError> ParsedSql::parse(const std::string& sql,
                                                                       size_t chunk_bytes) {
  if (sql.size() <= chunk_bytes) return parse_whole(sql);
  PgQuerySplitResult split = pg_query_split_with_scanner(sql.c_str());
  std::vector<uint32_t> cuts;  // file offsets where a piece starts (right after a statement's `;`)
  uint32_t piece_start = 0;
  for (int i = 0; split.error == nullptr && i < split.n_stmts; ++i) {
    const auto at = static_cast<uint32_t>(split.stmts[i]->stmt_location);
    if (at - piece_start >= chunk_bytes) {
      cuts.push_back(at);
      piece_start = at;
    }
  }
  const bool split_failed = split.error != nullptr;
  pg_query_free_split_result(split);
  if (split_failed || cuts.empty()) return parse_whole(sql);
  cuts.push_back(static_cast<uint32_t>(sql.size()));
  std::unique_ptr<ParsedSql> parsed(new ParsedSql());
  uint32_t begin = 0;
  for (const uint32_t end : cuts) {
    const std::string piece = sql.substr(begin, end - begin);
    PgQueryProtobufParseResult pb = pg_query_parse_protobuf(piece.c_str());
    const bool ok = pb.error == nullptr;
    if (ok)
      parsed->add_packed(reinterpret_cast<const uint8_t*>(pb.parse_tree.data), pb.parse_tree.len, begin);
    pg_query_free_protobuf_parse_result(pb);
    if (!ok) return parse_whole(sql);
    begin = end;
  }
  parsed->stmts_.assign(parsed->spans_.size(), nullptr);
  parsed->arenas_.resize(parsed->spans_.size());
  parsed->released_.assign(parsed->spans_.size(), 0);
  return parsed;
}

std::variant<std::unique_ptr<ParsedSql>, SyntaxError> ParsedSql::parse_whole(const std::string& sql) {
  PgQueryProtobufParseResult pb = pg_query_parse_protobuf(sql.c_str());
  if (pb.error != nullptr) {
    SyntaxError err{pb.error->message, byte_offset_of_char_position(sql, pb.error->cursorpos)};
    if (pb.error->cursorpos <= 0) err.byte_offset = 0;
    pg_query_free_protobuf_parse_result(pb);
    return err;
  }
  std::unique_ptr<ParsedSql> parsed(new ParsedSql());
  parsed->add_packed(reinterpret_cast<const uint8_t*>(pb.parse_tree.data), pb.parse_tree.len, 0);
  pg_query_free_protobuf_parse_result(pb);
  parsed->stmts_.assign(parsed->spans_.size(), nullptr);
  parsed->arenas_.resize(parsed->spans_.size());
  parsed->released_.assign(parsed->spans_.size(), 0);
  return parsed;
}

void ParsedSql::add_packed(const uint8_t* bytes, size_t len, uint32_t base) {
  const size_t first = packed_.size();
  packed_.insert(packed_.end(), bytes, bytes + len);
  // ParseResult { int32 version = 1; repeated RawStmt stmts = 2; }: find each statement's bytes, so
  // that statements are unpacked one at a time.
  const std::vector<uint8_t>& buf = packed_;
  for (size_t at = first; at < buf.size();) {
    const uint64_t key = read_varint(buf, at);
    if (key == (1 << 3 | 0)) {
      version_ = static_cast<int32_t>(read_varint(buf, at));
    } else if (key == (2 << 3 | 2)) {
      const uint64_t size = read_varint(buf, at);
      if (size > buf.size() - at) throw std::logic_error("internal error: truncated protobuf parse result");
      spans_.push_back(Span{static_cast<uint32_t>(at), static_cast<uint32_t>(size), base});
      at += size;
    } else {
      throw std::logic_error("internal error: unexpected field in protobuf parse result");
    }
  }
}

// A statement's tree is unpacked into an arena of its own and freed with it: protobuf-c's
// free_unpacked visits every one of a Node's ~250 oneof fields to free the one that is set, which
// cost about as much as the unpack, and each node was a malloc and a free. The tree is never freed
// piecewise (renames swap strings in and out, Edits, and restore them).
class ParsedSql::Arena {
 public:
  explicit Arena(size_t first_block) : next_block_(std::max<size_t>(first_block, 1024)) {}
  ProtobufCAllocator* allocator() { return &allocator_; }

 private:
  static void* alloc(void* self, size_t size) { return static_cast<Arena*>(self)->take(size); }
  static void release(void*, void*) {}
  void* take(size_t size) {
    constexpr size_t kAlign = alignof(std::max_align_t);
    size = (size + kAlign - 1) & ~(kAlign - 1);
    if (size > left_) {
      const size_t block = std::max(size, next_block_);
      next_block_ = block * 2;
      blocks_.push_back(
          std::make_unique_for_overwrite<std::max_align_t[]>(block / sizeof(std::max_align_t) + 1));
      at_ = reinterpret_cast<char*>(blocks_.back().get());
      left_ = block;
    }
    void* out = at_;
    at_ += size;
    left_ -= size;
    return out;
  }
  ProtobufCAllocator allocator_{alloc, release, this};
  std::vector<std::unique_ptr<std::max_align_t[]>> blocks_;
  char* at_ = nullptr;
  size_t left_ = 0;
  size_t next_block_;
};

ParsedSql::~ParsedSql() = default;

void* ParsedSql::statement(size_t i) const {
  if (i >= stmts_.size() || released_[i]) throw std::logic_error("internal error: statement released");
  if (stmts_[i] == nullptr) {
    if (packed_.empty()) throw std::logic_error("internal error: statement no longer packed");
    // Unpacked, a statement takes about 12 times the bytes of its packed form (11.5 on average over
    // the corpus, 2 to 23 for one statement): one block, most of the time.
    arenas_[i] = std::make_unique<Arena>(size_t{spans_[i].size} * 12);
    stmts_[i] = pg_query__raw_stmt__unpack(arenas_[i]->allocator(), spans_[i].size,
                                           packed_.data() + spans_[i].offset);
    if (stmts_[i] == nullptr) throw std::logic_error("internal error: protobuf unpack failed");
    if (spans_[i].base != 0)
      shift_locations(static_cast<Msg*>(stmts_[i]), static_cast<int32_t>(spans_[i].base));
  }
  return stmts_[i];
}

nlohmann::json ParsedSql::statement_tree(size_t i) const {
  return to_json(static_cast<const Msg*>(statement(i)));
}

const nlohmann::json& ParsedSql::tree() const {
  if (tree_ == nullptr) {
    auto t = std::make_unique<nlohmann::json>(nlohmann::json::object());
    (*t)["version"] = version_;
    nlohmann::json stmts = nlohmann::json::array();
    for (size_t i = 0; i < statement_count(); ++i) stmts.push_back(statement_tree(i));
    (*t)["stmts"] = std::move(stmts);
    tree_ = std::move(t);
  }
  return *tree_;
}

void ParsedSql::release(size_t i) {
  stmts_.at(i) = nullptr;
  arenas_[i].reset();
  released_[i] = 1;
}

void ParsedSql::drop_packed() {
  for (size_t i = 0; i < stmts_.size(); ++i) {
    if (stmts_[i] == nullptr && !released_[i]) statement(i);
  }
  std::vector<uint8_t>().swap(packed_);
}

PgNode ParsedSql::node_at(const nlohmann::json::json_pointer& ptr) const {
  // Rebuild the token list of the pointer: "stmts", the statement's index, then the path inside it.
  std::vector<std::string> tokens;
  for (nlohmann::json::json_pointer p = ptr; !p.empty(); p.pop_back()) tokens.push_back(p.back());
  std::reverse(tokens.begin(), tokens.end());
  if (tokens.size() < 2 || tokens[0] != "stmts")
    throw std::logic_error("internal error: node pointer outside the statements");
  Msg* m = static_cast<Msg*>(statement(std::stoul(tokens[1])));
  for (size_t i = 2; i < tokens.size() && m != nullptr; ++i) {
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
  return deparse_expr(expr, columns, {});
}

std::string deparse_expr(PgNode expr, const ColumnMap& columns, const OidNames& labels) {
  // Constants (seed files have thousands) are printed here as libpg_query's deparser prints them:
  // its round trip through protobuf costs a hundred times more.
  if (labels.empty()) {
    if (auto constant = deparse_constant(static_cast<const PgQuery__Node*>(expr.message))) return *constant;
  }
  Edits edits;
  rename_columns(static_cast<Msg*>(expr.message), columns, {}, edits);
  rename_labels(static_cast<Msg*>(expr.message), labels, edits);
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
                         const ColumnMap& columns, const OidNames& labels) {
  auto* node = static_cast<PgQuery__Node*>(index_stmt.message);
  PgQuery__IndexStmt* idx = node->index_stmt;
  Edits edits;
  rename_columns(&node->base, columns, {}, edits);
  rename_labels(&node->base, labels, edits);
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
                              const std::string& inline_column, bool not_valid, bool deferrable,
                              bool initially_deferred, const OidNames& labels) {
  auto* node = static_cast<PgQuery__Node*>(constraint.message);
  PgQuery__Constraint* c = node->constraint;
  Edits edits;
  edits.set<protobuf_c_boolean>(&c->skip_validation, not_valid ? 1 : 0);
  edits.set<protobuf_c_boolean>(&c->initially_valid, not_valid ? 0 : 1);
  if ((c->deferrable || c->initdeferred) != deferrable || c->initdeferred != initially_deferred) {
    edits.set<protobuf_c_boolean>(&c->deferrable, deferrable ? 1 : 0);  // ALTER CONSTRAINT since
    edits.set<protobuf_c_boolean>(&c->initdeferred, initially_deferred ? 1 : 0);
  }
  rename_columns(&node->base, columns, ref_columns, edits);
  rename_labels(&node->base, labels, edits);
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
  std::string body = sql.substr(head.size());
  // libpg_query 15's deparser drops NULLS NOT DISTINCT from a UNIQUE constraint (not from an index).
  static const std::string kUnique = "UNIQUE ";
  static const std::string kNullsNotDistinct = "NULLS NOT DISTINCT ";
  if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE && c->nulls_not_distinct &&
      body.compare(kUnique.size(), kNullsNotDistinct.size(), kNullsNotDistinct) != 0) {
    if (body.compare(0, kUnique.size(), kUnique) != 0)
      throw std::logic_error("internal error: unexpected UNIQUE constraint deparse: " + sql);
    body.insert(kUnique.size(), kNullsNotDistinct);
  }
  return "CONSTRAINT " + quote_ident(name) + " " + body;
}

std::vector<TypeNameRef> type_name_refs(PgNode node) {
  std::vector<TypeNameRef> out;
  std::function<void(Msg*)> walk = [&](Msg* m) {
    if (m->descriptor == &pg_query__type_name__descriptor) {
      auto* t = reinterpret_cast<PgQuery__TypeName*>(m);
      if (t->n_names > 0 && t->names[t->n_names - 1]->node_case == PG_QUERY__NODE__NODE_STRING) {
        TypeNameRef ref{t, t->names[t->n_names - 1]->string, {"", str_of(t->names[t->n_names - 1])}};
        if (t->n_names >= 2) ref.written.schema = str_of(t->names[t->n_names - 2]);
        out.push_back(std::move(ref));
      }
    }
    for_each_child(m, walk);
  };
  if (node) walk(static_cast<Msg*>(node.message));
  return out;
}

std::vector<QualifiedName> function_call_names(PgNode node) {
  std::vector<QualifiedName> out;
  std::function<void(Msg*)> walk = [&](Msg* m) {
    if (m->descriptor == &pg_query__func_call__descriptor) {
      auto* f = reinterpret_cast<PgQuery__FuncCall*>(m);
      if (f->n_funcname > 0 && f->funcname[f->n_funcname - 1]->node_case == PG_QUERY__NODE__NODE_STRING) {
        QualifiedName name{"", str_of(f->funcname[f->n_funcname - 1])};
        if (f->n_funcname >= 2) name.schema = str_of(f->funcname[f->n_funcname - 2]);
        out.push_back(std::move(name));
      }
    }
    for_each_child(m, walk);
  };
  if (node) walk(static_cast<Msg*>(node.message));
  return out;
}

std::string deparse_type(PgNode type_name, const OidNames& labels) {
  Edits edits;
  rename_labels(static_cast<Msg*>(type_name.message), labels, edits);
  return deparse_type(type_name);
}

namespace {
const PgQuery__CreateFunctionStmt* create_function_of(PgNode node) {
  const auto* n = static_cast<const PgQuery__Node*>(node.message);
  return n != nullptr && n->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT ? n->create_function_stmt
                                                                                   : nullptr;
}
}  // namespace

std::vector<PgNode> function_arg_types(PgNode create_function) {
  std::vector<PgNode> out;
  const PgQuery__CreateFunctionStmt* f = create_function_of(create_function);
  if (f == nullptr) return out;
  for (size_t i = 0; i < f->n_parameters; ++i) {
    if (f->parameters[i]->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER) continue;
    const PgQuery__FunctionParameter* p = f->parameters[i]->function_parameter;
    if (p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT ||
        p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE || p->arg_type == nullptr)
      continue;
    out.push_back(PgNode{p->arg_type});
  }
  return out;
}

bool function_body_checked(PgNode create_function) {
  const PgQuery__CreateFunctionStmt* f = create_function_of(create_function);
  if (f == nullptr || f->sql_body != nullptr) return false;
  for (size_t i = 0; i < f->n_options; ++i) {
    if (f->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const PgQuery__DefElem* d = f->options[i]->def_elem;
    if (std::string_view(d->defname) != "language" || d->arg == nullptr) continue;
    if (d->arg->node_case != PG_QUERY__NODE__NODE_STRING) return false;
    std::string language = d->arg->string->sval;  // LANGUAGE 'SQL' keeps its case
    std::transform(language.begin(), language.end(), language.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return language == "sql";
  }
  return false;
}

std::string render_view(PgNode stmt, const ColumnMap& columns, const RelationMap& relations,
                        const BoundColumns& bound, const OidNames& labels) {
  auto* node = static_cast<PgQuery__Node*>(stmt.message);
  Edits edits;
  rename_in_view(&node->base, columns, relations, bound, labels, edits);
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

bool bare_identifier(std::string_view ident) {
  auto lower = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  return !ident.empty() && lower(ident.front()) &&
         std::all_of(ident.begin(), ident.end(), [&](char c) { return lower(c) || (c >= '0' && c <= '9'); });
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
