#include "base/json_assert.h"

#include <stdexcept>
#include <string>

namespace p2s {

void json_assert_failed(const char* condition) {
  throw std::logic_error(std::string("JSON lookup of a missing key (") + condition + ")");
}

}  // namespace p2s
