#include "diagnostics.h"

#include <algorithm>

namespace p2s {

void Diagnostics::report(Severity severity, SourceLoc loc, std::string message, std::string code) {
  items_.push_back(Diagnostic{severity, loc, std::move(message), std::move(code)});
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

void Diagnostics::reword_unknown_objects(size_t from) {
  static const std::string stops = "PostgreSQL stops at this statement";
  for (size_t i = from; i < items_.size(); ++i) {
    auto& m = items_[i].message;
    const size_t at = m.find(stops);
    if (items_[i].code == "unknown-object" && at != std::string::npos) {
      m.replace(at, stops.size(),
                "PostgreSQL stops here, unless an earlier statement the model does not follow created it");
    }
  }
}

static const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::string format_diagnostic(const SourceSet& sources, const Diagnostic& d) {
  std::string out;
  if (d.loc.valid()) {
    out += sources.describe(d.loc) + ": ";
  } else {
    out += "prisma2sequelize: ";
  }
  out += severity_name(d.severity);
  out += ": " + d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  out += "\n";
  if (d.loc.valid()) {
    const std::string_view line = sources.line_text(d.loc);
    const LineCol lc = sources.line_col(d.loc);
    out += std::string(line) + "\n";
    std::string pad;
    for (uint32_t i = 0; i + 1 < lc.column && i < line.size(); ++i) pad += line[i] == '\t' ? '\t' : ' ';
    out += pad + "^\n";
  }
  return out;
}

}  // namespace p2s
