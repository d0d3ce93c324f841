// Casts between column types as the planner sees them (plan_cast.h).
#include "plan/plan_cast.h"

#include <optional>

namespace p2s {
namespace {

bool text_like(const std::string& base) {
  return in(base, {"text", "varchar", "bpchar", "citext"});
}

// The typmod a type has when none is written (-1: no limit).
int mod(const TypeRef& t, size_t i, int unlimited) {
  return i < t.mods.size() ? t.mods[i] : unlimited;
}

// Digits left of the point that every value of `t` fits in (nullopt: no limit, or not exact).
std::optional<int> integer_digits(const TypeRef& t) {
  if (t.base == "int2") return 5;
  if (t.base == "int4") return 10;
  if (t.base == "int8") return 19;
  if (t.base == "numeric" && !t.mods.empty()) return mod(t, 0, -1) - mod(t, 1, 0);
  return std::nullopt;
}

// Integer and exact numeric types: whether `to` holds every value of `from`.
bool numeric_widens(const TypeRef& from, const TypeRef& to) {
  static const char* const kIntegers[] = {"int2", "int4", "int8"};
  auto rank = [](const std::string& b) {
    for (int i = 0; i < 3; ++i) {
      if (b == kIntegers[i]) return i;
    }
    return -1;
  };
  if (rank(from.base) >= 0 && rank(to.base) >= 0) return rank(from.base) <= rank(to.base);
  if (from.base == "float4" && to.base == "float8") return true;
  // float8 holds integers of 53 bits, float4 of 24.
  // and numeric(p, s) comes back from float8 (float4) when p <= 15 (6): the digits it converts.
  const int precision = from.base == "numeric" ? mod(from, 0, 1000) : 1000;
  if (to.base == "float8") return in(from.base, {"int2", "int4", "float4", "float8"}) || precision <= 15;
  if (to.base == "float4") return in(from.base, {"int2", "float4"}) || precision <= 6;
  if (to.base != "numeric") return false;
  if (to.mods.empty()) return rank(from.base) >= 0 || from.base == "numeric";
  const std::optional<int> digits = integer_digits(from);
  if (!digits) return false;
  const int from_scale = from.base == "numeric" ? mod(from, 1, 0) : 0;
  return mod(to, 1, 0) >= from_scale && mod(to, 0, -1) - mod(to, 1, 0) >= *digits;
}

}  // namespace

bool in(const std::string& base, std::initializer_list<const char*> set) {
  for (const char* b : set) {
    if (base == b) return true;
  }
  return false;
}

bool numeric_type(const TypeRef& t) {
  return t.array_dims == 0 && !t.is_user_type() &&
         in(t.base, {"int2", "int4", "int8", "numeric", "float4", "float8"});
}

bool always_casts(const TypeRef& from, const TypeRef& to) {
  if (from.array_dims != to.array_dims) return false;
  if (from.is_user_type() || to.is_user_type())
    return !to.is_user_type() && in(to.base, {"text", "varchar", "bpchar", "citext"});
  if (from.base == to.base) return true;
  if (in(to.base, {"text", "varchar", "bpchar", "citext"})) return true;
  if (numeric_type(from) && numeric_type(to)) return true;
  return in(from.base, {"timestamp", "timestamptz", "date"}) && in(to.base, {"timestamp", "timestamptz"});
}

bool keeps_every_value(const TypeRef& from, const TypeRef& to, bool explicit_cast) {
  if (from.array_dims != to.array_dims) return false;
  if (from.is_user_type() && to.is_user_type()) return same_name(from.user_type, to.user_type);
  if (!from.is_user_type() && !to.is_user_type() && from.base == to.base && from.mods == to.mods) return true;
  // Unlimited text holds every value's spelling (char(n) loses its padding, which char(n) puts back).
  if (in(to.base, {"text", "citext"}) || (to.base == "varchar" && to.mods.empty())) return true;
  // char(n) drops trailing spaces; varchar(n): an assignment cast refuses a longer string, an
  // explicit one (USING x::varchar(n)) cuts it.
  if (to.base == "bpchar") return from.base == "bpchar" && mod(from, 0, 1) <= mod(to, 0, 1);
  if (to.base == "varchar") {
    if (!explicit_cast) return true;
    return in(from.base, {"varchar", "bpchar"}) && !from.mods.empty() && mod(from, 0, -1) <= mod(to, 0, -1);
  }
  // A label spelled as text comes back as written.
  if (to.is_user_type()) return in(from.base, {"text", "varchar", "citext"});
  if (from.is_user_type()) return false;
  // From text to anything else: the spelling is normalized ('007', ' 1.50', '{"a":  1}').
  if (text_like(from.base)) return false;
  static const std::initializer_list<const char*> kNumbers = {"int2",    "int4",   "int8",
                                                              "numeric", "float4", "float8"};
  if (in(from.base, kNumbers) && in(to.base, kNumbers)) return numeric_widens(from, to);
  // Fractional seconds: 6 digits when none are written.
  if (in(from.base, {"timestamp", "timestamptz", "time", "timetz", "interval"}) &&
      in(to.base, {"timestamp", "timestamptz", "time", "timetz", "interval"})) {
    const bool same_family = from.base == to.base || (in(from.base, {"timestamp", "timestamptz"}) &&
                                                      in(to.base, {"timestamp", "timestamptz"}));
    return same_family && mod(from, 0, 6) <= mod(to, 0, 6);
  }
  if (from.base == "date") return in(to.base, {"timestamp", "timestamptz"});
  return from.base == "jsonb" && to.base == "json";
}

}  // namespace p2s
