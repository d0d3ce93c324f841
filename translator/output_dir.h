// Writing the output atomically: everything goes to a temporary folder beside OUT_DIR and is moved
// into place only when complete. Files the tool did not write are never deleted.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace p2s {

// `files`: name -> content. `previous`: names the previous run wrote (from its report), which may
// be removed when this run no longer writes them. Returns an error message or "".
std::string write_output(const std::filesystem::path& out_dir,
                         const std::map<std::string, std::string>& files,
                         const std::vector<std::string>& previous);

}  // namespace p2s
