// The front of the pipeline (parse, lower) for a whole history, on every core. Lowering needs no
// model, so migrations, and the statement ranges of a large one, are independent pieces of work;
// the model and the planner then take the results one migration after the other. The result is
// the same for any number of threads (tests/unit/front_end_test.cpp).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "history/history.h"
#include "lower/ir.h"
#include "parse/pg_parse.h"

namespace p2s {

struct LoweredFile {
  std::unique_ptr<ParsedSql> tree;  // null when the file did not parse (the model keeps handles into it)
  std::optional<SyntaxError> syntax_error;
  std::vector<Statement> statements;
  Diagnostics diags;  // what lowering reported, in statement order
};

// One LoweredFile per migration, in history order.
std::vector<LoweredFile> lower_history(const History& history, const SourceSet& sources, unsigned threads);

}  // namespace p2s
