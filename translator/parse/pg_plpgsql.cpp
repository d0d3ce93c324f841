#include "parse/pg_plpgsql.h"

extern "C" {
#include <pg_query.h>
}

namespace p2s {

std::optional<nlohmann::json> parse_do_body(const std::string& body, std::string& error) {
  // libpg_query parses PL/pgSQL as the body of a function: wrap the block in one.
  std::string tag = "p2s_do";
  while (body.find("$" + tag + "$") != std::string::npos) tag += "_";
  const std::string wrapped = "CREATE FUNCTION p2s_do_block() RETURNS void LANGUAGE plpgsql AS $" + tag +
                              "$" + body + "$" + tag + "$";
  PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(wrapped.c_str());
  std::optional<nlohmann::json> out;
  if (r.error != nullptr) {
    error = r.error->message;
  } else if (r.plpgsql_funcs != nullptr) {
    nlohmann::json all = nlohmann::json::parse(r.plpgsql_funcs, nullptr, false);
    if (all.is_array() && !all.empty() && all[0].contains("PLpgSQL_function")) {
      out = all[0]["PLpgSQL_function"];
    } else {
      error = "unexpected PL/pgSQL parse tree";
    }
  }
  pg_query_free_plpgsql_parse_result(r);
  return out;
}

}  // namespace p2s
