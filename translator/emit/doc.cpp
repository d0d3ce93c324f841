#include "emit/doc.h"

#include <algorithm>
#include <stdexcept>

namespace p2s::doc {

Doc text(std::string s) {
  auto n = std::make_shared<Node>();
  n->text = std::move(s);
  return n;
}

Doc lines(std::string s) {
  auto n = std::make_shared<Node>();
  n->multiline = s.find('\n') != std::string::npos;
  n->text = std::move(s);
  return n;
}

Doc concat(std::vector<Doc> parts) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kConcat;
  n->parts = std::move(parts);
  return n;
}

namespace {
Doc make_line(bool soft, bool hard) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kLine;
  n->soft = soft;
  n->hard = hard;
  return n;
}
}  // namespace

Doc line() {
  return make_line(false, false);
}
Doc softline() {
  return make_line(true, false);
}
Doc hardline() {
  return concat({make_line(false, true), break_parent()});
}

Doc group(Doc contents, bool should_break) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kGroup;
  n->contents = std::move(contents);
  n->should_break = should_break;
  return n;
}

Doc conditional_group(std::vector<Doc> states) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kGroup;
  n->contents = states.front();
  n->states = std::move(states);
  return n;
}

Doc indent(Doc contents) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kIndent;
  n->contents = std::move(contents);
  return n;
}

Doc if_break(Doc broken, Doc flat) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kIfBreak;
  n->contents = std::move(broken);
  n->flat = std::move(flat);
  return n;
}

Doc if_break_of(const Doc& group, Doc broken, Doc flat) {
  Doc n = if_break(std::move(broken), std::move(flat));
  n->group_of = group.get();
  return n;
}

Doc break_parent() {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kBreakParent;
  return n;
}

bool will_break(const Doc& d) {
  if (!d) return false;
  switch (d->kind) {
    case Kind::kText:
      return d->multiline;  // its literal lines break, as a hard line does
    case Kind::kBreakParent:
      return true;
    case Kind::kLine:
      return d->hard;
    case Kind::kGroup:
      return d->should_break || will_break(d->contents);
    case Kind::kIndent:
      return will_break(d->contents);
    case Kind::kIfBreak:
      return will_break(d->contents) || will_break(d->flat);
    case Kind::kConcat:
      for (const Doc& p : d->parts) {
        if (will_break(p)) return true;
      }
      return false;
  }
  return false;
}

