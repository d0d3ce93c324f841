// What the parse tree contributes to the name PostgreSQL chooses for an unnamed index or
// constraint (the rule itself is choose_name.h): each index column's preliminary name.
#pragma once

#include "lower/lower_util.h"

namespace p2s {

// parse_target.c FigureIndexColname over the raw expression: a column's or function's name, a
// cast's type, "case", "coalesce", ...; "" when PostgreSQL finds none.
std::string figure_index_colname(const Json& expr);

// indexcmds.c ChooseIndexColumnNames' input for one IndexElem: the column, else the expression's
// FigureIndexColname, else "expr".
std::string index_elem_name(const Json& index_elem);

}  // namespace p2s
