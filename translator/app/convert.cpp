#include "app/convert.h"

#include <algorithm>
#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <map>
#include <ostream>
#include <sstream>

#include "app/check_queue.h"
#include "app/front_end.h"
#include "app/output_dir.h"
#include "app/report.h"
#include "base/parallel.h"
#include "base/text_diff.h"
#include "emit/emit.h"
#include "history/history.h"
#include "plan/plan.h"
#include "plan/segment.h"
#include "replay/replay.h"

namespace p2s {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> previous_files(const fs::path& out_dir) {
  std::ifstream in(out_dir / "conversion-report.json");
  if (!in) return {};
  std::vector<std::string> names = report_files(in);
  if (names.empty()) return {};  // not a report of ours: nothing of it is known to be ours to remove
  names.push_back("conversion-report.json");
  return names;
}

std::string read_all(const fs::path& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// --check: what a regeneration would change in OUT_DIR, without touching it.
int check_output(const fs::path& out_dir, const std::map<std::string, std::string>& files,
                 const std::vector<std::string>& previous, bool diff, std::ostream& out, std::ostream& err) {
  size_t differences = 0;
  for (const auto& [name, content] : files) {
    bool ok = false;
    const std::string existing = read_all(out_dir / name, ok);
    if (!ok) {
      err << "prisma2sequelize: check: " << (out_dir / name).string() << ": missing\n";
      ++differences;
    } else if (existing != content) {
      err << "prisma2sequelize: check: " << (out_dir / name).string() << ": differs\n";
      ++differences;
    }
    if (diff && (!ok || existing != content)) out << unified_diff(name, ok ? existing : "", content);
  }
  for (const std::string& name : previous) {
    if (files.count(name) == 0) {
      err << "prisma2sequelize: check: " << (out_dir / name).string() << ": no longer generated\n";
      ++differences;
    }
  }
  if (differences > 0) {
    err << "prisma2sequelize: check: " << differences
        << " file(s) out of date; run convert without --check\n";
    return 1;
  }
  err << "prisma2sequelize: check: " << out_dir.string() << " is up to date (" << files.size() << " files)\n";
  return 0;
}

// --keep-going: a migration.sql that does not parse is sent to PostgreSQL as it is (one query, so
// one implicit transaction, as Prisma sends it), and its down() refuses to run.
Step unparsed_step(const Migration& m, const std::string& text, const std::string& message) {
  Step s;
  s.loc = SourceLoc{m.file, 0};
  s.summary = "migration.sql as it is (it does not parse)";
  s.translation = "reported";
  s.up.push_back(SqlOp{text});
  s.down.push_back(ThrowOp{"migration " + m.folder + " cannot be undone: its migration.sql does not parse (" +
                           message + "); up() sent it to PostgreSQL as it is"});
  s.reversibility = Reversibility::kIrreversible;
  s.note = "migration.sql does not parse (" + message + "): up() sends the file as it is (--keep-going)";
  return s;
}

size_t error_count(const Diagnostics& diags) {
  return static_cast<size_t>(std::count_if(diags.all().begin(), diags.all().end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

}  // namespace

int convert(const ConvertOptions& options, std::ostream& out, std::ostream& err) {
  SourceSet sources;
  Diagnostics diags;
  History history;
  auto flush = [&](size_t from) {
    for (size_t i = from; i < diags.all().size(); ++i) {
      if (options.quiet && diags.all()[i].severity != Severity::kError) continue;
      err << format_diagnostic(sources, diags.all()[i]);
    }
  };
  if (const std::string why = check_output_location(options.output, options.input); !why.empty()) {
    err << "prisma2sequelize: error: " << why << " [out-inside-input]\n";
    return 1;
  }
  if (!load_history(options.input, options.order, sources, diags, history)) {
    flush(0);
    return 1;
  }
  Report report;
  for (const Diagnostic& d : diags.all()) {
    // Paths relative to the history folder: the report holds no absolute paths.
    std::string text = d.message;
    std::string dir = options.input.string();
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    for (const std::string& prefix : {dir + "/", dir}) {
      for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix)) {
        text.replace(at, prefix.size(), prefix == dir ? "the history folder" : "");
      }
    }
    if (d.severity == Severity::kWarning) report.add_history_warning(text + " [" + d.code + "]");
  }
  const unsigned threads = options.threads > 0 ? options.threads : default_threads();
  Schema schema = initial_schema();
  bool model_incomplete = false;  // an earlier statement was passed through without being modelled
  std::vector<std::unique_ptr<ParsedSql>> trees;  // the model keeps handles into these
  std::map<std::string, std::string> files;
  CheckQueue checks(threads);  // after `files`, whose texts it reads: it goes first
  bool failed = false;
  size_t passed_through = 0;  // --keep-going: migrations that did not parse
  auto add_file = [&](const Migration& m, const std::vector<Segment>& segments,
                      const std::vector<uint32_t>& lines) {
    std::string& js = files[m.output_name];
    js = emit_migration(m.folder + "/migration.sql", segments, lines);
    checks.submit(m.folder, &js);
  };
  std::vector<LoweredFile> lowered = lower_history(history, sources, threads);
  // What the migrations after each one change (undoing them all runs their down()s first).
  std::vector<LaterChanges> after(history.migrations.size() + 1);
  for (size_t mi = history.migrations.size(); mi-- > 0;)
    after[mi] = file_changes(lowered[mi].statements, &after[mi + 1]);
  for (size_t mi = 0; mi < history.migrations.size(); ++mi) {
    const Migration& m = history.migrations[mi];
    const SourceFile& file = sources.file(m.file);
    LoweredFile& low = lowered[mi];
    if (const auto& e = low.syntax_error) {
      diags.error(SourceLoc{m.file, e->byte_offset}, e->message, "syntax-error");
      if (!options.keep_going) {
        failed = true;
        continue;
      }
      ++passed_through;
      const Step step = unparsed_step(m, file.text, e->message);
      const std::vector<Segment> segments{Segment{true, "", {step}}};
      report.add_row(step, sources);
      report.add_migration(m, sources, diags, diags.all().size() - 1);
      add_file(m, segments, {0});  // its label is its summary alone
      continue;
    }
    trees.push_back(std::move(low.tree));
    const size_t first_diag = diags.all().size();
    diags.append(std::move(low.diags));
    std::vector<Statement> stmts = std::move(low.statements);
    PlanOptions plan_options;
    plan_options.strict_down = options.strict_down;
    plan_options.migration = m.folder;
    std::vector<Step> steps;
    std::vector<uint32_t> lines;  // of each step, for its label in the output
    size_t unreached = 0;         // statements after the first one PostgreSQL would stop at
    std::vector<bool> commit_after;
    steps.reserve(stmts.size());
    lines.reserve(stmts.size());
    commit_after.reserve(stmts.size());
    report.reserve_rows(stmts.size());
    std::vector<LaterChanges> later = later_changes(stmts, &after[mi + 1]);
    for (Statement& st : stmts) {
      plan_options.later = later[steps.size()];
      plan_options.model_incomplete = model_incomplete;
      commit_after.push_back(new_value_used_later(stmts, commit_after.size(), schema));
      steps.push_back(plan(st, schema, plan_options));
      const NewRelations fresh = new_relations(st, schema);
      const size_t before = diags.all().size();
      const bool stopped =
          std::any_of(diags.all().begin() + static_cast<std::ptrdiff_t>(first_diag), diags.all().end(),
                      [](const Diagnostic& d) { return d.code == "unknown-object"; });
      apply(st, schema, diags);
      complete_step(steps.back(), schema);
      record_new_relations(fresh, schema, plan_options);
      if (model_incomplete && diags.all().size() > before) diags.reword_unknown_objects(before);
      // After DROP EXTENSION ... CASCADE the model may hold objects the extension's members took.
      const auto* drop = std::get_if<Drop>(&st.kind);
      if (drop != nullptr && drop->cascade && drop->kind == DropKind::kExtension) model_incomplete = true;
      if (std::holds_alternative<Unsupported>(st.kind) ||
          (std::holds_alternative<AlterTable>(st.kind) &&
           std::any_of(std::get<AlterTable>(st.kind).cmds.begin(), std::get<AlterTable>(st.kind).cmds.end(),
                       [](const AlterCmd& c) { return std::holds_alternative<UnsupportedCmd>(c); }))) {
        model_incomplete = true;
      }
      if (stopped && diags.all().size() > before) {
        diags.drop_from(before);  // PostgreSQL never gets here: one report per migration is enough
        ++unreached;
      }
      lines.push_back(sources.line_col(st.loc).line);
      report.add_row(steps.back(), sources);
      std::string().swap(steps.back().note);  // the report has it; a seed file repeats it on every row
      // Planned and replayed: only its kind and place are read again (by segmentation), so a seed
      // row's text and values go now.
      std::string().swap(st.sql);
      if (auto* d = std::get_if<DataChange>(&st.kind)) d->inserted.reset();
    }
    std::vector<LaterChanges>().swap(later);
    if (unreached > 0) {
      diags.report(Severity::kNote, {},
                   m.folder + ": " + std::to_string(unreached) +
                       " later statements of this migration also name missing objects (not listed)",
                   "unknown-object");
    }
    const std::vector<Segment> segments = segment(std::move(steps), stmts, commit_after, diags);
    std::vector<Statement>().swap(stmts);  // not needed past segmentation: a seed file's IR goes now
    report.add_migration(m, sources, diags, first_diag);
    add_file(m, segments, lines);
  }
#if defined(__GLIBC__)
  // What the model and the planner held for a large migration is free now, but glibc keeps the pages
  // of a heap it cannot shrink from the top: give them back before the report is written, so the
  // peak is that of one stage, not the sum of the planner's and the report's.
  malloc_trim(0);
#endif
  if (const auto bad = checks.finish()) {
    const Migration& m = *std::find_if(history.migrations.begin(), history.migrations.end(),
                                       [&](const Migration& x) { return x.folder == bad->name; });
    err << "prisma2sequelize: internal error: " << bad->describe(m.output_name) << "\n";
    return 3;
  }
  flush(0);
  if (failed || error_count(diags) > passed_through) {
    err << "prisma2sequelize: nothing written: fix the errors above\n";
    return 1;
  }
  files["conversion-report.json"] = report.json();
  if (options.check) {
    const int rc =
        check_output(options.output, files, previous_files(options.output), options.diff, out, err);
    return rc == 0 && passed_through > 0 ? kConvertedWithErrors : rc;
  }
  const std::string problem = write_output(options.output, files, previous_files(options.output));
  if (!problem.empty()) {
    err << "prisma2sequelize: error: " << problem << "\n";
    return 1;
  }
  if (!options.quiet) err << report.summary_line() << "\n";
  if (passed_through > 0) {
    err << "prisma2sequelize: converted with errors: " << passed_through
        << " migration(s) did not parse; their up() sends migration.sql as it is and their down() throws "
           "(--keep-going)\n";
    return kConvertedWithErrors;
  }
  return 0;
}

}  // namespace p2s
