// The door to libpg_query's PL/pgSQL parser, for the bodies of DO blocks (part of the parse stage).
#pragma once

#include <optional>
#include <string>

#include "base/json.h"

namespace p2s {

// The PL/pgSQL parse tree of a DO block's body (the PLpgSQL_function node), or nullopt with
// `error` set when libpg_query refuses it.
std::optional<nlohmann::json> parse_do_body(const std::string& body, std::string& error);

}  // namespace p2s
