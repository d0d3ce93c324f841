#include "app/front_end.h"

#include "base/parallel.h"
#include "lower/lower.h"

namespace p2s {

namespace {

// Statements per piece of lowering work: large enough that a piece costs far more than handing
// it to a thread, small enough that a seed file spreads over every core.
constexpr size_t kStatementsPerPiece = 512;

struct Piece {
  size_t file, begin, end;
  Diagnostics diags;
};

}  // namespace

std::vector<LoweredFile> lower_history(const History& history, const SourceSet& sources, unsigned threads) {
  std::vector<LoweredFile> out(history.migrations.size());
  parallel_for(out.size(), threads, [&](size_t i) {
    auto parsed = ParsedSql::parse(sources.file(history.migrations[i].file).text);
    if (auto* e = std::get_if<SyntaxError>(&parsed)) {
      out[i].syntax_error = std::move(*e);
    } else {
      out[i].tree = std::move(std::get<std::unique_ptr<ParsedSql>>(parsed));
    }
  });
  std::vector<Piece> pieces;
  for (size_t i = 0; i < out.size(); ++i) {
    if (!out[i].tree) continue;
    const size_t count = out[i].tree->statement_count();
    // Every piece lowers into its own slots of the file's one array (a seed file's statements are
    // never held twice).
    out[i].statements.resize(count);
    for (size_t begin = 0; begin < count; begin += kStatementsPerPiece)
      pieces.push_back(Piece{i, begin, std::min(count, begin + kStatementsPerPiece), {}});
  }
  TypeSqlCache types;
  parallel_for(pieces.size(), threads, [&](size_t k) {
    Piece& p = pieces[k];
    const Migration& m = history.migrations[p.file];
    lower_statements(*out[p.file].tree, p.begin, p.end, m.file, sources.file(m.file).text, p.diags,
                     out[p.file].statements.data() + p.begin, &types);
  });
  for (Piece& p : pieces) out[p.file].diags.append(std::move(p.diags));
  parallel_for(out.size(), threads, [&](size_t i) {
    if (out[i].tree) out[i].tree->drop_packed();
  });
  return out;
}

}  // namespace p2s
