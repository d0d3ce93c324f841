#include "emit/type_map.h"

#include <array>

namespace p2s {
namespace {

struct TypeRow {
  const char* base;       // pg_catalog element type name as the parser spells it
  int mods;               // number of typmods the row applies to
  const char* sequelize;  // data type; "%1"/"%2" stand for the typmods
};

// Each row is proven by the parity run (tests/parity): Sequelize v6 emits exactly this type.
// Sequelize.DATE(n) is not here: its PostgreSQL DDL drops the precision ("timestamp with time zone").
constexpr std::array<TypeRow, 16> kTypes{{
    {"text", 0, "Sequelize.TEXT"},
    {"int4", 0, "Sequelize.INTEGER"},
    {"int8", 0, "Sequelize.BIGINT"},
    {"int2", 0, "Sequelize.SMALLINT"},
    {"bool", 0, "Sequelize.BOOLEAN"},
    {"float8", 0, "Sequelize.DOUBLE"},
    {"float4", 0, "Sequelize.REAL"},
    {"jsonb", 0, "Sequelize.JSONB"},
    {"json", 0, "Sequelize.JSON"},
    {"uuid", 0, "Sequelize.UUID"},
    {"date", 0, "Sequelize.DATEONLY"},
    {"bytea", 0, "Sequelize.BLOB"},
    {"citext", 0, "Sequelize.CITEXT"},
    {"varchar", 1, "Sequelize.STRING(%1)"},
    {"numeric", 2, "Sequelize.DECIMAL(%1, %2)"},
    {"timestamptz", 0, "Sequelize.DATE"},
}};

std::string fill(std::string pattern, const std::vector<int>& mods) {
  for (size_t i = 0; i < mods.size(); ++i) {
    const std::string slot = "%" + std::to_string(i + 1);
    pattern.replace(pattern.find(slot), slot.size(), std::to_string(mods[i]));
  }
  return pattern;
}

}  // namespace

std::optional<std::string> sequelize_type(const TypeRef& t, bool serial) {
  if (serial) return std::nullopt;
  std::string js;
  if (!t.is_user_type() || t.base == "citext") {
    for (const TypeRow& row : kTypes) {
      if (t.base == row.base && static_cast<int>(t.mods.size()) == row.mods) {
        js = fill(row.sequelize, t.mods);
        break;
      }
    }
  }
  if (js.empty() || t.array_dims > 1) return std::nullopt;
  if (t.array_dims == 1) js = "Sequelize.ARRAY(" + js + ")";
  return js;
}

}  // namespace p2s
