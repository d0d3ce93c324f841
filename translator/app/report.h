// The conversion report: per migration and statement, how it was translated (native, sql,
// reported) and whether its down() is exact, lossy or irreversible; written as
// conversion-report.json and summarised in one line.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "history/history.h"
#include "plan/ops.h"

namespace p2s {

class Report {
 public:
  Report() = default;
  Report(const Report&) = delete;  // texts_ points into index_
  Report& operator=(const Report&) = delete;
  // A migration's rows are added one a statement as it is planned (the step's note is not needed
  // after), then the migration itself takes them with the diagnostics from `first_diag` on.
  // `statements`: how many rows to make room for.
  void reserve_rows(size_t statements) { pending_.reserve(statements); }
  void add_row(const Step& s, const SourceSet& sources);
  void add_migration(const Migration& m, const SourceSet& sources, const Diagnostics& diags,
                     size_t first_diag);
  // Warnings about the history itself (skipped folders and files), listed before the migrations.
  void add_history_warning(std::string text) { history_warnings_.push_back(std::move(text)); }
  std::string json() const;
  std::string summary_line() const;

 private:
  // A row per statement: its texts are kept once each (a seed file's rows share a handful), and
  // named by their index in texts_, so a row takes 20 bytes.
  struct Row {
    uint32_t line, summary, translation, note;
    uint8_t reversibility;  // a Reversibility, in a byte
    bool data_change;
    Reversibility down() const { return static_cast<Reversibility>(reversibility); }
  };
  static_assert(sizeof(Row) == 20);
  uint32_t intern(const std::string& text);
  struct Entry {
    std::string folder, file, down;
    std::vector<Row> rows;
    std::vector<std::string> warnings;
  };
  struct Counts {
    size_t migrations = 0, statements = 0, native = 0, sql = 0, reported = 0, data = 0, data_not_undone = 0,
           lossy = 0, irreversible = 0, warnings = 0;
  };
  Counts counts() const;  // the summary, shared by json() and summary_line()

  std::vector<Entry> entries_;
  std::vector<Row> pending_;  // the rows of the migration being added
  std::unordered_map<std::string, uint32_t> index_;
  std::vector<const std::string*> texts_;  // keys of index_, which stay where they are
  std::vector<std::string> history_warnings_;
};

const char* reversibility_name(Reversibility r);

// The output files a report (as json() writes it) lists, read as a stream: a seed file's report has
// a hundred thousand statements, which a parsed tree would hold at ~1 KB each. Empty when `in` is
// not such a report (not JSON, no "migrations" array, an element without a string "file").
std::vector<std::string> report_files(std::istream& in);

}  // namespace p2s
