// lower: libpg_query JSON tree -> typed statement IR. One file per statement family
// (lower_table.cpp, lower_index.cpp, lower_type.cpp, lower_object.cpp), one dispatch here.
#pragma once

#include <vector>

#include "diagnostics.h"
#include "ir.h"
#include "pg_parse.h"

namespace p2s {

std::vector<Statement> lower_file(const ParsedSql& parsed, uint32_t file, const std::string& text,
                                  Diagnostics& diags);

}  // namespace p2s
