// The type table: a column type -> the Sequelize data type that creates exactly that PostgreSQL
// type. Types without an exact Sequelize equivalent (timestamp(3) without time zone, enums, ...)
// are passed as their SQL spelling, which Sequelize puts into the DDL unchanged.
#pragma once

#include <optional>
#include <string>

#include "model/schema.h"

namespace p2s {

// The Sequelize data type expression that creates exactly this type (e.g. Sequelize.STRING(20)), or
// none: then queryInterface gets the SQL spelling. A serial column is always spelt in SQL.
std::optional<std::string> sequelize_type(const TypeRef& type, bool serial);

}  // namespace p2s
