// The type table: a column type -> the Sequelize data type that creates exactly that PostgreSQL
// type. Types without an exact Sequelize equivalent (timestamp(3) without time zone, enums, ...)
// are passed as their SQL spelling, which Sequelize puts into the DDL unchanged.
#pragma once

#include <string>

#include "schema.h"

namespace p2s {

// A JavaScript expression for queryInterface's `type:`. `sql_string` quotes raw SQL for JavaScript.
std::string sequelize_type(const Column& column, std::string (*sql_string)(const std::string&));

}  // namespace p2s
