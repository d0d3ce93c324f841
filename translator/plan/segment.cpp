#include "plan/segment.h"

#include <algorithm>

#include "plan/plan_deferred.h"

namespace p2s {

// A value added by ALTER TYPE ... ADD VALUE is usable only after the ADD VALUE has committed. It
// counts as used when a later statement has the quoted label and names the type or a table with a
// column of that type (a heuristic: the label alone also matches other enums' values), before the
// file's own COMMIT if it has one. The enum's own ALTER TYPE statements are not uses.
bool new_value_used_later(const std::vector<Statement>& stmts, size_t index, const Schema& before) {
  const auto* add = std::get_if<AlterEnumAddValue>(&stmts[index].kind);
  if (add == nullptr) return false;
  const EnumType* e = before.enum_type(add->type);
  if (e == nullptr || std::find(e->labels.begin(), e->labels.end(), add->value) != e->labels.end())
    return false;
  std::vector<std::string> names{quote_ident(e->name.name)};
  for (const Table& t : before.tables) {
    for (const Column& c : t.columns) {
      if (c.type.is_user_type() && same_name(c.type.user_type, e->name))
        names.push_back(quote_ident(t.name.name));
    }
  }
  const std::string literal = quote_literal(add->value);
  for (size_t k = index + 1; k < stmts.size(); ++k) {
    if (std::holds_alternative<TransactionControl>(stmts[k].kind)) return false;  // the file commits first
    // ADD VALUE (IF NOT EXISTS, BEFORE or AFTER the new value) and RENAME VALUE name labels without
    // reading them: PostgreSQL takes those in the same transaction.
    if (std::holds_alternative<AlterEnumAddValue>(stmts[k].kind) ||
        std::holds_alternative<AlterEnumRenameValue>(stmts[k].kind))
      continue;
    const std::string& sql = stmts[k].sql;
    if (sql.find(literal) == std::string::npos) continue;
    for (const std::string& n : names) {
      if (sql.find(n) != std::string::npos) return true;
    }
  }
  return false;
}

std::vector<Segment> segment(std::vector<Step> steps, const std::vector<Statement>& stmts,
                             const std::vector<bool>& commit_after, Diagnostics& diags) {
  std::vector<Segment> out;
  // Most files are one transaction: the steps become the segment as they are, never copied (a seed
  // file's steps would otherwise be held twice at the peak).
  const bool one_segment = std::none_of(steps.begin(), steps.end(), [&](const Step& s) {
    const size_t i = static_cast<size_t>(&s - steps.data());
    return s.transaction_marker || s.outside_transaction ||
           (std::holds_alternative<AlterEnumAddValue>(stmts[i].kind) && commit_after[i]);
  });
  if (one_segment) {
    if (!steps.empty()) out.push_back(Segment{true, "", std::move(steps)});
    fire_deferred_before_ddl(out);
    return out;
  }
  Segment current;
  auto close = [&](Segment next) {
    if (!current.steps.empty()) {
      current.steps.shrink_to_fit();
      out.push_back(std::move(current));
    }
    current = std::move(next);
  };
  bool in_own_block = false;
  for (size_t i = 0; i < steps.size(); ++i) {
    Step& s = steps[i];
    // Room for the rest of the file (most files are one segment); a closed segment gives back what
    // it did not use. A seed file's steps are never copied twice over.
    if (current.steps.empty()) current.steps.reserve(steps.size() - i);
    if (s.transaction_marker) {
      if (s.begins_transaction) {
        close(Segment{true, "The Prisma migration runs this part in its own BEGIN ... COMMIT.", {}});
        in_own_block = true;
      } else {
        close(Segment{true, in_own_block ? "After the Prisma migration's own COMMIT." : "", {}});
        in_own_block = false;
      }
      current.steps.push_back(std::move(s));  // kept for the line labels; it has no operations
      continue;
    }
    if (s.outside_transaction) {
      close(
          Segment{false, "PostgreSQL refuses this statement inside a transaction: it runs on its own.", {}});
      current.steps.push_back(std::move(s));
      close(Segment{true, "", {}});
      continue;
    }
    const auto* add = std::get_if<AlterEnumAddValue>(&stmts[i].kind);
    current.steps.push_back(std::move(s));
    if (add != nullptr && !in_own_block && commit_after[i]) {
      diags.warning(
          stmts[i].loc,
          "enum value '" + add->value +
              "' is used later in this file: PostgreSQL refuses that inside one "
              "transaction (unless a COMMIT comes between), so the Sequelize migration commits after this "
              "statement; a plain `prisma migrate deploy` of this file fails with 55P04",
          "enum-value-used-in-same-file");
      close(Segment{true,
                    "New transaction: the enum value added above is used below, which PostgreSQL allows only "
                    "after it has committed.",
                    {}});
    }
  }
  close(Segment{});
  fire_deferred_before_ddl(out);
  return out;
}

}  // namespace p2s
