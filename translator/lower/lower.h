// lower: libpg_query JSON tree -> typed statement IR. One file per statement family
// (lower_table.cpp, lower_index.cpp, lower_type.cpp, lower_object.cpp), one dispatch here.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "lower/ir.h"
#include "parse/pg_parse.h"

namespace p2s {

// Statements that keep no parse node (data changes, SET, transaction control) have their
// protobuf tree released once lowered, and the packed form is dropped at the end.
std::vector<Statement> lower_file(ParsedSql& parsed, uint32_t file, const std::string& text,
                                  Diagnostics& diags);

// deparse_type's text of each TypeName, by the TypeName's JSON without locations: a history names
// the same few types thousands of times, and each deparse is a protobuf pack and a libpg_query
// deparse. Shared by the threads that lower one history.
class TypeSqlCache {
 public:
  std::string get(std::string key, const std::function<std::string()>& deparse);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> sql_;
};

// Statements [begin, end) of a file, written to out[0 .. end - begin) (one per statement), without
// dropping the packed form (the caller calls parsed.drop_packed() once every range is lowered).
// Ranges of one file may be lowered by different threads at once, into one array: each statement's
// tree and slot are only touched by the range that holds it.
void lower_statements(ParsedSql& parsed, size_t begin, size_t end, uint32_t file, const std::string& text,
                      Diagnostics& diags, Statement* out, TypeSqlCache* types = nullptr);

}  // namespace p2s
