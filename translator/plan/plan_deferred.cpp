#include "plan/plan_deferred.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "base/overloaded.h"
#include "plan/op_sql.h"

namespace p2s {
namespace {

// The first keyword of a statement, upper-cased, after blanks and comments.
std::string first_keyword(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      const size_t nl = sql.find('\n', i);
      i = nl == std::string_view::npos ? sql.size() : nl + 1;
    } else if (sql.compare(i, 2, "/*") == 0) {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string word;
  for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
  return word;
}

bool one_of(const std::string& word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Statements that may write rows: DO blocks, CALL and SELECT too (a function may write).
bool data_keyword(const std::string& w) {
  return one_of(w, {"INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "WITH", "DO", "CALL", "SELECT"});
}

// Statements that touch no table's definition (REFRESH: a materialized view has no triggers).
bool neutral_keyword(const std::string& w) {
  return one_of(w, {"COMMENT", "SET", "RESET", "GRANT", "REVOKE", "ANALYZE", "REFRESH", "NOTIFY", "LISTEN",
                    "UNLISTEN", "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "WITH"});
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The deferred constraints that exist all through step `s` (before it and after it) and that no
// DDL operation of it names: one it drops or adds back is not there at every point in between.
std::vector<std::string> kept_through(const Step& s) {
  std::vector<std::string> out;
  for (const std::string& name : s.deferred->before) {
    if (!contains(s.deferred->after, name)) continue;
    const std::string bare = name.substr(name.find("\".\"") + 2);  // "constraint" of "schema"."constraint"
    bool named = false;
    for (const std::vector<Op>* ops : {&s.up, &s.down}) {
      for (const Op& op : *ops) named = named || (is_ddl(op) && op_sql(op).find(bare) != std::string::npos);
    }
    if (!named) out.push_back(name);
  }
  return out;
}

bool mentions_deferred(const std::string& sql) {
  static constexpr std::string_view kWord = "DEFERRED";
  return std::search(sql.begin(), sql.end(), kWord.begin(), kWord.end(), [](char a, char b) {
           return std::toupper(static_cast<unsigned char>(a)) == b;
         }) != sql.end();
}

std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

std::vector<std::string> deferred_constraints(const Schema& schema) {
  std::vector<std::string> out;
  for (const Table& t : schema.tables) {
    for (const Constraint& k : t.constraints) {
      if (!k.initially_deferred || k.name.empty()) continue;
      const QName named = canonical(QName{t.name.schema, k.name});
      // A constraint of the same name and schema that is not initially deferred makes the name unusable.
      const bool shared = std::any_of(schema.tables.begin(), schema.tables.end(), [&](const Table& u) {
        return same_schema(u.name, t.name) &&
               std::any_of(u.constraints.begin(), u.constraints.end(),
                           [&](const Constraint& c) { return c.name == k.name && !c.initially_deferred; });
      });
      const std::string q = qualified(named);
      if (!shared && !contains(out, q)) out.push_back(q);
    }
  }
  return out;
}

std::shared_ptr<const DeferredConstraints> deferred_before(const Statement& stmt, const Schema& before) {
  if (std::holds_alternative<DataChange>(stmt.kind)) return nullptr;
  DeferredConstraints d{deferred_constraints(before), {}};
  if (d.before.empty() && !mentions_deferred(stmt.sql)) return nullptr;
  return std::make_shared<const DeferredConstraints>(std::move(d));
}

void deferred_after(Step& s, const Schema& after) {
  if (s.deferred == nullptr) return;
  DeferredConstraints d{s.deferred->before, deferred_constraints(after)};
  s.deferred = d.before.empty() && d.after.empty()
                   ? nullptr
                   : std::make_shared<const DeferredConstraints>(std::move(d));
}

bool writes_rows(const Op& op) {
  const auto* sql = std::get_if<SqlOp>(&op);
  return sql != nullptr && data_keyword(first_keyword(sql->sql));
}

bool is_ddl(const Op& op) {
  return std::visit(Overloaded{
                        [](const SqlOp& o) {
                          const std::string w = first_keyword(o.sql);
                          return !w.empty() && !neutral_keyword(w);  // DO and CALL may run DDL too
                        },
                        [](const ThrowOp&) { return false; },
                        [](const NoteOp&) { return false; },
                        [](const auto&) { return true; },
                    },
                    op);
}

std::vector<Op> fire_deferred_checks(const std::vector<std::string>& names) {
  const std::string list = name_list(names);
  return {NoteOp{"The checks of deferred constraints that the rows above queued run now: PostgreSQL refuses "
                 "DDL on a table with pending trigger events."},
          SqlOp{"SET CONSTRAINTS " + list + " IMMEDIATE"}, SqlOp{"SET CONSTRAINTS " + list + " DEFERRED"}};
}

void fire_deferred_before_ddl(std::vector<Segment>& segments) {
  for (Segment& seg : segments) {
    if (!seg.transaction) continue;
    bool pending = false;  // a data operation ran since the last firing
    for (auto step = seg.steps.rbegin(); step != seg.steps.rend(); ++step) {
      std::vector<Op>& ops = step->down;
      for (size_t k = 0; k < ops.size(); ++k) {
        if (pending && is_ddl(ops[k])) {
          pending = false;
          const std::vector<std::string> names = step->deferred == nullptr ? std::vector<std::string>{}
                                                 : k == 0                  ? step->deferred->after
                                                                           : kept_through(*step);
          if (!names.empty()) {
            std::vector<Op> fire = fire_deferred_checks(names);
            ops.insert(ops.begin() + static_cast<std::ptrdiff_t>(k), fire.begin(), fire.end());
            k += fire.size();
          }
        }
        pending = pending || writes_rows(ops[k]);
      }
    }
  }
}

}  // namespace p2s
