// convert: which files an earlier run wrote, read from OUT_DIR/conversion-report.json as a stream
// (a seed file's report is tens of MB): only a report of ours names files to remove.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/convert.h"

namespace p2s {
namespace {
namespace fs = std::filesystem;

class PreviousFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("p2s-previous-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "history" / "20240101000000_a");
    std::ofstream(root_ / "history" / "20240101000000_a" / "migration.sql")
        << "CREATE TABLE \"A\" (\"id\" INTEGER);\n";
    fs::create_directories(root_ / "out");
  }
  void TearDown() override { fs::remove_all(root_); }

  // The names `convert --check` says a regeneration would remove, given this report in OUT_DIR.
  std::string no_longer_generated(const std::string& report) {
    std::ofstream(root_ / "out" / "conversion-report.json") << report;
    ConvertOptions options;
    options.input = root_ / "history";
    options.output = root_ / "out";
    options.check = true;
    options.quiet = true;
    options.threads = 1;
    std::ostringstream out, err;
    convert(options, out, err);
    std::string names, line;
    std::istringstream lines(err.str());
    const std::string suffix = ": no longer generated";
    while (std::getline(lines, line)) {
      if (line.size() <= suffix.size() ||
          line.compare(line.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::string path = line.substr(0, line.size() - suffix.size());
      names += path.substr(path.rfind('/') + 1) + " ";
    }
    return names;
  }

  fs::path root_;
};

TEST_F(PreviousFiles, TheFilesOfEachMigrationOfOurReport) {
  EXPECT_EQ(no_longer_generated(R"({"tool": "prisma2sequelize", "migrations": [
      {"prisma": "20240101000000_a", "file": "20240101000000-a.js", "statements": [{"file": "nested.js"}]},
      {"prisma": "20240102000000_b", "file": "20240102000000-b.js"}]})"),
            "20240102000000-b.js ");
}

TEST_F(PreviousFiles, NoneFromAReportThatIsNotOurs) {
  EXPECT_EQ(no_longer_generated("not json"), "");
  EXPECT_EQ(no_longer_generated(R"({"files": [{"file": "x.js"}]})"), "");
  EXPECT_EQ(no_longer_generated(R"([{"migrations": [{"file": "x.js"}]}])"), "");
  EXPECT_EQ(no_longer_generated(R"({"migrations": [{"file": "x.js"}, {"prisma": "y"}]})"), "");
  EXPECT_EQ(no_longer_generated(R"({"migrations": [{"file": "x.js"}, "y.js"]})"), "");
  EXPECT_EQ(no_longer_generated(R"({"migrations": [{"file": 7}]})"), "");
  EXPECT_EQ(no_longer_generated(R"({"migrations": [{"file": "x.js"}]} trailing)"), "");
}

}  // namespace
}  // namespace p2s
