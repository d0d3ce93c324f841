// nlohmann::json, as every file of the project includes it. Its const operator[] on a key the
// object lacks is an assertion, compiled out in a release build, and then reads past the map's end.
// libpg_query's JSON leaves out false, 0, empty lists and absent nodes, so a lowering that reads one
// of those with [] would be undefined behaviour on valid input: here the assertion throws instead
// (json_assert_failed), and the statement is reported as not read (lower.cpp), never misread.
#pragma once

#include "base/json_assert.h"

#ifndef JSON_ASSERT
#define JSON_ASSERT(x) ((x) ? static_cast<void>(0) : ::p2s::json_assert_failed(#x))
#endif
#include <nlohmann/json.hpp>
