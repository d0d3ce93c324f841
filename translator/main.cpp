// prisma2sequelize: the command line.
#include <CLI/CLI.hpp>
#include <iostream>

#include "convert.h"

int main(int argc, char** argv) {
  CLI::App app{"prisma2sequelize: a Prisma PostgreSQL migration history in, Sequelize migrations out"};
  app.require_subcommand(1);
  p2s::ConvertOptions options;
  std::string input, output;
  CLI::App* convert =
      app.add_subcommand("convert", "Convert PRISMA_MIGRATIONS_DIR into sequelize-cli migrations");
  convert->add_option("PRISMA_MIGRATIONS_DIR", input, "prisma/migrations folder")->required();
  convert->add_option("--out,-o", output, "output folder (written atomically)")->required();
  convert->add_flag("--strict-down", options.strict_down,
                    "a down() that cannot undo data changes throws an Error instead of leaving a comment");
  convert->add_flag("--quiet,-q", options.quiet, "print errors only");
  convert->add_flag("--check", options.check,
                    "write nothing: exit 1 if OUT_DIR differs from what convert would write (for CI)");
  CLI11_PARSE(app, argc, argv);
  options.input = input;
  options.output = output;
  try {
    return p2s::convert(options, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "prisma2sequelize: " << e.what() << " (this is a bug in prisma2sequelize)\n";
    return 3;
  }
}