size_t string_width(std::string_view s) {
  // Nearly every string is ASCII, one column a byte: an OR of all bytes (which vectorizes) says so.
  unsigned char any = 0;
  for (const char c : s) any |= static_cast<unsigned char>(c);
  if (any < 0x80) return s.size();
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0 && i + 3 < s.size()) {
      cp = ((c & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < s.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < s.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      len = 2;
    }
    i += len;
    if (cp < 0x80) {
      ++width;  // ASCII: Prettier counts UTF-16 units, control characters included
      continue;
    }
    if (cp <= 0x9f) continue;                  // C1 controls
    if (cp >= 0x300 && cp <= 0x36f) continue;  // combining marks
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
                      (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
                      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
                      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

namespace {

// propagateBreaks: a hard line or a broken group breaks every enclosing group up to the nearest
// conditional group, which chooses for itself.
void propagate(const Doc& d, std::vector<Node*>& stack) {
  if (!d) return;
  auto break_parent_group = [&] {
    if (!stack.empty() && stack.back()->states.empty()) stack.back()->should_break = true;
  };
  switch (d->kind) {
    case Kind::kText:
      if (d->multiline) break_parent_group();  // as its literal lines' break_parent
      return;
    case Kind::kLine:
      return;
    case Kind::kBreakParent:
      break_parent_group();
      return;
    case Kind::kIndent:
      propagate(d->contents, stack);
      return;
    case Kind::kIfBreak:
      propagate(d->contents, stack);
      propagate(d->flat, stack);
      return;
    case Kind::kConcat:
      for (const Doc& p : d->parts) propagate(p, stack);
      return;
    case Kind::kGroup: {
      stack.push_back(d.get());
      // A group shared by a conditional group's states is walked once (Prettier's checked set).
      if (!d->propagated) {
        d->propagated = true;
        if (d->states.empty()) {
          propagate(d->contents, stack);
        } else {
          for (const Doc& s : d->states) propagate(s, stack);
        }
      }
      stack.pop_back();
      if (d->should_break) break_parent_group();
      return;
    }
  }
}

enum class Mode { kBreak, kFlat };

struct Cmd {
  size_t indent;
  Mode mode;
  Node* doc;
};

// The mode each group was printed in, in printing order (a statement has a few dozen groups: a
// vector searched from the end beats a tree of them).
class ModeMap {
 public:
  void set(const Node* group, Mode mode) { modes_.emplace_back(group, mode); }
  const Mode* find(const Node* group) const {
    const auto it =
        std::find_if(modes_.rbegin(), modes_.rend(), [&](const auto& m) { return m.first == group; });
    return it == modes_.rend() ? nullptr : &it->second;
  }

 private:
  std::vector<std::pair<const Node*, Mode>> modes_;
};

// `cmds`: scratch space, reused by every call of one print.
bool fits(Cmd next, const std::vector<Cmd>& rest, long width, bool must_be_flat, const ModeMap& modes,
          std::vector<std::pair<Mode, Node*>>& cmds) {
  size_t rest_idx = rest.size();
  cmds.clear();
  cmds.emplace_back(next.mode, next.doc);
  while (width >= 0) {
    if (cmds.empty()) {
      if (rest_idx == 0) return true;
      --rest_idx;
      cmds.emplace_back(rest[rest_idx].mode, rest[rest_idx].doc);
      continue;
    }
    auto [mode, d] = cmds.back();
    cmds.pop_back();
    if (d == nullptr) continue;
    switch (d->kind) {
      case Kind::kText:
        if (d->multiline) {  // its first line, then a literal line: a hard line, which fits
          width -= static_cast<long>(string_width(std::string_view(d->text).substr(0, d->text.find('\n'))));
          return width >= 0;
        }
        width -= static_cast<long>(string_width(d->text));
        break;
      case Kind::kConcat:
        for (auto it = d->parts.rbegin(); it != d->parts.rend(); ++it) cmds.emplace_back(mode, it->get());
        break;
      case Kind::kIndent:
        cmds.emplace_back(mode, d->contents.get());
        break;
      case Kind::kGroup: {
        if (must_be_flat && d->should_break) return false;
        const Mode group_mode = d->should_break ? Mode::kBreak : mode;
        Node* contents =
            !d->states.empty() && group_mode == Mode::kBreak ? d->states.back().get() : d->contents.get();
        cmds.emplace_back(group_mode, contents);
        break;
      }
      case Kind::kIfBreak: {
        Mode group_mode = mode;
        if (d->group_of != nullptr) {
          const Mode* printed = modes.find(d->group_of);
          group_mode = printed == nullptr ? Mode::kFlat : *printed;
        }
        cmds.emplace_back(mode, group_mode == Mode::kBreak ? d->contents.get() : d->flat.get());
        break;
      }
      case Kind::kLine:
        if (mode == Mode::kBreak || d->hard) return true;
        if (!d->soft) width -= 1;
        break;
      case Kind::kBreakParent:
        break;
    }
  }
  return false;
}

void trim_trailing(std::string& out) {
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
}

}  // namespace

std::string print(const Doc& root, size_t width) {
  std::string out;
  print_at(out, root, 0, width);
  return out;
}

void hard_break(std::string& out, size_t indent) {
  trim_trailing(out);
  out += '\n';
  out.append(indent, ' ');
}

void print_at(std::string& out, const Doc& root, size_t indent, size_t width) {
  std::vector<Node*> stack;
  propagate(root, stack);

  long pos = static_cast<long>(indent);
  bool should_remeasure = false;
  ModeMap modes;
  std::vector<std::pair<Mode, Node*>> scratch;
  std::vector<Cmd> cmds{{indent, Mode::kBreak, root.get()}};
  while (!cmds.empty()) {
    const Cmd cmd = cmds.back();
    cmds.pop_back();
    Node* d = cmd.doc;
    if (d == nullptr) continue;
    switch (d->kind) {
      case Kind::kText:
        out += d->text;
        if (d->multiline) {
          if (cmd.mode == Mode::kFlat) should_remeasure = true;
          pos = static_cast<long>(string_width(std::string_view(d->text).substr(d->text.rfind('\n') + 1)));
        } else {
          pos += static_cast<long>(string_width(d->text));
        }
        break;
      case Kind::kConcat:
        for (auto it = d->parts.rbegin(); it != d->parts.rend(); ++it)
          cmds.push_back({cmd.indent, cmd.mode, it->get()});
        break;
      case Kind::kIndent:
        cmds.push_back({cmd.indent + 2, cmd.mode, d->contents.get()});
        break;
      case Kind::kGroup: {
        if (cmd.mode == Mode::kFlat && !should_remeasure) {
          cmds.push_back({cmd.indent, d->should_break ? Mode::kBreak : Mode::kFlat, d->contents.get()});
          modes.set(d, cmds.back().mode);
          break;
        }
        should_remeasure = false;
        const Cmd next{cmd.indent, Mode::kFlat, d->contents.get()};
        const long rem = static_cast<long>(width) - pos;
        if (!d->should_break && fits(next, cmds, rem, false, modes, scratch)) {
          cmds.push_back(next);
        } else if (!d->states.empty()) {
          Node* most_expanded = d->states.back().get();
          if (d->should_break) {
            cmds.push_back({cmd.indent, Mode::kBreak, most_expanded});
          } else {
            for (size_t i = 1; i <= d->states.size(); ++i) {
              if (i == d->states.size()) {
                cmds.push_back({cmd.indent, Mode::kBreak, most_expanded});
                break;
              }
              const Cmd state{cmd.indent, Mode::kFlat, d->states[i].get()};
              if (fits(state, cmds, rem, false, modes, scratch)) {
                cmds.push_back(state);
                break;
              }
            }
          }
        } else {
          cmds.push_back({cmd.indent, Mode::kBreak, d->contents.get()});
        }
        modes.set(d, cmds.back().mode);
        break;
      }
      case Kind::kIfBreak: {
        Mode group_mode = cmd.mode;
        if (d->group_of != nullptr) {
          const Mode* printed = modes.find(d->group_of);
          if (printed == nullptr)
            throw std::logic_error("internal error: if_break_of a group not printed yet");
          group_mode = *printed;
        }
        Node* chosen = group_mode == Mode::kBreak ? d->contents.get() : d->flat.get();
        if (chosen != nullptr) cmds.push_back({cmd.indent, cmd.mode, chosen});
        break;
      }
      case Kind::kLine:
        if (cmd.mode == Mode::kFlat && !d->hard) {
          if (!d->soft) {
            out += ' ';
            pos += 1;
          }
          break;
        }
        if (cmd.mode == Mode::kFlat) should_remeasure = true;
        hard_break(out, cmd.indent);
        pos = static_cast<long>(cmd.indent);
        break;
      case Kind::kBreakParent:
        break;
    }
  }
}

}  // namespace p2s::doc
