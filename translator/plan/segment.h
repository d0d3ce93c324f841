// Transaction segmentation: which planned steps of one migration run together in a transaction.
// A Prisma migration runs as one script; Sequelize runs each migration in the transactions its up()
// opens, so a file is split where PostgreSQL needs it: its own BEGIN/COMMIT, statements refused
// inside a transaction (CREATE INDEX CONCURRENTLY, ...), and an enum value used after it is added.
#pragma once

#include <vector>

#include "base/diagnostics.h"
#include "lower/ir.h"
#include "model/schema.h"
#include "plan/ops.h"

namespace p2s {

// Whether the value that statement `index` adds to an enum is used later in the file before any
// COMMIT (PostgreSQL allows that only after the ADD VALUE committed). `before`: the model before it.
bool new_value_used_later(const std::vector<Statement>& stmts, size_t index, const Schema& before);

// The segments of one file's steps (one per statement); `commit_after[i]`: new_value_used_later.
std::vector<Segment> segment(std::vector<Step> steps, const std::vector<Statement>& stmts,
                             const std::vector<bool>& commit_after, Diagnostics& diags);

}  // namespace p2s
