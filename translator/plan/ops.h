// Planned operations: what an up() or down() does, one variant alternative per queryInterface
// call we emit natively, and raw SQL for everything else. Emission is a pure function of these.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "base/box.h"
#include "base/source.h"
#include "model/schema.h"

namespace p2s {

// A column as queryInterface takes it. The emitter spells `type` through the type table
// (emit/type_map.cpp) as a Sequelize data type, or as `type_sql` where none is exact.
struct NativeColumn {
  std::string name;
  TypeRef type;
  bool serial = false;
  std::string type_sql;  // the PostgreSQL type it creates: "serial", "TIMESTAMP(3)", ...
  bool allow_null = true;
  std::optional<std::string> default_sql;  // emitted as Sequelize.literal(...)
};

struct SqlOp {
  SqlOp() = default;
  explicit SqlOp(std::string text, std::string effect_text = "")
      : sql(std::move(text)), effect(std::move(effect_text)) {}
  std::string sql;
  // Set when `sql` computes at run time what it runs (a DO block with EXECUTE): a static statement
  // with the same effect on the schema, which the model can replay.
  std::string effect;
};
struct CreateTableOp {
  std::string table;
  std::vector<NativeColumn> columns;
};
struct DropTableOp {
  std::string table;
};
struct RenameTableOp {
  std::string from, to;
};
struct AddColumnOp {
  std::string table;
  NativeColumn column;
};
struct RemoveColumnOp {
  std::string table, column;
};
struct RenameColumnOp {
  std::string table, from, to;
};
struct IndexField {
  std::string name;
  bool desc = false;
};
struct AddIndexOp {
  std::string table, name;
  std::vector<IndexField> fields;
  bool unique = false;
  std::string method;  // empty: btree
};
struct RemoveIndexOp {
  std::string table, name;
};
struct AddConstraintOp {
  std::string table, name;
  ConstraintKind kind = ConstraintKind::kUnique;
  std::vector<std::string> fields;
  std::string ref_table;
  std::vector<std::string> ref_fields;
  std::string on_delete, on_update;  // SQL words, e.g. "CASCADE"; empty: NO ACTION
};
struct RemoveConstraintOp {
  std::string table, name;
};
struct ThrowOp {
  std::string message;  // --strict-down: a down() that cannot be undone throws
};
struct NoteOp {
  std::string text;  // a comment line in the emitted body
};

// The large operations are boxed: a seed file's steps hold two small SqlOps each.
using Op = std::variant<SqlOp, CreateTableOp, DropTableOp, RenameTableOp, Box<AddColumnOp>, RemoveColumnOp,
                        RenameColumnOp, Box<AddIndexOp>, RemoveIndexOp, Box<AddConstraintOp>,
                        RemoveConstraintOp, ThrowOp, NoteOp>;

enum class Reversibility { kExact, kLossy, kIrreversible };

// Schema-qualified constraint names, as SET CONSTRAINTS takes them.
struct DeferredConstraints {
  std::vector<std::string> before, after;
};

struct KeyOrderBefore;  // plan_key_order.h

// One statement of a Prisma migration, planned.
struct Step {
  SourceLoc loc;
  std::string summary;      // e.g. "CREATE TABLE \"User\"", for the report
  std::string translation;  // "native", "sql" or "reported"
  std::vector<Op> up;
  std::vector<Op> down;  // already in execution order for this step
  Reversibility reversibility = Reversibility::kExact;
  std::string note;  // why the down is lossy/irreversible, or what was reported
  bool outside_transaction = false;
  bool data_change = false;         // INSERT, UPDATE, DELETE, DO block, ...
  bool transaction_marker = false;  // BEGIN / COMMIT of the file itself
  bool begins_transaction = false;
  bool ends_segment_after = false;  // e.g. ADD VALUE whose value a later statement uses
  // The INITIALLY DEFERRED constraints before and after the statement (plan_deferred.h); null when
  // there are none, or the statement only writes rows.
  std::shared_ptr<const DeferredConstraints> deferred;
  // The keys over shared columns before the statement (plan_key_order.h); consumed once it is applied.
  std::shared_ptr<const KeyOrderBefore> key_order;
};

// A run of steps that runs in one transaction (or, `transaction` false, on its own).
struct Segment {
  bool transaction = true;
  std::string why;  // non-empty when the file had to be split here
  std::vector<Step> steps;
};

}  // namespace p2s
