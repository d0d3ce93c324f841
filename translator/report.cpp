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

std::string Report::json() const {
  nlohmann::ordered_json j;
  j["tool"] = "prisma2sequelize";
  j["format"] = 1;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  size_t statements = 0, native = 0, sql = 0, reported = 0, lossy = 0, irreversible = 0, warnings = 0,
         data = 0, data_not_undone = 0;
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
      ++statements;
      native += r.translation == "native";
      sql += r.translation == "sql";
      reported += r.translation == "reported";
      data += r.data_change;
      data_not_undone += r.data_change && r.down != "exact";
    }
    m["statements"] = rows;
    if (!e.warnings.empty()) m["warnings"] = e.warnings;
    warnings += e.warnings.size();
    lossy += e.down == "lossy";
    irreversible += e.down == "irreversible";
    list.push_back(m);
  }
  j["summary"] = {{"migrations", entries_.size()},
                  {"statements", statements},
                  {"native", native},
                  {"sql", sql},
                  {"reported", reported},
                  {"data_changes", data},
                  {"data_changes_not_undone", data_not_undone},
                  {"lossy_downs", lossy},
                  {"irreversible_downs", irreversible},
                  {"warnings", warnings + history_warnings_.size()}};
  if (!history_warnings_.empty()) j["history_warnings"] = history_warnings_;
  j["migrations"] = list;
  return j.dump(2) + "\n";
}

std::string Report::summary_line() const {
  const nlohmann::json j = nlohmann::json::parse(json())["summary"];
  return "prisma2sequelize: converted " + j["migrations"].dump() + " migrations, " + j["statements"].dump() +
         " statements (" + j["native"].dump() + " native, " + j["sql"].dump() + " as SQL, " +
         j["reported"].dump() + " reported); " + j["data_changes"].dump() + " data changes (" +
         j["data_changes_not_undone"].dump() + " not undone by down()); downs: " + j["lossy_downs"].dump() +
         " lossy, " + j["irreversible_downs"].dump() + " irreversible; " + j["warnings"].dump() + " warnings";
}

}  // namespace p2s
