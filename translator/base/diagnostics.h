// Diagnostics kept apart by kind, as DuckDB does: the user's mistake (error), valid SQL the
// translator does not handle natively (reported), and our own bug (internal).
#pragma once

#include <string>
#include <vector>

#include "base/source.h"

namespace p2s {

enum class Severity { kNote, kWarning, kError };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLoc loc;
  std::string message;
  std::string code;  // short tag printed as [code]
};

class Diagnostics {
 public:
  void report(Severity severity, SourceLoc loc, std::string message, std::string code);
  void error(SourceLoc loc, std::string message, std::string code) {
    report(Severity::kError, loc, std::move(message), std::move(code));
  }
  void warning(SourceLoc loc, std::string message, std::string code) {
    report(Severity::kWarning, loc, std::move(message), std::move(code));
  }
  bool has_errors() const;
  void drop_from(size_t count) { items_.resize(count); }
  // Moves `other`'s diagnostics after these, in their order.
  void append(Diagnostics&& other) {
    for (Diagnostic& d : other.items_) items_.push_back(std::move(d));
    other.items_.clear();
  }
  // After a statement the model could not follow, a missing object may be the model's gap.
  void reword_unknown_objects(size_t from);
  const std::vector<Diagnostic>& all() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

// "path:line:col: error: message [code]" followed by the source line and a caret.
std::string format_diagnostic(const SourceSet& sources, const Diagnostic& d);

}  // namespace p2s
