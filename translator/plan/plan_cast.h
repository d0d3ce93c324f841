// What the planner knows of PostgreSQL's casts between column types: which never fail, and which
// keep every value through the cast and the cast back (ALTER COLUMN ... TYPE and its down()).
#pragma once

#include <initializer_list>
#include <string>

#include "model/schema.h"

namespace p2s {

bool in(const std::string& base, std::initializer_list<const char*> set);
// A scalar int2/int4/int8/numeric/float4/float8.
bool numeric_type(const TypeRef& t);
// Whether every value of `from` converts to `to` with a plain cast (to text, within the numeric or
// the date/time family, or the same type with other modifiers).
bool always_casts(const TypeRef& from, const TypeRef& to);
// Whether every value of `from` that the assignment cast to `to` accepts comes back unchanged from
// the cast back to `from`: false where the cast rounds, truncates or normalizes the spelling
// (numeric(10,2) to integer, timestamp(3) to timestamp(0), text '007' to integer). `explicit_cast`:
// USING x::type, where PostgreSQL cuts a string to varchar(n) instead of refusing it.
bool keeps_every_value(const TypeRef& from, const TypeRef& to, bool explicit_cast);

}  // namespace p2s
