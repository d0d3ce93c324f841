#include "schema.h"

#include <algorithm>

namespace p2s {

QName canonical(QName n) {
  if (n.schema.empty()) n.schema = "public";
  return n;
}

bool same_name(const QName& a, const QName& b) {
  return canonical(a).schema == canonical(b).schema && a.name == b.name;
}

std::string display(const QName& n) {
  const QName c = canonical(n);
  return c.schema == "public" ? c.name : c.schema + "." + c.name;
}

std::string sql_type_name(const TypeRef& t) {
  if (!t.is_user_type()) return t.sql;
  std::string s = canonical(t.user_type).schema == "public" ? quote_ident(t.user_type.name) : qualified(t.user_type);
  for (int i = 0; i < t.array_dims; ++i) s += "[]";
  return s;
}

Column* Table::column(const std::string& n) {
  auto it = std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == n; });
  return it == columns.end() ? nullptr : &*it;
}

const Column* Table::column(const std::string& n) const { return const_cast<Table*>(this)->column(n); }

Constraint* Table::constraint(const std::string& n) {
  auto it = std::find_if(constraints.begin(), constraints.end(), [&](const Constraint& c) { return c.name == n; });
  return it == constraints.end() ? nullptr : &*it;
}

Table* Schema::table(const QName& n) {
  auto it = std::find_if(tables.begin(), tables.end(), [&](const Table& t) { return same_name(t.name, n); });
  return it == tables.end() ? nullptr : &*it;
}

const Table* Schema::table(const QName& n) const { return const_cast<Schema*>(this)->table(n); }

Index* Schema::index(const QName& n) {
  auto it = std::find_if(indexes.begin(), indexes.end(), [&](const Index& i) {
    return i.name == n.name && canonical(i.table).schema == canonical(n).schema;
  });
  return it == indexes.end() ? nullptr : &*it;
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

std::vector<const Index*> Schema::indexes_of(const QName& t) const {
  std::vector<const Index*> out;
  for (const Index& i : indexes) {
    if (same_name(i.table, t)) out.push_back(&i);
  }
  return out;
}

}  // namespace p2s
