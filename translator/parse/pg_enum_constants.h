// String constants that PostgreSQL's analysis types as an enum (part of the parse stage: works on
// libpg_query parse trees, pg_enum_constants.cpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parse/pg_parse.h"

namespace p2s {

// A string constant that PostgreSQL's analysis gives an enum type: compared with a column of the
// type (`=`, `<>`, `<`, ..., `IS DISTINCT FROM`, `BETWEEN`, `IN (...)`, on either side), a `WHEN`
// of `CASE column`, beside such a column among the results of a `CASE`, `COALESCE`, `GREATEST` or
// `LEAST`, or cast to the type (`'x'::"Status"`); or an array literal compared with `= ANY` / `ALL`
// or cast to the type's array (`'{A,B}'::"Status"[]`). PostgreSQL stores it by the labels' oids, so
// it follows ALTER TYPE ... RENAME VALUE; a string compared with a text column does not.
struct EnumConstant {
  const void* constant = nullptr;  // the A_Const message inside the parse tree
  QualifiedName type;              // the enum type (as the resolver names it)
  std::string written;             // the constant as written
  std::string label;               // the constant now
  bool array = false;              // an array literal of labels
};

// The constant's text after RENAME VALUE `from` TO `to`: the label, or each element of an array
// literal that is the label (the rest of the literal kept as written).
std::string rename_label(const std::string& text, bool array, const std::string& from, const std::string& to);

struct EnumTypes {
  // The enum type of the column a ColumnRef message reads; nullopt: not an enum (or unknown).
  std::function<std::optional<QualifiedName>(const void* column_ref)> of_column;
  // The enum type a type name in a cast names; nullopt: not an enum.
  std::function<std::optional<QualifiedName>(const QualifiedName& type_name)> named;
};

std::vector<EnumConstant> enum_constants(PgNode stmt, const EnumTypes& types);

// The constants whose label is no longer the one written (OidNames, pg_parse.h).
OidNames renamed_constants(const std::vector<EnumConstant>& constants);

}  // namespace p2s
