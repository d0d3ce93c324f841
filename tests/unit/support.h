// Test support: run SQL through the real pipeline (parse -> lower -> plan -> replay) in memory.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "lower/lower.h"
#include "plan/plan.h"
#include "replay/replay.h"

namespace p2s::test {

class Pipeline {
 public:
  // Applies `sql` to the model; returns the planned steps. Fails the test on a syntax error.
  std::vector<Step> run(const std::string& sql);
  Schema schema = initial_schema();     // as convert starts
  const LaterChanges* after = nullptr;  // what later migrations change
  Diagnostics diags;

 private:
  SourceSet sources_;
  std::vector<std::unique_ptr<ParsedSql>> trees_;
};

// The SQL of the down() of the last statement of `sql`, one string per statement.
std::vector<std::string> down_of(Pipeline& p, const std::string& sql);

std::vector<std::string> lines(const std::string& text);
std::string read_text(const std::string& path);

}  // namespace p2s::test
