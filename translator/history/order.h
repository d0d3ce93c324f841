// The order Prisma runs migration folders in. Two rules exist (README, "Migration order"): the
// Rust engine of Prisma up to 6.5 compares names as bytes; Prisma 6.6 and later list the folders
// in TypeScript and sort them with String.prototype.localeCompare (ICU collation, where `_`
// sorts before the digits and letters compare without regard to case first).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace p2s {

enum class MigrationOrder {
  kUnspecified,  // refuse a history whose order depends on the rule
  kBytes,        // Prisma <= 6.5 (Rust `str::cmp`)
  kLocale,       // Prisma >= 6.6 (Node `a.localeCompare(b)`)
};

// "bytes" / "locale" -> the rule; anything else -> nullopt.
std::optional<MigrationOrder> parse_migration_order(std::string_view text);
const char* migration_order_name(MigrationOrder order);

// Node's `a.localeCompare(b)` (ICU root collation as in the en locale, tertiary strength) for
// folder names: <0, 0 or >0. Exact for ASCII: control characters are ignored; space and
// punctuation sort first, in ICU's order (`_` `-` `,` `;` `:` `!` `?` `.` ...), then the digits,
// then the letters, case-insensitively; a tie is then broken by case at the first difference,
// lower case first. Other characters are approximated: they sort after the ASCII letters by code
// point (right for Greek, Cyrillic, CJK...; not for accented Latin letters, which ICU sorts with
// their base letter); see has_approximate_collation().
int locale_compare(std::string_view a, std::string_view b);

// True when `name` holds a character locale_compare() only approximates (any non-ASCII byte).
bool has_approximate_collation(std::string_view name);

// Sorts folder names under a rule (kUnspecified sorts as bytes). Names locale_compare() finds
// equal keep byte order, so the result never depends on the directory listing.
void sort_folders(std::vector<std::string>& folders, MigrationOrder order);

}  // namespace p2s
