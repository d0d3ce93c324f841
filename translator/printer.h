// A text printer with RAII indentation, as protobuf's io::Printer: emitters never count spaces.
#pragma once

#include <string>

namespace p2s {

class Printer {
 public:
  void line(const std::string& text) {
    if (!text.empty()) out_.append(static_cast<size_t>(depth_) * 2, ' ');
    out_ += text;
    out_ += '\n';
  }
  void blank() { out_ += '\n'; }
  const std::string& text() const { return out_; }

 private:
  friend class Indent;
  int depth_ = 0;
  std::string out_;
};

class Indent {
 public:
  explicit Indent(Printer& p, bool on = true) : p_(p), on_(on) {
    if (on_) ++p_.depth_;
  }
  ~Indent() {
    if (on_) --p_.depth_;
  }
  Indent(const Indent&) = delete;
  Indent& operator=(const Indent&) = delete;

 private:
  Printer& p_;
  bool on_;
};

}  // namespace p2s
