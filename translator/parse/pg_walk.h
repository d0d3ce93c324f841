// Walking libpg_query's protobuf-c trees (parse stage only: includes the protobuf header).
#pragma once

#include <string>

extern "C" {
#include <pg_query/pg_query.pb-c.h>
}

namespace p2s {

// The text of a String node; empty for anything else.
inline std::string str_of(const PgQuery__Node* n) {
  return n != nullptr && n->node_case == PG_QUERY__NODE__NODE_STRING && n->string->sval != nullptr
             ? std::string(n->string->sval)
             : std::string();
}

// Calls f on every sub-message of m (for a Node, only the alternative that is set: a oneof's
// members share one pointer).
template <typename F>
void for_each_child(ProtobufCMessage* m, F&& f) {
  const ProtobufCMessageDescriptor* d = m->descriptor;
  char* base = reinterpret_cast<char*>(m);
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = d->fields[i];
    if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      const size_t n = *reinterpret_cast<size_t*>(base + field.quantifier_offset);
      ProtobufCMessage** items = *reinterpret_cast<ProtobufCMessage***>(base + field.offset);
      for (size_t k = 0; k < n; ++k) f(items[k]);
    } else {
      if ((field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0 &&
          *reinterpret_cast<uint32_t*>(base + field.quantifier_offset) != field.id)
        continue;
      if (ProtobufCMessage* child = *reinterpret_cast<ProtobufCMessage**>(base + field.offset)) f(child);
    }
  }
}

}  // namespace p2s
