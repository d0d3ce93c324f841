// String constants that PostgreSQL's analysis types as an enum (part of the parse stage: works on
// libpg_query parse trees, pg_enum_constants.cpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parse/pg_parse.h"

namespace p2s {

// A string constant compared with a column of an enum type (`=`, `<>`, `<`, ..., `IS DISTINCT FROM`,
// `IN (...)`, on either side) or cast to one (`'x'::"Status"`). PostgreSQL stores it by the label's
// oid, so it follows ALTER TYPE ... RENAME VALUE; a string compared with a text column does not.
struct EnumConstant {
  const void* constant = nullptr;  // the A_Const message inside the parse tree
  QualifiedName type;              // the enum type (as the resolver names it)
  std::string written;             // the label as written
  std::string label;               // the label now
};

struct EnumTypes {
  // The enum type of the column a ColumnRef message reads; nullopt: not an enum (or unknown).
  std::function<std::optional<QualifiedName>(const void* column_ref)> of_column;
  // The enum type a type name in a cast names; nullopt: not an enum.
  std::function<std::optional<QualifiedName>(const QualifiedName& type_name)> named;
};

std::vector<EnumConstant> enum_constants(PgNode stmt, const EnumTypes& types);

// The constants whose label is no longer the one written (ConstantLabels, pg_parse.h).
ConstantLabels renamed_constants(const std::vector<EnumConstant>& constants);

}  // namespace p2s
