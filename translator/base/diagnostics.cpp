#include "base/diagnostics.h"

#include <algorithm>

#include "base/utf8.h"

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
    // The line as a terminal shows it: a byte that is not UTF-8 or a control character (which could
    // move the cursor) becomes '?', and the caret is indented by characters, not bytes.
    std::string shown, pad;
    for (size_t i = 0; i < line.size();) {
      const size_t n = utf8_sequence_length(line, i);
      const bool before_caret = i + 1 < lc.column;
      const auto c = static_cast<unsigned char>(line[i]);
      if (n == 0 || (n == 1 && c < 0x20 && c != '\t') || c == 0x7f) {
        shown += '?';
      } else {
        shown.append(line.substr(i, n));
      }
      if (before_caret) pad += c == '\t' ? '\t' : ' ';
      i += n == 0 ? 1 : n;
    }
    out += shown + "\n" + pad + "^\n";
  }
  return out;
}

}  // namespace p2s
