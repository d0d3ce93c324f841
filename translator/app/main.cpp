// prisma2sequelize: the command line.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/convert.h"
#include "app/convert_all.h"

int main(int argc, char** argv) {
  CLI::App app{"prisma2sequelize: a Prisma PostgreSQL migration history in, Sequelize migrations out"};
  app.require_subcommand(1);
  p2s::ConvertOptions options;
  p2s::ConvertAllOptions all;
  std::string input, output, root, order;
  CLI::App* convert = app.add_subcommand(
      "convert",
      "Convert PRISMA_MIGRATIONS_DIR into sequelize-cli migrations.\n"
      "Exit codes: 0 converted; 1 the input's fault (nothing written) or --check found a difference;\n"
      "2 converted with errors (--keep-going); 3 a bug in prisma2sequelize.");
  convert->add_option("PRISMA_MIGRATIONS_DIR", input, "prisma/migrations folder");
  CLI::Option* out_opt = convert->add_option("--out,-o", output, "output folder (written atomically)");
  convert->add_flag("--strict-down", options.strict_down,
                    "a down() that cannot undo data changes throws an Error instead of leaving a comment");
  convert->add_flag("--quiet,-q", options.quiet, "print errors only");
  CLI::Option* check =
      convert->add_flag("--check", options.check,
                        "write nothing: exit 1 if OUT_DIR differs from what convert would write (for CI)");
  convert->add_flag("--diff", options.diff, "with --check: print a unified diff of each differing file")
      ->needs(check);
  convert->add_flag("--keep-going", options.keep_going,
                    "a migration.sql that does not parse is passed through as it is (up() sends it, down() "
                    "throws) instead of stopping the conversion; exit code 2");
  convert
      ->add_option(
          "--order", order,
          "the order Prisma ran the folders in: bytes (Prisma 6.5 and older) or locale (localeCompare, "
          "Prisma 6.6 and newer); needed only when the two differ for this history")
      ->check(CLI::IsMember({"bytes", "locale"}));
  CLI::Option* all_opt = convert->add_option(
      "--all", root,
      "convert every history (folder with a migration_lock.toml) under ROOT, skipping node_modules "
      "and .git, each into --out-pattern; prints one summary table");
  convert->add_option("--jobs,-j", all.jobs,
                      "threads for parsing, lowering and checking (default: one per core; the output is the "
                      "same for any number); with --all: conversions at once, one thread each");
  convert
      ->add_option("--out-pattern", all.out_pattern,
                   "with --all: where each history goes; {project} is the folder holding prisma/, {history} "
                   "the history folder (default {project}/sequelize/migrations)")
      ->needs(all_opt);
  all_opt->excludes(out_opt);
  CLI11_PARSE(app, argc, argv);
  options.order = p2s::parse_migration_order(order).value_or(p2s::MigrationOrder::kUnspecified);
  try {
    if (!root.empty()) {
      if (!input.empty()) {
        std::cerr << "prisma2sequelize: convert: --all takes no PRISMA_MIGRATIONS_DIR\n";
        return 1;
      }
      all.root = root;
      all.each = options;
      return p2s::convert_all(all, std::cout, std::cerr);
    }
    if (input.empty() || output.empty()) {
      std::cerr << "prisma2sequelize: convert: needs PRISMA_MIGRATIONS_DIR and --out (or --all ROOT)\n"
                << convert->help();
      return 1;
    }
    options.input = input;
    options.output = output;
    options.threads = all.jobs;
    return p2s::convert(options, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "prisma2sequelize: " << e.what() << " (this is a bug in prisma2sequelize)\n";
    return 3;
  }
}
