#include "support.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "plan/op_sql.h"

namespace p2s::test {

std::vector<Step> Pipeline::run(const std::string& sql) {
  const uint32_t file = sources_.add(SourceFile{"test.sql", sql});
  auto parsed = ParsedSql::parse(sql);
  if (auto* e = std::get_if<SyntaxError>(&parsed)) {
    ADD_FAILURE() << "syntax error: " << e->message << " in " << sql;
    return {};
  }
  trees_.push_back(std::move(std::get<std::unique_ptr<ParsedSql>>(parsed)));
  std::vector<Step> steps;
  const std::vector<Statement> stmts = lower_file(*trees_.back(), file, sources_.file(file).text, diags);
  const std::vector<LaterChanges> later = later_changes(stmts, after);
  PlanOptions options;
  options.migration = "test";
  for (const Statement& st : stmts) {
    options.later = later[steps.size()];
    steps.push_back(plan(st, schema, options));
    const NewRelations fresh = new_relations(st, schema);
    apply(st, schema, diags);
    complete_step(steps.back(), schema);
    record_new_relations(fresh, schema, options);
  }
  return steps;
}

std::vector<std::string> down_of(Pipeline& p, const std::string& sql) {
  const std::vector<Step> steps = p.run(sql);
  std::vector<std::string> out;
  for (const Op& op : steps.back().down) out.push_back(op_sql(op));
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream b;
  b << in.rdbuf();
  return b.str();
}

}  // namespace p2s::test
