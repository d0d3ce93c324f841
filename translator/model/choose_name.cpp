#include "model/choose_name.h"

#include <algorithm>

namespace p2s {
namespace {

constexpr size_t kNameDataLen = 64;  // NAMEDATALEN
constexpr size_t kMaxName = kNameDataLen - 1;

// pg_mbcliplen for UTF-8: the longest prefix of at most n bytes that ends on a character boundary.
size_t clip(const std::string& s, size_t n) {
  n = std::min(n, s.size());
  while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

bool is_public(const std::string& nsp) {
  return nsp.empty() || nsp == "public";
}

// Text objects are keyed by the name as written: "v" or "public"."v".
bool names_relation(const TextObject& o, const std::string& nsp, const std::string& name) {
  return o.key == qualified(QName{is_public(nsp) ? "public" : nsp, name}) ||
         (is_public(nsp) && o.key == quote_ident(name));
}

}  // namespace

std::string make_object_name(const std::string& name1, const std::string& name2, const std::string& label) {
  size_t overhead = label.empty() ? 0 : label.size() + 1;
  if (!name2.empty()) overhead += 1;
  const size_t avail = kMaxName - overhead;
  size_t n1 = name1.size(), n2 = name2.size();
  while (n1 + n2 > avail) {
    if (n1 > n2) {
      --n1;
    } else {
      --n2;
    }
  }
  std::string out = name1.substr(0, clip(name1, n1));
  if (!name2.empty()) out += "_" + name2.substr(0, clip(name2, n2));
  if (!label.empty()) out += "_" + label;
  return out;
}

std::vector<std::string> index_column_names(const std::vector<std::string>& preliminary) {
  std::vector<std::string> out;
  for (const std::string& orig : preliminary) {
    std::string name = orig;
    for (int i = 1; std::find(out.begin(), out.end(), name) != out.end(); ++i) {
      const std::string n = std::to_string(i);
      name = orig.substr(0, clip(orig, kMaxName - n.size())) + n;
    }
    out.push_back(name);
  }
  return out;
}

std::string name_addition(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += '_';
    out += name.substr(0, kMaxName);  // strlcpy(..., NAMEDATALEN)
    if (out.size() >= kNameDataLen) break;
  }
  return out;
}

std::string choose_name(const std::string& name1, const std::string& name2, const std::string& label,
                        const NameTaken& taken) {
  std::string name = make_object_name(name1, name2, label);
  for (int pass = 1; taken(name); ++pass) name = make_object_name(name1, name2, label + std::to_string(pass));
  return name;
}

NameRule constraint_name_rule(ConstraintKind kind, const std::vector<std::string>& name_columns) {
  switch (kind) {
    case ConstraintKind::kPrimaryKey:  // indexcmds.c ChooseIndexName: the key's columns play no part
      return {"", "pkey", true};
    case ConstraintKind::kUnique:
      return {name_addition(index_column_names(name_columns)), "key", true};
    case ConstraintKind::kExclusion:
      return {name_addition(index_column_names(name_columns)), "excl", true};
    case ConstraintKind::kForeignKey:  // tablecmds.c ATAddForeignKeyConstraint
      return {name_addition(name_columns), "fkey", false};
    case ConstraintKind::kCheck:  // heap.c AddRelationNewConstraints: the column when it reads just one
      return {name_columns.size() == 1 ? name_columns.front() : "", "check", false};
  }
  return {};
}

bool relation_name_taken(const Schema& s, const std::string& nsp, const std::string& name) {
  const QName q{is_public(nsp) ? "" : nsp, name};
  if (s.table(q) != nullptr || s.index(q) != nullptr) return true;
  for (const Table& t : s.tables) {
    if (canonical(t.name).schema != canonical(q).schema) continue;
    for (const Constraint& k : t.constraints) {
      if (k.name == name && (k.kind == ConstraintKind::kPrimaryKey || k.kind == ConstraintKind::kUnique ||
                             k.kind == ConstraintKind::kExclusion))
        return true;
    }
  }
  return std::any_of(s.objects.begin(), s.objects.end(), [&](const TextObject& o) {
    switch (o.kind) {
      case ObjectKind::kView:
      case ObjectKind::kMaterializedView:
      case ObjectKind::kSequence:
      case ObjectKind::kOther:  // partitions and composite types (also domains, which is harmless)
        return names_relation(o, nsp, name);
      case ObjectKind::kFunction:
      case ObjectKind::kTrigger:
      case ObjectKind::kExtension:
      case ObjectKind::kSchema:
        return false;
    }
    return false;
  });
}

std::string choose_serial_sequence(const Schema& s, const QName& table, const std::string& column,
                                   const NameTaken& also_taken) {
  const std::string nsp = canonical(table).schema;
  return choose_name(table.name, column, "seq", [&](const std::string& n) {
    return (also_taken && also_taken(n)) || relation_name_taken(s, nsp, n);
  });
}

bool constraint_name_taken(const Schema& s, const std::string& nsp, const std::string& name) {
  const std::string schema = canonical(QName{nsp, ""}).schema;
  return std::any_of(s.tables.begin(), s.tables.end(), [&](const Table& t) {
    return canonical(t.name).schema == schema &&
           std::any_of(t.constraints.begin(), t.constraints.end(),
                       [&](const Constraint& k) { return k.name == name; });
  });
}

}  // namespace p2s
