#include "report.h"

#include <nlohmann/json.hpp>

namespace p2s {

const char* reversibility_name(Reversibility r) {
  switch (r) {
    case Reversibility::kExact:
      return "exact";
    case Reversibility::kLossy:
      return "lossy";
    case Reversibility::kIrreversible:
      return "irreversible";
  }
  return "irreversible";
}

void Report::add_migration(const Migration& m, const std::vector<Step>& steps, const SourceSet& sources,
                           const Diagnostics& diags, size_t first_diag) {
  Entry e{m.folder, m.output_name, "exact", {}, {}};
  Reversibility worst = Reversibility::kExact;
  for (const Step& s : steps) {
    if (s.transaction_marker) continue;
    worst = std::max(worst, s.reversibility);
    e.rows.push_back(Row{sources.line_col(s.loc).line, s.summary, s.translation,
                         reversibility_name(s.reversibility), s.note, s.data_change});
  }
  e.down = reversibility_name(worst);
  for (size_t i = first_diag; i < diags.all().size(); ++i) {
    const Diagnostic& d = diags.all()[i];
    if (!d.loc.valid()) {
      e.warnings.push_back(d.message + " [" + d.code + "]");
      continue;
    }
    const LineCol lc = sources.line_col(d.loc);
    e.warnings.push_back(m.folder + "/migration.sql:" + std::to_string(lc.line) + ":" +
                         std::to_string(lc.column) + ": " + d.message + " [" + d.code + "]");
  }
  entries_.push_back(std::move(e));
}

Report::Counts Report::counts() const {
  Counts c;
  c.migrations = entries_.size();
  c.warnings = history_warnings_.size();
  for (const Entry& e : entries_) {
    for (const Row& r : e.rows) {
      ++c.statements;
      c.native += r.translation == "native";
      c.sql += r.translation == "sql";
      c.reported += r.translation == "reported";
      c.data += r.data_change;
      c.data_not_undone += r.data_change && r.down != "exact";
    }
    c.warnings += e.warnings.size();
    c.lossy += e.down == "lossy";
    c.irreversible += e.down == "irreversible";
  }
  return c;
}

std::string Report::json() const {
  nlohmann::ordered_json j;
  j["tool"] = "prisma2sequelize";
  j["format"] = 1;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Entry& e : entries_) {
    nlohmann::ordered_json m;
    m["prisma"] = e.folder;
    m["file"] = e.file;
    m["down"] = e.down;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const Row& r : e.rows) {
      nlohmann::ordered_json row;
      row["line"] = r.line;
      row["statement"] = r.summary;
      row["translation"] = r.translation;
      row["down"] = r.down;
      if (!r.note.empty()) row["note"] = r.note;
      if (r.data_change) row["data"] = true;
      rows.push_back(row);
    }
    m["statements"] = rows;
    if (!e.warnings.empty()) m["warnings"] = e.warnings;
    list.push_back(m);
  }
  const Counts c = counts();
  j["summary"] = {{"migrations", c.migrations},
                  {"statements", c.statements},
                  {"native", c.native},
                  {"sql", c.sql},
                  {"reported", c.reported},
                  {"data_changes", c.data},
                  {"data_changes_not_undone", c.data_not_undone},
                  {"lossy_downs", c.lossy},
                  {"irreversible_downs", c.irreversible},
                  {"warnings", c.warnings}};
  if (!history_warnings_.empty()) j["history_warnings"] = history_warnings_;
  j["migrations"] = list;
  return j.dump(2) + "\n";
}

std::string Report::summary_line() const {
  const Counts c = counts();
  auto n = [](size_t v) { return std::to_string(v); };
  return "prisma2sequelize: converted " + n(c.migrations) + " migrations, " + n(c.statements) +
         " statements (" + n(c.native) + " native, " + n(c.sql) + " as SQL, " + n(c.reported) +
         " reported); " + n(c.data) + " data changes (" + n(c.data_not_undone) +
         " not undone by down()); downs: " + n(c.lossy) + " lossy, " + n(c.irreversible) + " irreversible; " +
         n(c.warnings) + " warnings";
}

}  // namespace p2s
