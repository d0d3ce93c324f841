// A canonical text dump of the schema model, for tests and debugging: objects sorted by name,
// columns by name (as the parity run compares after a down()).
#pragma once

#include <string>

#include "model/schema.h"

namespace p2s {

std::string describe(const Schema& schema);

}  // namespace p2s
