#include "app/report.h"

#include "base/json.h"

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

void Report::add_row(const Step& s, const SourceSet& sources) {
  if (s.transaction_marker) return;
  pending_.push_back(Row{sources.line_col(s.loc).line, intern(s.summary), intern(s.translation),
                         intern(s.note), static_cast<uint8_t>(s.reversibility), s.data_change});
}

void Report::add_migration(const Migration& m, const SourceSet& sources, const Diagnostics& diags,
                           size_t first_diag) {
  Entry e{m.folder, m.output_name, "exact", std::move(pending_), {}};
  pending_ = {};
  Reversibility worst = Reversibility::kExact;
  for (const Row& r : e.rows) worst = std::max(worst, r.down());
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

uint32_t Report::intern(const std::string& text) {
  const auto [it, added] = index_.emplace(text, static_cast<uint32_t>(texts_.size()));
  if (added) texts_.push_back(&it->first);  // unordered_map keys stay where they are
  return it->second;
}

Report::Counts Report::counts() const {
  Counts c;
  c.migrations = entries_.size();
  c.warnings = history_warnings_.size();
  for (const Entry& e : entries_) {
    for (const Row& r : e.rows) {
      ++c.statements;
      const std::string& translation = *texts_[r.translation];
      c.native += translation == "native";
      c.sql += translation == "sql";
      c.reported += translation == "reported";
      c.data += r.data_change;
      c.data_not_undone += r.data_change && r.down() != Reversibility::kExact;
    }
    c.warnings += e.warnings.size();
    c.lossy += e.down == "lossy";
    c.irreversible += e.down == "irreversible";
  }
  return c;
}

namespace {

// Writes what nlohmann::ordered_json::dump(2) writes for the report, without building the tree
// first: a seed file's hundred thousand rows would cost ~1 KB each as JSON values.
class JsonWriter {
 public:
  std::string out;
  void open(char bracket) {
    out += bracket;
    ++depth_;
    first_ = true;
  }
  void close(char bracket) {
    --depth_;
    if (!first_) newline();
    out += bracket;
    first_ = false;
  }
  void key(const char* name) {
    item();
    out += '"';
    out += name;
    out += "\": ";
  }
  void item() {
    if (!first_) out += ',';
    newline();
    first_ = false;
  }
  void string(const std::string& text) { out += nlohmann::json(text).dump(); }
  void number(size_t n) { out += std::to_string(n); }
  void strings(const std::vector<std::string>& list) {
    open('[');
    for (const std::string& s : list) {
      item();
      string(s);
    }
    close(']');
  }

 private:
  void newline() {
    out += '\n';
    out.append(static_cast<size_t>(depth_) * 2, ' ');
  }
  int depth_ = 0;
  bool first_ = true;
};

}  // namespace

std::string Report::json() const {
  JsonWriter w;
  size_t rows = 0;
  for (const Entry& e : entries_) rows += e.rows.size() + e.warnings.size() + 1;
  w.out.reserve(4096 + rows * 256);
  w.open('{');
  w.key("tool");
  w.string("prisma2sequelize");
  w.key("format");
  w.number(1);
  const Counts c = counts();
  w.key("summary");
  w.open('{');
  for (const auto& [name, value] : {std::pair<const char*, size_t>{"migrations", c.migrations},
                                    {"statements", c.statements},
                                    {"native", c.native},
                                    {"sql", c.sql},
                                    {"reported", c.reported},
                                    {"data_changes", c.data},
                                    {"data_changes_not_undone", c.data_not_undone},
                                    {"lossy_downs", c.lossy},
                                    {"irreversible_downs", c.irreversible},
                                    {"warnings", c.warnings}}) {
    w.key(name);
    w.number(value);
  }
  w.close('}');
  if (!history_warnings_.empty()) {
    w.key("history_warnings");
    w.strings(history_warnings_);
  }
  w.key("migrations");
  w.open('[');
  for (const Entry& e : entries_) {
    w.item();
    w.open('{');
    w.key("prisma");
    w.string(e.folder);
    w.key("file");
    w.string(e.file);
    w.key("down");
    w.string(e.down);
    w.key("statements");
    w.open('[');
    for (const Row& r : e.rows) {
      w.item();
      w.open('{');
      w.key("line");
      w.number(r.line);
      w.key("statement");
      w.string(*texts_[r.summary]);
      w.key("translation");
      w.string(*texts_[r.translation]);
      w.key("down");
      w.string(reversibility_name(r.down()));
      if (const std::string& note = *texts_[r.note]; !note.empty()) {
        w.key("note");
        w.string(note);
      }
      if (r.data_change) {
        w.key("data");
        w.out += "true";
      }
      w.close('}');
    }
    w.close(']');
    if (!e.warnings.empty()) {
      w.key("warnings");
      w.strings(e.warnings);
    }
    w.close('}');
  }
  w.close(']');
  w.close('}');
  w.out += '\n';
  return std::move(w.out);
}

namespace {

// report_files' reader: the "file" of each element of the top level's "migrations" array.
class ReportFiles : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::vector<std::string> names;
  size_t migrations = 0;   // elements of "migrations"
  bool complete = false;   // the document had a "migrations" array
  bool well_typed = true;  // each "file" a string

  bool null() override { return value(false); }
  bool boolean(bool) override { return value(false); }
  bool number_integer(number_integer_t) override { return value(false); }
  bool number_unsigned(number_unsigned_t) override { return value(false); }
  bool number_float(number_float_t, const string_t&) override { return value(false); }
  bool string(string_t& s) override {
    if (in_migration() && key_ == "file") names.push_back(s);
    return value(true);
  }
  bool binary(binary_t&) override { return value(false); }
  bool start_object(std::size_t) override { return open(false); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Level {
    bool array;
    std::string key;  // under which it was opened
  };
  // Directly inside an element of the top level's "migrations" array.
  bool in_migration() const {
    return path_.size() == 3 && !path_[0].array && path_[1].array && path_[1].key == "migrations" &&
           !path_[2].array;
  }
  bool in_migrations() const { return path_.size() == 2 && path_[1].array && path_[1].key == "migrations"; }
  bool value(bool is_string) {
    if (in_migration() && key_ == "file") well_typed = well_typed && is_string;
    migrations += in_migrations();  // an element that is no object: it names no file
    return true;
  }
  bool open(bool array) {
    migrations += in_migrations();
    path_.push_back(Level{array, path_.empty() || path_.back().array ? "" : key_});
    if (path_.size() == 2 && array && path_[1].key == "migrations" && !path_[0].array) complete = true;
    return true;
  }
  bool close() {
    path_.pop_back();
    return true;
  }
  std::vector<Level> path_;
  std::string key_;
};

}  // namespace

std::vector<std::string> report_files(std::istream& in) {
  ReportFiles sax;
  if (!nlohmann::json::sax_parse(in, &sax) || !sax.complete || !sax.well_typed ||
      sax.names.size() != sax.migrations) {
    return {};
  }
  return std::move(sax.names);
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
