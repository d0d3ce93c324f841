// Replaying a DO block the model follows (replay_do.cpp).
#pragma once

#include <optional>
#include <vector>

#include "base/diagnostics.h"
#include "lower/ir.h"

namespace p2s {

// Which parts of a block run, asked part by part in order: an IF's condition is evaluated once, on
// the schema as the parts before it left it.
class DoBlockRun {
 public:
  explicit DoBlockRun(const DoBlock& block) : block_(block), values_(block.ifs.size()) {}
  // Whether the part runs (the IF branches it is inside are taken) on `schema` as it is now.
  bool applies(size_t part, const Schema& schema);

 private:
  const DoBlock& block_;
  std::vector<std::optional<bool>> values_;
};
// Whether an EXCEPTION block's part takes effect on `schema`: none of its statements raises.
bool part_succeeds(const DoPart& part, const Schema& schema);
// Applies the parts that run, in order, and returns their statements.
std::vector<const Statement*> run_do_block(const DoBlock& block, Schema& schema, Diagnostics& diags);

}  // namespace p2s
