// A unified diff of two texts (for `convert --check --diff`): line based, 3 lines of context,
// headers `--- a/NAME` / `+++ b/NAME` as `diff -u` and git print them.
#pragma once

#include <string>

namespace p2s {

std::string unified_diff(const std::string& name, const std::string& before, const std::string& after);

}  // namespace p2s
