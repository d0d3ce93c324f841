// Writing the output atomically: everything goes to a temporary folder beside OUT_DIR and is moved
// into place only when complete. Files the tool did not write are never deleted. A run killed
// half-way leaves its temporary folder behind; the next run into the same OUT_DIR removes it.
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

// "" when OUT_DIR may receive the output of converting INPUT_DIR, else why not: an output folder
// inside the history would be taken by Prisma for a migration folder.
std::string check_output_location(const std::filesystem::path& out_dir,
                                  const std::filesystem::path& input_dir);

}  // namespace p2s
