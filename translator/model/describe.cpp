#include "model/describe.h"

#include <algorithm>

#include "model/render_sql.h"

namespace p2s {
namespace {

// A sequence by the options it does not leave at PostgreSQL's defaults (for an ascending one): down()
// writes back CACHE 1 where nothing was said, which is the same sequence.
std::string describe_sequence(const TextObject& o) {
  static const char* const kDefaults[] = {"INCREMENT BY 1", "NO MINVALUE", "NO MAXVALUE",
                                          "CACHE 1",        "NO CYCLE",    "START WITH 1"};
  std::string s = "CREATE SEQUENCE " + o.key;
  for (const auto& [name, clause] : o.seq_options) {
    if (std::find(std::begin(kDefaults), std::end(kDefaults), clause) == std::end(kDefaults))
      s += " " + clause;
  }
  return s;
}

}  // namespace

// A view is described by the text that creates it with its USING-merged columns under their USING
// names (schema.h, using_names_back), not with the column alias list that would name the relation's
// columns in their order now (down() re-adds a dropped column last: the same view, another list).
std::string describe(const Schema& schema) {
  std::vector<std::string> lines;
  for (const Table& t : schema.tables) {
    const std::string table = "table " + qualified(canonical(t.name));
    lines.push_back(table + (t.comment ? " comment " + *t.comment : "") + (t.row_security ? " rls" : "") +
                    (t.unlogged ? " unlogged" : "") + " " + t.partition_by);
    for (const Column& c : t.columns) {
      lines.push_back(table + " column " + sql_column_def(c) + (c.comment ? " comment " + *c.comment : ""));
    }
    for (const Constraint& k : t.constraints)
      lines.push_back(table + " constraint " + sql_add_constraint(t.name, k) +
                      (k.comment ? " comment " + *k.comment : "") +
                      (k.index_comment ? " index comment " + *k.index_comment : ""));
  }
  for (const Index& i : schema.indexes)
    lines.push_back("index " + sql_create_index(i) + (i.comment ? " comment " + *i.comment : ""));
  for (const EnumType& e : schema.enums)
    lines.push_back("enum " + sql_create_enum(e) + (e.comment ? " comment " + *e.comment : ""));
  for (const TextObject& o : schema.objects) {
    lines.push_back("object " + o.key + " " +
                    (o.kind == ObjectKind::kSequence
                         ? describe_sequence(o)
                         : object_create_sql(using_names_back(o, schema).view, schema)));
  }
  for (const auto& [key, text] : schema.other_comments) lines.push_back(key + " IS " + text);
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace p2s
