// doc: Prettier's document model and printer (Wadler's "prettier printer" as Prettier implements
// it in src/document), the subset the emitter needs. The emitter builds the same documents Prettier
// builds for the shapes it writes, so `prettier --check` (defaults + singleQuote) accepts every file
// unchanged: groups that print flat when they fit in 80 columns, conditional groups for hugged
// last arguments, and breaks that propagate to enclosing groups.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace p2s::doc {

struct Node;
using Doc = std::shared_ptr<Node>;

enum class Kind { kText, kConcat, kLine, kGroup, kIndent, kIfBreak, kBreakParent };

struct Node {
  Kind kind = Kind::kText;
  std::string text;                // kText
  std::vector<Doc> parts;          // kConcat
  Doc contents;                    // kGroup, kIndent; kIfBreak: printed when broken
  Doc flat;                        // kIfBreak: printed when flat (may be null)
  const Node* group_of = nullptr;  // kIfBreak: decide by this group's mode instead of the enclosing one
  std::vector<Doc> states;         // kGroup: a conditional group's expanded states (states[0] == contents)
  bool soft = false;               // kLine: nothing when flat (else a space)
  bool hard = false;               // kLine: always breaks
  bool should_break = false;       // kGroup
  bool multiline = false;          // kText: lines joined by literal lines (a template literal's text)
  bool propagated = false;         // kGroup: its breaks were propagated (a node is printed once)
};

Doc text(std::string s);
// Text of several lines, each after a line break without indentation: Prettier's
// join(literalline, s.split("\n")) for a template literal, as one node however many lines it has
// (its lines break the enclosing groups, as literalline's break_parent does).
Doc lines(std::string s);
Doc concat(std::vector<Doc> parts);
Doc line();
Doc softline();
Doc hardline();  // a hard line and a break of the enclosing group
Doc group(Doc contents, bool should_break = false);
Doc conditional_group(std::vector<Doc> states);
Doc indent(Doc contents);
Doc if_break(Doc broken, Doc flat = nullptr);
// Prettier's ifBreak/indentIfBreak with a groupId: chooses by how `group` was printed.
Doc if_break_of(const Doc& group, Doc broken, Doc flat);
Doc break_parent();

// Whether the document contains a forced break (Prettier's willBreak).
bool will_break(const Doc& d);

// Prettier's getStringWidth: columns a string takes (wide East Asian characters count 2).
size_t string_width(std::string_view s);

// Prettier's printDocToString after propagateBreaks, with printWidth columns and 2-space indents.
std::string print(const Doc& d, size_t width = 80);

// Appends `d` to `out` as print() would print it right after a hard line at indentation `indent`,
// inside indents and concatenations only (no enclosing group), followed by another hard line: the
// case of a statement in a block, which can therefore be printed as soon as it is built.
void print_at(std::string& out, const Doc& d, size_t indent, size_t width = 80);

// A hard line to indentation `indent`: trailing blanks trimmed, a newline and the indentation.
void hard_break(std::string& out, size_t indent);

}  // namespace p2s::doc
